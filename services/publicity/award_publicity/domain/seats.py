"""Seats nobody else could decide (Art. 2, 7 LG(1), 16): Art. 2 leaves a seat vacant only when
candidates 达不到奖励条件, so a seat is never left to nobody.

- **A tie at the last seat** the tie rule cannot break (scoring's ``unresolved_tie``) is decided
  by the leading group: it names who of the tied takes the seats, with who decided and why.
- **A seat emptied** by a strike at deliberation or by an upheld objection (the candidate removed,
  or moved to the nomination award by the handling opinion) may go to
  the next in rank (scoring's ``reserves`` for the category: reaching its bar, in rank order),
  if the leading group so decides; the candidate is then adopted and noticed (Art. 17) before
  the list is submitted. The next in rank is taken in order, never skipped; a name struck or
  removed never comes back this way.

How ties and refills are decided is this suite's choice (docs/design.md, "Rules the Measures do
not make"): its refusals cite no article, save the quota of Art. 2.
"""
from award_shared import errors

from . import candidates as status

TIE, REFILL = "tie", "refill"
KINDS = (TIE, REFILL)
#: how a seat is emptied so that the next in rank may take it
EMPTIED = (status.STRUCK, status.REMOVED)
#: a name in one of these never takes a seat by a seat decision
BARRED = (status.STRUCK, status.REMOVED, status.NOT_APPROVED)


def check_tie(tie, chosen, decided_before):
    """The leading group's choice among the tied: only the tied, at most the seats, once per list."""
    if not tie:
        raise errors.RuleViolation("该奖项候选名单中没有无法排序的并列，无需领导小组决定",
                                   "this category's list has no unresolved tie to decide", code="no_tie")
    if decided_before:
        raise errors.Conflict("该并列已由领导小组决定", "the leading group has already decided this tie",
                              fields={"decision_id": decided_before})
    outside = [a for a in chosen if a not in tie["application_ids"]]
    if outside:
        raise errors.Invalid({"application_ids": [f"not in the tie: {', '.join(outside)}; the tied are "
                                                  f"{', '.join(tie['application_ids'])}"]},
                             message=f"{', '.join(outside)} 不在并列名单中", message_en="not in the tie")
    if len(chosen) > tie["seats"]:
        raise errors.Invalid({"application_ids": [f"{len(chosen)} chosen for {tie['seats']} seat(s)"]},
                             message=f"并列争夺 {tie['seats']} 个名额，不能决定 {len(chosen)} 名",
                             message_en="more chosen than the tie's seats")


def moved_out(moves, category, where):
    """Seats of ``category`` emptied by upheld objections that moved their candidate to the
    nomination award: ``moves`` is [(application_id, action_detail)]; a candidate counts once,
    and only while it is not back in ``category`` (``where``: {application_id: (category, status)})."""
    return len({app_id for app_id, detail in moves
                if detail.get("from_category") == category and where.get(app_id, (None, None))[0] != category})


def check_refill(chosen, reserves, where, emptied, refilled):
    """The next in rank, in order, for seats a strike or an upheld objection emptied.
    ``reserves``: the category's reserves (rank order); ``where``: {application_id: (category,
    status)} of the cycle's candidates; ``emptied``: seats of the category emptied; ``refilled``:
    how many of them were refilled already. Answers the reserves chosen."""
    if emptied - refilled < len(chosen):
        raise errors.RuleViolation(
            f"该奖项因审议未通过或异议成立而空出的名额为 {emptied - refilled} 个，不能递补 {len(chosen)} 名",
            f"{emptied - refilled} seat(s) of this category were emptied by a strike or an upheld objection and "
            f"not yet refilled; {len(chosen)} asked", code="no_emptied_seat",
            fields={"emptied": emptied, "refilled": refilled})
    available = [r for r in reserves if where.get(r["application_id"], (None, None))[1] not in BARRED]
    expected = [r["application_id"] for r in available[:len(chosen)]]
    if list(chosen) != expected:
        raise errors.Invalid({"application_ids": [f"the next in rank: {', '.join(expected) or 'nobody'}"]},
                             message=f"递补须按名次依次进行，下一名次为：{'、'.join(expected) or '无'}",
                             message_en="a refill takes the next in rank, in order")
    return available[:len(chosen)]
