"""The supervision service (Art. 9, 16, 26, 27): a table of entrypoints.

The rules live in ``domain/`` (rotation, acting, halting); each use case in its workflow
module (group, complaints, findings, halts, reports; what the step owners report back: replicas), which checks that the caller
acts for the cycle's group; every read (SELECT), the lists scoped to the caller's cycles, in ``queries``.
"""
from award_shared import CycleReplica, KitService, api, consume, cycles, events, every

from . import answers, complaints, findings, group, halts, queries, referrals, replicas, reports
from .schemas import (AdminHoldListSchema, ApproveGroupSchema, ComplaintListSchema, ComplaintResultSchema,
                      ComplaintSchema, FindingListSchema, FindingSchema, HoldListSchema, OpinionListSchema,
                      OpinionSchema, ProposeGroupSchema, ReferralSchema, ReleaseApprovalSchema, ReleaseSchema,
                      ReportListSchema, SupervisionReportSchema, TriageSchema)

READERS = ("supervisor", "office", "leading_group", "operator")


class SupervisionService(CycleReplica, KitService):
    name = "supervision"

    # -- the group (Art. 9) ------------------------------------------------------------------
    #: supervision publishes these and records the roster in the same transaction (group.py, findings.py)
    on_group_appointed = on_group_dissolved = on_staff_disqualified = cycles.recorded_by_the_publisher

    def cycle_closed(self, tx, closed):
        """The cycle closed: its supervision group is dissolved (Art. 9)."""
        super().cycle_closed(tx, closed)
        group.dissolve(tx, closed.data["cycle_id"])

    @api("POST", "/v1/cycles/<cycle_id>/group", roles=("office",), body=ProposeGroupSchema(), status=201,
         answer=answers.ProposeGroupAnswer())
    def propose_group(self, tx, call, cycle_id):
        """The office proposes the cycle's supervision group: five kinds, ⌈1/3⌉ rotated (Art. 9).
        Someone disqualified from the cycle (Art. 27) acts on it no more: 403."""
        call.cycle_reader(tx, cycle_id)
        return group.propose(tx, cycle_id, call.body, call.actor)

    @api("POST", "/v1/cycles/<cycle_id>/group/approve", roles=("leading_group",), body=ApproveGroupSchema(),
         answer=answers.ProposeGroupAnswer())
    def approve_group(self, tx, call, cycle_id):
        """The leading group approves the proposal; publishes ``supervision.group_appointed`` (Art. 9)."""
        return group.approve(tx, cycle_id, call.body, call.actor)

    @api("GET", "/v1/cycles/<cycle_id>/group", roles=READERS, cycle_scoped=True, answer=answers.ProposeGroupAnswer())
    def get_group(self, tx, call, cycle_id):
        """The cycle's group, sitting or proposed, with its rotation against the previous one (Art. 9)."""
        return queries.group_of(tx, call, cycle_id)

    # -- complaints and reports (Art. 9(3), 26) ------------------------------------------------
    @api("POST", "/public/v1/complaints", public=True, body=ComplaintSchema(), status=201,
         answer=answers.FileComplaintAnswer())
    def file_complaint(self, tx, call):
        """Anyone files a complaint or report and gets a tracking number (Art. 9(3))."""
        return complaints.file(tx, call.body)

    @api("GET", "/public/v1/complaints/<tracking_number>", public=True, answer=answers.FileComplaintAnswer())
    def complaint_status(self, tx, call, tracking_number):
        """The status of a complaint, by its tracking number; nothing else (Art. 9(3))."""
        return queries.public_status(tx, tracking_number)

    @api("GET", "/v1/complaints", roles=("supervisor", "leading_group", "operator"), cycle_scoped=True,
         query=ComplaintListSchema(), answer=answers.ListComplaintsAnswer())
    def list_complaints(self, tx, call):
        """A page of complaints of the caller's cycles, oldest first (Art. 9(3)); the complainant is
        shown to the group alone."""
        return queries.complaints_of(tx, call)

    @api("GET", "/v1/cycles/<cycle_id>/complaints/summary", roles=("supervisor", "leading_group", "operator"),
         cycle_scoped=True, answer=answers.ComplaintSummaryAnswer())
    def complaint_summary(self, tx, call, cycle_id):
        """How many of the cycle's complaints stand in each status and how many wait for the group
        (Art. 9(3)): the list's readers, of a cycle they read; counted by the database."""
        return queries.complaint_counts(tx, call, cycle_id)

    @api("GET", "/v1/complaints/<complaint_id>", roles=("supervisor", "leading_group", "operator"), cycle_scoped=True,
         answer=answers.ListComplaintsComplaint())
    def get_complaint(self, tx, call, complaint_id):
        """One complaint (Art. 9(3)); the complainant is shown to the group alone, and each look is audited."""
        return queries.complaint(tx, call, complaint_id)

    @api("POST", "/v1/complaints/<complaint_id>/triage", roles=("supervisor",), body=TriageSchema(),
         answer=answers.ListComplaintsComplaint())
    def triage_complaint(self, tx, call, complaint_id):
        """A member of the group takes the complaint up or declines it, with the reason (Art. 9(3))."""
        return complaints.triage(tx, complaint_id, call.body, call.principal)

    @api("POST", "/v1/complaints/<complaint_id>/result", roles=("supervisor",), body=ComplaintResultSchema(),
         answer=answers.ListComplaintsComplaint())
    def complaint_result(self, tx, call, complaint_id):
        """The handling result, reported to the leading group (Art. 9(3))."""
        return complaints.record_result(tx, complaint_id, call.body, call.principal)

    @api("GET", "/v1/reports", roles=("leading_group", "supervisor", "operator"), cycle_scoped=True,
         query=ReportListSchema(), answer=answers.ListReportsAnswer())
    def list_reports(self, tx, call):
        """A page of what the group reported to the leading group, oldest first (Art. 9(2)(3), 26, 27)."""
        return queries.reports_of(tx, call)

    @api("POST", "/v1/cycles/<cycle_id>/supervision-reports", roles=("supervisor",), body=SupervisionReportSchema(),
         status=201, answer=answers.ReportSupervisionAnswer())
    def report_supervision(self, tx, call, cycle_id):
        """A member of the sitting group reports on its supervision to the leading group (Art. 9(2))."""
        return reports.report_supervision(tx, cycle_id, call.body, call.principal)

    @api("GET", "/v1/cycles/<cycle_id>/supervision-reports", roles=READERS, cycle_scoped=True,
         answer=answers.ListSupervisionReportsAnswer())
    def list_supervision_reports(self, tx, call, cycle_id):
        """The group's reports on its supervision of the cycle (Art. 9(2)): the leading group, the office."""
        return queries.supervision_reports_of(tx, call, cycle_id)

    # -- findings and opinions (Art. 9, 16, 26, 27) ----------------------------------------------
    @api("POST", "/v1/findings", roles=("supervisor",), body=FindingSchema(), status=201,
         answer=answers.RecordFindingAnswer())
    def record_finding(self, tx, call):
        """A member of the group records a finding; it may halt a step (Art. 9, 26, 27)."""
        return findings.record(tx, call.body, call.principal)

    @api("GET", "/v1/findings", roles=READERS, cycle_scoped=True, query=FindingListSchema(),
         answer=answers.ListFindingsAnswer())
    def list_findings(self, tx, call):
        """A page of findings of the caller's cycles, oldest first (Art. 9(1), 26, 27)."""
        return queries.findings_of(tx, call)

    @api("GET", "/v1/findings/<finding_id>", roles=READERS, cycle_scoped=True, answer=answers.RecordFindingAnswer())
    def get_finding(self, tx, call, finding_id):
        """One finding (Art. 9(1), 26, 27), with the hold it placed and where that hold took effect."""
        return queries.finding(tx, call, finding_id)

    @api("POST", "/v1/findings/<finding_id>/referral", roles=("supervisor",), body=ReferralSchema(), status=201,
         answer=answers.RecordFindingReferral())
    def refer_staff(self, tx, call, finding_id):
        """The disqualified person is referred to their authority or employer, recorded and
        reported to the leading group (Art. 27)."""
        return referrals.refer(tx, finding_id, call.body, call.principal)

    @api("POST", "/v1/opinions", roles=("supervisor",), body=OpinionSchema(), status=201,
         answer=answers.RecordOpinionAnswer())
    def record_opinion(self, tx, call):
        """A supervision opinion on an application; publishes ``opinion.recorded`` (Art. 16)."""
        return findings.record_opinion(tx, call.body, call.principal)

    @api("GET", "/v1/opinions", roles=READERS, cycle_scoped=True, query=OpinionListSchema(),
         answer=answers.ListOpinionsAnswer())
    def list_opinions(self, tx, call):
        """A page of opinions of the caller's cycles, oldest first (Art. 16)."""
        return queries.opinions_of(tx, call)

    # -- holds (docs/design.md, "Holds") ---------------------------------------------------
    @api("POST", "/v1/holds/<hold_id>/release", roles=("supervisor", "office"), body=ReleaseSchema(),
         answer=answers.RecordFindingHold())
    def release_hold(self, tx, call, hold_id):
        """Lift a hold, finally: by the group; by the office once the group is dissolved,
        with the leading group's approval recorded (Art. 9)."""
        return halts.release(tx, hold_id, call.principal, call.body["reason"], reader=call.cycle_reader)

    @api("POST", "/v1/cycles/<cycle_id>/group/release-approval", roles=("leading_group",),
         body=ReleaseApprovalSchema(), status=201, answer=answers.ApproveReleaseAnswer())
    def approve_release(self, tx, call, cycle_id):
        """The leading group approves releasing the dissolved group's holds (Art. 9)."""
        return halts.approve_release(tx, cycle_id, call.body, call.actor)

    @api("POST", "/v1/cycles/<cycle_id>/holds/release", roles=("office",), body=ReleaseSchema(),
         answer=answers.ReleaseRemainingHoldsAnswer())
    def release_remaining_holds(self, tx, call, cycle_id):
        """The office releases every hold the dissolved group left, under the approval (Art. 9)."""
        call.cycle_reader(tx, cycle_id)  # Art. 27: not someone disqualified from the cycle
        return halts.release_remaining(tx, cycle_id, call.principal, call.body["reason"])

    @api("GET", "/v1/holds", roles=READERS, cycle_scoped=True, query=HoldListSchema(),
         answer=answers.ListSupervisionHoldsAnswer())
    def list_supervision_holds(self, tx, call):
        """A page of holds of the caller's cycles, each with where and when it took effect; halting is this suite's power (本系统)."""
        return queries.holds_of(tx, call, call.query.get("cycle_id"), call.query.get("status"))

    @api("GET", "/v1/holds/<hold_id>", roles=READERS, cycle_scoped=True, answer=answers.RecordFindingHold())
    def get_hold(self, tx, call, hold_id):
        """One hold: who placed it, why, under which article, and where it took effect (本系统)."""
        return queries.hold(tx, call, hold_id)

    @api("GET", "/v1/holds/<hold_id>/effects", roles=READERS, cycle_scoped=True, answer=answers.HoldEffectsAnswer())
    def hold_effects(self, tx, call, hold_id):
        """Where and when a hold took effect, per step owner (本系统)."""
        return queries.hold_effects_of(tx, call, hold_id)

    @api("GET", "/admin/v1/holds", roles=READERS,
         summary="The holds known to this service, a page at a time, a supervisor's own cycles' alone (运维).",
         cycle_scoped=True, query=AdminHoldListSchema(), answer=answers.ListSupervisionHoldsAnswer())
    def list_holds(self, tx, call):
        """The kit's holds listing, narrowed to a supervisor's own cycles."""
        return queries.holds_of(tx, call)

    @every("PERSONAL_DATA_TIMER_SECONDS", default=3600)
    def erase_personal_data(self, tx):
        """Complainants' identities are erased once the retention after their cycle ends (Art. 9)."""
        complaints.erase_personal_data(tx, float(tx.config.get("COMPLAINANT_DATA_RETENTION_DAYS", 365)))

    @consume(events.HoldApplied)
    def on_hold_applied(self, tx, applied):
        """A step owner enforced a hold: record where and when (docs/design.md, "Holds")."""
        replicas.record_applied(tx, applied)
