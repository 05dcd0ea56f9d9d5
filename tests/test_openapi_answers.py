"""Issue 32, item 8: every operation of the six services documents its success answer — its
status, its media type, and for JSON the schema of the marshmallow schema the route declares
(``@api(..., answer=…)``) — summaries are whole sentences, refusals one ``Error`` component; and
the service tests' client holds every answer it receives to the route's document
(``award_testing.answers``): an undocumented field or status fails the test that received it."""
import json

import jsonschema
import pytest
from marshmallow import Schema, fields

from award_feed.service import FeedService
from award_intake.service import IntakeService
from award_publicity.service import PublicityService
from award_revocation.service import RevocationService
from award_scoring.service import ScoringService
from award_shared import api
from award_shared.web.openapi import openapi_document, summary_of
from award_supervision.service import SupervisionService
from award_testing.answers import UndocumentedAnswer

SERVICES = (IntakeService, ScoringService, SupervisionService, PublicityService, RevocationService, FeedService)
CLOCK_2019 = "fixed:2019-03-01T09:00:00+08:00"


@pytest.fixture(scope="module")
def documents():
    from nameko.containers import ServiceContainer  # built, never started: only its routes are read
    return {cls.name: openapi_document(ServiceContainer(cls, {"AMQP_URI": "memory://"})) for cls in SERVICES}


def operations(documents):
    for service, doc in documents.items():
        for path, ops in doc["paths"].items():
            for method, op in ops.items():
                yield f"{service} {method.upper()} {path} ({op['operationId']})", op


