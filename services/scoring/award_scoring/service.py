"""The scoring service: a table of entrypoints; the rules live in plain modules beside it
(:mod:`award_scoring.domain`), the work in the modules named for what they do."""

from award_shared import CycleReplica, KitService, api, consume, cycles, events

from . import (answers, agency, assignment, candidates, paper_sheets, replicas, result_reports, results, reviews,
               stage_flow, work_plans)
from .schemas import (ApplicationListSchema, AppointAgencySchema, ApproveAgencySchema, AssignAllSchema, AssignSchema,
                      ExecuteGuidanceSchema, ExpertListSchema, GuidanceSchema, PaperSheetsSchema,
                      ProposeCandidatesSchema, RecusalSchema, RegisterExpertSchema, ResultsReportSchema, ReviewSchema,
                      StageActionSchema, WorkPlanSchema)

STAFF = ("third_party", "office")
READERS = ("third_party", "office", "expert")
#: the review as its supervision group reads it (Art. 9(1), 15, 26): the cycle's sitting group
#: only (cycle_scoped), read-only (no write route names the role), each read audited
SUPERVISED = ("supervisor",)
#: who reads the agency's work plan and the office's guidance (Art. 8(1), 15)
DIRECTION_READERS = ("office", "leading_group", "third_party", "supervisor")


