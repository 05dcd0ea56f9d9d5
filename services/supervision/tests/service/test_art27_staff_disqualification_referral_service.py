"""Art. 27, one container: 滥用职权、玩忽职守、徇私舞弊、造成不良后果 are four alternatives — a member
of the review staff is disqualified for abuse of power with no harm shown; a disqualified
member of the office acts on the cycle no more here (proposing the group, releasing holds), nor
a disqualified member of the group; and the referral to their authority or employer is recorded
— who, to whom, when, by whom — and reported to the leading group."""
from supervision_testing import members


def disqualify(supervision, cycle, staff_subject, staff_role, misconduct, **extra):
    return supervision.finding("p01", cycle_id=cycle, kind="review_staff", step="material_review",
                               summary="擅自更改评审材料顺序并向申报单位透露评审安排", evidence=["工作记录"],
                               staff_subject=staff_subject, staff_role=staff_role, misconduct=misconduct, **extra)


def test_art27_abuse_of_power_disqualifies_without_harm_and_the_expert_event_says_so(supervision, cycle):
    resp = disqualify(supervision, cycle, "expert-3", "expert", "abuse_of_power")
    assert resp.status_code == 201, resp.text
    assert resp.json()["harm"] is None and resp.json()["referral"] is None
    [event] = supervision.outbox("expert.disqualified")
    assert event["expert_subject"] == "expert-3" and event["harm"].startswith("未认定不良后果") \
        and "滥用职权" in event["harm"]
    [staff] = supervision.outbox("staff.disqualified")
    assert staff["staff_subject"] == "expert-3"
    refused = disqualify(supervision, cycle, "tp-9", "third_party", "caused_harm")  # the fourth needs the harm
    assert refused.status_code == 409 and "不良后果" in refused.json()["error"]["message"]


def test_art27_a_disqualified_office_member_acts_on_the_cycle_no_more(supervision, cycle):
    hold = supervision.finding("p02", cycle_id=cycle, kind="procedural", step="district_review", subject="app-1",
                               summary="初审程序存疑", evidence=["材料"], halt=True).json()["hold"]
    resp = disqualify(supervision, cycle, "office-zhang", "office", "favouritism")
    assert resp.status_code == 201, resp.text
    proposal = {"members": members([f"n{i}" for i in range(5)])}
    for sub, status in (("office-zhang", 403), ("office-li", 409)):  # the other meets the rule of one group
        resp = supervision.client.post(f"/v1/cycles/{cycle}/group", "office", sub=sub, json_body=proposal)
        assert resp.status_code == status, resp.text
    refused = supervision.client.post(f"/v1/cycles/{cycle}/group", "office", sub="office-zhang",
                                             json_body=proposal).json()["error"]
    assert refused["article"] == "Art. 27" and refused["code"] == "disqualified" and "第二十七条" in refused["message"]
    supervision.close_cycle(cycle)  # after the dissolution, the office releases — not the disqualified member
    assert supervision.client.post(f"/v1/cycles/{cycle}/group/release-approval", "leading_group", json_body={
        "reason": "同意解除"}).status_code == 201
    resp = supervision.client.post(f"/v1/holds/{hold['hold_id']}/release", "office", sub="office-zhang",
                                   json_body={"reason": "解除"})
    assert resp.status_code == 403 and resp.json()["error"]["article"] == "Art. 27"
    resp = supervision.client.post(f"/v1/cycles/{cycle}/holds/release", "office", sub="office-zhang",
                                   json_body={"reason": "解除"})
    assert resp.status_code == 403 and resp.json()["error"]["article"] == "Art. 27"
    resp = supervision.client.post(f"/v1/holds/{hold['hold_id']}/release", "office", sub="office-li",
                                   json_body={"reason": "解除"})
    assert resp.status_code == 200, resp.text


def test_art27_a_disqualified_member_of_the_group_acts_as_supervisor_no_more(supervision, cycle):
    assert disqualify(supervision, cycle, "p05", "other", "neglect_of_duty").status_code == 201
    resp = supervision.finding("p05", cycle_id=cycle, kind="procedural", step="district_review", summary="x",
                               evidence=["y"])
    assert resp.status_code == 403 and resp.json()["error"]["article"] == "Art. 27"
    assert supervision.finding("p06", cycle_id=cycle, kind="procedural", step="district_review", summary="x",
                               evidence=["y"]).status_code == 201


def test_art27_the_referral_to_the_authority_or_employer_is_recorded_and_reported(supervision, cycle):
    finding = disqualify(supervision, cycle, "tp-wang", "third_party", "neglect_of_duty").json()
    url = f"/v1/findings/{finding['finding_id']}/referral"
    referral = {"referred_to": "山东某评价咨询有限公司", "referred_to_kind": "employer",
                "document": "济质监〔2019〕3号", "note": "请按规定处理并书面反馈"}
    bad = supervision.client.post(url, "supervisor", sub="p02", json_body={**referral, "referred_to_kind": "police"})
    assert bad.status_code == 422 and "referred_to_kind" in bad.json()["error"]["fields"]
    assert supervision.client.post(url, "supervisor", sub="outsider", json_body=referral).status_code == 403
    resp = supervision.client.post(url, "supervisor", sub="p02", json_body=referral)
    assert resp.status_code == 201, resp.text
    done = resp.json()
    assert (done["staff_subject"], done["staff_role"], done["referred_to"], done["referred_to_kind"],
            done["referred_by"]) == ("tp-wang", "third_party", "山东某评价咨询有限公司", "employer", "p02")
    assert done["referred_at"]
    again = supervision.client.post(url, "supervisor", sub="p02", json_body=referral)
    assert again.status_code == 409 and again.json()["error"]["code"] == "already_referred"

    seen = supervision.client.get(f"/v1/findings/{finding['finding_id']}", "leading_group").json()
    assert seen["referral"]["referral_id"] == done["referral_id"]
    reports = supervision.client.get(f"/v1/reports?cycle_id={cycle}", "leading_group").json()["reports"]
    assert {(r["kind"], r["ref_id"]) for r in reports} == {("staff_misconduct", finding["finding_id"]),
                                                            ("staff_referral", done["referral_id"])}
    [referred] = [r for r in reports if r["kind"] == "staff_referral"]  # the business clock stands still here
    assert "所在工作单位" in referred["summary"] and "山东某评价咨询有限公司" in referred["summary"]
    [audit] = supervision.audit("staff.referral")
    assert audit["actor"] == "p02" and audit["target"] == finding["finding_id"]

    procedural = supervision.finding("p01", cycle_id=cycle, kind="procedural", step="district_review",
                                     summary="x", evidence=["y"]).json()
    resp = supervision.client.post(f"/v1/findings/{procedural['finding_id']}/referral", "supervisor", sub="p02",
                                   json_body=referral)
    assert resp.status_code == 409 and resp.json()["error"]["article"] == "Art. 27"
