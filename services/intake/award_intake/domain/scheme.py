"""The review scheme of an edition (评审方案, Art. 7 LG(2): 审定并发布市长质量奖评审方案) as data,
and the one function that moves it.

The office proposes the scheme: the review section of the rule set the cycle was bound to when
it opened (panel size, the GB/T 19580 scale, the individual rubric, stages, their weights,
aggregation, the spread flag) and the Art. 11 tilt — the rule set's, or the one the office
proposes for the edition. The leading group approves it, by its sha256, or rejects it, with
its reason; a rejected scheme goes back to the office, who proposes again. The office may
replace a proposal, or propose again after an approval, until the application notice is
published: the notice goes out only under an approved scheme, and freezes it (Art. 13).

The review section is never amended here: the scheme approves it as ``cycle.opened`` carried it
to scoring, so scoring reviews under exactly what was approved; the tilt reaches scoring on
``notice.published``. The README draws this table; a test keeps the drawing honest. Pure: no I/O.
"""
from dataclasses import dataclass

from award_shared import errors

PROPOSED, APPROVED, REJECTED = "proposed", "approved", "rejected"
STATES = (PROPOSED, APPROVED, REJECTED)
#: The state a scheme is created in (by the office's first proposal).
INITIAL = PROPOSED


@dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple
    target: str
    role: str
    article: str
    action: str      # as a refusal says it: 不能{action}
    action_en: str


TRANSITIONS = (
    Transition("propose", (PROPOSED, APPROVED, REJECTED), PROPOSED, "office", "Art. 7", "重新提出", "propose it again"),
    Transition("approve", (PROPOSED,), APPROVED, "leading_group", "Art. 7", "审定通过", "approve it"),
    Transition("reject", (PROPOSED,), REJECTED, "leading_group", "Art. 7", "退回", "reject it"),
)
BY_NAME = {t.name: t for t in TRANSITIONS}
NAMES = {PROPOSED: "待审定", APPROVED: "已审定", REJECTED: "已退回办公室"}


class SchemeStepRefused(errors.Conflict):
    """A transition the scheme's state does not allow (409 ``wrong_status``, Art. 7)."""
    code = "wrong_status"

    def __init__(self, state, transition):
        where = f"当前为“{NAMES[state]}”" if state else "尚未由市质量强市领导小组办公室提出"
        super().__init__(
            f"本届评审方案{where}，不能{transition.action}（第七条）",
            f"the review scheme is {state or 'not proposed yet'}: cannot {transition.action_en}",
            article="Art. 7", fields={"status": [state]})
        self.state, self.transition = state, transition


def advance(state, name):
    """The state after ``name`` from ``state`` (None: no scheme yet); raises SchemeStepRefused."""
    transition = BY_NAME[name]
    if state is None and name == "propose":
        return INITIAL
    if state not in transition.sources:
        raise SchemeStepRefused(state, transition)
    return transition.target


def scheme_of(cycle_ruleset_id, cycle_ruleset_sha256, ruleset, tilt):
    """What the leading group approves: the bound rule set's review section and the tilt."""
    return {"ruleset_id": cycle_ruleset_id, "ruleset_sha256": cycle_ruleset_sha256,
            "review": ruleset["review"], "tilt": tilt}
