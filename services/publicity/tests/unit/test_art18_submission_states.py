"""The submission's state machine (提报, Art. 7 LG(5); 审定, Art. 18), the government's decision
on the names, and the README's drawing."""
import os

import pytest

from award_publicity.domain import approval as rules
from award_shared import errors
from award_testing.state_machines import diagrams, drawn, reachable

README = os.path.join(os.path.dirname(__file__), "..", "..", "README.md")
SUBMITTED = [{"application_id": "u-1", "category": "unit_award", "rank": 1, "recipient_name": "甲"},
             {"application_id": "u-2", "category": "unit_award", "rank": 2, "recipient_name": "乙"}]


def test_art18_the_government_approves_or_returns_a_submitted_list_and_nothing_else():
    assert rules.advance("submitted", "approve", ("government",)) == "approved"
    assert rules.advance("submitted", "return", ("government",)) == "returned"
    with pytest.raises(errors.Forbidden):
        rules.advance("submitted", "approve", ("leading_group",))
    for state in rules.FINAL_STATES:
        with pytest.raises(errors.RuleViolation) as refused:
            rules.advance(state, "approve", ("government",))
        assert refused.value.article == "Art. 18" and refused.value.code == "out_of_order"


def test_art18_the_government_leaves_out_named_candidates_with_reasons_and_adds_nobody():
    final, excluded = rules.decide(SUBMITTED, [{"application_id": "u-2", "reason": " 不予批准 "}])
    assert [e["application_id"] for e in final] == ["u-1"]
    assert excluded == [{"application_id": "u-2", "category": "unit_award", "reason": "不予批准"}]
    assert rules.decide(SUBMITTED, []) == (SUBMITTED, [])
    for bad, field in (([{"application_id": "u-9", "reason": "x"}], "excluded.0.application_id"),
                       ([{"application_id": "u-2", "reason": " "}], "excluded.0.reason"),
                       ([{"application_id": "u-2", "reason": "x"}, {"application_id": "u-2", "reason": "y"}],
                        "excluded.1.application_id")):
        with pytest.raises(errors.Invalid) as refused:
            rules.decide(SUBMITTED, bad)
        assert field in refused.value.fields and refused.value.article == "Art. 18"


def test_art18_every_state_is_reached_and_named():
    assert reachable(rules.INITIAL, rules.TRANSITIONS) == set(rules.STATES)
    assert set(rules.NAMES) == set(rules.STATES)


def test_the_readme_draws_every_transition_of_the_submission_and_no_other():
    [diagram] = diagrams(README, marker="award_publicity/domain/approval.py")
    assert diagram.arrows == drawn(rules.TRANSITIONS, label=lambda t: f"{t.name} ({t.role})")
    assert diagram.initial == (rules.INITIAL,)
    assert diagram.final == set(rules.FINAL_STATES)
