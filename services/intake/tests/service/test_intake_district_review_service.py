"""District preliminary review (Art. 14): its own district only, before the deadline,
signed; application.recommended; holds honoured through the shared guard."""
from award_intake import examples
from award_shared.events.samples import SAMPLES
from award_supervision.service import SupervisionService
from award_testing.helpers import commit_events, metric, wait_for

CLOCK_2019 = "fixed:2019-03-01T09:00:00+08:00"


def test_art14_the_district_of_the_application_signs_its_recommendation(accepting):
    app_id = accepting.submitted_unit()
    before = metric("award_step_transitions_total", service="intake", step="district_review", outcome="recommended")
    other = accepting.review(app_id, district="市中区", status=403)
    assert "第十四条" in other["message"]
    assert accepting.client.post(f"/v1/applications/{app_id}/district-review", "applicant",
                                 json_body={"decision": "recommend", "opinion": "x"}).status_code == 403
    unsigned = accepting.review(app_id, signatory=None, status=422)
    assert list(unsigned["fields"]) == ["signatory"]

    done = accepting.review(app_id)
    assert done["status"] == "recommended" and done["step"] == "qualification_review"
    assert done["district_reviews"][0]["signatory"] == "王主任"
    assert done == accepting.get(app_id, "district", district="历下区").json()  # built, not read back (issue 37)
    [event] = accepting.outbox("application.recommended")
    assert event["data"] == {"application_id": app_id, "cycle_id": "cycle-2019", "district": "历下区",
                             "reviewer": "王主任", "opinion": "经初审，同意推荐",
                             "recommended_at": event["data"]["recommended_at"], "tilt_confirmed": [],
                             "applicant_sub": "unit-a"}  # the owner, for revocation to know the winner (Art. 21)
    assert metric("award_step_transitions_total", service="intake", step="district_review",
                  outcome="recommended") == before + 1
    assert 'step="district_review"' in accepting.client.get("/metrics").text
    assert accepting.review(app_id, status=409)["code"] == "wrong_status"


def test_art14_returned_with_reasons_the_applicant_amends_and_submits_again(accepting):
    app_id = accepting.submitted_unit()
    returned = accepting.review(app_id, decision="return", opinion="自我评价报告缺少近三年主要指标", signatory=None)
    assert returned["status"] == "returned" and not accepting.outbox("application.recommended")
    accepting.attach(app_id, "evidence")
    resubmitted = accepting.submit(app_id)
    recommended = accepting.review(app_id)
    assert recommended["status"] == "recommended"
    assert len(accepting.outbox("application.submitted")) == 2
    # the answers are built from what the call read and wrote, not read back (issue 37): each is
    # what a read of the application answered right after it, the earlier review included
    assert [r["decision"] for r in recommended["district_reviews"]] == ["return", "recommend"]
    assert recommended == accepting.get(app_id, "district", district="历下区").json()
    assert resubmitted["submitted_at"] == recommended["submitted_at"] and resubmitted["status"] == "submitted"


def test_art14_no_recommendation_after_the_deadline_for_recommendations(accepting):
    app_id = accepting.submitted_unit()
    accepting.set_clock("2019-06-30T17:00:01+08:00")
    error = accepting.review(app_id, status=409)
    assert error["article"] == "Art. 14" and "2019年6月30日 17:00（北京时间）" in error["message"]


def test_art14_a_hold_halts_the_district_review_of_its_subject_only(accepting, service_factory):
    supervision = service_factory(SupervisionService, clock=CLOCK_2019)
    held, free = accepting.submitted_unit(), accepting.submitted_unit(sub="unit-b",
                                                                      credit_code=examples.credit_code("87654321"))
    hold = dict(SAMPLES["hold.placed"], hold_id="hold-dr", cycle_id="cycle-2019", step="district_review",
                subject=held)
    commit_events(supervision, "hold.placed", [hold])
    applied = wait_for(lambda: accepting.outbox("hold.applied"), message="intake to apply the hold")
    assert applied[0]["data"]["subject_step"] == "district_review"
    error = accepting.review(held, status=409)
    assert error["code"] == "hold_active" and error["fields"]["hold_id"] == "hold-dr"
    assert accepting.review(free)["status"] == "recommended"

    released = dict(SAMPLES["hold.released"], hold_id="hold-dr", cycle_id="cycle-2019", step="district_review",
                    subject=held)
    commit_events(supervision, "hold.released", [released])
    wait_for(lambda: accepting.client.get("/admin/v1/holds", "operator").json()["holds"][0]["status"] == "released",
             message="intake to record the release")
    assert accepting.review(held)["status"] == "recommended"
