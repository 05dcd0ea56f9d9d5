"""The objection's state machine (Art. 17), one test per transition, and the README's drawing."""
import os

import pytest

from award_publicity.domain import objections as rules
from award_shared import errors
from award_testing.state_machines import diagrams, drawn, reachable

README = os.path.join(os.path.dirname(__file__), "..", "..", "README.md")
OFFICE, LEADING_GROUP = ("office",), ("leading_group",)


def test_art17_the_office_investigates_a_received_objection_and_again():
    assert rules.advance("received", "investigate", OFFICE) == "investigated"
    assert rules.advance("investigated", "investigate", OFFICE) == "investigated"


def test_art17_the_office_proposes_only_after_investigating():
    assert rules.advance("investigated", "propose", OFFICE, outcome="dismissed") == "proposed"
    with pytest.raises(errors.RuleViolation) as refused:
        rules.advance("received", "propose", OFFICE, outcome="upheld")
    assert refused.value.article == "Art. 17"
    assert refused.value.fields == {"status": "received", "needs": ["investigated"]}


def test_art17_a_withdrawal_needs_no_investigation():
    assert rules.transition_of("propose", "withdrawn").name == "propose_withdrawal"
    assert rules.advance("received", "propose", OFFICE, outcome="withdrawn") == "proposed"
    assert rules.advance("investigated", "propose", OFFICE, outcome="withdrawn") == "proposed"
    with pytest.raises(errors.RuleViolation) as refused:
        rules.advance("proposed", "propose", OFFICE, outcome="withdrawn")
    assert refused.value.fields["needs"] == ["received", "investigated"]


def test_art17_the_leading_group_approves_or_sends_back_a_proposal():
    assert rules.advance("proposed", "approve", LEADING_GROUP) == "resolved"
    assert rules.advance("proposed", "send_back", LEADING_GROUP) == "investigated"
    with pytest.raises(errors.RuleViolation):
        rules.advance("investigated", "approve", LEADING_GROUP)


def test_art17_each_step_is_taken_by_its_role_only():
    with pytest.raises(errors.Forbidden):
        rules.advance("proposed", "approve", OFFICE)
    with pytest.raises(errors.Forbidden):
        rules.advance("received", "investigate", LEADING_GROUP)


def test_art17_a_resolved_objection_takes_no_step():
    assert rules.is_resolved("resolved") and rules.FINAL_STATES == {"resolved"}
    for transition in rules.TRANSITIONS:
        with pytest.raises(errors.RuleViolation):
            rules.advance("resolved", transition.name, (transition.role,))


def test_art17_every_state_is_reached_and_every_one_can_reach_resolution():
    assert reachable(rules.INITIAL, rules.TRANSITIONS) == set(rules.STATES)
    assert all(reachable(state, rules.TRANSITIONS) & rules.FINAL_STATES for state in rules.STATES)
    assert set(rules.NAMES) == set(rules.STATES)


def test_the_readme_draws_every_transition_of_the_data_and_no_other():
    [diagram] = diagrams(README, marker="award_publicity/domain/objections.py")
    assert diagram.arrows == drawn(rules.TRANSITIONS, label=lambda t: f"{t.name} ({t.role})")
    assert diagram.initial == (rules.INITIAL,)
    assert diagram.final == set(rules.FINAL_STATES)


def test_art17_the_handling_opinion_has_an_action_beyond_removal_each_following_from_its_outcome():
    assert rules.default_action("upheld") == "remove" and rules.default_action("dismissed") == "no_change"
    for action in ("remove", "move_to_nomination", "correct_record", "no_change"):
        rules.check_action("upheld", action, "unit_award", {"record": "名称更正"})
    for outcome in ("dismissed", "withdrawn"):
        assert rules.check_action(outcome, "no_change", "unit_award") == "no_change"
        with pytest.raises(errors.Invalid) as refused:
            rules.check_action(outcome, "remove", "unit_award")
        assert "action" in refused.value.fields and refused.value.article == "Art. 17"
    with pytest.raises(errors.Invalid):  # a nomination candidate has no nomination award to move to
        rules.check_action("upheld", "move_to_nomination", "unit_nomination")
    with pytest.raises(errors.Invalid) as refused:
        rules.check_action("upheld", "correct_record", "unit_award", {"record": "  "})
    assert "correction.record" in refused.value.fields
    with pytest.raises(errors.RuleViolation) as refused:
        rules.check_seat("unit_nomination", 3, {"unit_nomination": 3})
    assert refused.value.article == "Art. 2"


def test_signing_is_the_editions_rule_and_its_refusal_cites_no_article():
    rules.require_signature(False, None, None)
    rules.require_signature(True, "刘某", "0531-1234567")
    with pytest.raises(errors.Invalid) as refused:
        rules.require_signature(True, " ", "0531-1234567")
    assert set(refused.value.fields) == {"objector_name"} and refused.value.article is None
    assert "第十七条" not in str(refused.value.args)