#: routes whose answer is still to be documented: the list only shrinks (a route documented
#: since leaves it; a new route is never added to it)
NOT_YET_DOCUMENTED = {
    'feed GET /public/v1/feed (feed)',
    'intake GET /public/v1/cycles/{cycle_id}/application-notice (public_notice)',
    'intake GET /v1/applications/{application_id} (get_application)',
    'intake GET /v1/applications/{application_id}/documents (list_documents)',
    'intake GET /v1/applications/{application_id}/documents/{document_id} (read_document)',
    'intake GET /v1/cycles (list_cycles)',
    'intake GET /v1/cycles/{cycle_id} (get_cycle)',
    'intake GET /v1/cycles/{cycle_id}/applications (list_applications)',
    'intake GET /v1/cycles/{cycle_id}/notice (get_notice)',
    'intake GET /v1/cycles/{cycle_id}/review-scheme (get_scheme)',
    'intake GET /v1/cycles/{cycle_id}/tilt (get_tilt)',
    'intake GET /v1/past-winners (list_past_winners)',
    'intake POST /v1/applications/{application_id}/district-review (district_review)',
    'intake POST /v1/applications/{application_id}/documents (upload_document)',
    'intake POST /v1/applications/{application_id}/submit (submit_application)',
    'intake POST /v1/applications/{application_id}/withdraw (withdraw_application)',
    'intake POST /v1/cycles (open_cycle)',
    'intake POST /v1/cycles/{cycle_id}/applications (create_application)',
    'intake POST /v1/cycles/{cycle_id}/close (close_cycle)',
    'intake POST /v1/cycles/{cycle_id}/notice (publish_notice)',
    'intake POST /v1/cycles/{cycle_id}/review-scheme (propose_scheme)',
    'intake POST /v1/cycles/{cycle_id}/review-scheme/decision (decide_scheme)',
    'intake POST /v1/past-winners (import_past_winners)',
    'intake PUT /v1/applications/{application_id} (update_application)',
    'publicity GET /admin/v1/calendar (get_calendar)',
    'publicity GET /public/v1/certificates/{number} (verify_certificate)',
    'publicity GET /public/v1/cycles/{cycle_id}/awards (published_awards)',
    'publicity GET /public/v1/notices/current (current_notice)',
    'publicity GET /public/v1/objections/{tracking_number} (objection_status)',
    'publicity GET /v1/awards/{award_id}/certificate.pdf (certificate)',
    'publicity GET /v1/cycles/{cycle_id}/awards/export.{fmt} (export_awards)',
    'publicity GET /v1/cycles/{cycle_id}/candidates (get_candidates)',
    'publicity GET /v1/cycles/{cycle_id}/deliberations (get_deliberations)',
    'publicity GET /v1/cycles/{cycle_id}/opinions (get_opinions)',
    'publicity GET /v1/cycles/{cycle_id}/submissions (get_submissions)',
    'publicity GET /v1/objections (list_objections)',
    'publicity GET /v1/objections/{objection_id} (get_objection)',
    'publicity POST /public/v1/objections (raise_objection)',
    'publicity POST /v1/awards/import (import_awards)',
    'publicity POST /v1/cycles/{cycle_id}/approval (approve)',
    'publicity POST /v1/cycles/{cycle_id}/conferral (confer)',
    'publicity POST /v1/cycles/{cycle_id}/deliberation (deliberate)',
    'publicity POST /v1/cycles/{cycle_id}/public-notice (publish_notice)',
    'publicity POST /v1/cycles/{cycle_id}/submission (submit_list)',
    'publicity POST /v1/objections/{objection_id}/investigation (investigate_objection)',
    'publicity POST /v1/objections/{objection_id}/resolution (resolve_objection)',
    'publicity POST /v1/opinions/{opinion_id}/answer (answer_opinion)',
    'publicity PUT /admin/v1/calendar/{year} (load_calendar)',
    'publicity PUT /v1/cycles/{cycle_id}/prize-amounts (set_prize_amounts)',
    'revocation GET /public/v1/reports/{tracking_number} (report_status)',
    'revocation GET /public/v1/revocations (public_revocations)',
    'revocation GET /v1/awards/{award_id} (get_award)',
    'revocation GET /v1/cases/{case_id} (get_case)',
    'revocation GET /v1/recoveries/overdue (overdue_recoveries)',
    'revocation GET /v1/reports (list_reports)',
    'revocation GET /v1/reports/{report_id} (get_report)',
    'revocation POST /public/v1/reports (file_report)',
    'revocation POST /v1/cases (open_case)',
    'revocation POST /v1/cases/{case_id}/decision (decide)',
    'revocation POST /v1/cases/{case_id}/investigation (investigate)',
    'revocation POST /v1/cases/{case_id}/proposal (propose)',
    'revocation POST /v1/cases/{case_id}/recovery (recover)',
    'revocation POST /v1/cases/{case_id}/verification (verify)',
    'revocation POST /v1/reports/{report_id}/triage (triage_report)',
    'revocation POST /v1/spot-checks (record_spot_check)',
    'scoring GET /v1/applications/{application_id} (get_application)',
    'scoring GET /v1/applications/{application_id}/assignments (get_panel)',
    'scoring GET /v1/applications/{application_id}/results (read_results)',
    'scoring GET /v1/applications/{application_id}/reviews (read_reviews)',
    'scoring GET /v1/cycles/{cycle_id}/applications (list_applications)',
    'scoring GET /v1/cycles/{cycle_id}/candidate-lists (candidate_lists)',
    'scoring GET /v1/cycles/{cycle_id}/candidates (latest_candidates)',
    'scoring GET /v1/cycles/{cycle_id}/experts (list_experts)',
    'scoring GET /v1/cycles/{cycle_id}/guidance (read_guidance)',
    'scoring GET /v1/cycles/{cycle_id}/results-report (read_results_reports)',
    'scoring GET /v1/cycles/{cycle_id}/stages (list_stages)',
    'scoring GET /v1/cycles/{cycle_id}/third-party (get_agency)',
    'scoring GET /v1/cycles/{cycle_id}/work-plan (read_work_plan)',
    'scoring GET /v1/experts/me/assignments (my_assignments)',
    'scoring POST /v1/applications/{application_id}/assignments (assign_panel)',
    'scoring POST /v1/applications/{application_id}/recusals (recuse)',
    'scoring POST /v1/applications/{application_id}/reviews/{stage} (record_review)',
    'scoring POST /v1/cycles/{cycle_id}/assignments (assign_all_panels)',
    'scoring POST /v1/cycles/{cycle_id}/candidates (propose_candidates)',
    'scoring POST /v1/cycles/{cycle_id}/experts (register_expert)',
    'scoring POST /v1/cycles/{cycle_id}/guidance (issue_guidance)',
    'scoring POST /v1/cycles/{cycle_id}/guidance/{guidance_id}/execution (execute_guidance)',
    'scoring POST /v1/cycles/{cycle_id}/results-report (report_results)',
    'scoring POST /v1/cycles/{cycle_id}/stages/{stage}/close (close_stage)',
    'scoring POST /v1/cycles/{cycle_id}/stages/{stage}/open (open_stage)',
    'scoring POST /v1/cycles/{cycle_id}/third-party (appoint_agency)',
    'scoring POST /v1/cycles/{cycle_id}/third-party/approval (approve_agency)',
    'scoring POST /v1/cycles/{cycle_id}/work-plan (file_work_plan)',
    'supervision GET /admin/v1/holds (list_holds)',
    'supervision GET /public/v1/complaints/{tracking_number} (complaint_status)',
    'supervision GET /v1/complaints (list_complaints)',
    'supervision GET /v1/complaints/{complaint_id} (get_complaint)',
    'supervision GET /v1/cycles/{cycle_id}/group (get_group)',
    'supervision GET /v1/cycles/{cycle_id}/supervision-reports (list_supervision_reports)',
    'supervision GET /v1/findings (list_findings)',
    'supervision GET /v1/findings/{finding_id} (get_finding)',
    'supervision GET /v1/holds (list_supervision_holds)',
    'supervision GET /v1/holds/{hold_id} (get_hold)',
    'supervision GET /v1/holds/{hold_id}/effects (hold_effects)',
    'supervision GET /v1/opinions (list_opinions)',
    'supervision GET /v1/reports (list_reports)',
    'supervision POST /public/v1/complaints (file_complaint)',
    'supervision POST /v1/complaints/{complaint_id}/result (complaint_result)',
    'supervision POST /v1/complaints/{complaint_id}/triage (triage_complaint)',
    'supervision POST /v1/cycles/{cycle_id}/group (propose_group)',
    'supervision POST /v1/cycles/{cycle_id}/group/approve (approve_group)',
    'supervision POST /v1/cycles/{cycle_id}/group/release-approval (approve_release)',
    'supervision POST /v1/cycles/{cycle_id}/holds/release (release_remaining_holds)',
    'supervision POST /v1/cycles/{cycle_id}/supervision-reports (report_supervision)',
    'supervision POST /v1/findings (record_finding)',
    'supervision POST /v1/findings/{finding_id}/referral (refer_staff)',
    'supervision POST /v1/holds/{hold_id}/release (release_hold)',
    'supervision POST /v1/opinions (record_opinion)',
}


