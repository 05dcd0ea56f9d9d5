"""Objections to a candidate during the public notice (Art. 17), as a state machine.

Anyone may object while the notice is open; the objection halts the candidate at the
approval step at once. The office investigates (who, what was checked, the conclusion) and
proposes a handling opinion; the leading group approves it (then it is final) or sends it
back. The objections on one candidate share one hold, released when the last of them is
resolved; an upheld one also takes the candidate off the list (its seat may stay vacant:
nobody moves up without a new deliberation), and the others on it are still answered.
"""
import hashlib
import json
from dataclasses import dataclass

from award_shared import errors

RECEIVED, INVESTIGATED, PROPOSED, RESOLVED = "received", "investigated", "proposed", "resolved"
STATES = (RECEIVED, INVESTIGATED, PROPOSED, RESOLVED)
#: the state an objection is received in (the drawing's ``[*] --> received``)
INITIAL = RECEIVED
#: the state an objection ends in: the leading group approved the handling opinion
FINAL_STATES = frozenset({RESOLVED})
OUTCOMES = ("upheld", "dismissed", "withdrawn")


@dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple   # the states it may start from
    target: str      # the state it leads to
    role: str        # the role that takes it
    label: str       # as the office would say it


#: The objection's life (Art. 17), drawn in the README; ``propose_withdrawal`` is the office's
#: ``propose`` with the outcome ``withdrawn``: a withdrawn objection needs no investigation.
TRANSITIONS = (
    Transition("investigate", (RECEIVED, INVESTIGATED), INVESTIGATED, "office", "调查核实"),
    Transition("propose", (INVESTIGATED,), PROPOSED, "office", "提出处理意见"),
    Transition("propose_withdrawal", (RECEIVED, INVESTIGATED), PROPOSED, "office", "异议人撤回，提出处理意见"),
    Transition("approve", (PROPOSED,), RESOLVED, "leading_group", "审定处理意见"),
    Transition("send_back", (PROPOSED,), INVESTIGATED, "leading_group", "退回重新调查"),
)
BY_NAME = {t.name: t for t in TRANSITIONS}
#: Chinese, for the objector's status page
NAMES = {RECEIVED: "已受理", INVESTIGATED: "调查中", PROPOSED: "处理意见待领导小组审定", RESOLVED: "已办结"}
OUTCOME_NAMES = {"upheld": "异议成立", "dismissed": "异议不成立", "withdrawn": "异议人撤回"}


def transition_of(name, outcome=None):
    """The transition the route asks for: the office's ``propose`` of a withdrawal is
    ``propose_withdrawal``."""
    if name == "propose" and outcome == "withdrawn":
        return BY_NAME["propose_withdrawal"]
    return BY_NAME[name]


def advance(state, transition, roles, outcome=None):
    """The state after ``transition`` (as the route names it: investigate, propose, approve,
    send_back); ``errors.Forbidden`` (403) for the wrong role, ``errors.RuleViolation`` (409,
    Art. 17, ``out_of_order``) naming the states it needs."""
    step = transition_of(transition, outcome)
    if step.role not in roles:
        raise errors.Forbidden(f"该步骤须由 {step.role} 办理", f"only {step.role} may {transition} an objection")
    if state not in step.sources:
        need = " or ".join(step.sources)
        raise errors.RuleViolation(
            f"异议处理顺序不符：当前为“{NAMES.get(state, state)}”，此步骤需处于 {need}（第十七条）",
            f"the objection is {state}; {transition} needs it {need} (Art. 17)",
            article="Art. 17", code="out_of_order", fields={"status": state, "needs": list(step.sources)})
    return step.target


def is_resolved(state):
    return state in FINAL_STATES


def normalised(text):
    """Whitespace normalised: every run of Unicode whitespace (a newline, a full-width space)
    becomes one space, none at either end."""
    return " ".join((text or "").split())


def duplicate_key(content, objector_name, objector_contact):
    """What makes a second objection on a candidate the same as the first: the same signed
    objector — the name AND the contact, the two fields Art. 17's real-name objection asks
    for (the public route carries no other identity) — and the same content, each after
    :func:`normalised`. None when unsigned (the name or the contact blank): an unsigned
    objection is never merged with another, so nobody is handed another's tracking number.

    A sha256, so the lookup is by index; it derives from personal data and is erased with it."""
    name, contact = normalised(objector_name), normalised(objector_contact)
    if not name or not contact:
        return None
    signed = json.dumps([name, contact, normalised(content)], ensure_ascii=False)
    return hashlib.sha256(signed.encode()).hexdigest()
