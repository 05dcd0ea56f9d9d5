"""Where an application stands in the review (Art. 15): its result at each stage, the stage
it is at, and whether it may enter a stage.

An application's result at one stage is a small state machine, as data — :data:`STATES` and
:data:`TRANSITIONS` — moved only by :func:`advance`; the README draws it and a unit test keeps
the drawing equal to it:

- ``reviewing``: in the stage, nothing recorded for it yet (no ``stage_results`` row);
- ``completed``: published (``review.stage_completed``), ``passed`` or ``failed``;
- ``pending_hold``: the stage closed while a hold stopped this application; it keeps its place
  and completes when the hold is released (docs/design.md, "Holds");
- ``incomplete``: no score sheet or decision counts; the application drops out.

``results`` maps a stage's step to what scoring recorded for the application there:
``{"status": "completed" | "pending_hold" | "incomplete", "outcome": "passed" | "failed" | None}``.
"""
from dataclasses import dataclass

from award_shared import errors

from .stages import CHINESE, stages_of

REVIEWING, COMPLETED, PENDING_HOLD, INCOMPLETE = "reviewing", "completed", "pending_hold", "incomplete"
STATES = (REVIEWING, COMPLETED, PENDING_HOLD, INCOMPLETE)
PASSED, FAILED = "passed", "failed"
CANDIDATE_LIST = "candidate_list"


@dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple
    target: str
    when: str  # what moves it


TRANSITIONS = (
    Transition("decide", (REVIEWING, COMPLETED, PENDING_HOLD), COMPLETED,
               "the third party's pass/fail decision, while the stage is open or after a release"),
    Transition("complete", (REVIEWING, PENDING_HOLD), COMPLETED,
               "the stage closes (or the hold is released) and the sheets that count are aggregated"),
    Transition("hold", (REVIEWING, PENDING_HOLD), PENDING_HOLD,
               "the stage closes (or a release comes) while a hold still stops the application"),
    Transition("drop", (REVIEWING, PENDING_HOLD), INCOMPLETE,
               "the stage closes (or the hold is released) and nothing counts"),
    Transition("recompute", (COMPLETED,), COMPLETED,
               "an expert's sheets stopped counting (recusal, Art. 27): the closed stage is recomputed"),
    Transition("void", (COMPLETED,), INCOMPLETE,
               "an expert's sheets stopped counting and no sheet counts any more"),
)
BY_NAME = {t.name: t for t in TRANSITIONS}


def state_of(result):
    """The state of a recorded result (a ``stage_results`` row as a dict, or None)."""
    return result["status"] if result is not None else REVIEWING


def advance(result, name, step=None):
    """The status an application's ``result`` at a stage takes after ``name``, or
    :class:`~errors.RuleViolation` (Art. 15) when its state does not allow it."""
    transition = BY_NAME[name]
    state = state_of(result)
    if state not in transition.sources:
        stage = CHINESE.get(step, step or "")
        raise errors.RuleViolation(
            f"该申报在{stage}环节的结果为 {state}，不能{name}（第十五条）",
            f"the application's result at {step} is {state}: it cannot {name} (Art. 15)",
            article="Art. 15", code="result_state", fields={"stage": step, "status": state})
    return transition.target


def next_step(ruleset, results):
    """The step the application is at: the first stage it has not completed and passed,
    or ``candidate_list`` once it has completed them all."""
    for stage in stages_of(ruleset):
        result = results.get(stage["step"])
        if result is None or result["status"] != COMPLETED or result.get("outcome") == FAILED:
            return stage["step"]
    return CANDIDATE_LIST


def may_enter(ruleset, results, step):
    """Every stage before ``step`` was completed (or is waiting on a hold) and none failed."""
    for stage in stages_of(ruleset):
        if stage["step"] == step:
            return True
        result = results.get(stage["step"])
        if result is None or result["status"] not in (COMPLETED, PENDING_HOLD) or result.get("outcome") == FAILED:
            return False
    return True


def waiting_on_hold(results):
    return any(r["status"] == PENDING_HOLD for r in results.values())


def complete(ruleset, results):
    """Every stage completed and passed: the application can be ranked (Art. 16)."""
    return next_step(ruleset, results) == CANDIDATE_LIST
