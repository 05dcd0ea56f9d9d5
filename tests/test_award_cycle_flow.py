"""Suite test of issue 12 (with 13): from the office's candidate list to the award and, a year
later, its revocation — each service in its own container, database and port.

Intake takes the real applications, which their district recommends; scoring's
``candidates.proposed`` is published as scoring would; publicity runs deliberation, the notice
(on the business clock, across the 2019 National Day holiday), an upheld and a dismissed
objection, approval and conferral; intake's Art. 6 registry then bars the winner; revocation
learns the award from publicity and, from intake's recommendation, the account that owns the
winning application: the winner files the use report of its prize money itself, another
applicant may not, the office accepts it (Art. 21) — and no public page names that account. Two
failed spot checks then open a case, and the certificate stops verifying
as genuine."""
from award_demo.revocation_steps import CASE_STEPS
from award_intake import examples
from award_intake.service import IntakeService
from award_publicity.service import PublicityService
from award_revocation.service import RevocationService
from award_testing.helpers import publish_event, wait_for

SCHEDULE = {"application": "2019-05-31T17:00:00+08:00", "district_review": "2019-06-30T17:00:00+08:00"}
WINNER, OTHER = examples.credit_code(), examples.credit_code(body="12345678")
#: the winner's account (its token's ``sub``): personal data no public event, page or feed shows
WINNER_ACCOUNT, OTHER_ACCOUNT = "winner-account-7f3a9c", "applicant-account-b"


def ok(resp, status=200):
    assert resp.status_code == status, resp.text
    return resp.json()


def submit_unit(intake, sub, credit_code, name):
    """The applicant's account ``sub`` applies; its district recommends it (Art. 14), which tells
    the other services — revocation among them — whose the application is."""
    c = intake.client
    app = ok(c.post("/v1/cycles/cycle-2019/applications", "applicant", sub=sub,
                    json_body=examples.unit_form(credit_code=credit_code, name=name)), 201)
    for doc in examples.required_documents():  # Art. 14: the form, the report, the evidence
        ok(c.post(f"/v1/applications/{app['application_id']}/documents", "applicant", sub=sub,
                  json_body=doc), 201)
    ok(c.post(f"/v1/applications/{app['application_id']}/submit", "applicant", sub=sub))
    ok(c.post(f"/v1/applications/{app['application_id']}/district-review", "district", district="历下区",
              json_body={"decision": "recommend", "opinion": "经初审，同意推荐", "signatory": "王主任",
                         "member_units": examples.MEMBER_UNITS}))
    return app["application_id"]


def objection_resolved(publicity, application_id, outcome):
    p = publicity.client
    tracking = ok(p.post("/public/v1/objections", json_body={
        "application_id": application_id, "content": "公示对象存在未披露的质量问题", "objector_name": "公众甲",
        "objector_contact": "13900000000"}), 201)["tracking_number"]
    [objection] = [o for o in ok(p.get("/v1/objections", "office"))["objections"] if o["tracking_number"] == tracking]
    oid = objection["objection_id"]
    ok(p.post(f"/v1/objections/{oid}/investigation", "office", json_body={
        "investigators": ["办公室 李某"], "checked": "核查相关记录", "conclusion": "见处理意见"}))
    ok(p.post(f"/v1/objections/{oid}/resolution", "office", json_body={
        "outcome": outcome, "handling_opinion": "经调查核实，" + ("异议成立" if outcome == "upheld" else "异议不成立")}))
    ok(p.post(f"/v1/objections/{oid}/resolution", "leading_group", json_body={"decision": "approve"}))
    return tracking


def test_from_the_candidate_list_to_an_award_a_registry_bar_and_a_revocation(service_factory, rabbit_config, tmp_path):
    a_whole_cycle(service_factory, rabbit_config["AMQP_URI"], tmp_path)


