"""Past winners may not apply again (Art. 6), decided without I/O from the rule set."""
import copy

import pytest

from award_intake.domain import winners
from award_intake.providers import RULESET_DIR
from award_rules.ruleset import load_ruleset
from award_shared import errors

RULES = load_ruleset(f"{RULESET_DIR}/jinan-2018.yaml")


def record(category, edition=2017, revoked_on=None):
    return {"award_id": f"award-{category}", "category": category, "edition": edition, "revoked_on": revoked_on}


def test_art6_a_winner_of_the_award_proper_may_not_apply_again():
    with pytest.raises(errors.RuleViolation) as refused:
        winners.refuse_if_past_winner([record("unit_award")], RULES)
    assert refused.value.article == "Art. 6" and "第六条" in refused.value.message
    assert "市长质量奖（单位）" in refused.value.message


def test_art6_the_nomination_award_does_not_bar_under_the_2018_rule_set():
    winners.refuse_if_past_winner([record("unit_nomination"), record("individual_nomination")], RULES)
    assert winners.barring_categories(RULES) == ["individual_award", "unit_award"]


def test_art6_scope_is_the_rule_sets_a_later_set_may_bar_nominees_too():
    wider = copy.deepcopy(RULES)
    wider["categories"]["unit_nomination"]["bars_reapplication"] = True
    with pytest.raises(errors.RuleViolation):
        winners.refuse_if_past_winner([record("unit_nomination")], wider)


def test_art6_a_revoked_award_keeps_the_bar_and_says_so():
    with pytest.raises(errors.RuleViolation) as refused:
        winners.refuse_if_past_winner([record("individual_award", revoked_on="2020-01-01")], RULES)
    assert "撤销" in refused.value.message and "revoked" in refused.value.message_en


def test_art6_no_record_no_bar():
    winners.refuse_if_past_winner([], RULES)
    assert winners.barring_award([{"award_id": "a", "category": None}], RULES) is None
