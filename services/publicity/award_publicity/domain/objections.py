"""Objections to a candidate during the public notice (Art. 17), as a state machine.

Anyone may object while the notice is open; the objection halts the candidate at the
approval step at once. The office investigates (who, what was checked, the conclusion) and
proposes a handling opinion (处理意见); the leading group approves it (then it is final, and
carried out) or sends it back. The handling opinion is the office's: its outcome (upheld,
dismissed, withdrawn) and its action — removal from the list, a move to the nomination award,
a correction of the record, or no change — each with its reason (:data:`ACTIONS`). The
objections on one candidate share one hold, released when the last of them is resolved; a
removal leaves the seat vacant (nobody moves up without a new deliberation), and the others on
the candidate are still answered. Whether an objection must be signed is the edition's choice
(the rule set's ``public_notice.objections_signed``), not Art. 17.
"""
import hashlib
import json

from award_shared import errors

from .transitions import Transition

RECEIVED, INVESTIGATED, PROPOSED, RESOLVED = "received", "investigated", "proposed", "resolved"
STATES = (RECEIVED, INVESTIGATED, PROPOSED, RESOLVED)
#: the state an objection is received in (the drawing's ``[*] --> received``)
INITIAL = RECEIVED
#: the state an objection ends in: the leading group approved the handling opinion
FINAL_STATES = frozenset({RESOLVED})
OUTCOMES = ("upheld", "dismissed", "withdrawn")


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

#: What the handling opinion does once the leading group approved it (Art. 17: 提出处理意见，
#: 经…批准后实施): the action and the outcomes it may follow. A dismissed or withdrawn objection
#: changes nothing; an upheld one may still change nothing (the facts do not touch the award).
REMOVE, MOVE, CORRECT, NO_CHANGE = "remove", "move_to_nomination", "correct_record", "no_change"
ACTIONS = {REMOVE: ("upheld",), MOVE: ("upheld",), CORRECT: ("upheld",),
           NO_CHANGE: ("upheld", "dismissed", "withdrawn")}
ACTION_NAMES = {REMOVE: "移出拟奖名单", MOVE: "改为提名奖", CORRECT: "更正记录", NO_CHANGE: "不作调整"}
#: the nomination award of each award's kind (Art. 2)
NOMINATION_OF = {"unit_award": "unit_nomination", "individual_award": "individual_nomination"}


def default_action(outcome):
    """The action an opinion that names none carries: an upheld objection removes the candidate
    (as before actions were recorded), any other changes nothing."""
    return REMOVE if outcome == "upheld" else NO_CHANGE


def check_action(outcome, action, category, correction=None):
    """The office's proposed action, or ``errors.Invalid`` naming the field (Art. 17): it must
    follow from the outcome, a move needs an award (not already a nomination) to move from, and a
    correction says what is corrected."""
    if outcome not in ACTIONS.get(action, ()):
        raise errors.Invalid({"action": [f"{action} does not follow from an objection {outcome}: a dismissed "
                                         "or withdrawn objection changes nothing"]},
                             f"处理意见有误：异议{OUTCOME_NAMES.get(outcome, outcome)}，不能{ACTION_NAMES.get(action, action)}（第十七条）",
                             f"the handling opinion is invalid: {action} after {outcome} (Art. 17)", article="Art. 17")
    if action == MOVE and category not in NOMINATION_OF:
        raise errors.Invalid({"action": [f"the candidate is already in {category}: there is no nomination award "
                                         "to move it to"]},
                             "处理意见有误：该对象已是提名奖候选，不能改为提名奖（第十七条）",
                             "the candidate is already a nomination candidate (Art. 17)", article="Art. 17")
    if action == CORRECT and not normalised((correction or {}).get("record")):
        raise errors.Invalid({"correction.record": ["say which record is corrected and how"]},
                             "处理意见有误：更正记录须写明更正的内容（第十七条）",
                             "a correction says what is corrected (Art. 17)", article="Art. 17")
    return action


def check_seat(category, seated, quotas):
    """A move to the nomination award takes one of its seats: refused (409, Art. 2) when none is
    left (``seated``: candidates holding a seat of ``category``)."""
    if seated >= quotas.get(category, 0):
        raise errors.RuleViolation(
            f"{category} 名额已满（{quotas.get(category, 0)} 名），不能改为提名奖（第二条）",
            f"no seat of {category} is left (quota {quotas.get(category, 0)}): the candidate cannot be moved (Art. 2)",
            article="Art. 2", code="no_seat", fields={"category": category})


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
    objector — the name AND the contact, the two fields a signed objection gives (the public
    route carries no other identity) — and the same content, each after
    :func:`normalised`. None when unsigned (the name or the contact blank): an unsigned
    objection is never merged with another, so nobody is handed another's tracking number.

    A sha256, so the lookup is by index; it derives from personal data and is erased with it."""
    name, contact = normalised(objector_name), normalised(objector_contact)
    if not name or not contact:
        return None
    signed = json.dumps([name, contact, normalised(content)], ensure_ascii=False)
    return hashlib.sha256(signed.encode()).hexdigest()


def is_signed(objector_name, objector_contact):
    return bool(normalised(objector_name) and normalised(objector_contact))


def require_signature(signed_required, objector_name, objector_contact):
    """The edition's rule set says whether an objection must be signed (name and contact): a
    choice of the edition, not of Art. 17 — the refusal cites no article (422 naming the field)."""
    if not signed_required:
        return
    blank = [f for f, v in (("objector_name", objector_name), ("objector_contact", objector_contact))
             if not normalised(v)]
    if blank:
        raise errors.Invalid({f: ["this edition's rules ask an objection to be signed: give a name and a contact"]
                              for f in blank},
                             "本届评审规则要求异议署名：请填写姓名和联系方式（个人信息予以保密）",
                             "this edition's rules ask that an objection be signed with a name and a contact")
