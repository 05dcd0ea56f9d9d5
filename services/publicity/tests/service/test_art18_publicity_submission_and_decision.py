"""Service tests, Art. 7 LG(5) and 18: the leading group's 提报 of the list that passed the notice
is an act of its own, recorded before the government can decide; the government's 审定 is its own
decision — approve the list, approve it less named candidates (each with its reason), or return
it to the leading group."""
from award_publicity import tables
from award_testing.helpers import wait_for

CLOSED = "2019-10-11T09:00:00+08:00"
APPROVAL = {"document_number": "济政字〔2019〕88号", "approved_on": "2019-10-25"}


def passed_notice(office):
    office.propose()
    assert office.deliberate(adopt=("u-1", "u-2", "u-3", "p-1")).status_code == 201
    assert office.notice().status_code == 201
    office.clock(CLOSED)
    wait_for(lambda: office.outbox("notice.closed"), message="the notice to close")


def decide(office, body):
    return office.call("government", "POST", f"/v1/cycles/{office.cycle_id}/approval", body)


def test_art18_the_government_decides_only_on_a_list_the_leading_group_submitted(office):
    passed_notice(office)
    r = decide(office, APPROVAL)
    assert r.status_code == 409 and r.json()["error"]["code"] == "not_submitted", r.text
    assert r.json()["error"]["article"] == "Art. 18" and "第十八条" in r.json()["error"]["message"]
    assert office.outbox("award.approved") == [] and office.row(tables.approvals, cycle_id=office.cycle_id) is None
    assert office.call("government", "POST", f"/v1/cycles/{office.cycle_id}/submission",
                       {"submitted_on": "2019-10-15"}).status_code == 403  # 提报 is the leading group's act

    r = office.submit()
    assert r.status_code == 201, r.text
    submitted = r.json()
    assert submitted["status"] == "submitted" and submitted["submitted_on"] == "2019-10-15"
    assert {c["application_id"] for c in submitted["candidates"]} == {"u-1", "u-2", "u-3", "p-1"}
    [entry] = office.audit("approval.submit")
    assert entry["target"] == office.cycle_id and submitted["submission_id"] in str(entry["detail"])
    again = office.submit()
    assert again.status_code == 409 and again.json()["error"]["code"] == "already_submitted"
    assert len(office.rows(tables.submissions)) == 1


def test_art18_the_government_returns_the_list_to_the_leading_group_with_its_reason(office):
    passed_notice(office)
    assert office.submit().status_code == 201
    r = decide(office, {"decision": "return"})
    assert r.status_code == 422 and "reason" in r.json()["error"]["fields"]  # a return says why
    r = decide(office, {"decision": "return", "reason": "请领导小组就候选对象的行业分布再行研究"})
    assert r.status_code == 201, r.text
    assert r.json()["status"] == "returned" and r.json()["decision_reason"].startswith("请领导小组")
    assert office.outbox("award.approved") == []
    r = decide(office, APPROVAL)  # the returned list is not before the government any more
    assert r.status_code == 409 and r.json()["error"]["code"] == "not_submitted"
    assert office.submit().status_code == 201  # the leading group submits it again
    assert decide(office, APPROVAL).status_code == 201
    history = office.call("office", "GET", f"/v1/cycles/{office.cycle_id}/submissions").json()
    assert [s["status"] for s in history["submissions"]] == ["returned", "approved"]


def test_art18_the_government_approves_the_list_less_named_candidates_each_with_its_reason(office):
    passed_notice(office)
    assert office.submit().status_code == 201
    r = decide(office, {**APPROVAL, "excluded": [{"application_id": "u-9", "reason": "不予批准"}]})
    assert r.status_code == 422 and r.json()["error"]["article"] == "Art. 18"  # it adds nobody
    assert "excluded.0.application_id" in r.json()["error"]["fields"], r.text
    for reason in (None, "  "):  # each name left out carries its reason
        r = decide(office, {**APPROVAL, "excluded": [{"application_id": "u-2", **({"reason": reason} if reason else {})}]})
        assert r.status_code == 422 and "reason" in str(r.json()["error"]["fields"]), r.text
    assert office.outbox("award.approved") == [] and office.row(tables.approvals, cycle_id=office.cycle_id) is None

    reason = "该单位近期发生质量安全事故，市政府审定不予批准"
    r = decide(office, {**APPROVAL, "excluded": [{"application_id": "u-2", "reason": reason}]})
    assert r.status_code == 201, r.text
    assert {a["application_id"] for a in r.json()["awards"]} == {"u-1", "u-3", "p-1"}
    assert r.json()["vacancies"]["unit_award"] == 4  # u-2's seat stays empty
    [approved] = office.outbox("award.approved")
    assert {e["application_id"] for e in approved["data"]["final_list"]} == {"u-1", "u-3", "p-1"}
    assert approved["data"]["excluded"] == [{"application_id": "u-2", "category": "unit_award", "reason": reason}]
    assert office.candidates()["u-2"] == "not_approved" and office.candidates()["u-1"] == "approved"
    history = office.call("office", "GET", f"/v1/cycles/{office.cycle_id}/submissions").json()
    assert history["excluded"] == [{"application_id": "u-2", "category": "unit_award", "reason": reason}]
    public = office.call(None, "GET", f"/public/v1/cycles/{office.cycle_id}/awards").json()
    assert "u-2" not in {a["application_id"] for a in public["awards"]}
