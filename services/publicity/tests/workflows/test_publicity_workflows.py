"""Publicity's workflows on the fast rung (steps 9-13, Art. 16-19, 28): each asserts the state
it leaves, the events it commits to the outbox and its audit record."""
import datetime as dt

import pytest

from award_publicity import objections, opinions, replicas, tables, verification
from award_publicity.domain import candidates as status
from award_shared import errors, events
from award_testing.workflows import audited, published

from publicity_steps import CYCLE, LEADING_GROUP, OFFICE, SUPERVISION_URL


def types(tx):
    return [e["type"] for e in published(tx)]


def test_art16_the_office_list_arrives_every_name_awaits_the_leading_group(publicity):
    assert publicity.statuses() == {"u-1": status.LISTED, "u-2": status.LISTED, "p-1": status.LISTED}
    assert publicity.row(tables.candidate_lists, list_id="list-1")["status"] == "current"
    assert publicity.row(tables.applicants, application_id="p-1")["kind"] == "individual"
    assert types(publicity.tx) == []  # learning facts publishes nothing
    [entry] = audited(publicity.tx, "candidates.received")
    assert entry["target"] == CYCLE and entry["actor"] == "system:publicity"

    publicity.propose(unit_award=("u-1",), list_id="list-2")  # a newer list supersedes
    assert publicity.statuses() == {"u-1": status.LISTED, "u-2": status.DROPPED, "p-1": status.LISTED}
    assert publicity.row(tables.candidate_lists, list_id="list-1")["status"] == "superseded"


def test_art16_the_leading_group_adopts_and_strikes(publicity):
    decided = publicity.deliberate(adopt=("u-1", "p-1"), strike=("u-2",))
    assert publicity.statuses() == {"u-1": status.ADOPTED, "u-2": status.STRUCK, "p-1": status.ADOPTED}
    [event] = published(publicity.tx, events.DeliberationDecided.type)
    assert event["subject"] == CYCLE and event["cycleid"] == CYCLE
    assert event["data"] == decided
    assert {c["application_id"]: c["decision"] for c in event["data"]["candidates"]} == {
        "u-1": "adopted", "p-1": "adopted", "u-2": "struck"}
    [entry] = audited(publicity.tx, "deliberation.decide")
    assert entry["target"] == CYCLE and '"u-2": "struck"' in entry["detail"]


def test_art17_the_office_publishes_the_notice_for_five_working_days(publicity):
    publicity.deliberate()
    view = publicity.publish_notice()
    notice = publicity.row(tables.public_notices, notice_id=view["notice_id"])
    assert notice["status"] == "open" and notice["kind"] == "main" and not notice["provisional"]
    assert publicity.statuses() == {"u-1": status.IN_NOTICE, "u-2": status.IN_NOTICE, "p-1": status.IN_NOTICE}
    [event] = published(publicity.tx, events.NoticeOpened.type)
    assert event["subject"] == CYCLE
    assert event["data"] == {
        "cycle_id": CYCLE, "notice_id": view["notice_id"], "kind": "main",
        "window_start": "2019-09-27T10:00:00+08:00", "window_end": view["window_end"], "provisional": False,
        "media": ["济南日报"], "application_ids": ["p-1", "u-1", "u-2"]}
    # Sun 29 Sep and Mon 30 Sep, then the holiday, then 8, 9 and 10 October: it ends with the 10th
    assert view["window_end"] == "2019-10-11T00:00:00+08:00"
    [entry] = audited(publicity.tx, "public_notice.publish")
    assert entry["target"] == view["notice_id"] and '"kind": "main"' in entry["detail"]


def test_art17_an_objection_is_received_and_halts_the_candidate_at_approval(publicity):
    publicity.deliberate()
    publicity.publish_notice()
    code, answer = publicity.object("u-2")
    assert code == 201 and answer["status"] == "received" and not answer["duplicate"]
    row = publicity.row(tables.objections, tracking_number=answer["tracking_number"])
    assert row["status"] == "received" and row["application_id"] == "u-2"
    hold = publicity.row(tables.kit.KIT.tables["holds"], hold_id=row["hold_id"])
    assert (hold["status"], hold["step"], hold["subject"]) == ("active", "approval", "u-2")
    assert types(publicity.tx)[-3:] == ["hold.applied", "hold.placed", "objection.received"]
    [event] = published(publicity.tx, events.ObjectionReceived.type)
    assert event["subject"] == row["objection_id"]
    assert event["data"] == {"objection_id": row["objection_id"], "cycle_id": CYCLE, "application_id": "u-2",
                             "received_at": "2019-09-27T02:00:00+00:00", "hold_id": row["hold_id"]}
    [entry] = audited(publicity.tx, "objection.receive")
    assert entry["target"] == row["objection_id"] and '"hold_joined": false' in entry["detail"]

    code, again = publicity.object("u-2")  # the same signed objector, the same words: nothing new
    assert code == 200 and again["tracking_number"] == answer["tracking_number"] and again["duplicate"]
    assert len(published(publicity.tx, events.ObjectionReceived.type)) == 1


