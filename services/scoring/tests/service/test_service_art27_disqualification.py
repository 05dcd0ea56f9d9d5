"""Service tests, Art. 27: a disqualified expert's scores stop counting, published results
are recomputed, re-assignment opens — automatically, audited."""

from award_scoring import tables
from award_shared.store import db
from award_testing.helpers import count_rows, wait_for


def disqualify(desk, expert):
    desk.publish("supervision", "expert.disqualified", {
        "expert_subject": expert, "cycle_id": desk.cycle_id, "reason": "徇私舞弊，为申报单位打人情分",
        "harm": "导致材料评审结果失真", "finding_id": "finding-7"})
    wait_for(lambda: desk.row(tables.disqualifications, subject=expert), message=f"{expert} disqualified")


def test_art27_scores_stop_counting_results_are_recomputed_and_the_seat_is_filled_again(desk):
    desk.experts(4)
    desk.application("app-1")
    panel = desk.assign("app-1").json()["panel"]
    spare = ({"exp-00", "exp-01", "exp-02", "exp-03"} - set(panel)).pop()
    desk.stage("qualification_review", "open")
    desk.qualify("app-1")
    desk.stage("qualification_review", "close")
    desk.score_stage("material_review", {"app-1": [0.6, 0.7, 0.95]})
    [material] = desk.outbox("review.stage_completed")[1:]
    assert material["data"]["aggregated_score"] == 750.0
    crooked = panel[2]
    disqualify(desk, crooked)

    recomputed = desk.outbox("review.stage_completed")[-1]["data"]
    assert recomputed["stage"] == "material_review" and recomputed["aggregated_score"] == 650.0
    assert desk.outbox("panel.assigned")[-1]["data"]["expert_subjects"] == [panel[0], panel[1], spare]
    results = desk.as_agency("GET", "/v1/applications/app-1/results").json()
    assert results["stages"]["material_review"]["experts"] == sorted(panel[:2])
    sheets = {r["reviewer"]: r for r in desk.as_office("GET", "/v1/applications/app-1/reviews").json()["reviews"]}
    assert sheets[crooked]["counts"] is False and sheets[crooked]["total"] == 950.0  # kept, not counted
    actions = [a["action"] for a in desk.audit()]
    for action in ("expert.disqualified", "result.recomputed", "panel.reassign"):
        assert action in actions
    [why] = desk.audit("expert.disqualified")
    assert why["reason"] == "徇私舞弊，为申报单位打人情分" and "finding-7" in why["detail"]

    desk.stage("onsite_review", "open")
    blocked = desk.sheet(crooked, "app-1", "onsite_review", 0.9)
    assert blocked.status_code == 403
    assert desk.sheet(spare, "app-1", "onsite_review", 0.8).status_code == 201
    again = desk.as_agency("POST", f"/v1/cycles/{desk.cycle_id}/experts", {
        "subject": crooked, "name": "x", "affiliation_kind": "enterprise", "employer_name": "x",
        "employer_credit_code": "91370100MA3C4XYD8F", "sectors": ["secondary"]})
    assert again.status_code == 409 and again.json()["error"]["article"] == "Art. 27"


def test_art27_sheets_of_an_expert_disqualified_while_the_stage_is_open_do_not_count_at_its_close(desk):
    # closing a stage reads the cycle's disqualifications once for every application it completes
    panel = desk.qualified_panel(4)
    desk.stage("material_review", "open")
    for expert, fraction in zip(panel, [0.6, 0.7, 0.95]):
        assert desk.sheet(expert, "app-1", "material_review", fraction).status_code == 201
    disqualify(desk, panel[2])
    desk.stage("material_review", "close")
    [material] = desk.outbox("review.stage_completed")[1:]
    assert material["data"]["stage"] == "material_review" and material["data"]["aggregated_score"] == 650.0
    results = desk.as_agency("GET", "/v1/applications/app-1/results").json()
    assert results["stages"]["material_review"]["experts"] == sorted(panel[:2])


def test_art27_with_no_expert_left_to_take_the_seat_reassignment_stays_open_and_audited(desk):
    desk.experts(3)
    desk.application("app-1")
    panel = desk.assign("app-1").json()["panel"]
    disqualify(desk, panel[0])
    [open_seat] = desk.audit("panel.reassignment_open")
    assert open_seat["target"] == "app-1" and "Art. 8" in open_seat["reason"]
    assert desk.outbox("panel.assigned")[-1]["data"]["expert_subjects"] == panel[1:]
    desk.expert("exp-new")
    refill = desk.assign("app-1")
    assert refill.status_code == 201 and refill.json()["panel"] == panel[1:] + ["exp-new"]


def test_art27_a_repeated_disqualification_is_applied_once(desk):
    desk.experts(4)
    desk.application("app-1")
    panel = desk.assign("app-1").json()["panel"]
    disqualify(desk, panel[0])
    disqualify(desk, panel[0])
    wait_for(lambda: count_rows(desk.svc.engine, db.inbox, db.inbox.c.type == "expert.disqualified") == 2,
             message="both events applied")
    assert len(desk.audit("expert.disqualified")) == 1
    assert len(desk.outbox("panel.assigned")) == 2


def test_art27_a_score_sheet_is_refused_from_the_next_request_after_the_disqualification(desk):
    """The score sheet asks Art. 27's write refusal inside its own review-state read (no statement
    of its own, issue 37): a seated expert disqualified from the cycle (``staff.disqualified``:
    the roster, before any ``expert.disqualified`` frees the seat) is refused at the very next
    sheet, 403 naming Art. 27, and nothing is written; a colleague scores on."""
    panel = desk.qualified_panel(3)
    desk.stage("material_review", "open")
    assert desk.sheet(panel[0], "app-1", "material_review", 0.7).status_code == 201
    desk.publish("supervision", "staff.disqualified", {
        "cycle_id": desk.cycle_id, "staff_subject": panel[1], "staff_role": "expert",
        "reason": "向申报单位泄露评审信息", "finding_id": "finding-9"})
    wait_for(lambda: desk.row(db.cycle_rosters, cycle_id=desk.cycle_id, role="disqualified"),
             message="scoring to learn the disqualification")
    refused = desk.sheet(panel[1], "app-1", "material_review", 0.9)
    assert refused.status_code == 403, refused.text
    error = refused.json()["error"]
    assert (error["article"], error["code"]) == ("Art. 27", "disqualified") and "第二十七条" in error["message"]
    assert count_rows(desk.svc.engine, tables.reviews, tables.reviews.c.reviewer == panel[1]) == 0  # nothing written
    assert desk.sheet(panel[2], "app-1", "material_review", 0.8).status_code == 201
