"""Art. 10 (units), Art. 12 (individuals), Art. 15: the qualification review, pure."""
import pytest

from award_scoring.domain import qualification
from award_shared import errors
from award_testing.helpers import ruleset_2018

RULESET = ruleset_2018()


def test_art10_every_condition_met_passes():
    judged = qualification.judge(RULESET, "unit", qualification.all_met(RULESET, "unit"))
    assert judged["outcome"] == "passed" and judged["article"] is None
    assert [c["item"] for c in judged["conditions"]] == [f"Art. 10({i})" for i in range(1, 8)]


def test_art10_a_condition_not_met_fails_naming_the_first_item_and_its_reason():
    judged = qualification.all_met(RULESET, "unit")
    judged[6] = {"item": "Art. 10(7)", "met": False, "reason": "2018年受到环保处罚"}
    judged[4] = {"item": "Art. 10(5)", "met": False, "reason": "2017年发生较大生产安全事故"}
    result = qualification.judge(RULESET, "unit", list(reversed(judged)))
    assert result["outcome"] == "failed"
    assert result["failed"] == ["Art. 10(5)", "Art. 10(7)"]
    assert result["article"] == "Art. 10(5)"
    assert "较大生产安全事故" in result["reason"]


def test_art12_individuals_are_judged_on_art12():
    judged = qualification.all_met(RULESET, "individual")
    judged[1] = {"item": "Art. 12(2)", "met": False, "reason": "在本市从事质量工作不满10年"}
    assert qualification.judge(RULESET, "individual", judged)["article"] == "Art. 12(2)"


@pytest.mark.parametrize("change", ["missing", "twice", "foreign", "no_reason"])
def test_art15_a_judgement_must_cover_each_condition_once_with_reasons_for_failures(change):
    judged = qualification.all_met(RULESET, "unit")
    if change == "missing":
        judged.pop(2)
    elif change == "twice":
        judged.append(dict(judged[0]))
    elif change == "foreign":
        judged.append({"item": "Art. 12(1)", "met": True, "reason": "x"})
    else:
        judged[0] = {"item": "Art. 10(1)", "met": False, "reason": "  "}
    with pytest.raises(errors.Invalid) as invalid:
        qualification.judge(RULESET, "unit", judged)
    assert list(invalid.value.fields) == ["conditions"]