def test_art17_an_upheld_objection_resolved_removes_the_candidate_and_releases_the_hold(publicity):
    publicity.deliberate()
    publicity.publish_notice()
    _, answer = publicity.object("u-2")
    objection_id = publicity.objection_id(answer["tracking_number"])
    with pytest.raises(errors.RuleViolation) as refused:  # the leading group approves a proposal only
        with publicity.tx as tx:
            objections.resolution(tx, objection_id, {"decision": "approve"}, LEADING_GROUP)
    assert refused.value.code == "out_of_order" and refused.value.article == "Art. 17"

    view = publicity.resolve(objection_id, outcome="upheld", opinion="经查证，反映问题属实。")
    assert view["status"] == "resolved" and view["outcome"] == "upheld"
    assert publicity.statuses()["u-2"] == status.REMOVED
    row = publicity.row(tables.objections, objection_id=objection_id)
    assert publicity.row(tables.kit.KIT.tables["holds"], hold_id=row["hold_id"])["status"] == "released"
    assert types(publicity.tx)[-2:] == ["hold.released", "objection.resolved"]
    [event] = published(publicity.tx, events.ObjectionResolved.type)
    assert event["subject"] == objection_id and event["data"] == {
        "objection_id": objection_id, "cycle_id": CYCLE, "application_id": "u-2", "outcome": "upheld",
        "handling_opinion": "经查证，反映问题属实。", "action": "remove"}
    assert [e["action"] for e in audited(publicity.tx) if e["target"] == objection_id] == [
        "objection.receive", "objection.investigate", "objection.propose", "objection.resolve"]


def test_art17_the_notice_closes_by_itself_on_the_business_clock_and_objections_are_refused(publicity):
    publicity.deliberate()
    view = publicity.publish_notice()
    assert publicity.close_notices(days=1) == []  # Saturday 28 September: still open
    assert publicity.close_notices(days=13) == [view["notice_id"]]
    assert publicity.row(tables.public_notices, notice_id=view["notice_id"])["status"] == "closed"
    [event] = published(publicity.tx, events.NoticeClosed.type)
    assert event["subject"] == CYCLE and event["data"]["notice_id"] == view["notice_id"]
    assert event["data"]["window_end"] == view["window_end"] and event["data"]["provisional"] is False
    [entry] = audited(publicity.tx, "public_notice.close")
    assert entry["target"] == view["notice_id"]
    assert publicity.close_notices(days=1) == []  # a closed notice never closes twice

    with pytest.raises(errors.RuleViolation) as refused:
        publicity.object("u-1")
    assert refused.value.code == "notice_closed"
    assert refused.value.fields == {"complaint_route": f"{SUPERVISION_URL}/public/v1/complaints"}
    assert publicity.rows(tables.objections) == []


def test_art18_the_government_approves_the_list_that_passed_the_notice(publicity):
    publicity.deliberate()
    publicity.publish_notice()
    with pytest.raises(errors.RuleViolation) as refused:  # the notice is still open
        publicity.approve()
    assert refused.value.article == "Art. 17"
    publicity.close_notices()
    answer = publicity.approve()
    assert [a["application_id"] for a in answer["awards"]] == ["p-1", "u-1", "u-2"]
    assert set(publicity.statuses().values()) == {status.APPROVED}
    [event] = published(publicity.tx, events.AwardApproved.type)
    assert event["subject"] == CYCLE
    # the payload as it always travelled: approved_on beside the declared fields, in this order
    assert list(event["data"]) == ["cycle_id", "final_list", "approved_at", "approved_on", "document_number"]
    assert event["data"]["approved_on"] == "2019-10-25"
    assert event["data"]["final_list"][0] == {"application_id": "p-1", "category": "individual_award", "rank": 1,
                                              "recipient_name": "张示例"}
    [entry] = audited(publicity.tx, "approval.approve")
    assert entry["target"] == CYCLE and "济政字〔2019〕88号" in entry["detail"]


def test_art19_the_office_confers_the_approved_awards(publicity):
    publicity.deliberate()
    publicity.publish_notice()
    publicity.close_notices()
    publicity.approve()
    answer = publicity.confer()
    assert len(answer["awards"]) == 3
    assert set(publicity.statuses().values()) == {status.CONFERRED}
    granted = published(publicity.tx, events.AwardGranted.type)
    assert [e["subject"] for e in granted] == [a["award_id"] for a in answer["awards"]]
    unit = next(e["data"] for e in granted if e["data"]["application_id"] == "u-1")
    assert list(unit) == ["award_id", "application_id", "cycle_id", "certificate_number", "recipient_name",
                          "credit_code", "person_key", "category", "items", "prize_amount", "granted_at",
                          "imported", "edition", "granted_on", "ruleset"]
    assert (unit["prize_amount"], unit["items"], unit["imported"]) == ("200000.00", ["trophy", "plaque",
                                                                                       "certificate"], False)
    row = publicity.row(tables.awards, award_id=unit["award_id"])
    assert row["status"] == "in_force" and row["certificate_number"] == unit["certificate_number"]
    [entry] = audited(publicity.tx, "conferral.confer")
    assert entry["target"] == CYCLE


