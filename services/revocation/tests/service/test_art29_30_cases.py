"""Cases on the grounds of Art. 29 (units) and Art. 30 (individuals): opening, joining, refusals."""
from award_revocation.tables import cases
from award_testing.helpers import count_rows
from revocation_testkit import case_body, ground


def test_art29_a_unit_case_opens_on_a_ground_after_the_award_with_its_evidence(office):
    award = office.grant("award-u1")
    resp = office.post("/v1/cases", "office", case_body(award, ground("Art. 29(2)", "2020-08-01")))
    assert resp.status_code == 201, resp.text
    case = resp.json()
    assert case["state"] == "opened" and case["grounds"][0]["item"] == "Art. 29(2)"
    assert case["evidence"][0]["sha256"] and case["evidence"][0]["size"] == 17


def test_art30_an_individual_case_opens_on_art30_and_refuses_art29(office):
    award = office.grant("award-i1", kind="individual")
    refused = office.post("/v1/cases", "office", case_body(award, ground("Art. 29(2)")))
    assert refused.status_code == 422
    error = refused.json()["error"]
    assert error["article"] == "Art. 30" and "grounds.0.item" in error["fields"] and "第三十条" in error["message"]
    assert count_rows(office.svc.engine, cases) == 0
    assert office.post("/v1/cases", "office", case_body(award, ground("Art. 30(3)"))).status_code == 201


def test_art29_a_unit_award_refuses_an_art30_ground(office):
    award = office.grant("award-u2")
    error = office.post("/v1/cases", "office", case_body(award, ground("Art. 30(2)"))).json()["error"]
    assert error["article"] == "Art. 29" and "grounds.0.item" in error["fields"]


def test_art29_a_ground_that_does_not_exist_is_refused_naming_its_field(office):
    """The schema takes any "Art. N(M)"; the rule set of the award's edition says which exist."""
    award = office.grant("award-u3")
    resp = office.post("/v1/cases", "office", case_body(award, ground("Art. 29(13)")))
    assert resp.status_code == 422 and "grounds.0.item" in resp.json()["error"]["fields"]
    resp = office.post("/v1/cases", "office", case_body(award, ground("Art. 29")))
    assert resp.status_code == 422 and "grounds" in resp.json()["error"]["fields"]


def test_art29_grounds_after_1_need_facts_dated_after_the_award(office):
    award = office.grant("award-u4", granted_at="2019-12-20T10:00:00+08:00")
    before = office.post("/v1/cases", "office", case_body(award, ground("Art. 29(9)", "2019-11-01")))
    assert before.status_code == 422
    error = before.json()["error"]  # 获奖后 is Art. 30's word: for a unit this suite's rule, citing no article
    assert error["code"] == "unit_fact_before_award" and "article" not in error and "获奖后" in error["message"]
    assert "第二十九条" not in error["message"]


def test_art29_1_fraud_in_obtaining_the_award_may_cite_facts_before_it(office):
    award = office.grant("award-u5")
    resp = office.post("/v1/cases", "office", case_body(award, ground("Art. 29(1)", "2019-04-01", "申报材料造假")))
    assert resp.status_code == 201, resp.text


def test_art30_1_fraud_in_obtaining_the_award_may_cite_facts_before_it(office):
    award = office.grant("award-i2", kind="individual")
    resp = office.post("/v1/cases", "office", case_body(award, ground("Art. 30(1)", "2019-04-01", "业绩造假")))
    assert resp.status_code == 201, resp.text


def test_art29_a_case_on_an_unknown_award_is_404(office):
    resp = office.post("/v1/cases", "office", case_body("award-none"))
    assert resp.status_code == 404


def test_art29_a_new_ground_joins_the_open_case_until_it_is_verified(office):
    award = office.grant("award-u6")
    case_id = office.open_case(award, ground("Art. 29(2)"))
    joined = office.post("/v1/cases", "office", case_body(award, ground("Art. 29(9)", "2021-01-05", "媒体曝光")))
    assert joined.status_code == 200 and joined.json()["joined"] and joined.json()["case_id"] == case_id
    assert [g["item"] for g in joined.json()["grounds"]] == ["Art. 29(2)", "Art. 29(9)"]
    office.to_state(case_id, "verified")
    second = office.post("/v1/cases", "office", case_body(award, ground("Art. 29(8)", "2021-02-01")))
    assert second.status_code == 409 and second.json()["error"]["fields"]["case_id"] == case_id
    assert count_rows(office.svc.engine, cases) == 1


def test_art29_evidence_of_a_type_not_allowed_is_refused(office):
    award = office.grant("award-u7")
    body = case_body(award)
    body["evidence"][0]["media_type"] = "text/html"
    resp = office.post("/v1/cases", "office", body)
    assert resp.status_code == 422 and "evidence.media_type" in resp.json()["error"]["fields"]