def test_every_route_documents_its_success_answer(documents):
    missing = [where for where, op in operations(documents) if op.get("x-answer-undocumented")]
    new = [where for where in missing if where not in NOT_YET_DOCUMENTED]
    assert not new, (f"{len(new)} routes do not document their answer; give each @api an "
                     "answer=Schema() or answers={status: …} (docs/developing.md, \"The service class\"):\n"
                     + "\n".join(new))
    done = sorted(NOT_YET_DOCUMENTED - set(missing))
    assert not done, "documented now: take them off NOT_YET_DOCUMENTED:\n" + "\n".join(done)
    no_success = [where for where, op in operations(documents)
                  if not any(status.startswith("2") for status in op["responses"])]
    assert not no_success, "routes with no 2xx answer:\n" + "\n".join(no_success)


def test_every_refusal_is_the_one_error_component(documents):
    for where, op in operations(documents):
        for status in ("4XX", "5XX"):
            assert op["responses"][status] == {"$ref": "#/components/responses/Error"}, where


def test_every_summary_is_a_whole_sentence(documents):
    cut = [f"{where}: {op['summary']!r}" for where, op in operations(documents)
           if not op["summary"] or op["summary"].count("(") != op["summary"].count(")")
           or op["summary"].rstrip(".").endswith("Art") or op["summary"][-1] not in ".。)?!"]
    assert not cut, "summaries that are not whole sentences:\n" + "\n".join(cut)


