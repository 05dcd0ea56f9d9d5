"""Checks of an application form that need the cycle's rule set or today's date (422).

Pure: no I/O. ``form`` is what ApplicationFormSchema loaded; ``today`` the business date
in Beijing. Problems come back in marshmallow's shape (field → messages, list entries by
index), so a refusal names the field exactly as a schema error would.
"""
from datetime import date

from .eligibility import INCIDENTS, conditions


def _put(problems, field, message, index=None, inner=None):
    if index is None:
        problems.setdefault(field, []).append(message)
    else:
        problems.setdefault(field, {}).setdefault(index, {}).setdefault(inner, []).append(message)


def _birth_date(resident_id):
    return date(int(resident_id[6:10]), int(resident_id[10:12]), int(resident_id[12:14]))


def form_problems(form, ruleset, today):
    """Field errors of ``form`` under ``ruleset`` on ``today``; empty when it is sound."""
    problems = {}
    kind = form["kind"]
    for name in ("main_business_since", "quality_work_since"):
        if form.get(name) and form[name] > today:
            _put(problems, name, f"is in the future (today is {today.isoformat()} in Beijing)")
    if kind == "individual" and form.get("quality_work_since") and form.get("resident_id"):
        if form["quality_work_since"] < _birth_date(form["resident_id"]):
            _put(problems, "quality_work_since", "is before the person's birth date")
    for i, incident in enumerate(form.get("incidents") or []):
        if incident["kind"] not in INCIDENTS[kind]:
            _put(problems, "incidents", f"a {kind} declares only: {', '.join(sorted(INCIDENTS[kind]))}", i, "kind")
        if incident["occurred_on"] > today:
            _put(problems, "incidents", "is in the future", i, "occurred_on")
    items = [c["item"] for c in conditions(ruleset, kind)]
    for i, declaration in enumerate(form.get("declarations") or []):
        if declaration["item"] not in items:
            _put(problems, "declarations", f"not a condition for a {kind} under {ruleset['id']}: "
                                           f"one of {', '.join(items)}", i, "item")
    tilt = ruleset["tilt"]
    keys = [k["key"] for k in tilt["kinds"]]
    for i, claim in enumerate(form.get("tilt_claims") or []):
        if kind not in tilt["applies_to"]:
            _put(problems, "tilt_claims", f"the Art. 11 tilt of {ruleset['id']} applies to "
                                          f"{', '.join(tilt['applies_to'])} applicants only", i, "kind")
        elif claim["kind"] not in keys:
            _put(problems, "tilt_claims", f"not a tilt of {ruleset['id']}: one of {', '.join(keys)}", i, "kind")
    return problems
