"""The intake service: a table of entrypoints; the rules live in plain modules beside it.

Steps 1-3 of the cycle (docs/design.md, "The cycle, step by step"): cycles, the application
notice, applications, eligibility at submission, the past-winner registry and the district
recommendation.
"""
from award_shared import Documents, KitService, Setting, api, consume, events

from . import answers, applications, cycles, documents, notices, queries, registry, replicas, review, schemes, submission
from .providers import person_keys, rule_sets
from .schemas import (ApplicationFormSchema, ApplicationListSchema, CloseCycleSchema, DistrictReviewSchema, DocumentSchema,
                      ImportPastWinnersSchema, NoAwardDecisionSchema, NoticeSchema, OpenCycleSchema,
                      ProposeSchemeSchema, SchemeDecisionSchema, SubmitSchema, WithdrawSchema)

STAFF = ("office", "third_party", "supervisor", "leading_group", "district", "expert", "applicant")


class IntakeService(KitService):
    name = "intake"
    rulesets = Setting(rule_sets)
    store = Documents()
    person_keys = Setting(person_keys)

    def subject_step(self, tx, cycle_id, subject):
        return queries.step_of(tx, subject)

    # -- cycles (Art. 2, 31) ----------------------------------------------------------
    @api("POST", "/v1/cycles", roles=("office",), body=OpenCycleSchema(), status=201,
         answer=answers.OpenCycleAnswer())
    def open_cycle(self, tx, call):
        """Open a cycle under the rule set in force (Art. 2, 31); publishes ``cycle.opened``."""
        return cycles.open_cycle(tx, self.rulesets, call.body, call.actor)

    @api("GET", "/v1/cycles", answer=answers.CyclesAnswer())
    def list_cycles(self, tx, call):
        """Every cycle, oldest first: an edition every two years (Art. 2)."""
        return {"cycles": queries.list_cycles(tx)}

    @api("GET", "/v1/cycles/<cycle_id>", answer=answers.OpenCycleAnswer())
    def get_cycle(self, tx, call, cycle_id):
        """One cycle with its rule set (Art. 31)."""
        return queries.get_cycle(tx, cycle_id, with_ruleset=True)

    @api("POST", "/v1/cycles/<cycle_id>/close", roles=("office",), body=CloseCycleSchema(),
         answer=answers.OpenCycleAnswer())
    def close_cycle(self, tx, call, cycle_id):
        """Close the cycle after the list is approved (Art. 18), or with no award on the leading
        group's decision; its supervision group dissolves (Art. 9)."""
        return cycles.close_cycle(tx, cycle_id, call.body)

    @api("POST", "/v1/cycles/<cycle_id>/no-award", roles=("leading_group",), body=NoAwardDecisionSchema(), status=201,
         answer=answers.NoAwardDecisionAnswer())
    def decide_no_award(self, tx, call, cycle_id):
        """The leading group decides that the edition gives no award, as its own act (Art. 7 LG(1));
        the office then closes the cycle with ``outcome: no_award``."""
        return cycles.decide_no_award(tx, cycle_id, call.body, call.actor)

    # -- the edition's review scheme and its Art. 11 tilt (Art. 7 LG(2), 11) -------------------
    @api("POST", "/v1/cycles/<cycle_id>/review-scheme", roles=("office",), body=ProposeSchemeSchema(), status=201,
         answer=answers.ReviewSchemeAnswer())
    def propose_scheme(self, tx, call, cycle_id):
        """The office proposes the edition's review scheme: the bound rule set's review section and the
        Art. 11 tilt (Art. 7 LG(2), 11); refused once the notice has published it (Art. 13)."""
        return schemes.propose(tx, cycle_id, call.body, call.actor)

    @api("POST", "/v1/cycles/<cycle_id>/review-scheme/decision", roles=("leading_group",),
         body=SchemeDecisionSchema(), answer=answers.ReviewSchemeAnswer())
    def decide_scheme(self, tx, call, cycle_id):
        """The leading group approves the proposed review scheme by its sha256, or rejects it to the office
        (Art. 7 LG(2))."""
        return schemes.decide(tx, cycle_id, call.body, call.actor)

    @api("GET", "/v1/cycles/<cycle_id>/review-scheme", roles=("office", "leading_group"),
         answer=answers.ReviewSchemeAnswer())
    def get_scheme(self, tx, call, cycle_id):
        """The edition's review scheme that stands, and every earlier proposal with its decision (Art. 7 LG(2))."""
        return queries.get_scheme(tx, cycle_id)

    @api("GET", "/v1/cycles/<cycle_id>/tilt", answer=answers.PublishNoticeTilt())
    def get_tilt(self, tx, call, cycle_id):
        """The cycle's approved Art. 11 tilt (Art. 7 LG(2), 11)."""
        return queries.get_tilt(tx, cycle_id)

    # -- the application notice (Art. 13) ---------------------------------------------------
    @api("POST", "/v1/cycles/<cycle_id>/notice", roles=("office",), body=NoticeSchema(), status=201, step="notice",
         answer=answers.PublishNoticeAnswer())
    def publish_notice(self, tx, call, cycle_id):
        """Publish the application notice (Art. 13); opens the acceptance window."""
        return notices.publish_notice(tx, cycle_id, call.body, call.actor)

    @api("GET", "/v1/cycles/<cycle_id>/notice", answer=answers.PublishNoticeAnswer())
    def get_notice(self, tx, call, cycle_id):
        """The application notice of a cycle (Art. 13)."""
        return queries.get_notice(tx, cycle_id)

    @api("GET", "/public/v1/cycles/<cycle_id>/application-notice", public=True, answer=answers.PublishNoticeAnswer())
    def public_notice(self, tx, call, cycle_id):
        """The application notice, for anyone (Art. 13)."""
        return queries.public_notice(tx, cycle_id)

    # -- applications (Art. 3, 10-12, 14) ----------------------------------------------------
    @api("POST", "/v1/cycles/<cycle_id>/applications", roles=("applicant",), body=ApplicationFormSchema(),
         status=201, answer=answers.CreateApplicationAnswer())
    def create_application(self, tx, call, cycle_id):
        """Create a draft application of a unit or a person (Art. 3, 14), inside the window of Art. 13."""
        return applications.create_draft(tx, cycle_id, call.body, call.principal, self.person_keys)

    @api("GET", "/v1/cycles/<cycle_id>/applications", roles=STAFF, cycle_scoped=True,
         query=ApplicationListSchema(), answer=answers.ListApplicationsAnswer())
    def list_applications(self, tx, call, cycle_id):
        """A page of a cycle's applications, oldest first, as far as the caller may see them
        (applicants: their own; the third party and supervisors: of the cycle they are appointed
        to, Art. 9, 25); ``next``: the ``after`` of the next page, null on the last."""
        query = call.query
        return queries.applications_of(tx, cycle_id, call, query["status"], query["after"], query["limit"])

    @api("GET", "/v1/cycles/<cycle_id>/applications/summary", roles=STAFF, cycle_scoped=True,
         answer=answers.ApplicationSummaryAnswer())
    def application_summary(self, tx, call, cycle_id):
        """How many of a cycle's applications stand in each status, of those the caller may list
        (Art. 14). The list's own scope (applicants their own, districts their district's, experts
        those assigned to them, the third party and supervisors their cycle's), counted by the
        database for the pages that show counts."""
        return queries.application_counts(tx, cycle_id, call)

    @api("GET", "/v1/applications/<application_id>", roles=STAFF, cycle_scoped=True,
         answer=answers.CreateApplicationAnswer())
    def get_application(self, tx, call, application_id):
        """One application as filed (Art. 14); the resident ID number is masked except for the office."""
        return queries.read_application(tx, application_id, call)

    @api("PUT", "/v1/applications/<application_id>", roles=("applicant",), body=ApplicationFormSchema(),
         answer=answers.CreateApplicationAnswer())
    def update_application(self, tx, call, application_id):
        """Change a draft or returned application (Art. 14), inside the window of Art. 13."""
        return applications.update_draft(tx, application_id, call.body, call.principal, self.person_keys)

    @api("POST", "/v1/applications/<application_id>/submit", roles=("applicant",), body=SubmitSchema(),
         step="application", answer=answers.CreateApplicationAnswer())
    def submit_application(self, tx, call, application_id):
        """Submit: Art. 6 and the machine conditions of Art. 10 / 12 decided, every condition declared,
        the documents of Art. 14 attached; publishes ``application.submitted``."""
        return submission.submit(tx, application_id, call.principal, call.body.get("reason"))

    @api("POST", "/v1/applications/<application_id>/withdraw", roles=("applicant",), body=WithdrawSchema(),
         step="application", answer=answers.CreateApplicationAnswer())
    def withdraw_application(self, tx, call, application_id):
        """The applicant withdraws (applying is voluntary, Art. 14); publishes ``application.withdrawn``."""
        return review.withdraw(tx, application_id, call.principal, call.body["reason"])

    @api("POST", "/v1/applications/<application_id>/district-review", roles=("district",),
         body=DistrictReviewSchema(), step="district_review", answer=answers.CreateApplicationAnswer(),
         art27_in_handler=True)
    def district_review(self, tx, call, application_id):
        """District preliminary review (Art. 14): recommend with a signed opinion, or return with reasons."""
        return review.district_review(tx, application_id, call.principal, call.body)

    # -- documents (Art. 14, 25) ----------------------------------------------------------------
    @api("POST", "/v1/applications/<application_id>/documents", roles=("applicant",), body=DocumentSchema(),
         status=201, answer=answers.UploadDocumentAnswer())
    def upload_document(self, tx, call, application_id):
        """Attach the form, the self-evaluation report or evidence (Art. 14)."""
        return documents.upload(tx, self.store, application_id, call.principal, call.body)

    @api("GET", "/v1/applications/<application_id>/documents", roles=STAFF, cycle_scoped=True,
         answer=answers.ListDocumentsAnswer())
    def list_documents(self, tx, call, application_id):
        """The evidence documents of an application (Art. 14), for those the access design lets read them."""
        return queries.list_documents(tx, application_id, call)

    @api("GET", "/v1/applications/<application_id>/documents/<document_id>", roles=STAFF, cycle_scoped=True,
         answer="application/pdf")
    def read_document(self, tx, call, application_id, document_id):
        """A document's content (Art. 14) for the applicant, office, third party and assigned experts,
        each bound to keep its secrets (Art. 25); audited."""
        return documents.download(tx, self.store, application_id, document_id, call)

    # -- past winners (Art. 6) --------------------------------------------------------------------
    @api("POST", "/v1/past-winners", roles=("office",), body=ImportPastWinnersSchema(), status=201,
         answer=answers.ImportPastWinnersAnswer())
    def import_past_winners(self, tx, call):
        """Import winners of earlier cycles into the Art. 6 registry."""
        return registry.import_winners(tx, call.body["winners"], self.person_keys, call.body["reason"])

    @api("GET", "/v1/past-winners", roles=("office",), answer=answers.ListPastWinnersAnswer())
    def list_past_winners(self, tx, call):
        """The Art. 6 registry."""
        return queries.list_winners(tx)

    # -- events from the other services (replicas.py) ----------------------------------------------
    @consume(events.ApplicationIneligible)
    def on_application_ineligible(self, tx, ineligible):
        """Scoring's qualification review fails the application (Art. 15; Art. 6, 10, 12)."""
        replicas.record_ineligible(tx, ineligible)

    @consume(events.PanelAssigned)
    def on_panel_assigned(self, tx, assigned):
        """The experts who may read the application's documents: its panel (Art. 8)."""
        replicas.record_panel(tx, assigned)

    @consume(events.AwardApproved)
    def on_award_approved(self, tx, approved):
        """The government approved the cycle's list: the office may close the cycle (Art. 18)."""
        replicas.record_approved(tx, approved)

    @consume(events.AwardGranted)
    def on_award_granted(self, tx, granted):
        """A winner may not apply again (Art. 6)."""
        replicas.record_granted(tx, granted)

    @consume(events.AwardRevoked)
    def on_award_revoked(self, tx, revoked):
        """A revocation is recorded; the Art. 6 bar stays (Art. 29, 30)."""
        replicas.record_revoked(tx, revoked)
