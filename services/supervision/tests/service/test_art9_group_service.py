"""Art. 9, one container: the group proposed by the office, approved by the leading group,
rotated against the previous cycle's group, dissolved when the cycle closes."""
from supervision_testing import members

from award_testing.helpers import wait_for

NINE = [f"p{i:02d}" for i in range(1, 10)]


def test_art9_office_proposes_leading_group_approves_group_appointed(supervision):
    cycle_id = supervision.open_cycle(2019)
    resp = supervision.client.post(f"/v1/cycles/{cycle_id}/group", "office",
                                   json_body={"members": members(NINE), "reason": "第九条聘任"})
    assert resp.status_code == 201, resp.text
    proposed = resp.json()
    assert proposed["status"] == "proposed" and len(proposed["members"]) == 9
    assert supervision.outbox("supervision.group_appointed") == []  # not before the approval

    # a supervisor of a merely proposed group does not act yet
    resp = supervision.finding("p01", cycle_id=cycle_id, kind="procedural", step="district_review",
                               summary="x", evidence=["y"])
    assert resp.status_code == 403

    assert supervision.client.post(f"/v1/cycles/{cycle_id}/group/approve", "office", json_body={}).status_code == 403
    resp = supervision.client.post(f"/v1/cycles/{cycle_id}/group/approve", "leading_group",
                                   json_body={"group_id": proposed["group_id"]})
    assert resp.status_code == 200, resp.text
    assert resp.json()["status"] == "appointed"
    [event] = supervision.outbox("supervision.group_appointed")
    assert event["cycle_id"] == cycle_id and event["group_id"] == proposed["group_id"]
    assert set(event["members"]) == {"npc_deputy", "cppcc_member", "government", "media", "lawyer"}
    assert event["members"]["npc_deputy"] == ["成员p01", "成员p06"]  # names by kind
    # each member's subject, so other services let exactly this cycle's group read what Art. 9 gives it
    assert event["member_subjects"] == NINE

    again = supervision.client.post(f"/v1/cycles/{cycle_id}/group", "office", json_body={"members": members(NINE)})
    assert again.status_code == 409 and again.json()["error"]["article"] == "Art. 9"
    assert supervision.audit("group.propose") and supervision.audit("group.approve")


def test_art9_every_kind_of_member_is_needed(supervision):
    cycle_id = supervision.open_cycle(2019)
    body = {"members": [{"person_id": "a", "kind": "lawyer", "name": "甲"},
                        {"person_id": "b", "kind": "media", "name": "乙"}]}
    resp = supervision.client.post(f"/v1/cycles/{cycle_id}/group", "office", json_body=body)
    assert resp.status_code == 409
    error = resp.json()["error"]
    assert error["article"] == "Art. 9" and "第九条" in error["message"] and error["message_en"]


def test_art9_a_person_id_is_never_a_resident_id_number(supervision):
    cycle_id = supervision.open_cycle(2019)
    body = {"members": members(["11010519491231002X", "b", "c", "d", "e"])}
    resp = supervision.client.post(f"/v1/cycles/{cycle_id}/group", "office", json_body=body)
    assert resp.status_code == 422


def test_art9_rotation_against_the_previous_cycles_group(supervision):
    first = supervision.open_cycle(2019)
    supervision.appoint(first, NINE)
    supervision.close_cycle(first)
    second = supervision.open_cycle(2021)

    two_new = NINE[:7] + ["n1", "n2"]
    resp = supervision.client.post(f"/v1/cycles/{second}/group", "office", json_body={"members": members(two_new)})
    assert resp.status_code == 409
    error = resp.json()["error"]
    assert error["article"] == "Art. 9" and "三分之一" in error["message"]
    assert error["fields"] == {"required_out": 3, "out": 2}

    three_new = NINE[:6] + ["n1", "n2", "n3"]
    renamed = {"p01": "改名后的成员"}
    resp = supervision.client.post(f"/v1/cycles/{second}/group", "office",
                                   json_body={"members": members(three_new, renamed)})
    assert resp.status_code == 201, resp.text
    view = resp.json()
    assert {k: view["rotation"][k] for k in ("required_out", "out", "new", "exempt")} == {
        "required_out": 3, "out": 3, "new": 3, "exempt": False}
    assert {m["person_id"] for m in view["members"] if m["new"]} == {"n1", "n2", "n3"}
    resp = supervision.client.post(f"/v1/cycles/{second}/group/approve", "leading_group", json_body={})
    assert resp.status_code == 200


