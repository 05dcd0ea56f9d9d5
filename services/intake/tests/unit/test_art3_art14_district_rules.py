"""Art. 3 and 14 as plain rules: the edition's districts, the workplace the district confirms,
the evidence the rule set lists."""
from award_intake.domain import districts

RULESET = {"districts": [{"name": "历下区", "kind": "district"}, {"name": "平阴县", "kind": "county"}],
           "evidence": {"unit": [{"key": "registration", "name": "营业执照"}], "individual": []}}


def test_art3_the_notices_amendment_wins_and_a_rule_set_without_a_list_binds_none():
    assert districts.edition_districts(RULESET) == ["历下区", "平阴县"]
    assert districts.edition_districts(RULESET, ["历下区"]) == ["历下区"]
    assert districts.edition_districts({}) is None
    assert districts.district_problems({"kind": "unit", "district": "平阴县"}, ["历下区", "平阴县"]) == {}
    assert list(districts.district_problems({"kind": "unit", "district": "平阴"}, ["平阴县"])) == ["district"]
    assert districts.district_problems({"kind": "unit", "district": "平阴"}, None) == {}


def test_art3_only_an_individuals_recommendation_confirms_a_workplace():
    assert districts.review_problems("individual", {"decision": "recommend", "workplace_confirmed": True}) == {}
    assert list(districts.review_problems("individual", {"decision": "recommend"})) == ["workplace_confirmed"]
    assert districts.review_problems("individual", {"decision": "return"}) == {}
    assert list(districts.review_problems("unit", {"decision": "recommend", "workplace_confirmed": True})) == [
        "workplace_confirmed"]


def test_art14_missing_evidence_is_each_listed_kind_no_evidence_document_relates_to():
    assert [e["key"] for e in districts.missing_evidence(RULESET, "unit", {"Art. 10(3)"})] == ["registration"]
    assert districts.missing_evidence(RULESET, "unit", {"registration"}) == []
    assert districts.missing_evidence(RULESET, "individual", set()) == []
    assert districts.missing_evidence({}, "unit", set()) == []
