"""Submission (Art. 10, 12, 14): machine eligibility counted to the notice's deadline,
declarations of every condition, the documents of Art. 14, and application.submitted."""
import sqlalchemy as sa

from award_intake import examples
from award_shared.events.samples import SAMPLES
from award_shared.store import db
from award_supervision.service import SupervisionService
from award_testing.helpers import commit_events, metric, wait_for

CLOCK_2019 = "fixed:2019-03-01T09:00:00+08:00"


def test_art10_1_five_years_of_main_business_refused_and_the_draft_stays_a_draft(accepting):
    app_id = accepting.ready_unit(main_business_since="2014-06-01")
    before = accepting.counts()
    refused_before = metric("award_step_transitions_total", service="intake", step="application", outcome="refused")
    error = accepting.submit(app_id, status=409)
    assert error["article"] == "Art. 10(1)" and "第十条第（一）项" in error["message"]
    assert "main_business_since" in error["fields"]
    assert accepting.get(app_id, "office").json()["status"] == "draft"
    assert accepting.counts() == before and not accepting.outbox("application.submitted")
    assert metric("award_step_transitions_total", service="intake", step="application",
                  outcome="refused") == refused_before + 1

    fixed = accepting.client.call("PUT", f"/v1/applications/{app_id}", "applicant", sub="unit-a",
                                  json_body=examples.unit_form(main_business_since="2014-05-31"))
    assert fixed.status_code == 200
    assert accepting.submit(app_id)["status"] == "submitted"


def test_art10_5_to_7_declared_incidents_in_the_three_years_before_the_deadline(accepting):
    incidents = [{"kind": "financial_discipline_violation", "occurred_on": "2017-08-01", "description": "审计发现"},
                 {"kind": "larger_safety_accident", "occurred_on": "2016-05-31", "description": "三年以前"}]
    app_id = accepting.ready_unit(incidents=incidents)
    error = accepting.submit(app_id, status=409)
    assert error["article"] == "Art. 10(6)" and "第十条第（六）项" in error["message"]
    assert len(error["fields"]["incidents"]) == 1  # the accident of 2016-05-31 lies outside the window


def test_art12_2_and_12_6_an_individual_is_checked_on_its_own_articles(accepting):
    app = accepting.create(examples.individual_form(
        quality_work_since="2010-01-01",
        incidents=[{"kind": "major_quality_incident", "occurred_on": "2018-11-11", "description": "所属单位"}]),
        sub="person-li")
    accepting.attach_required(app["application_id"], sub="person-li", kind="individual")
    error = accepting.submit(app["application_id"], sub="person-li", status=409)
    assert error["article"] == "Art. 12(2)"
    assert {"quality_work_since", "incidents"} <= set(error["fields"])


def test_art10_every_condition_must_be_declared_before_submission(accepting):
    declarations = examples.declarations([f"Art. 10({n})" for n in (1, 3, 4, 5, 6, 7)])
    app_id = accepting.ready_unit(declarations=declarations)
    error = accepting.submit(app_id, status=409)
    assert error["article"] == "Art. 10(2)" and "声明" in error["message"]


def test_art14_the_form_and_the_self_evaluation_report_are_required(accepting):
    app = accepting.create(examples.unit_form())
    accepting.attach(app["application_id"], "application_form")
    error = accepting.submit(app["application_id"], status=409)
    assert error["article"] == "Art. 14" and error["fields"]["documents"] == ["self_evaluation"]
    assert "《自我评价报告》" in error["message"]


def test_art14_a_unit_submits_and_application_submitted_carries_its_credit_code(accepting):
    app_id = accepting.ready_unit()
    done = accepting.submit(app_id)
    assert done["status"] == "submitted" and done["step"] == "district_review"
    [event] = accepting.outbox("application.submitted")
    assert event["subject"] == app_id and event["cycleid"] == "cycle-2019"
    assert event["data"]["credit_code"] == examples.credit_code()
    assert event["data"]["tilt_claims"] == ["ten_major_industries"] and event["data"]["kind"] == "unit"
    assert accepting.submit(app_id, status=409)["code"] == "wrong_status"
    again = accepting.ready_unit(sub="unit-a-again")
    assert accepting.submit(again, sub="unit-a-again", status=409)["code"] == "duplicate_application"


def test_art14_an_individual_travels_on_the_bus_as_person_key_only(accepting):
    number = examples.resident_id()
    app = accepting.create(examples.individual_form(), sub="person-li")
    accepting.attach_required(app["application_id"], sub="person-li", kind="individual")
    accepting.submit(app["application_id"], sub="person-li")
    [event] = accepting.outbox("application.submitted")
    assert event["data"]["person_key"] == app["person_key"]
    assert event["data"]["employer_credit_code"] == examples.credit_code()
    with accepting.engine.connect() as conn:
        bodies = conn.execute(sa.select(db.outbox.c.body)).scalars().all()
    assert bodies and not any(number in body or number[:17] in body for body in bodies)


def test_a_hold_on_the_application_step_halts_submission(accepting, service_factory):
    supervision = service_factory(SupervisionService, clock=CLOCK_2019)
    app_id = accepting.ready_unit()
    hold = dict(SAMPLES["hold.placed"], hold_id="hold-app", cycle_id="cycle-2019", step="application",
                subject=app_id)
    commit_events(supervision, "hold.placed", [hold])
    wait_for(lambda: accepting.client.get("/admin/v1/holds", "operator").json()["holds"],
             message="intake to record the hold")
    error = accepting.submit(app_id, status=409)
    assert error["code"] == "hold_active" and error["fields"]["hold_id"] == "hold-app"
    [applied] = accepting.outbox("hold.applied")
    assert applied["data"]["subject_step"] == "application"
    assert accepting.get(app_id, "office").json()["status"] == "draft"


def test_art14_two_submissions_for_one_unit_at_once_let_exactly_one_through(accepting):
    """The duplicate check is a read before a write: on PostgreSQL it is serialised per
    applicant, so simultaneous submissions cannot both find the other absent."""
    import eventlet
    first, second = accepting.ready_unit(sub="unit-a"), accepting.ready_unit(sub="unit-a-twin")
    pool = eventlet.GreenPool()
    statuses = sorted(pool.imap(lambda pair: accepting.client.post(
        f"/v1/applications/{pair[0]}/submit", "applicant", sub=pair[1]).status_code,
        [(first, "unit-a"), (second, "unit-a-twin")]))
    assert statuses == [200, 409]
    assert len(accepting.outbox("application.submitted")) == 1