class ScoringService(CycleReplica, KitService):
    name = "scoring"

    def subject_step(self, tx, cycle_id, subject):
        """The application's step here, reported in ``hold.applied``."""
        return replicas.step_of(tx, cycle_id, subject)

    # -- the applications, from intake (Art. 3, 14) ------------------------------------------
    @consume(events.NoticePublished, sources=("intake",))
    def on_notice_published(self, tx, published):
        """The application notice publishes the cycle's approved Art. 11 tilt (Art. 7 LG(2), 11, 13)."""
        replicas.record_tilt(tx, published)

    @consume(events.ApplicationSubmitted, sources=("intake",))
    def on_application_submitted(self, tx, submitted):
        """Learn an application (Art. 14)."""
        replicas.record_event(tx, submitted)

    @consume(events.ApplicationRecommended, sources=("intake",))
    def on_application_recommended(self, tx, recommended):
        """The district's recommendation brings the application to the third party (Art. 14)."""
        replicas.record_event(tx, recommended)

    @consume(events.ApplicationWithdrawn, sources=("intake",))
    def on_application_withdrawn(self, tx, withdrawn):
        """The applicant withdrew (Art. 14: applying is voluntary); its panel seats end."""
        replicas.record_event(tx, withdrawn)

    # -- supervision (Art. 16, 27) and holds ----------------------------------------------
    @consume(events.ExpertDisqualified, sources=("supervision",))
    def on_expert_disqualified(self, tx, disqualified):
        """An expert is disqualified (Art. 27): its scores stop counting; re-assignment opens."""
        replicas.record_disqualified(tx, disqualified)

    #: scoring publishes ``agency.appointed`` and records the roster in that transaction (agency.py)
    on_agency_appointed = cycles.recorded_by_the_publisher

    def group_appointed(self, tx, appointed):
        """The cycle's supervision group is appointed; the review may open under it (Art. 9, 15)."""
        replicas.record_group(tx, appointed)

    @consume(events.OpinionRecorded, sources=("supervision",))
    def on_opinion_recorded(self, tx, recorded):
        """The supervision group's opinion, for the candidate list (Art. 16)."""
        replicas.record_opinion(tx, recorded)

    def hold_released(self, tx, data):
        """Complete what the released hold kept pending (docs/design.md, "Holds")."""
        results.complete_pending(tx, data["cycle_id"])

    # -- the third party and its experts (Art. 8) ------------------------------------------
    @api("POST", "/v1/cycles/<cycle_id>/third-party", roles=("office",), body=AppointAgencySchema(), status=201,
         answer=answers.AppointAgencyAnswer())
    def appoint_agency(self, tx, call, cycle_id):
        """The office proposes the cycle's third-party agency and its staff accounts (Art. 7, 8)."""
        return agency.appoint(tx, cycle_id, call.body, call.actor)

    @api("POST", "/v1/cycles/<cycle_id>/third-party/approval", roles=("leading_group",), body=ApproveAgencySchema(),
         answer=answers.AppointAgencyAnswer())
    def approve_agency(self, tx, call, cycle_id):
        """The leading group entrusts the third party (Art. 7 LG(3)); publishes ``agency.appointed``."""
        return agency.approve(tx, cycle_id, call.body, call.actor)

    @api("GET", "/v1/cycles/<cycle_id>/third-party", cycle_scoped=True, answer=answers.AppointAgencyAnswer())
    def get_agency(self, tx, call, cycle_id):
        """The cycle's third-party agency (Art. 8); its staff accounts only to the office, the
        leading group and the agency's own staff (Art. 7 LG(3), 25)."""
        return agency.get(tx, cycle_id, call.cycle_reader(tx, cycle_id))

    @api("POST", "/v1/cycles/<cycle_id>/experts", roles=("third_party",), body=RegisterExpertSchema(), status=201,
         answer=answers.RegisterExpertAnswer())
    def register_expert(self, tx, call, cycle_id):
        """Register an expert: affiliation, employer, sectors, declared ties (Art. 8, 25)."""
        return agency.register_expert(tx, cycle_id, call.body, call.principal)

    @api("GET", "/v1/cycles/<cycle_id>/experts", roles=STAFF, cycle_scoped=True, query=ExpertListSchema(),
         answer=answers.ListExpertsAnswer())
    def list_experts(self, tx, call, cycle_id):
        """A page of the cycle's experts by subject and their loads (Art. 8); ``next``: the
        ``after`` of the next page, null on the last."""
        return agency.list_experts(tx, cycle_id, call)

    # -- the agency's work plan and the office's guidance (Art. 8(1), 15) -------------------------
    @api("POST", "/v1/cycles/<cycle_id>/work-plan", roles=("third_party",), body=WorkPlanSchema(), status=201,
         answer=answers.FileWorkPlanAnswer())
    def file_work_plan(self, tx, call, cycle_id):
        """The cycle's entrusted agency files its work plan (实施方案) under the review scheme
        (Art. 8(1)); a revision names the current version in ``supersedes``, with its reason.
        409 before the leading group entrusted an agency (Art. 8) or for a second plan that
        supersedes nothing; 403 for anyone not on the agency's staff."""
        return work_plans.file_plan(tx, cycle_id, call.body, call.principal)

    @api("GET", "/v1/cycles/<cycle_id>/work-plan", roles=DIRECTION_READERS, cycle_scoped=True,
         answer=answers.ReadWorkPlanAnswer())
    def read_work_plan(self, tx, call, cycle_id):
        """The cycle's work plan, current and earlier versions: the office, the leading group, the
        cycle's agency and its supervision group (Art. 8(1), 9(1), 15); audited."""
        return work_plans.read_plans(tx, cycle_id, call)

    @api("POST", "/v1/cycles/<cycle_id>/guidance", roles=("office",), body=GuidanceSchema(), status=201,
         answer=answers.IssueGuidanceAnswer())
    def issue_guidance(self, tx, call, cycle_id):
        """The office records guidance (指导意见) to the cycle's agency, on the review, one stage or
        one application of the cycle (Art. 15); 409 before an agency is entrusted (Art. 8)."""
        return work_plans.issue_guidance(tx, cycle_id, call.body, call.actor)

    @api("POST", "/v1/cycles/<cycle_id>/guidance/<guidance_id>/execution", roles=("third_party",),
         body=ExecuteGuidanceSchema(), answer=answers.IssueGuidanceAnswer())
    def execute_guidance(self, tx, call, cycle_id, guidance_id):
        """The cycle's agency records how it executed the office's guidance (Art. 15), once."""
        return work_plans.execute_guidance(tx, cycle_id, guidance_id, call.body, call.principal)

    @api("GET", "/v1/cycles/<cycle_id>/guidance", roles=DIRECTION_READERS, cycle_scoped=True,
         answer=answers.ReadGuidanceAnswer())
    def read_guidance(self, tx, call, cycle_id):
        """The office's guidance to the cycle's agency and its execution: the office, the leading
        group, the cycle's agency and its supervision group (Art. 9(1), 15); audited."""
        return work_plans.read_guidance(tx, cycle_id, call)

    # -- applications and panels (Art. 8, 25) ------------------------------------------------
    @api("GET", "/v1/cycles/<cycle_id>/applications", roles=STAFF + SUPERVISED, cycle_scoped=True,
         query=ApplicationListSchema(), answer=answers.ListApplicationsAnswer())
    def list_applications(self, tx, call, cycle_id):
        """A page of the cycle's applications by id and where each stands (Art. 15): the third
        party, the office and the cycle's supervision group (Art. 9(1), 15); audited; ``next``:
        the ``after`` of the next page, null on the last."""
        return replicas.list_for(tx, cycle_id, call)

    @api("GET", "/v1/cycles/<cycle_id>/applications/summary", roles=STAFF + SUPERVISED, cycle_scoped=True,
         answer=answers.ApplicationSummaryAnswer())
    def application_summary(self, tx, call, cycle_id):
        """How many of the cycle's applications stand in each status, and how many recommended
        ones no stage has started (Art. 15): the list's readers; audited; counted by the database."""
        return replicas.summary_for(tx, cycle_id, call)

    @api("GET", "/v1/applications/<application_id>", roles=READERS + SUPERVISED, cycle_scoped=True,
         answer=answers.GetApplicationAnswer())
    def get_application(self, tx, call, application_id):
        """One application and its stage results: third party, office, the cycle's supervision
        group (Art. 9(1), 15), or an expert on its panel (Art. 8); audited."""
        return replicas.read(tx, application_id, call)

    @api("POST", "/v1/applications/<application_id>/assignments", roles=("third_party",), body=AssignSchema(),
         status=201, answer=answers.AssignPanelAnswer())
    def assign_panel(self, tx, call, application_id):
        """Assign the panel, automatically or by hand; conflicts refused (Art. 8, 25); ``panel.assigned``."""
        return assignment.assign(tx, application_id, call.body, call.principal)

    @api("POST", "/v1/cycles/<cycle_id>/assignments", roles=("third_party",), body=AssignAllSchema(),
         answer=answers.AssignAllAnswer())
    def assign_all_panels(self, tx, call, cycle_id):
        """Give every recommended application without a full panel its experts (Art. 8)."""
        return assignment.assign_all(tx, cycle_id, call.body, call.principal)

    @api("GET", "/v1/applications/<application_id>/assignments", roles=READERS, cycle_scoped=True,
         answer=answers.AssignPanelAnswer())
    def get_panel(self, tx, call, application_id):
        """The panel the third party formed (Art. 8); an expert sees only its own seat; audited."""
        return assignment.read_panel(tx, application_id, call)

    @api("GET", "/v1/experts/me/assignments", roles=("expert",), answer=answers.MyAssignmentsAnswer())
    def my_assignments(self, tx, call):
        """An expert's own seats on the third party's panels (Art. 8)."""
        return assignment.my_assignments(tx, call.principal)

    @api("POST", "/v1/applications/<application_id>/recusals", roles=("expert", "third_party"),
         body=RecusalSchema(), answer=answers.AssignPanelAnswer())
    def recuse(self, tx, call, application_id):
        """An expert steps down where it cannot review objectively and independently (Art. 25); its
        scores stop counting and the seat is filled again."""
        return assignment.recuse(tx, application_id, call.body, call.principal)

    # -- the four stages (Art. 15) -------------------------------------------------------------
    @api("GET", "/v1/cycles/<cycle_id>/stages", cycle_scoped=True, answer=answers.OpenStageAnswer())
    def list_stages(self, tx, call, cycle_id):
        """The review stages of the cycle and their state (Art. 15)."""
        call.cycle_reader(tx, cycle_id)
        return stage_flow.list_stages(tx, cycle_id)

    @api("POST", "/v1/cycles/<cycle_id>/stages/<stage>/open", roles=STAFF, body=StageActionSchema(),
         answer=answers.OpenStageAnswer())
    def open_stage(self, tx, call, cycle_id, stage):
        """Open a review stage, in the order of Art. 15; ``cycle.step_opened``."""
        return stage_flow.open_stage(tx, cycle_id, stage, call.body, call.principal)

    @api("POST", "/v1/cycles/<cycle_id>/stages/<stage>/close", roles=STAFF, body=StageActionSchema(),
         answer=answers.CloseStageAnswer())
    def close_stage(self, tx, call, cycle_id, stage):
        """Close a review stage and complete it per application (Art. 15); ``review.stage_completed``."""
        return stage_flow.close_stage(tx, cycle_id, stage, call.body, call.principal)

    @api("POST", "/v1/applications/<application_id>/reviews/<stage>", roles=("expert", "third_party"),
         body=ReviewSchema(), status=201, answer=answers.RecordReviewAnswer(), art27_in_handler=True)
    def record_review(self, tx, call, application_id, stage):
        """Record a score sheet or a qualification decision (Art. 10, 12, 15); corrections supersede."""
        return reviews.record(tx, application_id, stage, call.body, call.principal)

    @api("POST", "/v1/applications/<application_id>/reviews/<stage>/paper-sheets", roles=("third_party",),
         body=PaperSheetsSchema(), status=201, answer=answers.TranscribePaperSheetsAnswer())
    def transcribe_paper_sheets(self, tx, call, application_id, stage):
        """The agency records the paper score sheets a panel signed, all at once (Art. 8, 15): each
        checked as the expert's own, transcribed by whom and from which paper; all or none. Stages: the
        rule set's ``review.paper_sheets`` (absent: on-site review and defense)."""
        return paper_sheets.transcribe(tx, application_id, stage, call.body, call.principal)

    @api("GET", "/v1/applications/<application_id>/reviews", roles=READERS + SUPERVISED, cycle_scoped=True,
         answer=answers.ReadReviewsAnswer())
    def read_reviews(self, tx, call, application_id):
        """Score sheets and qualification decisions: third party, office, the cycle's supervision
        group (Art. 9(1), 15, 26; scope ``supervised``), and each expert its own; audited."""
        return reviews.read(tx, application_id, call)

    @api("GET", "/v1/applications/<application_id>/results", roles=STAFF + SUPERVISED, cycle_scoped=True,
         answer=answers.ReadResultsAnswer())
    def read_results(self, tx, call, application_id):
        """Stage results, flags, weighted score and the Art. 11 tilt line: third party, office and
        the cycle's supervision group (Art. 9(1), 15); audited."""
        return reviews.read_results(tx, application_id, call)

    # -- the agency's report of the results (Art. 8(3)) ----------------------------------------
    @api("POST", "/v1/cycles/<cycle_id>/results-report", roles=("third_party",), body=ResultsReportSchema(),
         status=201, answer=answers.ReportResultsAnswer())
    def report_results(self, tx, call, cycle_id):
        """The cycle's agency reports the review results to the office (Art. 8(3)) once every stage
        is closed (409, Art. 16); the results are the review's own, recorded with the report. 409
        when nothing changed since its last report; a new report supersedes the last."""
        return result_reports.report(tx, cycle_id, call.body, call.principal)

    @api("GET", "/v1/cycles/<cycle_id>/results-report", roles=DIRECTION_READERS, cycle_scoped=True,
         answer=answers.ReadResultsReportsAnswer())
    def read_results_reports(self, tx, call, cycle_id):
        """The agency's reports of the results, newest first: the office, the leading group, the
        cycle's agency and its supervision group (Art. 8(3), 9(1)); audited."""
        return result_reports.read(tx, cycle_id, call)

    # -- the candidate list (Art. 2, 16) -------------------------------------------------------
    @api("POST", "/v1/cycles/<cycle_id>/candidates", roles=("office",), body=ProposeCandidatesSchema(), status=201,
         answer=answers.ProposeCandidatesAnswer())
    def propose_candidates(self, tx, call, cycle_id):
        """Propose the candidate list under quotas, bars and the tie rule (Art. 2, 16), from the
        results the agency reported (409 ``results_not_reported`` / ``results_changed``, Art. 8, 16);
        ``candidates.proposed``."""
        return candidates.propose(tx, cycle_id, call.body, call.principal)

    @api("GET", "/v1/cycles/<cycle_id>/candidates", roles=("office", "leading_group", "third_party"),
         cycle_scoped=True, answer=answers.ProposeCandidatesAnswer())
    def latest_candidates(self, tx, call, cycle_id):
        """The latest candidate list proposed (Art. 16); the third party: of the cycle it was entrusted with (Art. 7)."""
        call.cycle_reader(tx, cycle_id)
        return candidates.latest(tx, cycle_id)

    @api("GET", "/v1/cycles/<cycle_id>/candidate-lists", roles=("office", "leading_group", "third_party"),
         cycle_scoped=True, answer=answers.CandidateListsAnswer())
    def candidate_lists(self, tx, call, cycle_id):
        """Every candidate list of the cycle with its status: current, stale (propose again, Art. 27),
        superseded; the third party: of the cycle it was entrusted with (Art. 7)."""
        call.cycle_reader(tx, cycle_id)
        return candidates.history(tx, cycle_id)

    @consume(events.AwardApproved, sources=("publicity",))
    def on_award_approved(self, tx, approved):
        """The city government approved the list (Art. 18): no candidate list after it."""
        replicas.record_approval(tx, approved)
