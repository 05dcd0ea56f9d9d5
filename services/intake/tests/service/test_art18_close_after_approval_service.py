"""Art. 18 and Art. 9: the office closes the cycle once the government approved and published the
list (award.approved from publicity), or with no award on the leading group's decision;
cycle.closed says which (outcome: awarded | no_award)."""
from award_publicity.service import PublicityService
from award_testing.helpers import audit_entries, commit_events, wait_for

CLOCK_2019 = "fixed:2019-03-01T09:00:00+08:00"


def close(intake, **body):
    return intake.client.post("/v1/cycles/cycle-2019/close", "office", json_body={"reason": "评审工作结束", **body})


def test_art18_the_cycle_closes_as_awarded_only_after_the_list_is_approved(intake, service_factory):
    intake.open_cycle()
    refused = close(intake)
    assert refused.status_code == 409 and refused.json()["error"]["article"] == "Art. 18"
    assert "第十八条" in refused.json()["error"]["message"]
    assert intake.outbox("cycle.closed") == []
    publicity = service_factory(PublicityService, clock=CLOCK_2019)
    commit_events(publicity, "award.approved", [{
        "cycle_id": "cycle-2019", "document_number": "济政字〔2019〕88号", "approved_at": "2019-10-25T10:00:00+08:00",
        "final_list": [{"application_id": "app-1", "category": "unit_award", "recipient_name": "济南示例有限公司"}]}])

    def closed():
        r = close(intake)
        return r if r.status_code == 200 else None
    answer = wait_for(closed, message="intake to learn the approval and close the cycle").json()
    assert answer["outcome"] == "awarded"
    [event] = intake.outbox("cycle.closed")
    assert event["data"]["outcome"] == "awarded"


def test_art7_lg1_no_award_closes_on_the_leading_groups_own_decision(intake):
    """Art. 7 LG(1): the decision is the leading group's act, recorded as the member who makes it —
    not text the office types in when it closes the cycle (issue 31)."""
    intake.open_cycle()
    missing = close(intake, outcome="no_award")
    assert missing.status_code == 409 and missing.json()["error"]["code"] == "no_award_not_decided"
    assert missing.json()["error"]["article"] == "Art. 7" and "第七条" in missing.json()["error"]["message"]
    typed = close(intake, outcome="no_award", decision="领导小组决定本届不评奖")  # the office cannot type it in
    assert typed.status_code == 422 and "decision" in typed.json()["error"]["fields"]
    decision = {"decision": "市质量强市领导小组决定：本届各类别均空缺，不予评奖"}
    assert intake.client.post("/v1/cycles/cycle-2019/no-award", "office", json_body=decision).status_code == 403
    decided = intake.client.post("/v1/cycles/cycle-2019/no-award", "leading_group", json_body=decision, sub="lg-wang")
    assert decided.status_code == 201, decided.text
    assert decided.json()["decided_by"] == "lg-wang"
    [entry] = audit_entries(intake.engine, "cycle.no_award_decided")
    assert entry["actor"] == "lg-wang" and "空缺" in entry["reason"]
    again = intake.client.post("/v1/cycles/cycle-2019/no-award", "leading_group", json_body=decision)
    assert again.status_code == 409 and again.json()["error"]["code"] == "no_award_decided"
    r = close(intake, outcome="no_award")
    assert r.status_code == 200 and r.json()["outcome"] == "no_award"
    [event] = intake.outbox("cycle.closed")
    assert event["data"]["outcome"] == "no_award" and "空缺" in event["data"]["decision"]
