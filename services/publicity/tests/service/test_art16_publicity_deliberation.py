"""Service tests, Art. 7 LG(5), 16 and Art. 2: the leading group deliberates the office's list —
adopts, strikes with a reason, returns the list; adds nobody; never exceeds a quota; a held
candidate waits as pending; a later list supersedes and returns the cycle to deliberation."""
from award_publicity import tables
from award_shared.store import db


def test_art16_the_leading_group_adopts_and_strikes_with_reasons(office):
    office.propose()
    r = office.deliberate(adopt=("u-1", "u-3", "p-1"), strike=("u-2",))
    assert r.status_code == 201, r.text
    assert office.candidates() == {"u-1": "adopted", "u-2": "struck", "u-3": "adopted", "p-1": "adopted"}
    [event] = office.outbox("deliberation.decided")
    decided = {c["application_id"]: (c["decision"], c.get("reason")) for c in event["data"]["candidates"]}
    assert decided["u-2"] == ("struck", "综合评议未获通过") and decided["u-1"] == ("adopted", None)
    assert event["data"]["meeting_date"] == "2019-09-20" and event["data"]["returned"] is False
    [entry] = office.audit("deliberation.decide")
    assert entry["actor"] == "leading_group-test"
    assert office.call("office", "POST", f"/v1/cycles/{office.cycle_id}/deliberation", {}).status_code == 403


def test_art16_nobody_is_added_who_is_not_on_the_list_and_nothing_changes(office):
    office.propose()
    r = office.deliberate(adopt=("u-1", "u-2", "u-3", "p-1", "u-stranger"))
    assert r.status_code == 422
    error = r.json()["error"]
    # adopt-or-strike of the listed is this suite's choice (docs/design.md), not Art. 16 (issue 31)
    assert error["code"] == "deliberation_invalid" and "article" not in error and "第十六条" not in error["message"]
    assert "u-stranger" in str(error["fields"])
    assert office.candidates() == dict.fromkeys(("u-1", "u-2", "u-3", "p-1"), "listed")
    assert office.outbox("deliberation.decided") == []


def test_art16_a_struck_candidate_needs_the_reason_and_every_candidate_a_decision(office):
    office.propose()
    r = office.deliberate([{"application_id": "u-2", "decision": "struck"}], adopt=("u-1", "u-3", "p-1"))
    assert r.status_code == 422 and "decisions.0.reason" in r.json()["error"]["fields"]
    r = office.deliberate(adopt=("u-1",))
    assert r.status_code == 422 and "u-2" in str(r.json()["error"]["fields"]["decisions"])


def test_art2_no_category_exceeds_its_quota(office):
    for n in range(4, 8):
        office.applicant(f"u-{n}", f"济南第{n}示例有限公司")
    office.propose(unit_award=("u-1", "u-2", "u-4", "u-5", "u-6", "u-7"), unit_nomination=("u-3",))
    r = office.deliberate(adopt=("u-1", "u-2", "u-3", "u-4", "u-5", "u-6", "u-7", "p-1"))
    assert r.status_code == 422  # six unit awards (a tie at the bar lists them all); the quota of Art. 2 is five
    assert r.json()["error"]["article"] == "Art. 2" and "unit_award" in str(r.json()["error"]["fields"])
    assert office.outbox("deliberation.decided") == []
    r = office.deliberate(adopt=("u-1", "u-2", "u-3", "u-4", "u-5", "u-6", "p-1"), strike=("u-7",))
    assert r.status_code == 201, r.text


def test_art16_the_list_returned_to_the_office_waits_for_a_new_one_which_supersedes_it(office):
    office.propose()
    r = office.deliberate(return_to_office=True, reason="请办公室结合监督意见重新研究")
    assert r.status_code == 201, r.text
    assert office.outbox("deliberation.decided")[-1]["data"]["returned"] is True
    refused = office.deliberate(adopt=("u-1", "u-2", "u-3", "p-1"))
    assert refused.status_code == 409 and refused.json()["error"]["article"] == "Art. 16"
    office.propose(unit_award=("u-1",), unit_nomination=("u-2", "u-3"), supersedes="list-1")
    r = office.deliberate(adopt=("u-1", "u-2", "u-3", "p-1"))
    assert r.status_code == 201, r.text
    listed = office.call("office", "GET", f"/v1/cycles/{office.cycle_id}/candidates").json()
    assert listed["list_id"] == "list-2" and listed["supersedes"] == "list-1"
    assert {c["application_id"]: c["category"] for c in listed["candidates"]}["u-2"] == "unit_nomination"


def test_holds_a_held_candidate_waits_as_pending_the_rest_proceed(office):
    office.propose()
    office.hold("hold-u2", "defense", subject="u-2")  # a hold on an earlier step covers deliberation
    r = office.deliberate(adopt=("u-1", "u-2", "u-3", "p-1"))
    assert r.status_code == 201, r.text
    assert office.candidates()["u-2"] == "pending" and office.candidates()["u-1"] == "adopted"
    assert {c["application_id"]: c["decision"] for c in r.json()["candidates"]}["u-2"] == "pending"
    [applied] = [e for e in office.outbox("hold.applied") if e["data"]["hold_id"] == "hold-u2"]
    assert applied["data"]["owner"] == "publicity" and applied["data"]["subject_step"] == "deliberation"
    office.hold("hold-u2", "defense", subject="u-2", release=True)
    r = office.deliberate(adopt=("u-2",))
    assert r.status_code == 201, r.text
    assert office.candidates()["u-2"] == "adopted"
    office.hold("hold-all", "deliberation")
    r = office.deliberate(adopt=("u-2",))
    assert r.status_code == 409 and r.json()["error"]["code"] == "hold_active"
    assert office.row(db.holds, hold_id="hold-all")["status"] == "active"


def test_art16_art17_a_newer_list_after_the_notice_keeps_notices_and_objections_and_notices_only_new_names(office):
    office.propose()
    assert office.deliberate(adopt=("u-1", "u-2", "u-3", "p-1")).status_code == 201
    first = office.notice().json()
    objection = office.call(None, "POST", "/public/v1/objections", {
        "application_id": "u-2", "content": "反映问题", "objector_name": "钱某", "objector_contact": "13600000000"})
    assert objection.status_code == 201
    office.applicant("u-4", "济南新材料科技有限公司")
    # Art. 27: a disqualified expert changed results; the office proposes again, superseding list-1
    office.propose(unit_award=("u-1", "u-2", "u-4"), unit_nomination=(), supersedes="list-1")
    assert office.candidates() == {"u-1": "listed", "u-2": "listed", "u-3": "dropped", "u-4": "listed",
                                   "p-1": "listed"}
    assert office.deliberate(adopt=("u-1", "u-2", "u-4", "p-1")).status_code == 201
    statuses = office.candidates()
    assert statuses["u-1"] == statuses["u-2"] == "in_notice" and statuses["u-4"] == "adopted"
    second = office.notice().json()
    assert second["kind"] == "supplementary" and [c["application_id"] for c in second["candidates"]] == ["u-4"]
    assert office.row(tables.candidates, application_id="u-1")["notice_id"] == first["notice_id"]
    [open_objection] = office.call("office", "GET", f"/v1/objections?cycle_id={office.cycle_id}").json()["objections"]
    assert open_objection["application_id"] == "u-2" and open_objection["status"] == "received"
