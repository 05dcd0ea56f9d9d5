"""Art. 27 after the list: a disqualification that changes results makes the proposed list
stale; the office proposes again (``candidates.proposed`` with ``supersedes``) and the old
list shows as superseded. Art. 18: once the government approved (``award.approved``), no new
list is proposed (409)."""
from award_scoring import tables
from award_testing.helpers import wait_for


def reviewed(desk):
    panel = desk.qualified_panel(3)
    for step in ("material_review", "onsite_review", "defense"):
        desk.score_stage(step, {"app-1": [0.6, 0.7, 0.95]})
    desk.report_results()
    return panel


def test_art27_a_disqualification_after_the_list_makes_it_stale_and_the_office_proposes_again(desk):
    panel = reviewed(desk)
    first = desk.as_office("POST", f"/v1/cycles/{desk.cycle_id}/candidates", {"reason": "首次提出"})
    assert first.status_code == 201 and first.json()["status"] == "current"
    assert first.json()["categories"][0]["candidates"][0]["score"] == 750.0

    desk.publish("supervision", "expert.disqualified", {
        "expert_subject": panel[2], "cycle_id": desk.cycle_id, "reason": "徇私舞弊", "harm": "评分失真"})
    wait_for(lambda: desk.row(tables.candidate_lists, id=first.json()["list_id"])["status"] == "stale",
             message="the list to go stale")
    stale = desk.as_office("GET", f"/v1/cycles/{desk.cycle_id}/candidates").json()
    assert stale["status"] == "stale" and "changed" in stale["stale_reason"]

    unreported = desk.as_office("POST", f"/v1/cycles/{desk.cycle_id}/candidates", {"reason": "专家被取消资格后重新提出"})
    assert unreported.status_code == 409 and unreported.json()["error"]["code"] == "results_changed"  # Art. 8(3)
    assert desk.report_results("专家被取消资格后重新计算的评审结果")["version"] == 2
    again = desk.as_office("POST", f"/v1/cycles/{desk.cycle_id}/candidates", {"reason": "专家被取消资格后重新提出"})
    assert again.status_code == 201 and again.json()["supersedes"] == first.json()["list_id"]
    assert again.json()["categories"][0]["candidates"][0]["score"] == 650.0
    events = desk.outbox("candidates.proposed")
    assert [e["data"].get("supersedes") for e in events] == [None, str(first.json()["list_id"])]
    lists = desk.as_office("GET", f"/v1/cycles/{desk.cycle_id}/candidate-lists").json()["lists"]
    assert [(lst["list_id"], lst["status"]) for lst in lists] == [
        (again.json()["list_id"], "current"), (first.json()["list_id"], "superseded")]


def test_art18_after_award_approved_no_new_list_is_proposed(desk):
    reviewed(desk)
    assert desk.as_office("POST", f"/v1/cycles/{desk.cycle_id}/candidates", {}).status_code == 201
    desk.publish("publicity", "award.approved", {"cycle_id": desk.cycle_id, "document_number": "济政字〔2019〕88号",
                                                 "final_list": [{"application_id": "app-1", "category": "unit_award",
                                                                 "recipient_name": "申报app-1"}]})
    wait_for(lambda: desk.row(tables.approvals, cycle_id=desk.cycle_id), message="scoring to hear the approval")
    refused = desk.as_office("POST", f"/v1/cycles/{desk.cycle_id}/candidates", {})
    error = refused.json()["error"]
    assert refused.status_code == 409 and error["article"] == "Art. 18" and error["code"] == "list_approved"
    assert "第十八条" in error["message"] and len(desk.outbox("candidates.proposed")) == 1
