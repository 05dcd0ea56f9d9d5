"""Suite, Art. 9: 当届评审工作结束后评审监督小组即解散. When intake closes the cycle the group
is dissolved: its members get 403, and the office releases the holds it left, with the
leading group's approval recorded; intake then lets the step go on."""
from test_holds_suite_driver import suite  # noqa: F401 - the fixture


def test_art9_after_cycle_closed_members_get_403_and_the_office_releases(suite):  # noqa: F811
    cycle_id = suite.open_cycle()
    suite.appoint(cycle_id)
    application_id = suite.submitted_unit(cycle_id)
    hold_id = suite.halt(cycle_id, application_id)
    suite.wait_intake_hold(hold_id)

    suite.close_cycle(cycle_id)
    sv = suite.supervision.client
    assert sv.get(f"/v1/cycles/{cycle_id}/group", "office").json()["status"] == "dissolved"
    resp = sv.post(f"/v1/holds/{hold_id}/release", "supervisor", sub="p01", json_body={"reason": "x"})
    assert resp.status_code == 403 and resp.json()["error"]["article"] == "Art. 9"
    assert sv.post("/v1/findings", "supervisor", sub="p01", json_body={
        "cycle_id": cycle_id, "kind": "procedural", "step": "district_review", "summary": "x",
        "evidence": ["y"]}).status_code == 403
    assert sv.get(f"/v1/holds/{hold_id}", "supervisor", sub="p01").status_code == 403
    refused = suite.review(application_id)  # the hold outlives the group
    assert refused.status_code == 409 and refused.json()["error"]["fields"]["hold_id"] == hold_id

    assert sv.post(f"/v1/cycles/{cycle_id}/holds/release", "office",
                   json_body={"reason": "x"}).json()["error"]["code"] == "approval_required"
    approval = sv.post(f"/v1/cycles/{cycle_id}/group/release-approval", "leading_group", sub="lg-chair",
                       json_body={"reason": "评审工作已结束，同意解除遗留暂停令", "document": "领导小组会议纪要第3号"})
    assert approval.status_code == 201 and approval.json()["remaining_holds"] == [hold_id]
    resp = sv.post(f"/v1/cycles/{cycle_id}/holds/release", "office", sub="office-1",
                   json_body={"reason": "经领导小组批准解除"})
    assert resp.status_code == 200, resp.text
    [released] = resp.json()["released"]
    assert released["released_by"] == "office-1" and released["status"] == "released"

    suite.wait_intake_hold(hold_id, "released")
    intake_copy = suite.intake_hold(hold_id)
    assert intake_copy["released_by"] == "office-1"
    audit = sv.every_page("/admin/v1/audit", "entries", "office")
    actions = [e["action"] for e in audit]
    assert "group.dissolve" in actions and "hold.release_approval" in actions and "hold.release" in actions