def a_whole_cycle(service_factory, amqp, tmp_path):
    """The cycle of this module's docstring, checked step by step; also the traffic
    tests/test_feed_follows_the_cycle.py compares the feed with a bureau's queue after."""
    intake = service_factory(IntakeService, clock="fixed:2019-03-01T09:00:00+08:00",
                             extra={"DOCUMENT_DIR": str(tmp_path / "docs")})
    publicity = service_factory(PublicityService, clock="simulated:2019-09-27T10:00:00+08:00",
                                extra={"NOTICE_TIMER_SECONDS": 0.2})
    revocation = service_factory(RevocationService, clock="fixed:2020-12-01T09:00:00+08:00",
                                 extra={"DOCUMENT_DIR": str(tmp_path / "evidence")})
    p = publicity.client
    ok(intake.client.post("/v1/cycles", "office", json_body={"edition": 2019, "schedule": SCHEDULE}), 201)
    scheme = ok(intake.client.post("/v1/cycles/cycle-2019/review-scheme", "office", json_body={}), 201)  # Art. 7 LG(2)
    ok(intake.client.post("/v1/cycles/cycle-2019/review-scheme/decision", "leading_group", json_body={
        "outcome": "approved", "scheme_sha256": scheme["scheme_sha256"], "decision": "市质量强市领导小组审定评审方案"}))
    ok(intake.client.post("/v1/cycles/cycle-2019/notice", "office",
                          json_body={"text": "关于组织申报2019年度济南市市长质量奖的通知"}), 201)
    winner = submit_unit(intake, WINNER_ACCOUNT, WINNER, "济南示例精密机械有限公司")
    other = submit_unit(intake, OTHER_ACCOUNT, OTHER, "济南泉城智能装备股份有限公司")
    wait_for(lambda: p.get("/v1/cycles/cycle-2019", "office").status_code == 200, message="publicity's cycle")

    publish_event(amqp, "scoring", "candidates.proposed", {"cycle_id": "cycle-2019", "list_id": "list-1", "categories": [
        {"category": "unit_award", "vacancies": 3, "candidates": [
            {"rank": 1, "application_id": winner, "applicant_name": "济南示例精密机械有限公司", "score": 861.0},
            {"rank": 2, "application_id": other, "applicant_name": "济南泉城智能装备股份有限公司", "score": 802.0}]}]})
    wait_for(lambda: p.get("/v1/cycles/cycle-2019/candidates", "office").status_code == 200, message="the list")
    ok(p.post("/v1/cycles/cycle-2019/deliberation", "leading_group", json_body={
        "meeting_date": "2019-09-20", "members_present": ["组长", "副组长"], "decisions": [
            {"application_id": winner, "decision": "adopted"}, {"application_id": other, "decision": "adopted"}]}), 201)
    notice = ok(p.post("/v1/cycles/cycle-2019/public-notice", "office", json_body={
        "media": [{"name": "济南日报", "date": "2019-09-27", "page": "A3"}]}), 201)
    assert notice["window_end"] == "2019-10-11T00:00:00+08:00"  # across the National Day holiday
    objection_resolved(publicity, other, "upheld")
    tracking = objection_resolved(publicity, winner, "dismissed")
    assert ok(p.get(f"/public/v1/objections/{tracking}"))["outcome"] == "dismissed"

    ok(p.post("/admin/v1/clock", "operator", json_body={"at": "2019-10-11T09:00:00+08:00"}))
    wait_for(lambda: ok(p.get("/public/v1/notices/current"))["notices"][0]["status"] == "closed",
             message="the notice to close on the business clock")
    ok(p.post("/v1/cycles/cycle-2019/submission", "leading_group", json_body={"submitted_on": "2019-10-15"}), 201)
    approved = ok(p.post("/v1/cycles/cycle-2019/approval", "government", json_body={
        "document_number": "济政字〔2019〕88号", "approved_on": "2019-10-25"}), 201)
    assert [a["application_id"] for a in approved["awards"]] == [winner]  # the upheld one left the list
    ok(p.call("PUT", "/v1/cycles/cycle-2019/prize-amounts", "office", json_body={"amounts": {"unit_award": "500000.00"}}))
    [award] = ok(p.post("/v1/cycles/cycle-2019/conferral", "office", json_body={"granted_on": "2019-11-01"}),
                 201)["awards"]
    number = award["certificate_number"]
    assert ok(p.get(f"/public/v1/certificates/{number}"))["status"] == "in_force"

    def barred():  # intake's Art. 6 registry learned the award from award.granted
        rows = ok(intake.client.get("/v1/past-winners", "office"))["past_winners"]
        return [r for r in rows if r["credit_code"] == WINNER]
    [entry] = wait_for(barred, message="intake's registry to bar the winner")
    assert entry["certificate_number"] == number and entry["source"] == "granted"
    again = intake.client.post("/v1/cycles/cycle-2019/applications", "applicant", sub="unit-a2",
                               json_body=examples.unit_form(credit_code=WINNER, name="济南示例精密机械有限公司"))
    if again.status_code == 201:  # drafts may be made; submission is where Art. 6 bites
        for doc in examples.required_documents():  # Art. 14: the form, the report, the evidence
            ok(intake.client.post(f"/v1/applications/{again.json()['application_id']}/documents", "applicant",
                                  sub="unit-a2", json_body=doc), 201)
        again = intake.client.post(f"/v1/applications/{again.json()['application_id']}/submit", "applicant",
                                   sub="unit-a2")
    assert again.status_code == 409 and again.json()["error"]["article"] == "Art. 6"

    def closed():  # intake learned award.approved: the office may now close the cycle (Art. 18)
        resp = intake.client.post("/v1/cycles/cycle-2019/close", "office", json_body={"reason": "获奖名单已公布"})
        return resp.json() if resp.status_code == 200 else None
    assert wait_for(closed, message="the cycle to close after approval")["outcome"] == "awarded"

    r = revocation.client
    wait_for(lambda: r.get(f"/v1/awards/{award['award_id']}", "office").status_code == 200,
             message="revocation to learn the award from publicity")
    winner_reports_the_use(r, award["award_id"])
    for page in (p.get(f"/public/v1/certificates/{number}"), p.get("/public/v1/cycles/cycle-2019/awards"),
                 p.get("/public/v1/cycles/cycle-2019/awards?format=html")):
        assert page.status_code == 200 and WINNER_ACCOUNT not in page.text
    for report, day in (("SC-2020-001", "2020-05-10"), ("SC-2020-002", "2020-11-10")):
        answer = ok(r.post("/v1/spot-checks", "regulator", json_body={
            "credit_code": WINNER, "product": "数控机床", "checked_on": day, "level": "provincial",
            "result": "fail", "report_number": report}), 201)
    [case] = answer["cases"]
    for route, role, body in CASE_STEPS:
        ok(r.post(f"/v1/cases/{case['case_id']}/{route}", role, json_body=body))
    wait_for(lambda: ok(p.get(f"/public/v1/certificates/{number}"))["status"] == "revoked",
             message="the certificate to stop verifying as genuine")
    assert ok(p.get(f"/public/v1/certificates/{number}"))["revoked_on"] == "2020-11-30"
    assert WINNER_ACCOUNT not in r.get("/public/v1/revocations?format=html").text


