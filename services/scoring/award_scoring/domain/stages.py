"""The four review stages of Art. 15 — qualification review (资格审查), material review
(材料评审), on-site review (现场评审), presentation and defense (陈述答辩) — run in that
order, each opened and closed once per cycle by the third party (or the office).

A stage's life as data — :data:`STATES` and :data:`TRANSITIONS` — and the one function that
moves it, :func:`advance`: pending (never opened) → open → closed. The README draws this table;
a unit test keeps the drawing equal to it. Where an application stands *within* a stage is
:mod:`.progress`.

Stages are named on the bus and in URLs by their step names (``qualification_review``,
``material_review``, ``onsite_review``, ``defense``); the rule set keys them
``qualification`` / ``material`` / ``onsite`` / ``defense`` and says which are pass/fail
and which are scored.
"""
from dataclasses import dataclass

from award_rules.vocabulary import REVIEW_STAGES
from award_shared import errors

RULESET_KEY = {"qualification_review": "qualification", "material_review": "material",
               "onsite_review": "onsite", "defense": "defense"}
STEP_OF_KEY = {key: step for step, key in RULESET_KEY.items()}
CHINESE = {"qualification_review": "资格审查", "material_review": "材料评审",
           "onsite_review": "现场评审", "defense": "陈述答辩"}

#: A stage's states. ``pending`` is never stored: a stage without a row has not opened yet
#: (``GET .../stages`` answers ``"status": null`` for it); ``open`` and ``closed`` are the
#: ``stages.status`` column.
PENDING, OPEN, CLOSED = "pending", "open", "closed"
STATES = (PENDING, OPEN, CLOSED)

#: What :func:`advance` checks before a transition, in this order (a refusal names the first):
#: ``supervised``: the first stage opens only under the cycle's supervision group;
#: ``state``: the stage stands in one of the transition's sources;
#: ``in_order``: the stage before it has closed.
GUARDS = ("supervised", "state", "in_order")


@dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple
    target: str
    guards: tuple  # of GUARDS, checked in order
    route: str     # POST /v1/cycles/{cycle}/stages/{stage}/<route>
    label: str     # as the third party would say it


TRANSITIONS = (
    Transition("open", (PENDING,), OPEN, ("supervised", "state", "in_order"), "open", "开始"),
    Transition("close", (OPEN,), CLOSED, ("state",), "close", "结束"),
)
BY_NAME = {t.name: t for t in TRANSITIONS}


def state_of(statuses, step):
    """The state of ``step`` in ``statuses`` (step -> stored status; absent: never opened)."""
    return statuses.get(step) or PENDING


def stages_of(ruleset):
    """The rule set's stages in order: ``[{"step", "key", "name", "mode"}]`` (Art. 15)."""
    out = []
    for stage in ruleset["review"]["stages"]:
        out.append({"step": STEP_OF_KEY[stage["key"]], "key": stage["key"],
                    "name": stage["name"], "mode": stage["mode"]})
    return out


def stage_of(ruleset, step):
    """One stage of the rule set, or 404 naming the stages it has."""
    for stage in stages_of(ruleset):
        if stage["step"] == step:
            return stage
    known = ", ".join(s["step"] for s in stages_of(ruleset))
    raise errors.NotFound(f"本届评审没有“{step}”环节（第十五条），现有：{known}",
                          f"no review stage {step!r} in this cycle's rule set (Art. 15); it has {known}")


def scored_steps(ruleset):
    return [s["step"] for s in stages_of(ruleset) if s["mode"] == "scored"]


def previous_step(ruleset, step):
    steps = [s["step"] for s in stages_of(ruleset)]
    index = steps.index(step)
    return steps[index - 1] if index else None


def advance(ruleset, step, statuses, name, *, supervised=True):
    """The state of ``step`` after the transition ``name`` (``open`` / ``close``), or
    :class:`~errors.RuleViolation` citing Art. 15 with the guard that refused it.

    ``statuses`` maps a step to its stored status (absent: never opened); ``supervised``: has the
    cycle's supervision group been appointed — 评审过程接受评审监督小组的监督 (Art. 15)."""
    transition = BY_NAME[name]
    if name == "open":
        stage_of(ruleset, step)  # 404 for a stage the rule set does not have
    state = state_of(statuses, step)
    for guard in transition.guards:
        if guard == "supervised":
            _check_supervised(ruleset, step, supervised)
        elif guard == "state" and state not in transition.sources:
            raise _refused(transition, step, state)
        elif guard == "in_order":
            _check_in_order(ruleset, step, statuses)
    return transition.target


