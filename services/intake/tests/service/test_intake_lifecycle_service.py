"""Withdrawal (applying is voluntary, Art. 14) and the binding verdict of scoring's
qualification review (application.ineligible, Art. 15)."""
from award_scoring.service import ScoringService
from award_shared.events.samples import SAMPLES
from award_shared.store import db
from award_testing.helpers import commit_events, count_rows, metric, wait_for

CLOCK_2019 = "fixed:2019-03-01T09:00:00+08:00"


def test_art14_the_applicant_withdraws_and_application_withdrawn_says_why(accepting):
    app_id = accepting.submitted_unit()
    path = f"/v1/applications/{app_id}/withdraw"
    assert accepting.client.post(path, "applicant", sub="unit-b", json_body={"reason": "x"}).status_code == 404
    assert accepting.client.post(path, "applicant", sub="unit-a", json_body={}).status_code == 422
    resp = accepting.client.post(path, "applicant", sub="unit-a", json_body={"reason": "企业主动撤回申报"})
    assert resp.status_code == 200 and resp.json()["status"] == "withdrawn" and resp.json()["step"] is None
    [event] = accepting.outbox("application.withdrawn")
    assert event["data"]["reason"] == "企业主动撤回申报" and event["subject"] == app_id
    again = accepting.client.post(path, "applicant", sub="unit-a", json_body={"reason": "再撤"})
    assert again.status_code == 409
    assert accepting.review(app_id, status=409)["code"] == "wrong_status"
    audit = accepting.client.every_page("/admin/v1/audit", "entries", "operator")
    assert ("application.withdraw", app_id, "企业主动撤回申报") in {(e["action"], e["target"], e["reason"])
                                                                     for e in audit}


def test_art15_scoring_finds_an_application_ineligible_and_intake_holds_to_it(accepting, service_factory):
    scoring = service_factory(ScoringService, clock=CLOCK_2019)
    app_id = accepting.submitted_unit()
    accepting.review(app_id)
    before = metric("award_step_transitions_total", service="intake", step="qualification_review",
                    outcome="ineligible")
    verdict = dict(SAMPLES["application.ineligible"], application_id=app_id, cycle_id="cycle-2019",
                   article="Art. 10(3)", reason="近3年主要指标未位居省内同行业前列")
    commit_events(scoring, "application.ineligible", [verdict])
    seen = wait_for(lambda: (lambda a: a if a["status"] == "ineligible" else None)(
        accepting.get(app_id, "office").json()), message="intake to record the verdict")
    assert seen["ineligible_article"] == "Art. 10(3)" and seen["step"] == "qualification_review"
    assert metric("award_step_transitions_total", service="intake", step="qualification_review",
                  outcome="ineligible") == before + 1
    assert accepting.submit(app_id, status=409)["code"] == "wrong_status"

    unknown = dict(verdict, application_id="app-2019-unknown")
    commit_events(scoring, "application.ineligible", [unknown])
    wait_for(lambda: count_rows(accepting.engine, db.dead_letters) == 1,
             message="a verdict on an unknown application to become a dead letter")
