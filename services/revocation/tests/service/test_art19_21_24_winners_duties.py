"""A winner's duties after the award, kept beside the award: the prize money paid (Art. 19, 20),
its use reported against Art. 21's purposes and the office's answer, the experience shared
(Art. 24) — what a case on Art. 29(7) shows as its evidence — and a recovery reversing a
recorded payment (Art. 29)."""
from revocation_testkit import ground


def _pay(office, award_id, amount, paid_on="2020-01-15", budget_year=2020, reference="付款凭证 2020-0015"):
    return office.post(f"/v1/awards/{award_id}/payments", "office", {
        "paid_on": paid_on, "amount": amount, "reference": reference, "budget_year": budget_year,
        "budget_line": "市长质量奖奖励资金（质量发展专项）"})


def _duties(office, award_id):
    return office.client.get(f"/v1/awards/{award_id}/duties", "office").json()


def test_art19_20_21_payments_are_recorded_and_the_use_is_reported_accepted_or_queried(office):
    award_id = office.grant("award-d1", prize="500000.00")
    assert _pay(office, award_id, "300000.00").status_code == 201
    wrong_year = _pay(office, award_id, "200000.00", budget_year=2019)
    assert wrong_year.status_code == 422 and "budget_year" in wrong_year.json()["error"]["fields"]
    assert "第二十条" in wrong_year.json()["error"]["message"]
    too_much = _pay(office, award_id, "200000.01", paid_on="2020-03-01")
    assert too_much.status_code == 422 and "第十九条" in too_much.json()["error"]["message"]
    assert _pay(office, award_id, "200000.00", paid_on="2020-03-01", reference="付款凭证 2020-0042").status_code == 201
    record = _duties(office, award_id)
    assert [p["amount"] for p in record["payments"]] == ["300000.00", "200000.00"]
    assert record["payments"][0]["budget_year"] == 2020 and record["payments"][0]["reversed"] == "0.00"

    # Art. 21: a purpose of an individual is not a unit's; more than was paid is refused
    bad = office.post(f"/v1/awards/{award_id}/fund-use-reports", "office", {
        "reported_on": "2020-12-20", "uses": [{"purpose": "study", "amount": "100"},
                                              {"purpose": "other", "amount": "100"}]})
    assert bad.status_code == 422 and "第二十一条" in bad.json()["error"]["message"]
    assert set(bad.json()["error"]["fields"]) == {"uses.0.purpose", "uses.1.description"}
    over = office.post(f"/v1/awards/{award_id}/fund-use-reports", "office", {
        "reported_on": "2020-12-20", "uses": [{"purpose": "research", "amount": "500000.01"}]})
    assert over.status_code == 422 and "uses" in over.json()["error"]["fields"]
    assert _duties(office, award_id)["use_reports"] == []  # nothing changed

    report = office.post(f"/v1/awards/{award_id}/fund-use-reports", "office", {
        "reported_on": "2020-12-20", "period": "2020年度",
        "uses": [{"purpose": "research", "amount": "250000"}, {"purpose": "laboratory", "amount": "150000"},
                 {"purpose": "other", "amount": "20000", "description": "质量管理体系认证"}]})
    assert report.status_code == 201 and report.json()["status"] == "received"
    report_id = report.json()["report_id"]
    queried = office.post(f"/v1/fund-use-reports/{report_id}/review", "office",
                          {"decision": "queried", "note": "请说明质量管理体系认证支出的凭证"})
    assert queried.json()["status"] == "queried"
    again = office.post(f"/v1/fund-use-reports/{report_id}/review", "office",
                        {"decision": "accepted", "note": "认可"})
    assert again.status_code == 409
    [kept] = _duties(office, award_id)["use_reports"]
    assert kept["uses"][2] == {"purpose": "other", "amount": "20000.00", "description": "质量管理体系认证"}


def test_art29_a_recovery_reverses_the_recorded_payment_it_names(office):
    award_id = office.grant("award-d2", prize="100000.00")
    payment = _pay(office, award_id, "100000.00").json()
    case_id = office.open_case(award_id)
    office.to_state(case_id, "revoked")
    back = {"returned_on": "2021-05-30", "receipt_number": "R-1", "received_by": "市质量强市办 王某"}
    unnamed = office.post(f"/v1/cases/{case_id}/recovery", "office", {**back, "amount": "40000"})
    assert unnamed.status_code == 422 and "payment_id" in unnamed.json()["error"]["fields"]
    ok = office.post(f"/v1/cases/{case_id}/recovery", "office",
                     {**back, "amount": "40000", "payment_id": payment["payment_id"]})
    assert ok.status_code == 200 and ok.json()["recovery"]["returns"][0]["payment_id"] == payment["payment_id"]
    [paid] = _duties(office, award_id)["payments"]
    assert paid["reversed"] == "40000.00" and paid["reversals"][0]["case_id"] == case_id


def test_art24_art29_7_the_experience_shared_is_the_evidence_of_a_case_on_the_duty_refused(office):
    award_id = office.grant("award-d3")
    shared = office.post(f"/v1/awards/{award_id}/experience-sharing", "office", {
        "shared_on": "2020-05-12", "form": "exchange_meeting", "what": "卓越绩效模式导入经验", "audience": "全市质量工作会议"})
    assert shared.status_code == 201 and shared.json()["form_name"] == "经验交流会"
    assert office.post(f"/v1/awards/{award_id}/experience-sharing", "office", {
        "shared_on": "2020-05-12", "form": "telepathy", "what": "x"}).status_code == 422
    case_id = office.open_case(award_id, ground("Art. 29(7)", "2021-03-01", "拒绝参加年度经验交流活动"))
    case = office.client.get(f"/v1/cases/{case_id}", "office").json()
    [record] = case["duty_record"]["experience_shared"]
    assert record["shared_on"] == "2020-05-12" and record["what"] == "卓越绩效模式导入经验"
    other = office.open_case(office.grant("award-d4"))  # Art. 29(2): no duty record asked for
    assert "duty_record" not in office.client.get(f"/v1/cases/{other}", "office").json()
