"""The console's pages after the award and an opinion's answer (award_console/pages_after.py,
pages_list.py, issue 35) against running intake, publicity and revocation, people signed in as
the development test users: the office records a prize payment, a fund-use report (its uses typed
a line each) and its query on an award's page; a case opened by two failed spot checks
(Art. 29(4)) is verified by the office, proposed by the leading group and decided by the
government, each offered only its own step, and a recovery recorded; an applicant, whom
revocation refuses, is shown the refusal and nothing of the case; a service that does not answer
leaves its part of a page out. The office answers the supervision group's opinion on the list
(Art. 16) from the edition's list page; the leading group is offered no answer."""
import re
import socket

import pytest
from werkzeug.test import Client

from award_intake.service import IntakeService
from award_publicity.service import PublicityService
from award_revocation.service import RevocationService
from award_testing.helpers import publish_event, wait_for

from test_console_session import console, csrf_of

SCHEDULE = {"application": "2019-05-31T17:00:00+08:00", "district_review": "2019-06-30T17:00:00+08:00"}
UNIT = "91370100MA3C4XXX1A"
AWARD = "award-2019-u1"


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def signed_in(app, login):
    client = Client(app)
    page = client.get("/signin").get_data(as_text=True)
    client.post("/signin/dev", data={"csrf": csrf_of(page), "login": login})
    return client


def post(client, path, data):
    form = client.get(path).get_data(as_text=True)
    return client.post(path.split("?")[0], data={"csrf": csrf_of(form), **data})


@pytest.mark.engines("postgresql")  # the console keeps no data: the services' own tests cover both engines
def test_an_award_a_case_and_an_opinion_through_the_console(service_factory, rabbit_config, key_dir, tmp_path):
    intake = service_factory(IntakeService, clock="fixed:2019-03-01T09:00:00+08:00")
    revocation = service_factory(RevocationService, clock="fixed:2021-06-01T09:00:00+08:00",
                                 extra={"DOCUMENT_DIR": str(tmp_path / "evidence")})
    publicity = service_factory(PublicityService, clock="fixed:2019-09-27T10:00:00+08:00")
    rc = revocation.client
    intake.client.post("/v1/cycles", "office", json_body={"edition": 2019, "schedule": SCHEDULE})
    for service in (revocation, publicity):
        wait_for(lambda: service.client.get("/v1/cycles/cycle-2019", "office").status_code == 200,
                 message=f"{service.service_name}'s cycle")
    publish_event(rabbit_config["AMQP_URI"], "publicity", "award.granted", {
        "award_id": AWARD, "application_id": "app-2019-u1", "cycle_id": "cycle-2019",
        "certificate_number": "JNSZ-2019-U-001", "recipient_name": "济南示例制造有限公司", "credit_code": UNIT,
        "category": "unit_award", "items": ["trophy", "certificate"], "prize_amount": "500000.00",
        "granted_at": "2019-12-20T10:00:00+08:00"})
    wait_for(lambda: rc.get(f"/v1/awards/{AWARD}", "office").status_code == 200, message="revocation's award")
    app, _ = console(tmp_path, AWARD_KEY_DIR=key_dir, CONSOLE_INTAKE_URL=intake.client.base_url,
                     CONSOLE_REVOCATION_URL=rc.base_url, CONSOLE_PUBLICITY_URL=f"http://127.0.0.1:{closed_port()}")
    try:
        walk(app, rc)
    finally:
        app.http.close()  # its kept-alive connections would hold the services' stop
    # the supervision group's opinion on the list, answered by the office (Art. 16)
    publish_event(rabbit_config["AMQP_URI"], "supervision", "opinion.recorded", {
        "application_id": "app-2019-u1", "cycle_id": "cycle-2019", "opinion": "建议核实该单位的整改情况"},
        event_id="01a250c2-8244-7137-babf-a0c48ee64bb9")
    wait_for(lambda: publicity.client.get("/v1/cycles/cycle-2019/opinions", "office").json().get("opinions"),
             message="publicity's opinion")
    app, _ = console(tmp_path, AWARD_KEY_DIR=key_dir, CONSOLE_INTAKE_URL=intake.client.base_url,
                     CONSOLE_PUBLICITY_URL=publicity.client.base_url)
    try:
        office = signed_in(app, "dev-office")
        page = office.get("/cycles/cycle-2019/list").get_data(as_text=True)
        assert "候选名单：未能取得" in page and "建议核实该单位的整改情况" in page  # no list yet: said so
        link = re.search(r'/act/answer-opinion\?opinion_id=([\w-]+)', page).group(1)
        form = office.get(f"/act/answer-opinion?opinion_id={link}").get_data(as_text=True)
        assert "<blockquote>建议核实该单位的整改情况</blockquote>" in form  # what it answers, beside the form
        answered = post(office, f"/act/answer-opinion?opinion_id={link}", {
            "opinion_id": link, "accepted": "false", "reason": "已核实，整改到位，无需调整名单"})
        assert answered.status_code == 303 and answered.headers["Location"] == "/cycles/cycle-2019/list"
        page = office.get("/cycles/cycle-2019/list").get_data(as_text=True)
        assert "未采纳" in page and "/act/answer-opinion" not in page
        group = signed_in(app, "dev-leading-group")
        assert "/act/answer-opinion" not in group.get("/cycles/cycle-2019/list").get_data(as_text=True)
    finally:
        app.http.close()


