"""The supervision group's opinions (监督意见) and the office's answers (Art. 16), as data.

Art. 16: the office proposes the candidate list 根据评审情况和评审监督小组的监督意见. Each opinion
the group records on the cycle (``opinion.recorded``) is answered by the office — accepted, with
the change it made; or not accepted, with the reason — before the leading group deliberates the
list (returning the list to the office needs no answers: it goes back).
"""

from award_shared import errors

from .transitions import Transition

RECEIVED, ACCEPTED, NOT_ACCEPTED = "received", "accepted", "not_accepted"
STATES = (RECEIVED, ACCEPTED, NOT_ACCEPTED)
INITIAL = RECEIVED
FINAL_STATES = frozenset({ACCEPTED, NOT_ACCEPTED})
NAMES = {RECEIVED: "待办公室答复", ACCEPTED: "已采纳", NOT_ACCEPTED: "未采纳"}


#: An opinion's life, drawn in the README.
TRANSITIONS = (
    Transition("accept", (RECEIVED,), ACCEPTED, "office", "采纳，并说明所作调整"),
    Transition("decline", (RECEIVED,), NOT_ACCEPTED, "office", "不予采纳，并说明理由"),
)
BY_NAME = {t.name: t for t in TRANSITIONS}


def answer(state, body):
    """The state after the office's answer ``body`` ({accepted, change, reason}), or
    ``errors.Invalid`` naming the field / ``errors.RuleViolation`` (409, Art. 16) when it was
    answered already."""
    accepted = body["accepted"]
    transition = BY_NAME["accept" if accepted else "decline"]
    needed = "change" if accepted else "reason"
    if not " ".join((body.get(needed) or "").split()):
        raise errors.Invalid(
            {needed: ["an accepted opinion says the change made" if accepted else
                      "an opinion not accepted says why"]},
            "答复有误：采纳监督意见的，须写明所作调整；不予采纳的，须说明理由（第十六条）",
            "the answer is invalid: say the change, or why not (Art. 16)", article="Art. 16")
    if state not in transition.sources:
        raise errors.RuleViolation(f"该监督意见已答复（{NAMES.get(state, state)}）（第十六条）",
                                   f"the opinion is already answered ({state}) (Art. 16)", article="Art. 16",
                                   code="already_answered", fields={"status": state})
    return transition.target


def refuse_unanswered(opinion_ids):
    """The leading group deliberates only a list whose supervision opinions are all answered."""
    if opinion_ids:
        raise errors.RuleViolation(
            f"评审监督小组的监督意见尚未答复：{', '.join(opinion_ids)}；办公室逐条答复（采纳的写明调整，"
            "不采纳的说明理由）后，候选名单方可提交领导小组审议（第十六条）",
            f"supervision opinions not yet answered by the office: {', '.join(opinion_ids)} (Art. 16)",
            article="Art. 16", code="opinions_unanswered", fields={"opinions": list(opinion_ids)})
