"""Where an application stands in the review (Art. 15): the stages it has completed, the one
it is at, and whether it may enter a stage.

``results`` maps a stage's step to what scoring recorded for the application there:
``{"status": "completed" | "pending_hold" | "incomplete", "outcome": "passed" | "failed" | None}``.
A stage ``pending_hold`` was closed for the cycle while a hold stopped this application;
it completes when the hold is released, and the application keeps its place meanwhile.
"""
from .stages import stages_of

COMPLETED, PENDING_HOLD, INCOMPLETE = "completed", "pending_hold", "incomplete"
PASSED, FAILED = "passed", "failed"
CANDIDATE_LIST = "candidate_list"


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
