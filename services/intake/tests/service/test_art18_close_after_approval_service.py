"""Art. 18 and Art. 9: the office closes the cycle once the government approved and published the
list (award.approved from publicity), or with no award on the leading group's decision;
cycle.closed says which (outcome: awarded | no_award)."""
from award_publicity.service import PublicityService
from award_testing.helpers import commit_events, wait_for

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


def test_art7_no_award_closes_on_the_leading_groups_decision(intake):
    intake.open_cycle()
    missing = close(intake, outcome="no_award")
    assert missing.status_code == 422 and "decision" in missing.json()["error"]["fields"]
    r = close(intake, outcome="no_award", decision="市质量强市领导小组决定：本届各类别均空缺，不予评奖")
    assert r.status_code == 200 and r.json()["outcome"] == "no_award"
    [event] = intake.outbox("cycle.closed")
    assert event["data"]["outcome"] == "no_award" and "空缺" in event["data"]["decision"]
