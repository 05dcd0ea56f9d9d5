"""Art. 2, 7 LG(1), 16, 17: no seat is left undecidable. A tie at the last seat is decided by the
leading group (who and why recorded); a seat emptied by a strike or an upheld objection may go to
the next in rank, who is noticed before the list is submitted; a re-proposed list never brings
back a struck or removed name without a notice of its own."""
from award_publicity import tables
from award_testing.helpers import valid_credit_code, wait_for

from test_art17_publicity_objections import OBJECTION, noticed, objection_id

CLOSED = "2019-10-11T09:00:00+08:00"
MEETING = {"meeting_date": "2019-09-23", "members_present": ["组长", "副组长", "成员甲"]}


def _people(office, *ids):
    for n, app_id in enumerate(ids):
        office.applicant(app_id, f"济南示例{app_id}有限公司", credit_code=valid_credit_code(40 + n))


def _candidate(office, app_id, rank, score):
    return {"rank": rank, "application_id": app_id, "applicant_name": office.names[app_id], "score": score}


def _list(office, unit_award, unit_nomination=(), reserves=(), nomination_reserves=(), tie=None):
    office.lists += 1
    list_id = f"list-{office.lists}"
    award = {"category": "unit_award", "vacancies": 5 - len(unit_award), "unresolved_tie": tie,
             "candidates": [_candidate(office, a, i + 1, 900.0 - i) for i, a in enumerate(unit_award)],
             "reserves": [_candidate(office, a, len(unit_award) + i + 1, 800.0 - i) for i, a in enumerate(reserves)]}
    nomination = {"category": "unit_nomination", "vacancies": 10 - len(unit_nomination),
                  "candidates": [_candidate(office, a, 1, 800.0) for a in unit_nomination],
                  "reserves": [_candidate(office, a, 2 + i, 700.0 - i) for i, a in enumerate(nomination_reserves)]}
    office.publish("scoring", "candidates.proposed", {"cycle_id": office.cycle_id, "list_id": list_id, "categories": [
        award, nomination, {"category": "individual_award", "vacancies": 2, "candidates": [
            _candidate(office, "p-1", 1, 90.0)]}, {"category": "individual_nomination", "vacancies": 5,
                                                   "candidates": []}]})
    wait_for(lambda: office.row(tables.candidate_lists, list_id=list_id), message=f"candidate list {list_id}")
    return list_id


def _seats(office, kind, category, *ids, reason="领导小组会议研究决定"):
    return office.call("leading_group", "POST", f"/v1/cycles/{office.cycle_id}/seats", {
        "kind": kind, "category": category, "application_ids": list(ids), "reason": reason, **MEETING})


def _where(office):
    r = office.call("office", "GET", f"/v1/cycles/{office.cycle_id}/candidates").json()
    return {c["application_id"]: (c["category"], c["status"]) for c in r["candidates"]}


def test_art7_art16_a_tie_at_the_last_seat_is_decided_by_the_leading_group_who_and_why_recorded(office):
    _people(office, "t-a", "t-b")
    tie = {"score": 800.0, "seats": 1, "application_ids": ["t-a", "t-b"],
           "candidates": [_candidate(office, "t-a", 3, 800.0), _candidate(office, "t-b", 3, 800.0)]}
    _list(office, ("u-1", "u-2"), unit_nomination=("t-a", "t-b"), reserves=("t-a", "t-b"),
          nomination_reserves=("u-3",), tie=tie)
    assert office.deliberate(adopt=("u-1", "u-2", "t-a", "t-b", "p-1")).status_code == 201
    assert _seats(office, "tie", "unit_award", "u-1").status_code == 422  # not tied
    assert _seats(office, "tie", "unit_award", "t-a", "t-b").status_code == 422  # one seat
    assert _seats(office, "tie", "unit_nomination", "t-a").json()["error"]["code"] == "no_tie"
    r = _seats(office, "tie", "unit_award", "t-a", reason="t-a 的质量效益指标更优，经表决决定")
    assert r.status_code == 201, r.text
    assert r.json()["moved_from"] == {"t-a": "unit_nomination"}
    assert r.json()["members_present"] == MEETING["members_present"] and r.json()["reason"].startswith("t-a")
    assert _where(office)["t-a"] == ("unit_award", "adopted") and _where(office)["t-b"][0] == "unit_nomination"
    assert _seats(office, "tie", "unit_award", "t-a").status_code == 409  # decided once
    # the seat t-a left in the nomination award goes to its next in rank, if the leading group decides
    assert _seats(office, "refill", "unit_nomination", "u-3").status_code == 201
    decided = [e["data"] for e in office.outbox("deliberation.decided") if e["data"].get("seat")]
    assert [(d["seat"], [c["application_id"] for c in d["candidates"]]) for d in decided] == [
        ("tie", ["t-a"]), ("refill", ["u-3"])]
    [audited] = office.audit("seats.tie")
    assert audited["reason"].startswith("t-a")
    outsider = office.call("supervisor", "GET", f"/v1/cycles/{office.cycle_id}/seats")
    assert outsider.status_code == 403  # a supervisor reads only while on the cycle's group (Art. 9)
    assert len(office.call("office", "GET", f"/v1/cycles/{office.cycle_id}/seats").json()["seat_decisions"]) == 2