def _check_supervised(ruleset, step, supervised):
    if previous_step(ruleset, step) is None and not supervised:
        raise errors.RuleViolation(
            f"本届评审监督小组尚未聘任，{CHINESE.get(step, step)}不能开始：评审过程接受评审监督小组的监督（第十五条）",
            f"{step} cannot open before the cycle's supervision group is appointed: the review runs "
            f"under its supervision (Art. 15)", article="Art. 15", code="no_supervision_group")


def _check_in_order(ruleset, step, statuses):
    before = previous_step(ruleset, step)
    if before is not None and state_of(statuses, before) != CLOSED:
        raise errors.RuleViolation(
            f"{CHINESE.get(before, before)}尚未结束，{CHINESE.get(step, step)}不能开始：评审按资格审查、材料评审、"
            f"现场评审、陈述答辩的顺序进行（第十五条）",
            f"{step} cannot open before {before} has closed: the stages of Art. 15 run in order",
            article="Art. 15", code="stage_order")


#: (transition, state it was refused in) -> (中文, English) of why, inside the refusal's sentence
_REFUSALS = {
    ("open", OPEN): ("已开始，每届只进行一次", "has already opened this cycle"),
    ("open", CLOSED): ("已结束，每届只进行一次", "has already closed this cycle"),
    ("close", PENDING): ("尚未开始，不能结束", "is not open"),
    ("close", CLOSED): ("已结束，不能结束", "is already closed"),
}


def _refused(transition, step, state):
    why, why_en = _REFUSALS[(transition.name, state)]
    # Art. 15 names the stages, not how often they run: once per cycle is this suite's choice (docs/design.md)
    return errors.RuleViolation(f"{CHINESE.get(step, step)}环节{why}", f"the {step} stage {why_en}",
                                code="stage_state")


def check_can_open(ruleset, step, statuses, *, supervised):
    """Refuse opening ``step`` unless it has never opened and the stage before it closed,
    and — for the first stage — the cycle's supervision group has been appointed (Art. 15)."""
    advance(ruleset, step, statuses, "open", supervised=supervised)


def check_can_close(step, statuses):
    """Refuse closing ``step`` unless it is open (Art. 15)."""
    advance(None, step, statuses, "close")


def check_review_window(step, status):
    """A review or decision is recorded only while its stage is open (Art. 15)."""
    state = status or PENDING
    if state == OPEN:
        return
    if state == CLOSED:
        raise errors.RuleViolation(
            f"{CHINESE.get(step, step)}环节已结束，不再接受评审记录（第十五条）",
            f"the {step} stage is closed: no review can be recorded after it (Art. 15)",
            article="Art. 15", code="stage_closed")
    raise errors.RuleViolation(
        f"{CHINESE.get(step, step)}环节尚未开始（第十五条）",
        f"the {step} stage has not opened yet (Art. 15)", article="Art. 15", code="stage_not_open")


def check_all_closed(ruleset, statuses):
    """The office proposes the candidate list from the results of every stage (Art. 16):
    refuse while any stage of the rule set is still open or has not been held."""
    for stage in stages_of(ruleset):
        state = state_of(statuses, stage["step"])
        if state != CLOSED:
            raise errors.RuleViolation(
                f"{CHINESE.get(stage['step'], stage['step'])}环节{'仍在进行' if state == OPEN else '尚未进行'}，"
                f"评审结束后方可提出候选名单（第十六条）",
                f"the {stage['step']} stage is {'still open' if state == OPEN else 'not held yet'}: "
                f"the candidate list follows the review (Art. 16)",
                article="Art. 16", code="stage_open", fields={"stage": stage["step"]})


def is_review_stage(step):
    return step in REVIEW_STAGES