def test_art28_a_revoked_award_stops_verifying_as_genuine(publicity):
    publicity.deliberate()
    publicity.publish_notice()
    publicity.close_notices()
    publicity.approve()
    award = publicity.confer()["awards"][0]
    with publicity.tx as tx:
        assert verification.verify(tx, award["certificate_number"])["status"] == "in_force"
    revoked = publicity.delivered(events.AwardRevoked(
        award_id=award["award_id"], cycle_id=CYCLE, grounds=["Art. 29(1)"], decision_date="2020-06-30",
        items_to_recover=["trophy"], money_to_recover="200000.00"))
    for _ in range(2):  # a second decision date never replaces the first
        with publicity.tx as tx:
            replicas.record_revoked(tx, revoked)
    row = publicity.row(tables.awards, award_id=award["award_id"])
    assert (row["status"], row["revoked_on"]) == ("revoked", dt.date(2020, 6, 30))
    with publicity.tx as tx:
        answer = verification.verify(tx, award["certificate_number"])
    assert answer["status"] == "revoked" and answer["revoked_on"] == dt.date(2020, 6, 30)
    assert types(publicity.tx).count("award.granted") == 3  # a consumed fact publishes nothing


def test_art18_a_newer_list_supersedes_a_submission_not_yet_decided(publicity):
    publicity.deliberate()
    publicity.publish_notice()
    publicity.close_notices()
    submitted = publicity.submit()
    assert submitted["status"] == "submitted"
    publicity.propose(list_id="list-2")  # the office proposes anew before the government decided
    [row] = publicity.rows(tables.submissions)
    assert row["status"] == "superseded" and "list-2" in row["decision_reason"]
    with pytest.raises(errors.RuleViolation) as refused:
        publicity.decide(document_number="济政字〔2019〕88号", approved_on=dt.date(2019, 10, 25))
    assert refused.value.code == "not_submitted" and refused.value.article == "Art. 18"
    assert published(publicity.tx, events.AwardApproved.type) == []


def test_art16_an_unanswered_supervision_opinion_stops_the_leading_groups_decisions(publicity):
    opinion = publicity.delivered(events.OpinionRecorded(application_id="u-2", cycle_id=CYCLE,
                                                         opinion="建议核实其质量事故整改情况"))
    for _ in range(2):  # a redelivery changes nothing
        with publicity.tx as tx:
            opinions.record(tx, opinion)
    [row] = publicity.rows(tables.supervision_opinions)
    assert (row["opinion_id"], row["status"]) == (str(opinion.id), "received")
    with pytest.raises(errors.RuleViolation) as refused:
        publicity.deliberate()
    assert refused.value.code == "opinions_unanswered" and refused.value.fields == {"opinions": [row["opinion_id"]]}
    assert published(publicity.tx) == []
    with publicity.tx as tx:
        opinions.answer(tx, row["opinion_id"], {"accepted": False, "reason": "整改已完成，不影响名单"}, OFFICE)
    publicity.deliberate()
    assert publicity.statuses()["u-2"] == status.ADOPTED
    [entry] = audited(publicity.tx, "opinion.answer")
    assert entry["reason"] == "整改已完成，不影响名单"


def test_art17_a_handling_opinion_moving_a_candidate_is_carried_out_only_once_approved(publicity):
    publicity.deliberate()
    publicity.publish_notice()
    objection_id = publicity.objection_id(publicity.object("u-2")[1]["tracking_number"])
    with publicity.tx as tx:
        objections.investigate(tx, objection_id, {"investigators": ["李某"], "checked": "核查", "conclusion": "部分属实"},
                               OFFICE)
    with publicity.tx as tx:
        objections.resolution(tx, objection_id, {"outcome": "upheld", "action": "move_to_nomination",
                                                 "handling_opinion": "符合提名奖条件"}, OFFICE)
    assert publicity.row(tables.candidates, application_id="u-2")["category"] == "unit_award"
    with publicity.tx as tx:
        objections.resolution(tx, objection_id, {"decision": "approve"}, LEADING_GROUP)
    moved = publicity.row(tables.candidates, application_id="u-2")
    assert (moved["category"], moved["status"]) == ("unit_nomination", status.IN_NOTICE)
    [event] = published(publicity.tx, events.ObjectionResolved.type)
    assert (event["data"]["action"], event["data"]["category"]) == ("move_to_nomination", "unit_nomination")


def test_art18_the_government_leaves_a_named_candidate_out_and_says_why(publicity):
    publicity.deliberate()
    publicity.publish_notice()
    publicity.close_notices()
    answer = publicity.approve(excluded=[{"application_id": "u-2", "reason": "审定不予批准"}])
    assert [a["application_id"] for a in answer["awards"]] == ["p-1", "u-1"]
    assert publicity.statuses()["u-2"] == status.NOT_APPROVED
    [event] = published(publicity.tx, events.AwardApproved.type)
    assert event["data"]["excluded"] == [{"application_id": "u-2", "category": "unit_award", "reason": "审定不予批准"}]
    [row] = publicity.rows(tables.submissions)
    assert row["status"] == "approved"