def test_art16_art17_a_seat_emptied_by_a_strike_goes_to_the_next_in_rank_who_is_noticed_before_submission(office):
    _people(office, "u-4")
    _list(office, ("u-1", "u-2"), reserves=("u-3", "u-4"))
    early = _seats(office, "refill", "unit_award", "u-3")
    assert early.status_code == 409 and early.json()["error"]["code"] == "no_emptied_seat"
    assert "article" not in early.json()["error"]  # the suite's choice, not the Measures'
    assert office.deliberate(adopt=("u-1", "p-1"), strike=("u-2",)).status_code == 201
    assert office.notice().status_code == 201
    skipped = _seats(office, "refill", "unit_award", "u-4")
    assert skipped.status_code == 422 and "u-3" in skipped.json()["error"]["fields"]["application_ids"][0]
    assert _seats(office, "refill", "unit_award", "u-3").status_code == 201
    assert _where(office)["u-3"] == ("unit_award", "adopted")
    assert _seats(office, "refill", "unit_award", "u-4").status_code == 409  # one seat was emptied
    office.clock(CLOSED)
    wait_for(lambda: office.outbox("notice.closed"), message="the main notice to close")
    waiting = office.submit()
    assert waiting.status_code == 409 and waiting.json()["error"]["fields"]["pending"] == ["u-3"]
    assert office.notice().status_code == 201  # a supplementary notice of u-3 (Art. 17)
    office.clock("2019-10-21T09:00:00+08:00")
    wait_for(lambda: len(office.outbox("notice.closed")) == 2, message="the supplementary notice to close")
    r = office.submit()
    assert r.status_code == 201, r.text
    assert "u-3" in [c["application_id"] for c in r.json()["candidates"]]


def test_art17_a_reproposed_list_never_brings_back_a_removed_name_without_a_notice_of_its_own(office):
    noticed(office)
    oid = objection_id(office, office.call(None, "POST", "/public/v1/objections", OBJECTION).json()["tracking_number"])
    office.call("office", "POST", f"/v1/objections/{oid}/investigation", {
        "investigators": ["办公室 李某"], "checked": "调取事故调查报告", "conclusion": "反映情况属实"})
    office.call("office", "POST", f"/v1/objections/{oid}/resolution",
                {"outcome": "upheld", "handling_opinion": "异议成立，取消拟奖资格"})
    assert office.call("leading_group", "POST", f"/v1/objections/{oid}/resolution",
                       {"decision": "approve"}).status_code == 200
    assert office.candidates()["u-2"] == "removed"
    office.propose(supersedes="list-1")  # the office lists u-2 again
    assert office.deliberate(adopt=("u-1", "u-2", "u-3", "p-1")).status_code == 201
    now = office.candidates()
    assert now["u-1"] == "in_notice" and now["u-2"] == "adopted"  # u-2 waits for a notice of its own
    r = office.notice()
    assert r.status_code == 201 and r.json()["kind"] == "supplementary"
    assert office.row(tables.candidates, application_id="u-2")["notice_id"] == r.json()["notice_id"]


