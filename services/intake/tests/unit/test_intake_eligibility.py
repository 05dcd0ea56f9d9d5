"""Eligibility by article (Art. 10, 12), decided without I/O from the cycle's rule set.

Deadline of the 2019 cycle: 2019-05-31 (Beijing). Thresholds are read from the rule set:
a rule set with other numbers gives other answers, with no code change.
"""
import copy
from datetime import date

import pytest

from award_intake.domain import eligibility
from award_intake.providers import RULESET_DIR
from award_rules.ruleset import load_ruleset
from award_shared import errors

RULES = load_ruleset(f"{RULESET_DIR}/jinan-2018.yaml")
DEADLINE = date(2019, 5, 31)


def unit(since=date(2010, 1, 1), incidents=()):
    return {"kind": "unit", "main_business_since": since, "incidents": list(incidents),
            "declarations": [{"item": f"Art. 10({n})", "affirmed": True} for n in range(1, 8)]}


def person(since=date(2005, 1, 1), incidents=()):
    return {"kind": "individual", "quality_work_since": since, "incidents": list(incidents),
            "declarations": [{"item": f"Art. 12({n})", "affirmed": True} for n in range(1, 8)]}


def incident(kind, on):
    return {"kind": kind, "occurred_on": on, "description": "declared"}


def items(failures):
    return [f.item for f in failures]


def test_art10_1_five_years_of_main_business_counted_to_the_deadline():
    assert eligibility.machine_failures("unit", unit(date(2014, 5, 31)), RULES, DEADLINE) == []
    failures = eligibility.machine_failures("unit", unit(date(2014, 6, 1)), RULES, DEADLINE)
    assert items(failures) == ["Art. 10(1)"]
    assert "第十条第（一）项" in failures[0].message and failures[0].field == "main_business_since"


def test_art10_1_threshold_comes_from_the_rule_set():
    stricter = copy.deepcopy(RULES)
    stricter["eligibility"]["unit"]["min_main_business_years"] = 10
    assert eligibility.machine_failures("unit", unit(date(2010, 1, 1)), RULES, DEADLINE) == []
    assert items(eligibility.machine_failures("unit", unit(date(2010, 1, 1)), stricter, DEADLINE)) == ["Art. 10(1)"]


def test_art10_1_a_business_begun_on_29_february_completes_its_years_on_28_february():
    assert eligibility.machine_failures("unit", unit(date(2016, 2, 29)), RULES, date(2021, 2, 28)) == []
    assert items(eligibility.machine_failures("unit", unit(date(2016, 2, 29)), RULES, date(2021, 2, 27))) == [
        "Art. 10(1)"]


def test_art12_2_ten_years_of_quality_work_in_jinan():
    assert eligibility.machine_failures("individual", person(date(2009, 5, 31)), RULES, DEADLINE) == []
    failures = eligibility.machine_failures("individual", person(date(2009, 6, 1)), RULES, DEADLINE)
    assert items(failures) == ["Art. 12(2)"] and "第十二条第（二）项" in failures[0].message


@pytest.mark.parametrize("kind", ["larger_safety_accident", "major_quality_incident",
                                  "major_environmental_incident", "major_public_health_incident",
                                  "prominent_complaint"])
def test_art10_5_no_accident_or_incident_in_the_three_years_before_the_deadline(kind):
    inside = eligibility.machine_failures("unit", unit(incidents=[incident(kind, date(2016, 6, 1))]), RULES, DEADLINE)
    outside = eligibility.machine_failures("unit", unit(incidents=[incident(kind, date(2016, 5, 31))]), RULES, DEADLINE)
    assert items(inside) == ["Art. 10(5)"] and outside == []


def test_art10_6_financial_discipline_and_art10_7_other_violations_in_three_years():
    form = unit(incidents=[incident("law_violation", date(2018, 1, 1)),
                           incident("financial_discipline_violation", date(2019, 5, 31))])
    failures = eligibility.machine_failures("unit", form, RULES, DEADLINE)
    assert items(failures) == ["Art. 10(6)", "Art. 10(7)"]
    assert all(f.field == "incidents" for f in failures)


def test_art12_6_the_persons_unit_had_no_larger_accident_in_three_years():
    form = person(incidents=[incident("larger_safety_accident", date(2017, 3, 3))])
    assert items(eligibility.machine_failures("individual", form, RULES, DEADLINE)) == ["Art. 12(6)"]
    old = person(incidents=[incident("larger_safety_accident", date(2015, 3, 3))])
    assert eligibility.machine_failures("individual", old, RULES, DEADLINE) == []


def test_art10_5_lookback_length_comes_from_the_rule_set_and_people_items_are_not_machine_decided():
    form = unit(incidents=[incident("larger_safety_accident", date(2015, 1, 1))])
    longer = copy.deepcopy(RULES)
    longer["eligibility"]["unit"]["lookback_years"] = 5
    assert items(eligibility.machine_failures("unit", form, longer, DEADLINE)) == ["Art. 10(5)"]
    by_people = copy.deepcopy(longer)
    for condition in by_people["eligibility"]["unit"]["conditions"]:
        if condition["item"] == "Art. 10(5)":
            condition["decided_by"] = "people"
    assert eligibility.machine_failures("unit", form, by_people, DEADLINE) == []


def test_art10_every_condition_is_declared_and_declared_met():
    form = unit()
    form["declarations"] = [d for d in form["declarations"] if d["item"] != "Art. 10(3)"]
    form["declarations"][0]["affirmed"] = False
    failures = eligibility.declaration_failures("unit", form, RULES)
    assert items(failures) == ["Art. 10(1)", "Art. 10(3)"]
    assert eligibility.declaration_failures("unit", unit(), RULES) == []


def test_art12_every_condition_of_individuals_is_declared():
    form = person()
    form["declarations"] = form["declarations"][:3]
    assert items(eligibility.declaration_failures("individual", form, RULES)) == [
        "Art. 12(4)", "Art. 12(5)", "Art. 12(6)", "Art. 12(7)"]


def test_a_refusal_names_the_first_item_in_chinese_and_english():
    failures = eligibility.machine_failures(
        "unit", unit(date(2016, 1, 1), [incident("law_violation", date(2018, 1, 1))]), RULES, DEADLINE)
    with pytest.raises(errors.RuleViolation) as refused:
        eligibility.refuse(failures)
    error = refused.value.to_dict()["error"]
    assert error["article"] == "Art. 10(1)"
    assert "第十条第（一）项" in error["message"] and "第十条第（七）项" in error["message"]
    assert set(error["fields"]) == {"main_business_since", "incidents"}
    eligibility.refuse([])  # nothing failed: no refusal
