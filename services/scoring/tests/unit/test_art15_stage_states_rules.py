"""The state machines of Art. 15 as data: a stage of the cycle (pending → open → closed) and an
application's result at a stage; one test per transition, and the README's drawings."""
import os

import pytest

from award_scoring.domain import progress, stages
from award_shared import errors
from award_testing.helpers import ruleset_2018
from award_testing.state_machines import diagrams, drawn, reachable

README = os.path.join(os.path.dirname(__file__), "..", "..", "README.md")
RULESET = ruleset_2018()
SUPERVISED = {"supervised": True}


def test_art15_a_stage_opens_from_pending_and_closes_from_open():
    assert stages.advance(RULESET, "qualification_review", {}, "open", **SUPERVISED) == stages.OPEN
    assert stages.advance(RULESET, "qualification_review", {"qualification_review": "open"}, "close") == stages.CLOSED
    assert stages.state_of({}, "defense") == stages.PENDING


@pytest.mark.parametrize("name, state", [("open", "open"), ("open", "closed"), ("close", None), ("close", "closed")])
def test_art15_a_transition_from_a_state_it_does_not_leave_is_refused_as_this_suites_rule(name, state):
    """Each stage once per cycle is this suite's choice (docs/design.md), not Art. 15: no article."""
    statuses = {"qualification_review": state} if state else {}
    with pytest.raises(errors.RuleViolation) as refused:
        stages.advance(RULESET, "qualification_review", statuses, name, **SUPERVISED)
    assert refused.value.article is None and refused.value.code == "stage_state"
    assert "第十五条" not in refused.value.message
    assert refused.value.status == 409


def test_art15_the_guards_refuse_in_order_supervision_then_state_then_order():
    with pytest.raises(errors.RuleViolation) as unsupervised:  # even if already open
        stages.advance(RULESET, "qualification_review", {"qualification_review": "open"}, "open", supervised=False)
    assert unsupervised.value.code == "no_supervision_group"
    with pytest.raises(errors.RuleViolation) as twice:  # the state before the order
        stages.advance(RULESET, "material_review", {"material_review": "closed"}, "open", **SUPERVISED)
    assert twice.value.code == "stage_state"
    with pytest.raises(errors.RuleViolation) as early:
        stages.advance(RULESET, "material_review", {"qualification_review": "open"}, "open", **SUPERVISED)
    assert early.value.code == "stage_order"
    with pytest.raises(errors.NotFound):
        stages.advance(RULESET, "interview", {}, "open", **SUPERVISED)


def result(status):
    return {"status": status, "outcome": None}


def test_art15_an_application_in_a_stage_is_decided_completed_held_or_dropped():
    assert progress.advance(None, "decide") == progress.COMPLETED
    assert progress.advance(result("completed"), "decide") == progress.COMPLETED  # a pass superseded by a fail
    assert progress.advance(result("pending_hold"), "decide") == progress.COMPLETED  # after the release
    assert progress.advance(None, "complete") == progress.COMPLETED
    assert progress.advance(None, "hold") == progress.PENDING_HOLD
    assert progress.advance(None, "drop") == progress.INCOMPLETE
    for name, target in (("complete", "completed"), ("hold", "pending_hold"), ("drop", "incomplete")):
        assert progress.advance(result("pending_hold"), name) == target


def test_art15_art27_a_completed_result_is_recomputed_or_voided_and_nothing_leaves_incomplete():
    assert progress.advance(result("completed"), "recompute") == progress.COMPLETED
    assert progress.advance(result("completed"), "void") == progress.INCOMPLETE
    for transition in progress.TRANSITIONS:
        with pytest.raises(errors.RuleViolation) as refused:
            progress.advance(result("incomplete"), transition.name, "material_review")
        assert refused.value.article == "Art. 15" and refused.value.code == "result_state"
    with pytest.raises(errors.RuleViolation):
        progress.advance(None, "recompute")


def test_art15_every_state_of_both_machines_is_reached():
    for states, transitions, start in ((stages.STATES, stages.TRANSITIONS, stages.PENDING),
                                       (progress.STATES, progress.TRANSITIONS, progress.REVIEWING)):
        assert reachable(start, transitions) == set(states)


def test_the_readme_draws_every_transition_of_the_data_and_no_other():
    assert [d.arrows for d in diagrams(README)] == [drawn(machine.TRANSITIONS) for machine in (stages, progress)]
