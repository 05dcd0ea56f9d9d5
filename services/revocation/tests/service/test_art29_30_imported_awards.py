"""Awards from before the suite can be revoked (issue 31, item 14; Art. 29, 30, 31): an imported
award keeps its real edition and date, a case opens on it under the grounds of the rule set bound
to its edition (the 2011 Measures' for an award made before 2018-12-07), and 获奖后 and the
spot-check count read the real date, not the day it was imported."""
from award_testing.helpers import ruleset_2011_stand_in, wait_for
from revocation_testkit import CYCLE, UNIT_CODE, case_body, ground, publish

OTHER_CODE = "91370100MA3C4YYY2B"


def imported(award_id, cycle_id, edition, granted_on, ruleset=None, credit_code=UNIT_CODE):
    """``award.granted`` as publicity's import sends it: no granted_at, the real date and edition."""
    data = {"award_id": award_id, "application_id": f"imported-{award_id}", "cycle_id": cycle_id,
            "certificate_number": f"济质奖〔{edition}〕{award_id}", "recipient_name": "济南老字号示例集团",
            "credit_code": credit_code, "category": "unit_award", "items": ["trophy", "plaque", "certificate"],
            "prize_amount": "300000.00", "imported": True, "edition": edition, "granted_on": granted_on}
    if ruleset is not None:
        data["ruleset"] = ruleset
    return data


def _learn(office, data):
    publish(office.amqp_uri, "publicity", "award.granted", data)
    wait_for(lambda: office.client.get(f"/v1/awards/{data['award_id']}", "office").status_code == 200,
             message=f"revocation to learn {data['award_id']}")
    return office.client.get(f"/v1/awards/{data['award_id']}", "office").json()


def test_art29_art31_an_award_of_the_2011_measures_is_revoked_on_its_own_editions_grounds_after_its_real_date(office):
    award = _learn(office, imported("award-2016-a", "cycle-2016", 2016, "2016-12-20", ruleset_2011_stand_in()))
    assert (award["granted_on"], award["edition"], award["imported"]) == ("2016-12-20", 2016, True)
    # the 2018 Measures' grounds are not this award's: it was made under the 2011 ones
    refused = office.post("/v1/cases", "office", case_body("award-2016-a", ground("Art. 29(2)", "2017-03-01")))
    assert refused.status_code == 422, refused.text
    assert "grounds.0.item" in refused.json()["error"]["fields"] and "第二十五条" in refused.json()["error"]["message"]
    # a fact before the real award date is not 获奖后; one after it is, though long before the import
    before = office.post("/v1/cases", "office", case_body("award-2016-a", ground("Art. 25(2)", "2016-11-01")))
    assert before.status_code == 422 and "2016年12月20日" in before.json()["error"]["message"]
    case_id = office.open_case("award-2016-a", ground("Art. 25(2)", "2017-03-01"))
    assert office.to_state(case_id, "revoked")["state"] == "revoked"
    [entry] = office.client.get("/public/v1/revocations").json()["revocations"]
    assert entry["award_id"] == "award-2016-a" and entry["grounds"][0]["item"] == "Art. 25(2)"
    assert entry["category_name"] == ruleset_2011_stand_in()["categories"]["unit_award"]["name"]


def test_art29_4_spot_checks_count_from_an_imported_awards_real_date(office):
    """An award of the 2019 edition imported in 2021: failures in 2020 come after it (获奖后)."""
    _learn(office, imported("award-2019-imp", CYCLE, 2019, "2019-12-20", credit_code=OTHER_CODE))
    office.spot_check("R-2020-01", "2020-03-01", credit_code=OTHER_CODE)
    answer = office.spot_check("R-2020-02", "2020-09-01", credit_code=OTHER_CODE).json()
    assert [c["award_id"] for c in answer["cases"]] == ["award-2019-imp"] and answer["cases"][0]["case_id"]


def test_art29_4_spot_checks_open_no_2018_case_on_an_award_of_the_2011_measures(office):
    _learn(office, imported("award-2016-b", "cycle-2016", 2016, "2016-12-20", ruleset_2011_stand_in(),
                            credit_code=OTHER_CODE))
    office.spot_check("R-2017-01", "2017-03-01", credit_code=OTHER_CODE)
    answer = office.spot_check("R-2017-02", "2017-09-01", credit_code=OTHER_CODE)
    assert answer.status_code == 201 and answer.json()["cases"] == []