def test_art9_a_later_proposal_supersedes_an_earlier_one(supervision):
    cycle_id = supervision.open_cycle(2019)
    first = supervision.client.post(f"/v1/cycles/{cycle_id}/group", "office", json_body={"members": members(NINE)})
    second = supervision.client.post(f"/v1/cycles/{cycle_id}/group", "office",
                                     json_body={"members": members(NINE[:5])})
    resp = supervision.client.post(f"/v1/cycles/{cycle_id}/group/approve", "leading_group",
                                   json_body={"group_id": first.json()["group_id"]})
    assert resp.status_code == 409
    resp = supervision.client.post(f"/v1/cycles/{cycle_id}/group/approve", "leading_group", json_body={})
    assert resp.json()["group_id"] == second.json()["group_id"] and len(resp.json()["members"]) == 5


def test_art9_dissolved_when_the_cycle_closes_then_members_get_403(supervision, cycle):
    assert supervision.finding("p01", cycle_id=cycle, kind="procedural", step="district_review",
                               summary="程序瑕疵", evidence=["记录"]).status_code == 201
    supervision.close_cycle(cycle)
    [event] = wait_for(lambda: supervision.outbox("supervision.group_dissolved"), message="group_dissolved")
    assert event["cycle_id"] == cycle and sum(len(v) for v in event["members"].values()) == 9
    assert supervision.client.get(f"/v1/cycles/{cycle}/group", "office").json()["status"] == "dissolved"

    resp = supervision.finding("p01", cycle_id=cycle, kind="procedural", step="district_review",
                               summary="程序瑕疵", evidence=["记录"])
    assert resp.status_code == 403 and resp.json()["error"]["article"] == "Art. 9"
    assert supervision.client.get("/v1/findings", "supervisor", sub="p01").json()["findings"] == []
    assert supervision.client.get(f"/v1/cycles/{cycle}/group", "supervisor", sub="p01").status_code == 403
    # a closed cycle gets no new group
    resp = supervision.client.post(f"/v1/cycles/{cycle}/group", "office", json_body={"members": members(NINE)})
    assert resp.status_code == 409


def test_art9_unknown_cycle_is_404(supervision):
    resp = supervision.client.post("/v1/cycles/cycle-1999/group", "office", json_body={"members": members(NINE)})
    assert resp.status_code == 404


def test_openapi_documents_the_supervision_routes(supervision):
    doc = supervision.client.get("/openapi.json").json()
    for path in ("/v1/cycles/{cycle_id}/group", "/v1/cycles/{cycle_id}/group/approve", "/v1/findings",
                 "/v1/holds/{hold_id}/release", "/public/v1/complaints", "/public/v1/complaints/{tracking_number}"):
        assert path in doc["paths"], path
    finding = doc["paths"]["/v1/findings"]["post"]
    assert finding["x-roles"] == ["supervisor"]
    assert "kind" in finding["requestBody"]["content"]["application/json"]["schema"]["properties"]
    assert doc["paths"]["/public/v1/complaints"]["post"]["security"] == []


def test_art9_rotation_counts_who_leaves_not_who_joins(supervision):
    """Growing six to nine while keeping all six rotates nobody (issue 11)."""
    six = NINE[:6]
    first = supervision.open_cycle(2019)
    supervision.appoint(first, six[:5] + ["p09"])
    view = supervision.client.get(f"/v1/cycles/{first}/group", "office").json()
    assert view["rotation"]["exempt"] is True and "first group" in view["rotation"]["exempt_reason"]
    supervision.close_cycle(first)
    second = supervision.open_cycle(2021)
    grown = six[:5] + ["p09", "n1", "n2", "n3"]
    resp = supervision.client.post(f"/v1/cycles/{second}/group", "office", json_body={"members": members(grown)})
    assert resp.status_code == 409 and resp.json()["error"]["fields"] == {"required_out": 2, "out": 0}
    rotated = six[:3] + ["p09", "n1", "n2", "n3", "n4", "n5"]  # two of six leave: one third
    resp = supervision.client.post(f"/v1/cycles/{second}/group", "office", json_body={"members": members(rotated)})
    assert resp.status_code == 201, resp.text
    assert resp.json()["rotation"]["measured_against"] and resp.json()["rotation"]["out"] == 2
