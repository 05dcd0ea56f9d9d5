"""The candidate list the office proposes (Art. 16) under the quotas of Art. 2.

Per kind (units, individuals) the applications that passed every stage are ranked by
total score (review score plus the Art. 11 tilt line). The award category takes them
from the top while they reach its bar (``min_score``) and seats remain (``quota``: at
most 5 units, 3 individuals); the nomination category then takes the next ones under its
own bar and quota (3 units, 2 individuals). Seats left over are vacancies (Art. 2: 达不到
奖励条件的奖项可以空缺). Nobody ineligible, withdrawn, unscored or under a bar is listed,
and nobody is listed twice.

**Ties** (the documented rule, :data:`TIE_RULE`): equal totals are separated by
(1) the review score without the tilt — merit before tilt; then (2) the stage scores,
the stage with the greater weight first and, among equal weights, the later stage first
(2018: on-site, material, defense). Applications equal on all of these share a rank. If
such a group does not fit in the seats left, none of it is listed in that category: the
seats stay vacant and the tie is reported to the office and the leading group (Art. 7,
16), and the group competes for the next category. The list never exceeds a quota, and
never picks among equals by chance or by id.

An application under a hold keeps its place and is marked ``pending``: it is shown, not
dropped, and the step that would finalise it waits for the release (docs/design.md, "Holds").
"""
from dataclasses import dataclass, field
from itertools import groupby

from award_rules.vocabulary import CATEGORIES

from .stages import STEP_OF_KEY

ELIGIBLE = "eligible"
TIE_RULE = ("total score (review score + Art. 11 tilt), then the review score without the tilt, "
            "then the stage scores by descending stage weight (later stage first among equal "
            "weights); applications still equal share a rank, and a group of them that does not "
            "fit in the seats left is not listed in that category: the seats stay vacant and the "
            "tie is reported for the leading group to decide")

STATUS_REASONS = {
    "ineligible": ("资格审查未通过", "failed the qualification review"),
    "withdrawn": ("已撤回申报", "withdrawn by the applicant"),
    "incomplete": ("评审未完成", "the review is incomplete"),
    "not_recommended": ("未经区县推荐", "not recommended by the district"),
}


@dataclass(frozen=True)
class Entry:
    """One application as the candidate list sees it."""
    application_id: str
    applicant_name: str
    kind: str                       # unit | individual
    total: float | None             # review score + tilt
    review_score: float | None = None
    stage_scores: dict = field(default_factory=dict)
    status: str = ELIGIBLE          # eligible | ineligible | withdrawn | incomplete | not_recommended
    pending: bool = False           # under a hold: listed, marked pending
    tilt_points: float = 0.0
    opinions: tuple = ()            # the supervision group's opinions (Art. 16)


def tie_order(ruleset):
    """The stages in the order they break ties: greater weight first, later stage first."""
    keys = [s["key"] for s in ruleset["review"]["stages"]]
    weights = ruleset["review"]["stage_weights"]
    weighted = [k for k in keys if k in weights]
    ordered = sorted(weighted, key=lambda k: (-weights[k], -keys.index(k)))
    return [STEP_OF_KEY[k] for k in ordered]


def sort_key(entry, order):
    review = entry.review_score if entry.review_score is not None else entry.total
    return (entry.total, review, *[entry.stage_scores.get(step) or 0.0 for step in order])


def _candidate(entry, rank):
    return {"rank": rank, "application_id": entry.application_id, "applicant_name": entry.applicant_name,
            "score": float(entry.total), "pending": bool(entry.pending),
            "review_score": entry.review_score, "tilt_points": float(entry.tilt_points or 0.0),
            "opinions": list(entry.opinions)}


def _fill(groups, category, key):
    """Take whole tie groups from the top while they reach the bar and fit the seats."""
    seats, bar = category["quota"], category["min_score"]
    taken, tie = [], None
    for group in groups:
        if seats == 0 or group[0].total < bar:
            break
        if len(group) > seats:
            tie = {"score": float(group[0].total), "seats": seats,
                   "application_ids": [e.application_id for e in group]}
            break
        taken.append(group)
        seats -= len(group)
    candidates, rank = [], 1
    for group in taken:
        candidates.extend(_candidate(e, rank) for e in group)
        rank += len(group)
    if tie is not None:  # the leading group decides it (Art. 7 LG(1)); it sees who is tied
        tie["candidates"] = [_candidate(e, rank) for e in groups[len(taken)]]
    out = {"category": key, "name": category.get("name"), "quota": category["quota"],
           "min_score": category["min_score"], "candidates": candidates,
           "vacancies": category["quota"] - len(candidates), "unresolved_tie": tie,
           "reserves": _reserves(groups[len(taken):], bar, category["quota"], rank)}
    return out, len(taken)


def _reserves(rest, bar, limit, rank):
    """The next in rank after the seats, reaching the bar — at most ``limit`` (as many as there are
    seats to refill): who may take a seat emptied by a strike or an upheld objection, if the
    leading group so decides (Art. 2, 16; docs/design.md)."""
    out = []
    for group in rest:
        if len(out) >= limit or group[0].total < bar:
            break
        out.extend(_candidate(e, rank) for e in group)
        rank += len(group)
    return out


def propose(entries, ruleset):
    """The candidate list: ``{"categories": [...], "not_listed": [...], "tie_rule": ...}``.

    Categories come in the order of Art. 2 (unit award, individual award, unit nomination,
    individual nomination); each has its ``candidates`` (ranked), ``vacancies`` and any
    ``unresolved_tie``. ``not_listed`` says why every other application is absent.
    """
    order = tie_order(ruleset)
    by_category = {}
    listed = set()
    for kind in ("unit", "individual"):
        pool = [e for e in entries if e.kind == kind and e.status == ELIGIBLE and e.total is not None]
        pool.sort(key=lambda e: sort_key(e, order), reverse=True)
        groups = [list(g) for _, g in groupby(pool, key=lambda e: sort_key(e, order))]
        for key in (f"{kind}_award", f"{kind}_nomination"):
            category, used = _fill(groups, ruleset["categories"][key], key)
            by_category[key] = category
            listed.update(c["application_id"] for c in category["candidates"])
            groups = groups[used:]
    not_listed = []
    for entry in entries:
        if entry.application_id in listed:
            continue
        if entry.status != ELIGIBLE:
            zh, en = STATUS_REASONS.get(entry.status, (entry.status, entry.status))
        elif entry.total is None:
            zh, en = ("尚无评审得分" + ("（暂停中）" if entry.pending else ""),
                      "no review score yet" + (" (under a hold)" if entry.pending else ""))
        else:
            zh, en = ("未达到奖项分数线或名额已满，或并列未决",
                      "below the bar, outside the quota, or in an unresolved tie")
        not_listed.append({"application_id": entry.application_id, "status": entry.status,
                           "pending": entry.pending, "score": entry.total, "reason": zh, "reason_en": en})
    return {"categories": [by_category[c] for c in CATEGORIES], "not_listed": not_listed,
            "tie_rule": TIE_RULE}
