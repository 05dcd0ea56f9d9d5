"""Art. 8(3): the agency sums up the review results and reports them to the office (汇总并向市质量
强市领导小组办公室报告市长质量奖评审结果) — an act of its own, recorded with the results it reports,
audited, read by the office (and the leading group and the cycle's supervision group); the office
proposes the candidate list from that report (Art. 16), not before it."""
from scoring_testkit import AGENCY_STAFF

MEMBER = "sv-2019-1"


def path(desk):
    return f"/v1/cycles/{desk.cycle_id}/results-report"


def test_art8_the_agency_reports_the_results_to_the_office_before_the_office_proposes_the_list(desk):
    desk.seat_group([MEMBER])
    desk.qualified_panel(3)
    early = desk.as_agency("POST", path(desk), {"summary": "评审结果"})
    assert early.status_code == 409 and early.json()["error"]["article"] == "Art. 16"  # the review is not over
    for step in ("material_review", "onsite_review", "defense"):
        desk.score_stage(step, {"app-1": 0.8})

    unreported = desk.as_office("POST", f"/v1/cycles/{desk.cycle_id}/candidates", {"reason": "评审结束"})
    error = unreported.json()["error"]
    assert unreported.status_code == 409 and error["code"] == "results_not_reported"
    assert error["article"] == "Art. 8, 16" and "第八条" in error["message"] and "第十六条" in error["message"]
    assert not desk.outbox("candidates.proposed")

    assert desk.svc.client.call("POST", path(desk), "third_party", sub="another-agency",
                                json_body={"summary": "x"}).status_code == 403
    assert desk.as_office("POST", path(desk), {"summary": "x"}).status_code == 403  # the agency reports, not the office
    assert desk.as_agency("POST", path(desk), {}).status_code == 422  # a report says something
    reported = desk.as_agency("POST", path(desk), {"summary": "四个评审环节已结束，评审结果汇总如下。",
                                                   "document_reference": "鲁质评〔2019〕30号"})
    assert reported.status_code == 201, reported.text
    body = reported.json()
    assert (body["version"], body["reported_by"], body["supersedes"]) == (1, AGENCY_STAFF, None)
    [entry] = body["snapshot"]
    assert (entry["application_id"], entry["status"], entry["total"]) == ("app-1", "eligible", 800.0)
    again = desk.as_agency("POST", path(desk), {"summary": "重复报告"})
    assert again.status_code == 409 and again.json()["error"]["code"] == "already_reported"
    [audit] = desk.audit("results.report")
    assert audit["actor"] == AGENCY_STAFF and audit["reason"] == "四个评审环节已结束，评审结果汇总如下。"

    seen = desk.as_office("GET", path(desk)).json()
    assert seen["current"]["report_id"] == body["report_id"] and seen["current"]["snapshot"] == body["snapshot"]
    assert desk.svc.client.call("GET", path(desk), "supervisor", sub=MEMBER).json()["current"]["version"] == 1
    assert desk.svc.client.call("GET", path(desk), "leading_group", sub="lg-wang").status_code == 200
    assert desk.as_expert("exp-00", "GET", path(desk)).status_code == 403
    assert [a["actor"] for a in desk.audit("read results reports")] == ["office-li", MEMBER, "lg-wang"]

    proposed = desk.as_office("POST", f"/v1/cycles/{desk.cycle_id}/candidates", {"reason": "根据第三方机构报告的评审结果"})
    assert proposed.status_code == 201, proposed.text
    assert body["report_id"] in desk.audit("candidates.propose")[0]["detail"]
