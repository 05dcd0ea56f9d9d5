"""Reports from the public after the cycle (issue 31, item 11; Art. 22, 24, 28, 29(5)): anyone, at
any time — the cycle long closed — reports misuse of the title, a forgery or a winner's
misconduct, gets a tracking number and follows the status with it alone; the reporter is
confidential (the office alone reads who); the office triages the report into a revocation case
or closes it with its reason."""
import json

from award_testing.helpers import audit_entries, wait_for
from revocation_testkit import CYCLE, ground, publish

REPORTER = {"name": "王举报", "contact": "13800000000"}


def _close_cycle(office):
    publish(office.amqp_uri, "intake", "cycle.closed", {"cycle_id": CYCLE, "closed_at": "2019-12-30T10:00:00+08:00",
                                                        "outcome": "awarded"}, sequence=2)
    wait_for(lambda: office.client.get(f"/v1/cycles/{CYCLE}", "office").json()["status"] == "closed",
             message="the cycle to close")


def _report(office, **body):
    body = {"kind": "misconduct", "content": "该获奖单位承建的工程发生重大质量问题，群众投诉后被住建部门查处。",
            "reporter": REPORTER, **body}
    resp = office.client.post("/public/v1/reports", json_body=body)  # no account
    assert resp.status_code == 201, resp.text
    return resp.json()


def test_art29_5_anyone_reports_a_winners_misconduct_after_the_cycle_and_the_office_opens_a_case(office):
    office.grant("award-r1")
    _close_cycle(office)
    filed = _report(office, award_id="award-r1", about="济南示例制造有限公司")
    tracking = filed["tracking_number"]
    assert set(filed) == {"tracking_number", "status", "status_zh", "filed_at"} and filed["status"] == "received"
    public = office.client.get(f"/public/v1/reports/{tracking}").json()
    assert public == {"tracking_number": tracking, "status": "received", "status_zh": "已受理登记"}
    [listed] = office.client.get("/v1/reports", "office").json()["reports"]
    assert listed["reporter"] == REPORTER and listed["article"] == "Art. 29"
    resp = office.post(f"/v1/reports/{listed['report_id']}/triage", "office", {
        "decision": "open_case", "reason": "举报事项属第二十九条第（五）项，立案调查",
        "grounds": [ground("Art. 29(5)", "2020-08-01", "工程质量发生重大问题，被群众投诉举报并查处属实")]})
    assert resp.status_code == 200, resp.text
    triaged = resp.json()
    assert triaged["status"] == "case_opened" and triaged["case_id"] and triaged["joined"] is False
    case = office.client.get(f"/v1/cases/{triaged['case_id']}", "office").json()
    assert case["state"] == "opened" and [g["item"] for g in case["grounds"]] == ["Art. 29(5)"]
    assert [e["report_number"] for e in case["evidence"]] == [tracking]
    assert office.client.get(f"/public/v1/reports/{tracking}").json()["status"] == "case_opened"
    # the reporter is nowhere but in the office's view of the report
    assert REPORTER["name"] not in json.dumps(case, ensure_ascii=False)
    assert not any(REPORTER["name"] in json.dumps(a, ensure_ascii=False, default=str) or
                   REPORTER["contact"] in json.dumps(a, ensure_ascii=False, default=str)
                   for a in audit_entries(office.svc.engine))
    for role in ("leading_group", "government", "supervisor"):
        assert office.client.get("/v1/reports", role).status_code == 403
    # a second triage of the same report is refused
    again = office.post(f"/v1/reports/{listed['report_id']}/triage", "office", {"decision": "close", "reason": "重复"})
    assert again.status_code == 409


def test_art22_art28_a_report_the_office_does_not_take_to_a_case_is_closed_with_its_reason(office):
    _close_cycle(office)
    filed = _report(office, kind="forgery", certificate_number="JNSZ-2019-U-999", about="某公司门店悬挂的奖牌",
                    content="某公司门店悬挂“济南市市长质量奖”奖牌，证书编号查无此号。")
    [row] = office.client.get("/v1/reports?status=received", "office").json()["reports"]
    assert row["article"] == "Art. 28"
    no_reason = office.post(f"/v1/reports/{row['report_id']}/triage", "office", {"decision": "close"})
    assert no_reason.status_code == 422 and "reason" in no_reason.json()["error"]["fields"]
    closed = office.post(f"/v1/reports/{row['report_id']}/triage", "office", {
        "decision": "close", "reason": "非获奖单位，依第二十八条移送公安机关依法处理"})
    assert closed.status_code == 200 and closed.json()["close_reason"].startswith("非获奖单位")
    assert office.client.get(f"/public/v1/reports/{filed['tracking_number']}").json()["status"] == "closed"
    assert office.client.get("/v1/reports?status=received", "office").json()["reports"] == []


def test_art29_a_report_names_the_field_it_lacks_and_changes_nothing(office):
    bad = office.client.post("/public/v1/reports", json_body={"kind": "gossip", "content": "x"})
    assert bad.status_code == 422 and "kind" in bad.json()["error"]["fields"]
    unknown = office.client.post("/public/v1/reports", json_body={"kind": "misconduct", "content": "x",
                                                                  "award_id": "award-none"})
    assert unknown.status_code == 404
    filed = _report(office)  # no award named: the office must name one to open a case
    [row] = office.client.get("/v1/reports", "office").json()["reports"]
    resp = office.post(f"/v1/reports/{row['report_id']}/triage", "office", {
        "decision": "open_case", "reason": "立案", "grounds": [ground("Art. 29(5)", "2020-08-01")]})
    assert resp.status_code == 422 and "award_id" in resp.json()["error"]["fields"]
    assert office.client.get(f"/public/v1/reports/{filed['tracking_number']}").json()["status"] == "received"
    assert office.client.get("/public/v1/reports/JJB-NOSUCHNUMBER").status_code == 404


def test_the_office_reads_the_reports_a_page_at_a_time_oldest_first(office):
    """Province scale (issue 37): ``GET /v1/reports`` is a page (``limit``, 100 by default, at most
    500), oldest first; ``next`` is the ``after`` of the next page, null on the last; a bad
    ``limit`` or ``after`` is 422 naming it."""
    for n in range(3):
        _report(office, about=f"某公司{n}")
    expected = [r["report_id"] for r in office.client.get("/v1/reports", "office").json()["reports"]]
    assert len(expected) == 3
    seen, after, pages = [], None, 0
    while True:
        page = office.client.get("/v1/reports?limit=2" + (f"&after={after}" if after else ""), "office").json()
        seen, after, pages = seen + [r["report_id"] for r in page["reports"]], page["next"], pages + 1
        if after is None:
            break
    assert (seen, pages) == (expected, 2)
    for query, field in (("?limit=0", "limit"), ("?limit=501", "limit"), ("?after=report-nope", "after")):
        resp = office.client.get("/v1/reports" + query, "office")
        assert resp.status_code == 422 and field in resp.json()["error"]["fields"], (query, resp.text)