def test_a_summary_keeps_its_citation_whole():
    assert summary_of("Open a case (Art. 29 units, Art. 30 individuals); a ground joins it. More.") == \
        "Open a case (Art. 29 units, Art. 30 individuals); a ground joins it."
    assert summary_of("Revoked awards (Art. 29, 30), e.g. overdue. Then.") == "Revoked awards (Art. 29, 30), e.g. overdue."
    assert summary_of("No full stop at all") == "No full stop at all"


def test_every_schema_and_example_of_the_documents_is_valid(documents):
    wrong, checked = [], set()
    for where, op in operations(documents):
        contents = [("body", op["requestBody"]["content"]["application/json"])] if "requestBody" in op else []
        contents += [(f"{status} {media}", content) for status, response in op["responses"].items()
                     for media, content in response.get("content", {}).items()]
        for what, content in contents:
            schema = content.get("schema", {})
            seen = json.dumps(content, sort_keys=True)  # the kit's routes repeat in every service
            if seen in checked:
                continue
            checked.add(seen)
            jsonschema.Draft202012Validator.check_schema(schema)
            if "example" in content:
                error = jsonschema.exceptions.best_match(
                    jsonschema.Draft202012Validator(schema).iter_errors(content["example"]))
                if error is not None:
                    wrong.append(f"{where} {what}: the example is not what the schema says: {error.message[:200]}")
    assert not wrong, "\n".join(wrong)


class ProbeAnswer(Schema):
    """What the probe documents."""
    documented = fields.Integer(required=True)


class ProbeIntake(IntakeService):
    @api("GET", "/probe/v1/documented", public=True, limited=False, answer=ProbeAnswer())
    def probe_documented(self, tx, call):
        """Answers what it documents."""
        return {"documented": 1}

    @api("GET", "/probe/v1/extra", public=True, limited=False, answer=ProbeAnswer())
    def probe_extra(self, tx, call):
        """Answers a field it does not document."""
        return {"documented": 1, "extra": 2}

    @api("GET", "/probe/v1/accepted", public=True, limited=False, answer=ProbeAnswer())
    def probe_accepted(self, tx, call):
        """Answers a status it does not document."""
        return 202, {"documented": 1}


@pytest.fixture
def database_url_factory(tmp_path, migrated_templates):
    """The probe's check reads no data of its own: SQLite alone (one run, not one per engine)."""
    def make(name="svc", migrated=None):
        path = f"{tmp_path}/{name}.db"
        migrated_templates.sqlite_copy(migrated, path)
        return f"sqlite:///{path}"
    return make


def test_the_tests_client_fails_an_undocumented_field_or_status(service_factory):
    c = service_factory(ProbeIntake, clock=CLOCK_2019).client
    assert c.get("/probe/v1/documented").json() == {"documented": 1}
    with pytest.raises(UndocumentedAnswer, match=r"GET /probe/v1/extra \(probe_extra\) answered 200 outside its "
                                                 r"documented schema: at the body: .*'extra'"):
        c.get("/probe/v1/extra")
    with pytest.raises(UndocumentedAnswer, match=r"GET /probe/v1/accepted \(probe_accepted\) answered 202, which "
                                                 r"its document does not state \(it states \[200\]\)"):
        c.get("/probe/v1/accepted")
    c.get("/no/such/route")  # the kit's own 404, in the Error shape: nothing to say
