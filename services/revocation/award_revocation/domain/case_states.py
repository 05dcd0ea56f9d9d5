"""The life of a revocation case (Art. 7, 28-30) as data, and the one function that moves it.

opened → investigated (findings) → verified (经查证属实) or dismissed → proposed by the
leading group (提请) or not proposed → decided by the government: revoked (撤销) or not
revoked → recovering → closed. Every branch ends in a closed state, so a new case may
follow on the same award. The README draws this table; a test keeps the drawing honest.
"""
from dataclasses import dataclass

STATES = ("opened", "investigated", "verified", "dismissed", "proposed", "not_proposed",
          "revoked", "not_revoked", "recovering", "closed")
#: The states a case ends in; an award whose case stands in one of these may get a new case.
CLOSED_STATES = frozenset({"dismissed", "not_proposed", "not_revoked", "closed"})
#: States where a new ground still joins the case: nothing has been verified yet.
JOINABLE_STATES = frozenset({"opened", "investigated"})


@dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple
    target: str
    role: str
    step: str      # the route that performs it: POST /v1/cases/{id}/<step>
    label: str     # as the office would say it


TRANSITIONS = (
    Transition("investigate", ("opened", "investigated"), "investigated", "office", "investigation", "调查"),
    Transition("verify", ("investigated",), "verified", "office", "verification", "经查证属实"),
    Transition("dismiss", ("investigated",), "dismissed", "office", "verification", "查证不属实，不予撤销"),
    Transition("propose", ("verified",), "proposed", "leading_group", "proposal", "提请撤销"),
    Transition("not_propose", ("verified",), "not_proposed", "leading_group", "proposal", "不予提请"),
    Transition("revoke", ("proposed",), "revoked", "government", "decision", "决定撤销"),
    Transition("not_revoke", ("proposed",), "not_revoked", "government", "decision", "决定不予撤销"),
    Transition("recover", ("revoked", "recovering"), "recovering", "office", "recovery", "收回部分奖励"),
    Transition("complete", ("revoked", "recovering"), "closed", "office", "recovery", "全部收回，结案"),
)
BY_NAME = {t.name: t for t in TRANSITIONS}


class CaseStepRefused(Exception):
    """A transition the case's state or the caller's role does not allow."""

    def __init__(self, transition, state, needs, message, message_en):
        super().__init__(message_en)
        self.transition, self.state, self.needs = transition, state, needs
        self.message, self.message_en = message, message_en


def needed_step(transition, state):
    """The step that must come first for ``transition`` to be allowed from ``state``."""
    for earlier in TRANSITIONS:
        if earlier.target in transition.sources and earlier.target != transition.target:
            return earlier.step
    return transition.step


def advance(state, name, role):
    """The state after ``name`` from ``state`` done by ``role``; raises CaseStepRefused."""
    transition = BY_NAME[name]
    if role != transition.role:
        raise CaseStepRefused(name, state, transition.step,
                              f"“{transition.label}”只能由 {transition.role} 办理",
                              f"{name} is done by {transition.role} only, not {role}")
    if state in CLOSED_STATES:
        raise CaseStepRefused(name, state, None, f"案件已结案（{state}），不能再“{transition.label}”",
                              f"the case is closed ({state}); it cannot {name}")
    if state not in transition.sources:
        needs = needed_step(transition, state)
        raise CaseStepRefused(name, state, needs,
                              f"案件处于 {state} 状态，须先完成“{needs}”环节才能“{transition.label}”",
                              f"the case is {state}: it needs the {needs} step before it can {name}")
    return transition.target


def is_open(state):
    return state not in CLOSED_STATES
