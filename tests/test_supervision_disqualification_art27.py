"""Suite, Art. 27: 对在评审过程中滥用职权、玩忽职守、徇私舞弊、造成不良后果的人员，取消其评审工作资格，
并提请其主管部门或所在工作单位按规定处理. Across two services on one vhost: the supervision group
disqualifies a member of the office for abuse of power (no harm shown: the four behaviours are
alternatives) and a district's reviewer for neglect of duty; intake then refuses both every read
of the cycle (403 naming Art. 27) while their colleagues read on, and every write too — the
office member's close of the cycle, the reviewer's district review (a route naming no cycle) —
while a colleague does the work (issue 31); the referral of each to their authority or employer
is recorded and shown to the leading group."""
from test_holds_suite_driver import suite  # noqa: F401 - the fixture

from award_intake import examples
from award_testing.helpers import wait_for

STAFF = {"office-zhang": ("office", "abuse_of_power", "济南市市场监督管理局", "authority"),
         "coordinator-lixia": ("other", "neglect_of_duty", "历下区人民政府", "employer")}


def test_art27_disqualified_office_and_district_staff_lose_the_cycle_in_intake_and_are_referred(suite):  # noqa: F811
    """Reads and writes: the disqualified do no more of the cycle's work in another service."""
    cycle_id = suite.open_cycle()
    suite.appoint(cycle_id)
    application_id = suite.submitted_unit(cycle_id)
    intake, sv = suite.intake.client, suite.supervision.client
    url = f"/v1/applications/{application_id}"
    assert intake.get(url, "office", sub="office-zhang").status_code == 200
    assert intake.get(url, "district", district="历下区", sub="coordinator-lixia").status_code == 200

    referred = {}
    for staff_subject, (role, misconduct, referred_to, kind) in STAFF.items():
        resp = sv.post("/v1/findings", "supervisor", sub="p01", json_body={
            "cycle_id": cycle_id, "kind": "review_staff", "step": "district_review", "summary": "初审中违规操作",
            "evidence": ["工作记录"], "staff_subject": staff_subject, "staff_role": role, "misconduct": misconduct})
        assert resp.status_code == 201, resp.text  # no harm recorded: none is needed for these behaviours
        finding_id = resp.json()["finding_id"]
        resp = sv.post(f"/v1/findings/{finding_id}/referral", "supervisor", sub="p02", json_body={
            "referred_to": referred_to, "referred_to_kind": kind, "document": "监督小组函〔2019〕1号"})
        assert resp.status_code == 201, resp.text
        referred[finding_id] = (staff_subject, referred_to, kind, "p02")

    def refused(role, sub, **kw):
        resp = intake.get(url, role, sub=sub, **kw)
        return resp.status_code == 403 and resp.json()["error"]["article"] == "Art. 27"

    wait_for(lambda: refused("office", "office-zhang") and refused("district", "coordinator-lixia", district="历下区"),
             message="intake to learn both disqualifications")
    error = intake.get(url, "office", sub="office-zhang").json()["error"]
    assert error["code"] == "disqualified" and "第二十七条" in error["message"]
    listed = intake.get(f"/v1/cycles/{cycle_id}/applications", "office", sub="office-zhang")
    assert listed.status_code == 403
    assert intake.get(url, "office", sub="office-li").status_code == 200  # colleagues read on
    assert intake.get(url, "district", district="历下区", sub="coordinator-other").status_code == 200

    closing = intake.post(f"/v1/cycles/{cycle_id}/close", "office", sub="office-zhang", json_body={"reason": "结束"})
    assert closing.status_code == 403 and closing.json()["error"]["code"] == "disqualified"
    review = suite.review(application_id)  # by coordinator-lixia: the route names no cycle
    assert review.status_code == 403 and review.json()["error"]["article"] == "Art. 27", review.text
    assert intake.get(url, "office").json()["status"] == "submitted"  # nothing changed
    missing = suite.review("app-2019-000000000000")  # no such application: Art. 27 first, as for every write
    assert missing.status_code == 403 and missing.json()["error"]["article"] == "Art. 27", missing.text
    resp = intake.post(f"/v1/applications/{application_id}/district-review", "district", district="历下区",
                       sub="coordinator-other", json_body={"decision": "recommend", "opinion": "经初审，同意推荐",
                                                           "signatory": "王主任", "member_units": examples.MEMBER_UNITS})
    assert resp.status_code == 200, resp.text  # a colleague does the work

    for finding_id, (staff_subject, referred_to, kind, by) in referred.items():  # the leading group sees each
        referral = sv.get(f"/v1/findings/{finding_id}", "leading_group").json()["referral"]
        assert (referral["staff_subject"], referral["referred_to"], referral["referred_to_kind"],
                referral["referred_by"]) == (staff_subject, referred_to, kind, by) and referral["referred_at"]
    reports = sv.get(f"/v1/reports?cycle_id={cycle_id}", "leading_group").json()["reports"]
    assert sorted(r["kind"] for r in reports) == ["staff_misconduct"] * 2 + ["staff_referral"] * 2
