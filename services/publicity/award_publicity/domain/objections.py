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

from award_shared import errors

RECEIVED, INVESTIGATED, PROPOSED, RESOLVED = "received", "investigated", "proposed", "resolved"
STATES = (RECEIVED, INVESTIGATED, PROPOSED, RESOLVED)
OUTCOMES = ("upheld", "dismissed", "withdrawn")
#: transition -> (states it may start from, the state it leads to, the role that takes it)
TRANSITIONS = {
    "investigate": ((RECEIVED, INVESTIGATED), INVESTIGATED, "office"),
    "propose": ((INVESTIGATED,), PROPOSED, "office"),
    "approve": ((PROPOSED,), RESOLVED, "leading_group"),
    "send_back": ((PROPOSED,), INVESTIGATED, "leading_group"),
}
#: Chinese, for the objector's status page
NAMES = {RECEIVED: "已受理", INVESTIGATED: "调查中", PROPOSED: "处理意见待领导小组审定", RESOLVED: "已办结"}
OUTCOME_NAMES = {"upheld": "异议成立", "dismissed": "异议不成立", "withdrawn": "异议人撤回"}


def advance(state, transition, roles, outcome=None):
    """The state after ``transition``; 409 naming the step it needs, 403 for the wrong role.

    A withdrawn objection needs no investigation: the office may propose it at once."""
    starts, to, role = TRANSITIONS[transition]
    if role not in roles:
        raise errors.Forbidden(f"该步骤须由 {role} 办理", f"only {role} may {transition} an objection")
    if transition == "propose" and outcome == "withdrawn":
        starts = (RECEIVED, INVESTIGATED)
    if state not in starts:
        need = " or ".join(starts)
        raise errors.RuleViolation(
            f"异议处理顺序不符：当前为“{NAMES.get(state, state)}”，此步骤需处于 {need}（第十七条）",
            f"the objection is {state}; {transition} needs it {need} (Art. 17)",
            article="Art. 17", code="out_of_order", fields={"status": state, "needs": list(starts)})
    return to


def window_open(now, window_start, window_end):
    """Art. 17: an objection is taken while the notice is open, ``start <= now < end``."""
    return window_start <= now < window_end


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
