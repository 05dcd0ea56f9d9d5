"""The Art. 11 tilt (适当倾斜) of a cycle, as rules. Pure: no I/O.

Art. 11 tilts the review towards some kinds of unit but sets no points, and the applicant's
word is not enough: the leading group approves the cycle's tilt with its review scheme
(Art. 7 LG(2)) — by default the rule set's — it is published with the application notice
(Art. 13) and frozen once applications open; a claim carries its evidence, and counts only
after the district confirms it in its preliminary review (Art. 14) and the third party at
the qualification review (Art. 15).
"""
import copy

DEFAULT_FIELDS = ("applies_to", "kinds", "max_total_bonus")


def default_tilt(ruleset):
    """The rule set's tilt, which the leading group approves when it changes nothing."""
    return copy.deepcopy({k: ruleset["tilt"][k] for k in DEFAULT_FIELDS})


def _put(problems, field, message, index, inner):
    problems.setdefault(field, {}).setdefault(index, {}).setdefault(inner, []).append(message)


def claim_problems(tilt, form, label):
    """Field errors of the tilt claims of ``form`` under the cycle's ``tilt`` (``label``
    names where the tilt comes from in messages)."""
    problems = {}
    keys = {k["key"]: k for k in tilt["kinds"]}
    for i, claim in enumerate(form.get("tilt_claims") or []):
        if form["kind"] not in tilt["applies_to"]:
            _put(problems, "tilt_claims", f"the Art. 11 tilt of {label} applies to "
                                          f"{', '.join(tilt['applies_to'])} applicants only", i, "kind")
        elif claim["kind"] not in keys:
            _put(problems, "tilt_claims", f"not a tilt of {label}: one of {', '.join(keys)}", i, "kind")
        elif keys[claim["kind"]].get("requires_sme") and not form.get("sme"):
            _put(problems, "tilt_claims", "Art. 11 tilts this kind towards small and medium-sized units "
                                          "(中小型单位), and the form declares sme=false", i, "kind")
    return problems


def sme_claims_refused(tilt, form):
    """Art. 11: the tilt kinds ``form`` claims that go to small and medium-sized units only
    (``requires_sme``) while the form declares it is not one."""
    keys = {k["key"]: k for k in tilt["kinds"]}
    return [claim["kind"] for claim in form.get("tilt_claims") or []
            if form["kind"] in tilt["applies_to"] and keys.get(claim["kind"], {}).get("requires_sme")
            and not form.get("sme")]


def confirmation_problems(claimed, confirmations):
    """Field errors of a district's confirmations: only claimed tilts, each once."""
    problems = {}
    seen = set()
    for i, entry in enumerate(confirmations or []):
        if entry["kind"] not in claimed:
            _put(problems, "tilt_confirmations", f"not claimed by the applicant: one of {', '.join(claimed) or 'none'}",
                 i, "kind")
        elif entry["kind"] in seen:
            _put(problems, "tilt_confirmations", "judged twice", i, "kind")
        seen.add(entry["kind"])
    return problems


def confirmed(claimed, confirmations):
    """The claimed tilts confirmed; a claim not judged is not confirmed."""
    yes = {e["kind"] for e in confirmations or [] if e["confirmed"]}
    return [kind for kind in claimed if kind in yes]
