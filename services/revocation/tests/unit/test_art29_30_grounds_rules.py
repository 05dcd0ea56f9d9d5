"""The grounds of Art. 29 (units) and Art. 30 (individuals), per ground family, and fact dates."""
import json
import os
from datetime import date

from award_revocation.domain.grounds import check_grounds, is_about_obtaining
from award_rules.ruleset import load_ruleset

RULESET = json.loads(json.dumps(load_ruleset(os.path.join(
    os.path.dirname(__file__), "..", "..", "..", "intake", "award_intake", "rulesets", "jinan-2018.yaml")), default=str))
GRANTED, TODAY = date(2019, 12, 20), date(2021, 6, 1)


def _check(kind, item, fact_date=date(2020, 6, 1)):
    return check_grounds([{"item": item, "fact": "事实", "fact_date": fact_date}], kind, RULESET, GRANTED, TODAY)


def test_art29_every_one_of_the_twelve_unit_grounds_is_known():
    assert all(_check("unit", f"Art. 29({n})") == [] for n in range(1, 13))


def test_art30_every_one_of_the_ten_individual_grounds_is_known():
    assert all(_check("individual", f"Art. 30({n})") == [] for n in range(1, 11))


def test_art29_a_unit_award_refuses_art30_grounds_naming_art29():
    [problem] = _check("unit", "Art. 30(2)")
    assert problem.field == "grounds.0.item" and problem.article == "Art. 29" and "另一类" in problem.message


def test_art30_an_individual_award_refuses_art29_grounds_and_art30_11():
    assert _check("individual", "Art. 29(4)")[0].article == "Art. 30"
    assert "不存在" in _check("individual", "Art. 30(11)")[0].message


def test_art29_1_and_art30_1_may_cite_facts_before_the_award():
    assert is_about_obtaining("Art. 29(1)") and is_about_obtaining("Art. 30(1)")
    assert _check("unit", "Art. 29(1)", date(2019, 5, 1)) == []
    assert _check("individual", "Art. 30(1)", date(2019, 5, 1)) == []


def test_art29_2_to_12_and_art30_2_to_10_need_facts_after_the_award():
    for kind, article, last in (("unit", 29, 12), ("individual", 30, 10)):
        for n in range(2, last + 1):
            [problem] = _check(kind, f"Art. {article}({n})", GRANTED)
            assert problem.field == "grounds.0.fact_date"
            if kind == "individual":  # 获奖后 is Art. 30's word
                assert problem.article == f"Art. 30({n})" and problem.code == "fact_before_award"
            else:  # Art. 29 says 获奖单位如发生: after the award is this suite's reading, cited as no article
                assert problem.article is None and problem.code == "unit_fact_before_award"
                assert "第二十九条" not in problem.message and "获奖后" in problem.message


def test_art29_a_fact_dated_in_the_future_is_refused():
    assert _check("unit", "Art. 29(1)", date(2022, 1, 1))[0].field == "grounds.0.fact_date"
