"""Checks of an application form that need the cycle's rule set or today's date (422).

Pure: no I/O. ``form`` is what ApplicationFormSchema loaded; ``today`` the business date
in Beijing. Problems come back in marshmallow's shape (field → messages, list entries by
index), so a refusal names the field exactly as a schema error would.
"""
from datetime import date

from .eligibility import INCIDENTS, conditions
from .tilt import claim_problems, default_tilt


def _put(problems, field, message, index=None, inner=None):
    if index is None:
        problems.setdefault(field, []).append(message)
    else:
        problems.setdefault(field, {}).setdefault(index, {}).setdefault(inner, []).append(message)


def _birth_date(resident_id):
    return date(int(resident_id[6:10]), int(resident_id[10:12]), int(resident_id[12:14]))


def form_problems(form, ruleset, today, tilt=None):
    """Field errors of ``form`` under ``ruleset`` (and the cycle's approved Art. 11 ``tilt``)
    on ``today``; empty when it is sound."""
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
    for field, entries in claim_problems(tilt or default_tilt(ruleset), form, ruleset["id"]).items():
        problems[field] = entries
    return problems
