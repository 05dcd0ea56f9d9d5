"""Art. 7(2), 15: GB/T 19580 caps for units and the rubric for individuals (pure)."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from award_scoring.domain import caps
from award_shared import errors
from award_testing.helpers import ruleset_2018

RULESET = ruleset_2018()
GBT = RULESET["review"]["gbt19580"]


def full(kind="unit"):
    return dict(caps.scale(RULESET, kind))


def test_art15_the_seven_categories_of_gbt19580_and_their_caps():
    assert GBT == {"leadership": 110, "strategy": 90, "customers_market": 90, "resources": 130,
                   "process_management": 100, "measurement_analysis_improvement": 80, "results": 400}
    assert caps.full_marks(RULESET, "unit") == 1000
    assert caps.full_marks(RULESET, "individual") == 100
    assert caps.check_scores(RULESET, "unit", full()) == 1000.0


def test_art15_a_score_above_its_cap_is_422_naming_the_field():
    with pytest.raises(errors.Invalid) as invalid:
        caps.check_scores(RULESET, "unit", full() | {"leadership": 110.5})
    assert invalid.value.status == 422
    assert list(invalid.value.fields) == ["scores.leadership"]
    assert "110" in invalid.value.fields["scores.leadership"][0]


def test_art15_a_score_below_zero_is_422_naming_the_field():
    with pytest.raises(errors.Invalid) as invalid:
        caps.check_scores(RULESET, "unit", full() | {"results": -1})
    assert list(invalid.value.fields) == ["scores.results"]


def test_art15_every_category_scored_and_no_other():
    scores = full()
    del scores["strategy"]
    with pytest.raises(errors.Invalid) as invalid:
        caps.check_scores(RULESET, "unit", scores | {"charisma": 5})
    assert set(invalid.value.fields) == {"scores.strategy", "scores.charisma"}


def test_art12_individuals_are_scored_on_the_rubric():
    assert caps.check_scores(RULESET, "individual", {"quality_awareness_innovation": 30, "contribution": 40,
                                                     "recognition": 20.5}) == 90.5
    with pytest.raises(errors.Invalid) as invalid:
        caps.check_scores(RULESET, "individual", full())  # GB/T 19580 categories are not the rubric
    assert "scores.leadership" in invalid.value.fields


def test_art15_booleans_and_non_numbers_are_not_scores():
    with pytest.raises(errors.Invalid):
        caps.check_scores(RULESET, "unit", full() | {"leadership": True})


@given(st.fixed_dictionaries({k: st.floats(0, cap) for k, cap in GBT.items()}))
def test_art15_any_scores_within_the_caps_are_accepted_and_summed(scores):
    assert caps.check_scores(RULESET, "unit", scores) == pytest.approx(sum(scores.values()))


@given(st.sampled_from(sorted(GBT)), st.one_of(st.floats(max_value=-0.001, allow_infinity=False),
                                              st.floats(min_value=1000.001, allow_infinity=False)))
def test_art15_any_score_out_of_range_is_refused_naming_it(category, value):
    with pytest.raises(errors.Invalid) as invalid:
        caps.check_scores(RULESET, "unit", full() | {category: value})
    assert list(invalid.value.fields) == [f"scores.{category}"]
