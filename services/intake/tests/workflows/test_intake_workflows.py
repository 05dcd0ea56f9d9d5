"""The fast rung of intake: its workflow modules (not the HTTP layer) on the kit's own unit of
work over SQLite in memory, with a fixed clock and no broker. Each test asserts the state the
workflow leaves, the events it publishes and what it audits."""
import copy

import pytest
import sqlalchemy as sa

from award_intake import applications, cycles, documents, examples, notices, replicas, review, schemes, submission
from award_intake.domain import lifecycle
from award_intake.providers import RULESET_DIR, PersonKeyer
from award_intake.schemas import (ApplicationFormSchema, CloseCycleSchema, DistrictReviewSchema, DocumentSchema,
                                  NoticeSchema, OpenCycleSchema, ProposeSchemeSchema, SchemeDecisionSchema)
from award_intake.tables import ALL, applications as applications_table, cycles as cycles_table, past_winners
from award_rules.ruleset import RuleSetLibrary
from award_shared import errors, events
from award_shared.document_store import DocumentStore, parse_types
from award_shared.events.samples import SAMPLES
from award_shared.web.auth import Principal
from award_testing.workflows import audited, published, received, unit_of_work

OPENED_AT = "2019-03-01T09:00:00+08:00"
SCHEDULE = {"application": "2019-05-31T17:00:00+08:00", "district_review": "2019-06-30T17:00:00+08:00"}
OFFICE = "office-1"
APPLICANT = Principal("unit-a", frozenset({"applicant"}))
DISTRICT = Principal("coordinator-历下区", frozenset({"district"}), district="历下区")
PERSON_KEYS = PersonKeyer("workflow-secret")


def intake(now=OPENED_AT):
    tx = unit_of_work("intake", ALL, now=now)
    return tx


def rows(tx, table, *where):
    with tx.database.engine.connect() as conn:
        return [dict(r) for r in conn.execute(sa.select(table).where(*where)).mappings()]


def types(tx):
    return [e["type"] for e in published(tx)]


def actions(tx):
    return [a["action"] for a in audited(tx)]


@pytest.fixture
def store(tmp_path):
    return DocumentStore(str(tmp_path / "documents"), 1024 * 1024, parse_types(None))


def open_cycle(tx):
    with tx:
        return cycles.open_cycle(tx, RuleSetLibrary.from_dirs([RULESET_DIR]),
                                 OpenCycleSchema().load({"edition": 2019, "schedule": SCHEDULE}), OFFICE)


def publish_notice(tx, cycle_id="cycle-2019"):
    with tx:
        proposed = schemes.propose(tx, cycle_id, ProposeSchemeSchema().load({}), OFFICE)
    with tx:
        schemes.decide(tx, cycle_id, SchemeDecisionSchema().load({
            "outcome": "approved", "scheme_sha256": proposed["scheme_sha256"],
            "decision": "市质量强市领导小组2019年第1次会议纪要"}), "leading-group-1")
    with tx:
        return notices.publish_notice(tx, cycle_id, NoticeSchema().load({"text": "关于组织申报2019年度济南市市长质量奖的通知"}),
                                      OFFICE)


def ready_draft(tx, store, form=None):
    """A unit's draft with the documents Art. 14 asks for, in an accepting cycle."""
    with tx:
        draft = applications.create_draft(tx, "cycle-2019", ApplicationFormSchema().load(form or examples.unit_form()),
                                          APPLICANT, PERSON_KEYS)
    for body in examples.required_documents("unit"):
        with tx:
            documents.upload(tx, store, draft["application_id"], APPLICANT, DocumentSchema().load(body))
    return draft["application_id"]


@pytest.fixture
def accepting():
    """A unit of work whose cycle-2019 is open and whose notice is published."""
    tx = intake()
    open_cycle(tx)
    publish_notice(tx)
    return tx


def submitted(tx, store):
    application_id = ready_draft(tx, store)
    with tx:
        submission.submit(tx, application_id, APPLICANT)
    return application_id


def status_of(tx, application_id):
    [row] = rows(tx, applications_table, applications_table.c.application_id == application_id)
    return row["status"]


