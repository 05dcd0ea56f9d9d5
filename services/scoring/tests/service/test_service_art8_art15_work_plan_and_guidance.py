"""Art. 8(1): the entrusted agency draws up its work plan (评审工作计划（或实施方案）) under the
review scheme; Art. 15: the review executes the office's guidance (指导意见). Both are filed in
scoring, kept in the audit, and read by the office, the leading group, the cycle's agency and
the cycle's supervision group (Art. 9(1), 15) — nobody else."""
from award_rules.ruleset import canonical_sha256
from award_shared import tables as kit_tables
from award_testing.helpers import wait_for

from scoring_testkit import AGENCY_STAFF

PLAN = {"title": "2019年度济南市市长质量奖评审实施方案",
        "content": "一、评审依据：2019年度评审方案。二、资格审查6月，材料评审7月，现场评审8月，陈述答辩9月。",
        "document_reference": "鲁质评〔2019〕12号"}
MEMBER = "sv-2019-1"


def as_member(desk, subject, method, path, body=None):
    return desk.svc.client.call(method, path, "supervisor", sub=subject, json_body=body)


def test_art8_the_agency_files_its_work_plan_a_revision_supersedes_it_and_the_group_reads_both(desk):
    desk.seat_group([MEMBER])
    path = f"/v1/cycles/{desk.cycle_id}/work-plan"
    filed = desk.as_agency("POST", path, PLAN)
    assert filed.status_code == 201, filed.text
    first = filed.json()
    assert first["version"] == 1 and first["filed_by"] == AGENCY_STAFF
    assert first["ruleset_sha256"] == canonical_sha256(desk.ruleset)  # the review scheme it follows
    again = desk.as_agency("POST", path, PLAN)
    assert again.status_code == 409 and again.json()["error"]["fields"] == {"supersedes": first["plan_id"]}
    unreasoned = desk.as_agency("POST", path, dict(PLAN, supersedes=first["plan_id"]))
    assert unreasoned.status_code == 422 and "reason" in unreasoned.json()["error"]["fields"]
    revised = desk.as_agency("POST", path, dict(PLAN, content=PLAN["content"] + "三、现场评审延至8月下旬。",
                                                supersedes=first["plan_id"], reason="现场评审日程调整"))
    assert revised.status_code == 201 and revised.json()["version"] == 2

    for read in (lambda: as_member(desk, MEMBER, "GET", path), lambda: desk.as_office("GET", path),
                 lambda: desk.svc.client.call("GET", path, "leading_group", sub="lg-wang")):
        body = read().json()
        assert body["current"]["plan_id"] == revised.json()["plan_id"]
        assert [v["version"] for v in body["versions"]] == [2, 1]
    assert [(a["actor"], a["reason"]) for a in desk.audit("work_plan.file") + desk.audit("work_plan.revise")] == [
        (AGENCY_STAFF, None), (AGENCY_STAFF, "现场评审日程调整")]
    assert [a["actor"] for a in desk.audit("read work plan")][:1] == [MEMBER]


def test_art8_only_the_cycles_agency_files_a_plan_and_only_the_cycles_readers_read_it(desk):
    desk.seat_group([MEMBER])
    desk.seat_group(["sv-2021-1"], cycle_id="cycle-2021")
    path = f"/v1/cycles/{desk.cycle_id}/work-plan"
    stranger = desk.svc.client.call("POST", path, "third_party", sub="another-agency", json_body=PLAN)
    assert stranger.status_code == 403 and "第八条" in stranger.json()["error"]["message"]
    assert as_member(desk, MEMBER, "POST", path, PLAN).status_code == 403  # the group reads; it files nothing
    assert desk.as_office("POST", path, PLAN).status_code == 403
    assert desk.as_agency("POST", path, PLAN).status_code == 201
    refused = as_member(desk, "sv-2021-1", "GET", path)
    assert refused.status_code == 403 and refused.json()["error"]["article"] == "Art. 9"
    assert desk.svc.client.call("GET", path, "expert", sub="exp-00").status_code == 403
    assert desk.svc.client.call("GET", path, "applicant", sub="unit-a").status_code == 403


def test_art15_the_office_guides_the_agency_which_records_its_execution_and_the_group_sees_both(desk):
    desk.seat_group([MEMBER])
    desk.application("app-1")
    path = f"/v1/cycles/{desk.cycle_id}/guidance"
    given = desk.as_office("POST", path, {"text": "现场评审须覆盖申报单位主要生产场所，并留存影像记录。",
                                          "stage": "onsite_review", "application_id": "app-1"})
    assert given.status_code == 201, given.text
    guidance_id = given.json()["guidance_id"]
    assert given.json()["issued_by"] == "office-li" and given.json()["executed_at"] is None
    bad = desk.as_office("POST", path, {"text": "…", "application_id": "app-of-another-cycle"})
    assert bad.status_code == 422 and "application_id" in bad.json()["error"]["fields"]
    assert desk.as_office("POST", path, {"text": "…", "stage": "lottery"}).status_code == 422
    assert desk.as_agency("POST", path, {"text": "自行指导"}).status_code == 403  # the office's, not the agency's

    done = desk.as_agency("POST", f"{path}/{guidance_id}/execution", {"note": "已安排两名专家现场核查并录像。"})
    assert done.status_code == 200 and done.json()["executed_by"] == AGENCY_STAFF
    assert desk.as_agency("POST", f"{path}/{guidance_id}/execution", {"note": "再次"}).status_code == 409
    seen = as_member(desk, MEMBER, "GET", path)
    assert seen.status_code == 200
    [entry] = seen.json()["guidance"]
    assert (entry["stage"], entry["application_id"], entry["execution_note"]) == (
        "onsite_review", "app-1", "已安排两名专家现场核查并录像。")
    assert [a["actor"] for a in desk.audit("guidance.issue")] == ["office-li"]
    assert [a["actor"] for a in desk.audit("guidance.execute")] == [AGENCY_STAFF]
    assert [a["actor"] for a in desk.audit("read guidance")] == [MEMBER]


def test_art8_art15_no_plan_and_no_guidance_before_the_leading_group_entrusts_an_agency(desk):
    other = desk.__class__(desk.svc, desk.amqp_uri, cycle_id="cycle-2021", ruleset=desk.ruleset)
    other.publish("intake", "cycle.opened", {
        "cycle_id": "cycle-2021", "edition": 2021, "ruleset": desk.ruleset, "ruleset_id": desk.ruleset["id"],
        "ruleset_sha256": canonical_sha256(desk.ruleset), "schedule": {"application": "2021-05-31T17:00:00+08:00"},
        "opened_at": "2021-03-01T09:00:00+08:00"})
    wait_for(lambda: other.row(kit_tables.known_cycles, cycle_id="cycle-2021"), message="the 2021 cycle")
    for refused in (other.as_office("POST", "/v1/cycles/cycle-2021/guidance", {"text": "指导"}),
                    other.as_agency("POST", "/v1/cycles/cycle-2021/work-plan", PLAN)):
        error = refused.json()["error"]
        assert refused.status_code == 409 and error["article"] == "Art. 8" and "第八条" in error["message"]
    assert not other.audit("guidance.issue") and not other.audit("work_plan.file")
