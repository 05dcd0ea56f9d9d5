"""Art. 15 (the four stages, in order, each opened and closed once) and Art. 16 (the list
follows the review); pure."""
import pytest

from award_scoring.domain import progress, stages
from award_shared import errors
from award_testing.helpers import ruleset_2018

RULESET = ruleset_2018()
ORDER = ["qualification_review", "material_review", "onsite_review", "defense"]


def test_art15_the_rule_sets_stages_in_order():
    assert [s["step"] for s in stages.stages_of(RULESET)] == ORDER
    assert stages.scored_steps(RULESET) == ORDER[1:]
    with pytest.raises(errors.NotFound):
        stages.stage_of(RULESET, "interview")


def test_art15_a_stage_opens_only_after_the_one_before_closed_and_only_once():
    stages.check_can_open(RULESET, "qualification_review", {}, supervised=True)
    with pytest.raises(errors.RuleViolation) as early:
        stages.check_can_open(RULESET, "material_review", {"qualification_review": "open"}, supervised=True)
    assert early.value.article == "Art. 15"
    stages.check_can_open(RULESET, "material_review", {"qualification_review": "closed"}, supervised=True)
    with pytest.raises(errors.RuleViolation):
        stages.check_can_open(RULESET, "qualification_review", {"qualification_review": "closed"}, supervised=True)


def test_art15_reviews_only_while_the_stage_is_open():
    stages.check_review_window("material_review", "open")
    for status, code in (("closed", "stage_closed"), (None, "stage_not_open")):
        with pytest.raises(errors.RuleViolation) as refused:
            stages.check_review_window("material_review", status)
        assert refused.value.status == 409 and refused.value.article == "Art. 15" and refused.value.code == code


def test_art16_no_candidate_list_while_a_stage_is_open_or_not_held():
    closed = dict.fromkeys(ORDER, "closed")
    stages.check_all_closed(RULESET, closed)
    for status in ("open", None):
        with pytest.raises(errors.RuleViolation) as refused:
            stages.check_all_closed(RULESET, closed | {"defense": status})
        assert refused.value.article == "Art. 16" and refused.value.fields == {"stage": "defense"}


def done(outcome="passed", status="completed"):
    return {"status": status, "outcome": outcome}


def test_art15_where_an_application_stands():
    assert progress.next_step(RULESET, {}) == "qualification_review"
    assert progress.next_step(RULESET, {"qualification_review": done()}) == "material_review"
    assert progress.next_step(RULESET, {"qualification_review": done("failed")}) == "qualification_review"
    everything = {s: done() for s in ORDER}
    assert progress.next_step(RULESET, everything) == "candidate_list"
    waiting = everything | {"material_review": done(None, "pending_hold")}
    assert progress.may_enter(RULESET, waiting, "defense") and progress.waiting_on_hold(waiting)
    assert not progress.may_enter(RULESET, {"qualification_review": done("failed")}, "material_review")
    assert not progress.may_enter(RULESET, {"qualification_review": done(None, "incomplete")}, "material_review")


def test_art15_the_review_opens_only_under_an_appointed_supervision_group():
    with pytest.raises(errors.RuleViolation) as unsupervised:
        stages.check_can_open(RULESET, "qualification_review", {}, supervised=False)
    assert unsupervised.value.article == "Art. 15" and unsupervised.value.code == "no_supervision_group"
    assert "评审监督小组" in unsupervised.value.message