def winner_reports_the_use(r, award_id):
    """Art. 21: the winner's own account (intake's owner of the application, which revocation
    learned from application.recommended) files the use report of its prize money and reads the
    office's answer; the other applicant's account is refused naming the article."""
    ok(r.post(f"/v1/awards/{award_id}/payments", "office", json_body={
        "paid_on": "2020-01-15", "amount": "500000.00", "reference": "付款凭证 2020-0015", "budget_year": 2020,
        "budget_line": "市长质量奖奖励资金（质量发展专项）"}), 201)
    use = {"reported_on": "2020-11-20", "uses": [{"purpose": "research", "amount": "300000"}]}
    wait_for(lambda: r.get(f"/v1/awards/{award_id}/duties", "applicant", sub=WINNER_ACCOUNT).status_code == 200,
             message="revocation to know the winner's account")
    refused = r.post(f"/v1/awards/{award_id}/fund-use-reports", "applicant", sub=OTHER_ACCOUNT, json_body=use)
    assert refused.status_code == 403 and refused.json()["error"]["article"] == "Art. 21", refused.text
    report = ok(r.post(f"/v1/awards/{award_id}/fund-use-reports", "applicant", sub=WINNER_ACCOUNT, json_body=use), 201)
    assert (report["filed_by"], report["recorded_by"]) == ("winner", WINNER_ACCOUNT)
    ok(r.post(f"/v1/fund-use-reports/{report['report_id']}/review", "office", json_body={
        "decision": "accepted", "note": "用途符合第二十一条"}))
    [seen] = ok(r.get(f"/v1/awards/{award_id}/duties", "applicant", sub=WINNER_ACCOUNT))["use_reports"]
    assert seen["status"] == "accepted"