def walk(app, rc):

    office = signed_in(app, "dev-office")
    home = office.get("/").get_data(as_text=True)
    assert "按奖项编号打开获奖记录" in home  # publicity not answering: its parts are left out, the page stands
    # the edition's awards with what is due on each, first page on the home, the rest on its page (Art. 19, 24)
    dues = home.split('id="h-dues"', 1)[1]
    assert "济南示例制造有限公司" in dues and "奖励资金未付清（Art. 19）" in dues and "尚未开展经验交流（Art. 24）" in dues
    assert 'href="/cycles/cycle-2019/awards"' in dues
    assert office.get(f"/find?kind=award&id={AWARD}").headers["Location"] == f"/awards/{AWARD}"
    paid = post(office, f"/act/record-payment?award_id={AWARD}", {
        "award_id": AWARD, "paid_on": "2020-01-15", "amount": "500000.00", "reference": "付款凭证 2020-0015",
        "budget_year": "2020", "budget_line": "市长质量奖奖励资金（质量发展专项）"})
    assert paid.status_code == 303 and paid.headers["Location"] == f"/awards/{AWARD}", paid.get_data(as_text=True)
    page = office.get(f"/awards/{AWARD}").get_data(as_text=True)
    assert "济南示例制造有限公司" in page and "付款凭证 2020-0015" in page and "/act/record-sharing" in page
    reported = post(office, f"/act/record-fund-use?award_id={AWARD}", {
        "award_id": AWARD, "reported_on": "2020-12-20", "uses": "research｜250000\nother｜20000｜质量管理体系认证"})
    assert reported.status_code == 303, reported.get_data(as_text=True)
    page = office.get(f"/awards/{AWARD}").get_data(as_text=True)
    assert "other 20000.00 质量管理体系认证" in page and "待审查" in page
    report_id = re.search(r"/act/review-fund-use\?report_id=([\w-]+)", page).group(1)
    reviewed = post(office, f"/act/review-fund-use?report_id={report_id}", {
        "report_id": report_id, "decision": "queried", "note": "请说明认证支出的凭证"})
    assert reviewed.status_code == 303 and reviewed.headers["Location"] == f"/awards/{AWARD}"
    assert "已质询" in office.get(f"/awards/{AWARD}").get_data(as_text=True)
    listed = office.get("/cycles/cycle-2019/awards").get_data(as_text=True)
    assert "使用情况报告已质询，待答复（Art. 21）" in listed and "奖励资金未付清" not in listed
    assert "2019 年度：获奖者的奖金拨付与义务" in listed and "500000.00" in listed and "已质询 1" in listed and f'href="/awards/{AWARD}"' in listed
    # a refusal is shown beside its field: a payment without its amount
    refused = post(office, f"/act/record-payment?award_id={AWARD}", {
        "award_id": AWARD, "paid_on": "2020-01-15", "reference": "x", "budget_year": "2020", "budget_line": "y"})
    assert refused.status_code == 422 and 'id="err-amount"' in refused.get_data(as_text=True)

    cases = None
    for report, day in (("SC-2020-001", "2020-05-10"), ("SC-2020-002", "2020-11-10")):
        cases = rc.post("/v1/spot-checks", "regulator", json_body={
            "credit_code": UNIT, "product": "不锈钢保温杯", "checked_on": day, "level": "municipal",
            "result": "fail", "report_number": report}).json()["cases"]
    case_id = cases[0]["case_id"]
    case_page = f"/cases/{case_id}"
    text = office.get(case_page).get_data(as_text=True)
    assert "Art. 29(4)" in text and "/act/verify-case" in text and "/act/decide-revocation" not in text
    for path, data in ((f"/act/investigate-case?case_id={case_id}", {"findings": "两次抽查报告核实无误"}),
                       (f"/act/verify-case?case_id={case_id}", {"outcome": "verified", "reasons": "经查证属实"})):
        done = post(office, path, {"case_id": case_id, **data})
        assert done.status_code == 303 and done.headers["Location"] == case_page, done.get_data(as_text=True)
    group = signed_in(app, "dev-leading-group")
    assert "/act/propose-revocation" in group.get(case_page).get_data(as_text=True)
    # the leading group's home lists the case waiting for its proposal (Art. 7, 29)
    waiting = group.get("/").get_data(as_text=True).split('id="h-cases-verified"', 1)[1]
    assert f"/act/propose-revocation?case_id={case_id}" in waiting and "Art. 29(4)" in waiting
    government = signed_in(app, "dev-government")
    assert "/act/decide-revocation" not in government.get(case_page).get_data(as_text=True)  # not yet proposed
    assert "目前没有待办理的撤销案件" in government.get("/").get_data(as_text=True)
    post(group, f"/act/propose-revocation?case_id={case_id}", {"case_id": case_id, "outcome": "proposed",
                                                                "reasons": "提请市政府撤销"})
    text = government.get(case_page).get_data(as_text=True)
    assert "已提请市政府撤销" in text and "/act/decide-revocation" in text
    home = government.get("/").get_data(as_text=True).split('id="h-cases-proposed"', 1)[1]
    assert f"/act/decide-revocation?case_id={case_id}" in home
    assert f"/act/propose-revocation?case_id={case_id}" not in group.get("/").get_data(as_text=True)
    listed = government.get("/cases?state=proposed").get_data(as_text=True)
    assert case_id in listed and f"/act/decide-revocation?case_id={case_id}" in listed and '<label for="case-state">' in listed
    decided = post(government, f"/act/decide-revocation?case_id={case_id}", {
        "case_id": case_id, "outcome": "revoked", "document_number": "济政字〔2020〕99号", "decision_date": "2020-11-30"})
    assert decided.status_code == 303
    assert "/act/record-recovery" in office.get(case_page).get_data(as_text=True)
    back = post(office, f"/act/record-recovery?case_id={case_id}", {
        "case_id": case_id, "item": "trophy", "returned_on": "2020-12-15", "receipt_number": "R-2020-0-trophy",
        "received_by": "市质量强市办"})
    assert back.status_code == 303 and back.headers["Location"] == case_page, back.get_data(as_text=True)
    # the office's reports from the public: a page of the service's own (limit, after), oldest first
    reports = office.get("/revocation").get_data(as_text=True)
    assert "公众举报" in reports and "举报（先收到的在前）" in reports, reports[:2000]
    # revocation refuses the applicant the case: the page shows the refusal, nothing of the case
    applicant = signed_in(app, "dev-applicant")
    seen = applicant.get(case_page)
    assert seen.status_code == 403 and "不锈钢保温杯" not in seen.get_data(as_text=True)
    assert not re.search("Art. 29", seen.get_data(as_text=True))
    assert "/act/spot-check" not in applicant.get("/revocation").get_data(as_text=True)
    refused = applicant.get("/cases")
    assert refused.status_code == 403 and case_id not in refused.get_data(as_text=True)
    assert applicant.get("/cycles/cycle-2019/awards").status_code == 403
