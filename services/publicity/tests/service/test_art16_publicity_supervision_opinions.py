"""Service tests, Art. 16: the office proposes the list 根据…评审监督小组的监督意见 — each opinion the
supervision group records (``opinion.recorded``, from supervision) is answered by the office,
accepted with the change or not with the reason, before the leading group deliberates the list."""
from award_publicity import tables
from award_testing.helpers import wait_for


def opinion(office, application_id, text):
    before = len(office.rows(tables.supervision_opinions))
    office.publish("supervision", "opinion.recorded", {"application_id": application_id, "cycle_id": office.cycle_id,
                                                       "opinion": text}, subject=application_id)
    wait_for(lambda: len(office.rows(tables.supervision_opinions)) > before, message="the opinion")
    return office.rows(tables.supervision_opinions, application_id=application_id)[-1]["opinion_id"]


def answer(office, opinion_id, body):
    return office.call("office", "POST", f"/v1/opinions/{opinion_id}/answer", body)


def test_art16_each_supervision_opinion_is_answered_before_the_leading_group_deliberates(office):
    first = opinion(office, "u-2", "建议核实该单位2018年质量事故的整改情况")
    second = opinion(office, "p-1", "评审过程规范，无异议")
    list_id = office.propose()
    r = office.deliberate(adopt=("u-1", "u-2", "u-3", "p-1"))
    assert r.status_code == 409, r.text
    error = r.json()["error"]
    assert error["article"] == "Art. 16" and error["code"] == "opinions_unanswered" and "第十六条" in error["message"]
    assert set(error["fields"]["opinions"]) == {first, second}
    assert office.rows(tables.deliberations) == [] and office.outbox("deliberation.decided") == []

    r = answer(office, first, {"accepted": True})
    assert r.status_code == 422 and "change" in r.json()["error"]["fields"]  # accepted: the change made
    r = answer(office, second, {"accepted": False, "reason": "   "})
    assert r.status_code == 422 and "reason" in r.json()["error"]["fields"]  # not accepted: why
    r = answer(office, first, {"accepted": True, "change": "已调阅整改报告，补充至候选名单说明", "list_id": "list-9"})
    assert r.status_code == 422 and "list_id" in r.json()["error"]["fields"]
    assert office.call("leading_group", "POST", f"/v1/opinions/{first}/answer",
                       {"accepted": False, "reason": "x"}).status_code == 403  # the office answers
    r = answer(office, first, {"accepted": True, "change": "已调阅整改报告，补充至候选名单说明", "list_id": list_id})
    assert r.status_code == 200 and r.json()["status"] == "accepted", r.text
    assert answer(office, first, {"accepted": False, "reason": "改变主意"}).json()["error"]["code"] == "already_answered"
    r = office.deliberate(adopt=("u-1", "u-2", "u-3", "p-1"))
    assert r.status_code == 409 and r.json()["error"]["fields"]["opinions"] == [second]

    r = answer(office, second, {"accepted": False, "reason": "该意见认为无异议，无需调整名单"})
    assert r.status_code == 200 and r.json()["status"] == "not_accepted"
    assert office.deliberate(adopt=("u-1", "u-2", "u-3", "p-1")).status_code == 201
    seen = office.call("leading_group", "GET", f"/v1/cycles/{office.cycle_id}/opinions").json()["opinions"]
    assert {(o["application_id"], o["status"]) for o in seen} == {("u-2", "accepted"), ("p-1", "not_accepted")}
    # a page at a time (docs/contract.md, "Lists a page at a time"): each opinion once, oldest first
    walked = office.walk("leading_group", f"/v1/cycles/{office.cycle_id}/opinions?limit=1", "opinions")
    assert [o["opinion_id"] for o in walked] == [o["opinion_id"] for o in seen] == [first, second]
    bad = office.call("leading_group", "GET", f"/v1/cycles/{office.cycle_id}/opinions?after=no-such-opinion")
    assert bad.status_code == 422 and list(bad.json()["error"]["fields"]) == ["after"], bad.text
    assert len(office.audit("opinion.answer")) == 2
    one = office.call("office", "GET", f"/v1/opinions/{first}").json()  # what the answer form shows
    assert (one["opinion"], one["status"], one["change"]) == ("建议核实该单位2018年质量事故的整改情况", "accepted",
                                                              "已调阅整改报告，补充至候选名单说明")
    assert office.call("government", "GET", f"/v1/opinions/{second}").json()["status_name"] == "未采纳"
    assert office.call("supervisor", "GET", f"/v1/opinions/{first}").status_code == 403  # not on the group (Art. 9)
    assert office.call("applicant", "GET", f"/v1/opinions/{first}").status_code == 403
    assert office.call("office", "GET", "/v1/opinions/no-such-opinion").status_code == 404


def test_art16_a_list_may_go_back_to_the_office_with_opinions_unanswered(office):
    opinion(office, "u-2", "建议核实")
    office.propose()
    r = office.deliberate(return_to_office=True, reason="请办公室先答复评审监督小组的监督意见")
    assert r.status_code == 201, r.text


def test_art16_the_cycles_opinions_are_counted_the_unanswered_apart(office):
    """Province scale: how many opinions wait for the office's answer is counted by
    ``GET /v1/cycles/{cycle}/opinions/summary`` (a ``GROUP BY``), not read out of every opinion;
    the opinions' readers, 404 for a cycle publicity does not know."""
    first = opinion(office, "u-2", "建议核实该单位2018年质量事故的整改情况")
    opinion(office, "p-1", "评审过程规范，无异议")
    url = f"/v1/cycles/{office.cycle_id}/opinions/summary"
    counted = office.svc.client.get(url, "office")
    assert counted.status_code == 200, counted.text
    assert counted.json() == {"cycle_id": office.cycle_id, "total": 2, "by_status": {"received": 2}, "unanswered": 2}
    assert answer(office, first, {"accepted": False, "reason": "已核实，整改到位"}).status_code == 200
    assert office.svc.client.get(url, "leading_group").json() == {
        "cycle_id": office.cycle_id, "total": 2, "by_status": {"not_accepted": 1, "received": 1}, "unanswered": 1}
    assert office.svc.client.get(url, "applicant").status_code == 403
    assert office.svc.client.get("/v1/cycles/cycle-1999/opinions/summary", "office").status_code == 404
