"""Art. 15 (aggregation, stage weights), Art. 11 (the tilt line), Art. 27 (what counts); pure."""
from hypothesis import given
from hypothesis import strategies as st

from award_scoring.domain import aggregation
from award_testing.helpers import ruleset_2018

RULESET = ruleset_2018()
TILT = RULESET["tilt"]


def both(keys):
    """Confirmed by the district and by the third party."""
    return keys, keys
TRIMMED = RULESET["review"]["aggregation"]


def test_art15_five_scores_drop_the_highest_and_the_lowest():
    assert TRIMMED == {"method": "trimmed_mean", "trim_when_at_least": 5}
    assert aggregation.aggregate([700, 800, 810, 820, 990], TRIMMED) == 810.0


def test_art15_fewer_than_five_scores_are_averaged_whole():
    assert aggregation.aggregate([700, 800, 900, 1000], TRIMMED) == 850.0
    assert aggregation.aggregate([], TRIMMED) is None
    assert aggregation.aggregate([700, 800, 810, 820, 990], {"method": "mean", "trim_when_at_least": 5}) == 824.0


def test_art15_a_large_spread_is_flagged_to_the_third_party():
    result = aggregation.stage_result([650, 800, 810, 820, 830], RULESET, "unit")
    assert result["spread"] == 180.0
    assert result["flags"] == [{"flag": "large_spread", "spread": 180.0, "threshold": 150}]
    calm = aggregation.stage_result([750, 800, 810, 820, 830], RULESET, "unit")
    assert calm["flags"] == []
    short = aggregation.stage_result([800, 810], RULESET, "unit")
    assert short["flags"] == [{"flag": "fewer_scores_than_panel", "counted": 2, "panel_size": 5}]


def test_art15_stage_weights_and_art11_tilt_as_its_own_line():
    tilt = aggregation.tilt(TILT, "unit", ["sme_innovation"], *both(["sme_innovation"]))
    final = aggregation.final(RULESET, {"material_review": 800, "onsite_review": 700, "defense": 900}, tilt["points"])
    assert [(s["stage"], s["weight"], s["weighted"]) for s in final["stages"]] == [
        ("material_review", 0.4, 320.0), ("onsite_review", 0.4, 280.0), ("defense", 0.2, 180.0)]
    assert final["review_score"] == 780.0 and final["tilt_points"] == 10.0 and final["total"] == 790.0
    assert aggregation.final(RULESET, {"material_review": 800, "onsite_review": 700}) is None


def test_art11_tilt_is_capped_and_only_for_the_kinds_the_rule_set_tilts_towards():
    all_three = ["sme_innovation", "ten_major_industries", "traditional_upgrade"]
    many = aggregation.tilt(TILT, "unit", all_three, *both(all_three))
    assert many["points"] == 15.0 and many["capped"] and len(many["lines"]) == 3
    assert aggregation.tilt(TILT, "individual", ["sme_innovation"], *both(["sme_innovation"]))["points"] == 0.0
    unknown = aggregation.tilt(TILT, "unit", ["made_up", "sme_innovation", "sme_innovation"],
                               *both(["made_up", "sme_innovation"]))
    assert unknown["points"] == 10.0 and unknown["not_applicable"] == ["made_up"]


def test_art11_a_claim_counts_only_once_the_district_and_the_third_party_confirmed_it():
    claims = ["sme_innovation", "ten_major_industries"]
    word_only = aggregation.tilt(TILT, "unit", claims)
    assert word_only["points"] == 0.0 and word_only["claimed"] == claims and word_only["confirmed"] == []
    assert word_only["claimed_points"] == 15.0
    district_only = aggregation.tilt(TILT, "unit", claims, claims, [])
    assert district_only["points"] == 0.0
    one = aggregation.tilt(TILT, "unit", claims, claims, ["ten_major_industries", "sme_innovation_not_claimed"])
    assert one["points"] == 10.0 and one["confirmed"] == ["ten_major_industries"]
    assert [(line["key"], line["district_confirmed"], line["third_party_confirmed"], line["counts"])
            for line in one["lines"]] == [("sme_innovation", True, False, False),
                                          ("ten_major_industries", True, True, True)]
    third_party_alone = aggregation.tilt(TILT, "unit", claims, [], claims)
    assert third_party_alone["points"] == 0.0


def sheet(review_id, reviewer, total, supersedes=None):
    return {"review_id": review_id, "reviewer": reviewer, "total": total, "supersedes": supersedes}


def test_art15_a_correction_supersedes_and_only_the_current_sheet_counts():
    sheets = [sheet("r1", "a", 700), sheet("r2", "a", 750, supersedes="r1"), sheet("r3", "b", 800)]
    assert [s["review_id"] for s in aggregation.counted(sheets)] == ["r2", "r3"]


def test_art27_a_disqualified_or_departed_experts_sheets_do_not_count():
    sheets = [sheet("r1", "a", 700), sheet("r2", "b", 800), sheet("r3", "c", 900)]
    assert [s["reviewer"] for s in aggregation.counted(sheets, disqualified={"b"})] == ["a", "c"]
    assert [s["reviewer"] for s in aggregation.counted(sheets, panel={"a", "b"})] == ["a", "b"]


totals = st.floats(0, 1000, allow_nan=False)


@given(st.lists(totals, min_size=1, max_size=9))
def test_art15_the_aggregate_lies_between_the_lowest_and_the_highest(values):
    score = aggregation.aggregate(values, TRIMMED)
    assert min(values) - 0.01 <= score <= max(values) + 0.01


@given(st.lists(totals, min_size=1, max_size=7), st.lists(totals, min_size=1, max_size=3),
       st.lists(totals, min_size=1, max_size=3))
def test_art27_property_a_disqualified_experts_score_never_counts(honest, crooked, rewritten):
    """Whatever a disqualified expert wrote — or rewrote — the stage result is the same."""
    def sheets(bad):
        out = [sheet(f"h{i}", f"honest-{i}", t) for i, t in enumerate(honest)]
        return out + [sheet(f"d{i}", f"crooked-{i}", t) for i, t in enumerate(bad)]
    disqualified = {f"crooked-{i}" for i in range(max(len(crooked), len(rewritten)))}
    first = aggregation.counted(sheets(crooked), disqualified=disqualified)
    second = aggregation.counted(sheets(rewritten), disqualified=disqualified)
    assert first == second == aggregation.counted(sheets([]))
    result = aggregation.stage_result([s["total"] for s in first], RULESET, "unit")
    assert result == aggregation.stage_result(honest, RULESET, "unit")
    assert result["counted"] == len(honest)