def test_art2_art31_opening_a_cycle_binds_it_to_the_rule_set_in_force_and_tells_the_others():
    tx = intake()
    view = open_cycle(tx)
    assert view["cycle_id"] == "cycle-2019" and view["status"] == "open" and view["ruleset_id"] == "jinan-2018"
    [row] = rows(tx, cycles_table)
    assert (row["edition"], row["opened_by"]) == (2019, OFFICE)
    [opened] = published(tx)
    assert opened["type"] == events.CycleOpened.type and opened["subject"] == "cycle-2019"
    assert opened["data"]["ruleset_sha256"] == row["ruleset_sha256"] and opened["data"]["schedule"] == SCHEDULE
    assert actions(tx) == ["cycle.open"]


def test_art13_the_notice_publishes_the_approved_tilt_and_opens_the_window():
    tx = intake()
    open_cycle(tx)
    notice = publish_notice(tx)
    assert notice["deadline"] == "2019-05-31T09:00:00+00:00"
    assert notice["tilt"]["decision"] == "市质量强市领导小组2019年第1次会议纪要"
    [event] = published(tx, events.NoticePublished.type)
    assert event["subject"] == event["cycleid"] == "cycle-2019"
    assert event["data"]["recommendation_deadline"] == "2019-06-30T09:00:00+00:00"
    assert event["data"]["tilt"]["kinds"] == notice["tilt"]["kinds"]
    assert actions(tx) == ["cycle.open", "scheme.propose", "scheme.approve", "notice.publish"]


def test_art14_submitting_publishes_application_submitted_and_is_audited(accepting, store):
    application_id = submitted(accepting, store)
    assert status_of(accepting, application_id) == "submitted"
    [event] = published(accepting, events.ApplicationSubmitted.type)
    form = examples.unit_form()
    assert event["subject"] == application_id
    assert event["data"] == {
        "application_id": application_id, "cycle_id": "cycle-2019", "kind": "unit", "applicant_name": form["name"],
        "district": "历下区", "sector": "secondary", "tilt_claims": ["ten_major_industries"],
        "submitted_at": "2019-03-01T01:00:00+00:00", "credit_code": form["credit_code"]}
    [audit] = audited(accepting, "application.submit")
    assert audit["target"] == application_id and audit["actor"] == "system:intake"
    assert actions(accepting)[-5:] == ["application.create", "document.upload", "document.upload",
                                       "document.upload", "application.submit"]


def test_art14_a_step_the_status_does_not_allow_is_refused_and_changes_nothing(accepting, store):
    application_id = submitted(accepting, store)
    before = (types(accepting), actions(accepting))
    with pytest.raises(lifecycle.StepRefused) as refused:
        with accepting:
            submission.submit(accepting, application_id, APPLICANT)
    assert refused.value.code == "wrong_status" and refused.value.transition.article == "Art. 14"
    assert (types(accepting), actions(accepting)) == before
    assert status_of(accepting, application_id) == "submitted"


def test_art14_the_district_recommends_with_its_signed_opinion(accepting, store):
    application_id = submitted(accepting, store)
    body = DistrictReviewSchema().load({"decision": "recommend", "opinion": "经初审，同意推荐", "signatory": "王主任",
                                        "member_units": examples.MEMBER_UNITS, "tilt_confirmations": [{"kind": "ten_major_industries", "confirmed": True}]})
    with accepting:
        view = review.district_review(accepting, application_id, DISTRICT, body)
    assert view["status"] == "recommended" and view["step"] == "qualification_review"
    assert view["district_reviews"][0]["signatory"] == "王主任"
    [event] = published(accepting, events.ApplicationRecommended.type)
    assert event["data"] == {"application_id": application_id, "cycle_id": "cycle-2019", "district": "历下区",
                             "reviewer": "王主任", "opinion": "经初审，同意推荐",
                             "recommended_at": "2019-03-01T01:00:00+00:00",
                             "tilt_confirmed": ["ten_major_industries"],
                             "applicant_sub": APPLICANT.sub}  # the owner, for revocation to know the winner (Art. 21)
    [audit] = audited(accepting, "application.recommend")
    assert audit["target"] == application_id and '"to": "recommended"' in audit["detail"]


