"""The qualification review (资格审查, Art. 15): the third party judges each basic condition
of Art. 10 (units) or Art. 12 (individuals), as the cycle's rule set lists them, and
records pass or fail with a reason. Any condition not met fails the application; the
failure names the first such item (e.g. ``Art. 10(5)``) and is published as
``application.ineligible``.

Every condition of the kind must be judged — the third party may not pass an application
on the strength of the conditions it did not look at.
"""
from award_shared import errors

PASSED, FAILED = "passed", "failed"


def conditions_of(ruleset, kind):
    return list(ruleset["eligibility"][kind]["conditions"])


def judge(ruleset, kind, judged):
    """``judged``: ``[{"item": "Art. 10(1)", "met": bool, "reason": str | None}]``.

    Returns ``{"outcome", "conditions", "failed", "article", "reason"}``; refuses (422) a
    judgement that misses, repeats or invents a condition, or fails one without a reason.
    """
    expected = {c["item"]: c for c in conditions_of(ruleset, kind)}
    problems = []
    seen = []
    for entry in judged:
        item = entry.get("item")
        if item not in expected:
            problems.append(f"{item}: not a condition of {'Art. 10' if kind == 'unit' else 'Art. 12'} "
                            f"in this cycle's rule set")
        elif item in seen:
            problems.append(f"{item}: judged twice")
        elif not entry.get("met") and not (entry.get("reason") or "").strip():
            problems.append(f"{item}: a condition not met needs its reason")
        seen.append(item)
    missing = [item for item in expected if item not in seen]
    if missing:
        problems.append("not judged: " + ", ".join(missing))
    if problems:
        raise errors.Invalid({"conditions": problems})
    order = list(expected)
    normalised = sorted(({"item": e["item"], "met": bool(e["met"]), "reason": e.get("reason"),
                          "summary": expected[e["item"]]["summary"]} for e in judged),
                        key=lambda e: order.index(e["item"]))
    failed = [e for e in normalised if not e["met"]]
    return {
        "outcome": FAILED if failed else PASSED,
        "conditions": normalised,
        "failed": [e["item"] for e in failed],
        "article": failed[0]["item"] if failed else None,
        "reason": "；".join(f"{e['item']}：{e['reason']}" for e in failed) if failed else None,
    }


def all_met(ruleset, kind, reason="符合基本条件"):
    """A judgement meeting every condition (for tests and demonstrations)."""
    return [{"item": c["item"], "met": True, "reason": reason} for c in conditions_of(ruleset, kind)]


def judge_tilts(district_confirmed, judged):
    """The Art. 11 tilts the third party confirms at the qualification review, of those the
    district confirmed (Art. 11, 14, 15). A tilt not judged is not confirmed; judging one
    the district did not confirm, or one twice, is refused (422)."""
    problems = {}
    seen = set()
    for i, entry in enumerate(judged or []):
        if entry["kind"] not in district_confirmed:
            problems[i] = {"kind": ["the district did not confirm this tilt in its preliminary review (Art. 14): "
                                    f"one of {', '.join(district_confirmed) or 'none'}"]}
        elif entry["kind"] in seen:
            problems[i] = {"kind": ["judged twice"]}
        seen.add(entry["kind"])
    if problems:
        raise errors.Invalid({"tilts": problems})
    yes = {e["kind"] for e in judged or [] if e["confirmed"]}
    return [kind for kind in district_confirmed if kind in yes]
