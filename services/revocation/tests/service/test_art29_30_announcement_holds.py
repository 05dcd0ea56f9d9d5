"""The public announcement of revocations (向社会公告, Art. 29, 30) in JSON and Chinese HTML,
and the holds step 14 obeys: only those placed on ``revocation`` (issue 13, item 8)."""
from award_testing.helpers import wait_for
from revocation_testkit import CYCLE, case_body, ground, publish


def _revoke(office, award_id):
    case_id = office.open_case(office.grant(award_id))
    office.to_state(case_id, "revoked")
    return case_id


def test_art29_the_announcement_names_recipient_award_grounds_and_decision_but_nothing_confidential(office):
    _revoke(office, "award-p1")
    office.open_case(office.grant("award-p2"))  # not decided: not announced
    resp = office.client.get("/public/v1/revocations")
    assert resp.status_code == 200 and resp.headers["Content-Type"].startswith("application/json")
    [entry] = resp.json()["revocations"]
    assert entry["recipient_name"] == "济南示例制造有限公司" and entry["certificate_number"] == "JNSZ-award-p1"
    assert entry["grounds"] == [{"item": "Art. 29(2)", "text": "发生较大及以上生产安全事故，发生重大质量、环保、卫生等事故的",
                                 "summary": entry["grounds"][0]["summary"]}]
    assert (entry["decision_number"], entry["decision_date"]) == ("济政字〔2021〕12号", "2021-05-20")
    text = resp.text
    assert "evidence" not in text and "findings" not in text and "office-test" not in text and "经调查" not in text


def test_art29_the_announcement_in_chinese_html_by_accept_or_by_format(office):
    _revoke(office, "award-p3")
    by_accept = office.client.get("/public/v1/revocations", headers={"Accept": "text/html"})
    by_format = office.client.get("/public/v1/revocations?format=html")
    for resp in (by_accept, by_format):
        assert resp.headers["Content-Type"].startswith("text/html")
        assert "撤销公告" in resp.text and "济政字〔2021〕12号" in resp.text and "第二十九条" in resp.text
    assert by_accept.text == by_format.text


def _hold(office, hold_id, step, subject):
    publish(office.amqp_uri, "supervision", "hold.placed", {
        "hold_id": hold_id, "cycle_id": CYCLE, "step": step, "subject": subject,
        "placed_by": "supervisor-1", "placed_by_service": "supervision", "reason": "举报待查", "article": "Art. 26"})
    wait_for(lambda: any(h["hold_id"] == hold_id for h in office.client.get("/admin/v1/holds", "office").json()["holds"]),
             message="the hold to arrive")


def test_art29_a_hold_on_an_earlier_step_never_blocks_the_revocation(office):
    case_id = office.open_case(office.grant("award-h1"))
    _hold(office, "hold-conferral", "conferral", "award-h1")
    _hold(office, "hold-everyone", "approval", None)
    assert office.to_state(case_id, "revoked")["state"] == "revoked"


def test_art29_a_hold_on_revocation_for_the_award_stops_its_case(office):
    case_id = office.open_case(office.grant("award-h2"))
    _hold(office, "hold-rev", "revocation", "award-h2")
    resp = office.post(f"/v1/cases/{case_id}/investigation", "office", {"findings": "调查"})
    assert resp.status_code == 409 and resp.json()["error"]["fields"]["hold_id"] == "hold-rev"
    other = office.open_case(office.grant("award-h3"))
    assert office.post(f"/v1/cases/{other}/investigation", "office", {"findings": "调查"}).status_code == 200


def test_every_route_of_revocation_is_in_its_openapi_document(office):
    paths = office.client.get("/openapi.json").json()["paths"]
    for path in ("/v1/cases", "/v1/cases/{case_id}", "/v1/cases/{case_id}/investigation",
                 "/v1/cases/{case_id}/verification", "/v1/cases/{case_id}/proposal", "/v1/cases/{case_id}/decision",
                 "/v1/cases/{case_id}/recovery", "/v1/recoveries/overdue", "/v1/spot-checks",
                 "/v1/awards/{award_id}", "/public/v1/revocations", "/metrics", "/public/v1/reports",
                 "/public/v1/reports/{tracking_number}", "/v1/reports", "/v1/reports/{report_id}",
                 "/v1/reports/{report_id}/triage"):
        assert path in paths, path


def test_art29_30_the_announcement_speaks_the_rule_sets_names_and_each_articles_items_in_chinese_dates(office):
    """Issue 31, item 15: the category as the rule set names it (（单位）, never （组织）); an
    individual gives back what Art. 30 names (奖章和荣誉证书), not a trophy; dates in Chinese form."""
    _revoke(office, "award-t1")
    person = office.open_case(office.grant("award-t2", kind="individual", items=("medal", "certificate"),
                                           name="张示例"), ground("Art. 30(2)"))
    office.to_state(person, "revoked")
    by_award = {r["award_id"]: r for r in office.client.get("/public/v1/revocations").json()["revocations"]}
    assert by_award["award-t1"]["category_name"] == "市长质量奖（单位）"
    assert by_award["award-t2"]["category_name"] == "市长质量奖（个人）"
    assert by_award["award-t1"]["recovered"] == "奖杯、荣誉证书和奖励资金"
    assert by_award["award-t2"]["recovered"] == "奖章、荣誉证书和奖励资金"
    page = office.client.get("/public/v1/revocations?format=html").text
    assert "（组织）" not in page and "市长质量奖（单位）" in page and "市长质量奖（个人）" in page
    assert "获奖个人收回奖励资金、奖章和荣誉证书等（第三十条）" in page
    row = page[page.index("张示例"):].split("</tr>")[0]
    assert "奖章" in row and "荣誉证书" in row and "奖杯" not in row and "奖牌" not in row
    assert "2021年5月20日" in page and "2021-05-20" not in page


def test_art30_a_refusal_prints_its_dates_in_chinese_never_iso(office):
    office.grant("award-t3", kind="individual", items=("medal", "certificate"))
    resp = office.post("/v1/cases", "office", case_body("award-t3", ground("Art. 30(2)", fact_date="2019-12-01")))
    assert resp.status_code == 422, resp.text
    message = resp.json()["error"]["message"]
    assert "2019年12月1日" in message and "2019年12月20日" in message and "2019-12" not in message