def test_art14_returned_then_withdrawn_by_the_applicant(accepting, store):
    application_id = submitted(accepting, store)
    with accepting:
        review.district_review(accepting, application_id, DISTRICT,
                               DistrictReviewSchema().load({"decision": "return", "opinion": "材料不全，请补充",
                                                            "member_units": examples.MEMBER_UNITS}))
    assert status_of(accepting, application_id) == "returned"
    assert published(accepting, events.ApplicationRecommended.type) == []
    accepting.clock.advance(days=1)
    with accepting:
        view = review.withdraw(accepting, application_id, APPLICANT, "企业主动撤回申报")
    assert view["status"] == "withdrawn" and view["withdrawal_reason"] == "企业主动撤回申报"
    [event] = published(accepting, events.ApplicationWithdrawn.type)
    assert event["data"] == {"application_id": application_id, "cycle_id": "cycle-2019",
                             "reason": "企业主动撤回申报", "withdrawn_at": "2019-03-02T01:00:00+00:00"}
    assert actions(accepting)[-2:] == ["application.return", "application.withdraw"]


def test_art18_the_cycle_closes_once_the_government_approved_the_list(accepting):
    with pytest.raises(errors.RuleViolation) as refused:
        with accepting:
            cycles.close_cycle(accepting, "cycle-2019", CloseCycleSchema().load({"reason": "评审结束"}))
    assert refused.value.article == "Art. 18"
    with accepting:
        replicas.record_approved(accepting, received(events.AwardApproved(**SAMPLES["award.approved"])))
    with accepting:
        closed = cycles.close_cycle(accepting, "cycle-2019", CloseCycleSchema().load({"reason": "评审结束"}))
    assert closed["status"] == "closed" and closed["outcome"] == "awarded"
    [event] = published(accepting, events.CycleClosed.type)
    assert event["data"] == {"cycle_id": "cycle-2019", "closed_at": "2019-03-01T01:00:00+00:00", "outcome": "awarded"}
    [audit] = audited(accepting, "cycle.close")
    assert audit["reason"] == "评审结束"


def test_art6_award_granted_is_recorded_and_the_winner_may_not_apply_again(accepting):
    form = examples.unit_form()
    granted = dict(copy.deepcopy(SAMPLES["award.granted"]), category="unit_award", recipient_name=form["name"],
                   credit_code=form["credit_code"])
    del granted["person_key"]  # a unit: by its credit code
    before = (types(accepting), actions(accepting))
    with accepting:
        replicas.record_granted(accepting, received(events.AwardGranted(**granted)))
    [winner] = rows(accepting, past_winners)
    assert (winner["award_id"], winner["kind"], winner["edition"], winner["source"]) == (
        "award-2019-01", "unit", 2019, "granted")
    assert (types(accepting), actions(accepting)) == before  # a replica publishes and audits nothing
    with pytest.raises(errors.RuleViolation) as refused:
        with accepting:
            applications.create_draft(accepting, "cycle-2019", ApplicationFormSchema().load(form), APPLICANT,
                                      PERSON_KEYS)
    assert refused.value.article == "Art. 6" and refused.value.code == "past_winner"


def test_art15_application_ineligible_from_scoring_is_binding_and_audited(accepting, store):
    application_id = submitted(accepting, store)
    verdict = dict(SAMPLES["application.ineligible"], application_id=application_id)
    before = types(accepting)
    with accepting:
        replicas.record_ineligible(accepting, received(events.ApplicationIneligible(**verdict)))
    [row] = rows(accepting, applications_table, applications_table.c.application_id == application_id)
    assert (row["status"], row["ineligible_article"]) == ("ineligible", "Art. 10(1)")
    assert types(accepting) == before
    [audit] = audited(accepting, events.ApplicationIneligible.type)
    assert audit["target"] == application_id and audit["reason"] == verdict["reason"]
