"""Art. 9, one container: once the cycle closes and the group is dissolved, the holds it
left are released by the office, with the leading group's approval recorded."""
from award_testing.helpers import wait_for


def hold(supervision, cycle, subject):
    resp = supervision.finding("p01", cycle_id=cycle, kind="procedural", step="qualification_review",
                               subject=subject, summary="资格审查程序存疑", evidence=["记录"], halt=True)
    return resp.json()["hold"]["hold_id"]


def test_art9_office_releases_a_dissolved_groups_holds_with_approval(supervision, cycle):
    h1, h2, h3 = (hold(supervision, cycle, s) for s in ("app-1", "app-2", "app-3"))
    supervision.client.post(f"/v1/holds/{h3}/release", "supervisor", sub="p01", json_body={"reason": "已核实"})
    # while the group sits, the leading group has nothing to approve and the office cannot release
    resp = supervision.client.post(f"/v1/cycles/{cycle}/group/release-approval", "leading_group",
                                   json_body={"reason": "x"})
    assert resp.status_code == 409
    assert supervision.client.post(f"/v1/holds/{h1}/release", "office", json_body={"reason": "x"}).status_code == 403

    supervision.close_cycle(cycle)
    wait_for(lambda: supervision.outbox("supervision.group_dissolved"), message="dissolution")
    assert supervision.client.post(f"/v1/holds/{h1}/release", "supervisor", sub="p01",
                                   json_body={"reason": "x"}).status_code == 403
    resp = supervision.client.post(f"/v1/holds/{h1}/release", "office", json_body={"reason": "x"})
    assert resp.status_code == 409 and resp.json()["error"]["code"] == "approval_required"
    assert supervision.client.post(f"/v1/cycles/{cycle}/group/release-approval", "office",
                                   json_body={"reason": "x"}).status_code == 403

    resp = supervision.client.post(f"/v1/cycles/{cycle}/group/release-approval", "leading_group", sub="lg-chair",
                                   json_body={"reason": "评审已结束，遗留暂停令予以解除", "document": "济质强〔2019〕5号"})
    assert resp.status_code == 201, resp.text
    assert sorted(resp.json()["remaining_holds"]) == sorted([h1, h2])

    resp = supervision.client.post(f"/v1/holds/{h1}/release", "office", sub="office-1", json_body={"reason": "经批准解除"})
    assert resp.status_code == 200 and resp.json()["released_by"] == "office-1"
    resp = supervision.client.post(f"/v1/cycles/{cycle}/holds/release", "office", sub="office-1",
                                   json_body={"reason": "经批准解除其余"})
    assert resp.status_code == 200
    assert [h["hold_id"] for h in resp.json()["released"]] == [h2]

    released = {e["hold_id"]: e for e in supervision.outbox("hold.released")}
    assert released[h3]["approved_by"] is None
    assert released[h1]["approved_by"] == "lg-chair" and released[h2]["approved_by"] == "lg-chair"
    assert released[h1]["released_by"] == "office-1"
    audit = supervision.audit("hold.release")
    assert len(audit) == 3 and sum('"approval_id": "approval-' in (a["detail"] or "") for a in audit) == 2
    assert supervision.audit("hold.release_approval")[0]["actor"] == "lg-chair"
