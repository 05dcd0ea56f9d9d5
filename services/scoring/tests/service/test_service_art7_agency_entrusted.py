"""Art. 7 LG(3): 委托…第三方机构 is the leading group's; the office proposes (Art. 7 Office(2))
and the agency acts only once entrusted, announced by ``agency.appointed`` with its staff."""
from award_testing.helpers import wait_for


def test_art7_the_office_proposes_the_leading_group_entrusts_and_only_then_the_agency_acts(desk_factory):
    desk = desk_factory(panel_size=3)
    other = desk.__class__(desk.svc, desk.amqp_uri, cycle_id="cycle-2021", ruleset=desk.ruleset)
    other.publish("intake", "cycle.opened", {
        "cycle_id": "cycle-2021", "edition": 2021, "ruleset": desk.ruleset, "ruleset_id": desk.ruleset["id"],
        "ruleset_sha256": "0" * 64, "schedule": {"application": "2021-05-31T17:00:00+08:00"},
        "opened_at": "2021-03-01T09:00:00+08:00"})
    wait_for(lambda: desk.svc.client.get("/v1/cycles/cycle-2021", "office").status_code == 200, message="cycle")
    proposed = other.as_office("POST", "/v1/cycles/cycle-2021/third-party", {
        "name": "山东示例质量评价中心", "credit_code": "91370100MA3C4XYD8F", "staff_subjects": ["agency-li"]})
    assert proposed.status_code == 201 and proposed.json()["status"] == "proposed"
    early = desk.svc.client.call("POST", "/v1/cycles/cycle-2021/experts", "third_party", sub="agency-li", json_body={
        "subject": "exp-x", "name": "专家", "affiliation_kind": "university", "employer_name": "山东大学",
        "employer_credit_code": "91370100MA3C4XYD8F", "sectors": ["secondary"]})
    assert early.status_code == 409 and early.json()["error"]["code"] == "no_agency"
    assert not [e for e in other.outbox("agency.appointed") if e["data"]["cycle_id"] == "cycle-2021"]

    path = "/v1/cycles/cycle-2021/third-party/approval"
    assert other.as_office("POST", path, {"decision": "x"}).status_code == 403
    approved = desk.svc.client.call("POST", path, "leading_group", sub="lg-wang", json_body={"decision": "会议纪要"})
    assert approved.status_code == 200 and approved.json()["status"] == "appointed"
    [event] = [e for e in other.outbox("agency.appointed") if e["data"]["cycle_id"] == "cycle-2021"]
    assert event["data"]["staff_subjects"] == ["agency-li"] and event["data"]["approved_by"] == "lg-wang"
    again = other.as_office("POST", "/v1/cycles/cycle-2021/third-party", {
        "name": "另一机构", "credit_code": "91370100MA3C4XYD8F", "staff_subjects": ["x"]})
    assert again.status_code == 409 and again.json()["error"]["article"] == "Art. 7"


def test_art25_the_agencys_staff_accounts_are_shown_to_the_office_the_leading_group_and_the_agency_alone(desk):
    """Issue 29 (10): any signed-in caller, an applicant included, read the staff account ids."""
    path = f"/v1/cycles/{desk.cycle_id}/third-party"
    for roles, sub in ((("office",), "office-li"), (("leading_group",), "lg-wang"), (("third_party",), "agency-zhang")):
        seen = desk.svc.client.get(path, *roles, sub=sub)
        assert seen.status_code == 200 and seen.json()["staff_subjects"], roles
    for roles in (("applicant",), ("expert",), ("district",), ("government",)):
        seen = desk.svc.client.get(path, *roles, sub="someone", district="历下区")
        assert seen.status_code == 200 and "staff_subjects" not in seen.json(), roles
        assert seen.json()["name"] == "山东示例质量评价中心" and seen.json()["status"] == "appointed"
    other = desk.svc.client.get(path, "third_party", sub="another-agency")
    assert other.status_code == 403 and other.json()["error"]["code"] == "not_appointed"
