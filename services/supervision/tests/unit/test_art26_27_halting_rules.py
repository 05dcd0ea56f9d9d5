"""Art. 9, 26, 27, without I/O: what each kind of finding may halt, and what Art. 27 needs
before a member of the review staff is disqualified."""
import pytest

from award_rules.articles import chinese_number
from award_shared.errors import RuleViolation
from award_supervision.domain.halting import (HoldScope, article_for, check_staff_misconduct, check_subject,
                                       disqualifies_expert, harm_for_expert_event, hold_scope,
                                       reported_to_leading_group)


def test_procedural_finding_halts_one_subject_or_everyone_at_the_step():
    assert hold_scope("procedural", "district_review", "app-1", True) == HoldScope("district_review", "app-1")
    scope = hold_scope("procedural", "district_review", None, True)
    assert scope.cycle_wide and scope.step == "district_review"
    assert hold_scope("procedural", "district_review", "app-1", False) is None


def test_art26_applicant_finding_halts_only_that_application():
    assert hold_scope("applicant", "material_review", "app-1", True) == HoldScope("material_review", "app-1")
    with pytest.raises(RuleViolation) as err:
        hold_scope("applicant", "material_review", None, True)
    assert err.value.article == "Art. 26"
    with pytest.raises(RuleViolation):
        check_subject("applicant", None)
    check_subject("procedural", None)


def test_art27_staff_finding_disqualifies_rather_than_halts():
    with pytest.raises(RuleViolation) as err:
        hold_scope("review_staff", "material_review", "app-1", True)
    assert err.value.article == "Art. 27"
    assert hold_scope("review_staff", "material_review", "app-1", False) is None


def test_art27_the_four_behaviours_are_alternatives_harm_a_condition_of_the_fourth_alone():
    check_staff_misconduct("expert-7", "expert", "favouritism", "打分偏袒致排名失真")
    for behaviour in ("abuse_of_power", "neglect_of_duty", "favouritism"):  # 滥用职权、玩忽职守、徇私舞弊: no harm needed
        check_staff_misconduct("office-9", "office", behaviour, None)
        check_staff_misconduct("office-9", "office", behaviour, "  ")
    check_staff_misconduct("tp-1", "third_party", "caused_harm", "评审信息外泄")
    assert harm_for_expert_event("abuse_of_power", None).startswith("未认定不良后果") and "滥用职权" in \
        harm_for_expert_event("abuse_of_power", None)
    assert harm_for_expert_event("caused_harm", "评分失实") == "评分失实"
    for args in [("tp-1", "third_party", "caused_harm", "  "), ("tp-1", "third_party", "caused_harm", None),
                 ("expert-7", "expert", "rudeness", "x"),
                 (None, "expert", "favouritism", "x"), ("expert-7", "janitor", "favouritism", "x")]:
        with pytest.raises(RuleViolation) as err:
            check_staff_misconduct(*args)
        assert err.value.article == "Art. 27"


def test_art27_only_an_expert_is_disqualified_by_event():
    assert disqualifies_expert("review_staff", "expert")
    assert not disqualifies_expert("review_staff", "third_party")
    assert not disqualifies_expert("procedural", "expert")


def test_art26_27_go_to_the_leading_group():
    assert reported_to_leading_group("applicant") and reported_to_leading_group("review_staff")
    assert not reported_to_leading_group("procedural")


def test_articles_by_kind():
    assert article_for("procedural", None) == "Art. 9(1)"
    assert article_for("procedural", "Art. 14") == "Art. 14"
    assert article_for("review_staff", None) == "Art. 27"
    assert article_for("applicant", "Art. 26") == "Art. 26"
    with pytest.raises(RuleViolation) as err:
        article_for("applicant", "Art. 14")
    assert "第二十六条" in err.value.message


@pytest.mark.parametrize("n,zh", [(9, "九"), (10, "十"), (14, "十四"), (26, "二十六"), (27, "二十七"), (30, "三十")])
def test_article_numbers_in_chinese(n, zh):
    assert chinese_number(n) == zh