def _uphold(office, app_id, action="remove"):
    """An objection to ``app_id`` during the notice, investigated, upheld by the office with
    ``action`` and approved by the leading group (Art. 17)."""
    tracking = office.call(None, "POST", "/public/v1/objections", OBJECTION | {"application_id": app_id})
    assert tracking.status_code == 201, tracking.text
    oid = objection_id(office, tracking.json()["tracking_number"])
    assert office.call("office", "POST", f"/v1/objections/{oid}/investigation", {
        "investigators": ["办公室 李某"], "checked": "调取事故调查报告", "conclusion": "反映情况属实"}).status_code == 200
    assert office.call("office", "POST", f"/v1/objections/{oid}/resolution",
                       {"outcome": "upheld", "action": action, "handling_opinion": "异议成立"}).status_code == 200
    approved = office.call("leading_group", "POST", f"/v1/objections/{oid}/resolution", {"decision": "approve"})
    assert approved.status_code == 200, approved.text


def test_art16_art17_a_seat_emptied_by_an_upheld_objection_goes_to_the_next_in_rank_who_is_noticed(office):
    _people(office, "u-4")
    _list(office, ("u-1", "u-2"), reserves=("u-3", "u-4"))
    assert office.deliberate(adopt=("u-1", "u-2", "p-1")).status_code == 201
    assert office.notice().status_code == 201
    early = _seats(office, "refill", "unit_award", "u-3")  # nothing emptied yet: both seats noticed
    assert early.status_code == 409 and early.json()["error"]["code"] == "no_emptied_seat"
    _uphold(office, "u-2")
    assert _where(office)["u-2"] == ("unit_award", "removed")
    back = _seats(office, "refill", "unit_award", "u-2")  # the removed name never comes back this way
    assert back.status_code == 422 and "u-3" in back.json()["error"]["fields"]["application_ids"][0]
    skipped = _seats(office, "refill", "unit_award", "u-4")  # the next in rank, never skipped
    assert skipped.status_code == 422 and "u-3" in skipped.json()["error"]["fields"]["application_ids"][0]
    r = _seats(office, "refill", "unit_award", "u-3", reason="u-2 因异议成立被取消拟奖资格，按名次递补")
    assert r.status_code == 201, r.text
    assert r.json()["kind"] == "refill" and r.json()["application_ids"] == ["u-3"]
    assert "article" not in _seats(office, "refill", "unit_award", "u-4").json()["error"]  # one seat emptied
    assert _where(office)["u-3"] == ("unit_award", "adopted")
    assert office.row(tables.candidates, application_id="u-3")["notice_id"] is None  # not noticed yet
    [decided] = [e["data"] for e in office.outbox("deliberation.decided") if e["data"].get("seat")]
    assert decided["seat"] == "refill" and [c["application_id"] for c in decided["candidates"]] == ["u-3"]
    office.clock(CLOSED)
    wait_for(lambda: office.outbox("notice.closed"), message="the main notice to close")
    waiting = office.submit()  # u-3 has passed no notice of its own (Art. 17)
    assert waiting.status_code == 409 and waiting.json()["error"]["fields"]["pending"] == ["u-3"]
    supplementary = office.notice()
    assert supplementary.status_code == 201 and supplementary.json()["kind"] == "supplementary"
    assert office.row(tables.candidates, application_id="u-3")["notice_id"] == supplementary.json()["notice_id"]
    office.clock("2019-10-21T09:00:00+08:00")
    wait_for(lambda: len(office.outbox("notice.closed")) == 2, message="the supplementary notice to close")
    submitted = office.submit()
    assert submitted.status_code == 201, submitted.text
    listed = [c["application_id"] for c in submitted.json()["candidates"]]
    assert "u-3" in listed and "u-2" not in listed and "u-1" in listed


def test_art16_art17_a_seat_emptied_by_an_upheld_objection_that_moved_the_candidate_may_be_refilled(office):
    """The handling opinion may move the candidate to the nomination award instead of removing
    it (Art. 17): its seat of the award is emptied all the same, and the next in rank may take it."""
    _list(office, ("u-1", "u-2"), reserves=("u-3",))
    assert office.deliberate(adopt=("u-1", "u-2", "p-1")).status_code == 201
    assert office.notice().status_code == 201
    _uphold(office, "u-2", action="move_to_nomination")
    assert _where(office)["u-2"] == ("unit_nomination", "in_notice")
    r = _seats(office, "refill", "unit_award", "u-3")
    assert r.status_code == 201, r.text
    assert _where(office)["u-3"] == ("unit_award", "adopted")
    again = _seats(office, "refill", "unit_award", "u-3")
    assert again.status_code == 409 and again.json()["error"]["fields"] == {"emptied": 1, "refilled": 1}
