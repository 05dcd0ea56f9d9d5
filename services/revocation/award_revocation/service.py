"""The revocation service (Art. 28-30): a table of entrypoints; the rules live in ``domain/``
and the use cases in the workflow modules beside it. Only this table speaks HTTP: a workflow
answers with what happened, and the routes choose the status from it."""
from award_shared import CycleReplica, Documents, KitService, Setting, api, consume, events, pages

from . import (answers, announcements, cases, decisions, duties, gauges, listings, queries, recoveries, replicas, reports,
               spot_checks)
from .providers import recovery_due_days
from .schemas import (AwardListSchema, CaseListSchema, DecisionSchema, InvestigationSchema, OpenCaseSchema, PaymentSchema,
                      ProposalSchema, ReportListSchema,
                      PublicReportSchema, RecoverySchema, ReportTriageSchema, SharingSchema, SpotCheckSchema,
                      UseReportSchema, UseReviewSchema, VerificationSchema)

READERS = ("office", "leading_group", "government", "supervisor")


class RevocationService(CycleReplica, KitService):
    name = "revocation"
    store = Documents()  # the evidence, stored by sha256 as intake stores its documents
    recovery_due_days = Setting(recovery_due_days)

    def subject_step(self, tx, cycle_id, subject):
        return "revocation" if queries.open_case_of(tx, subject) is not None else None

    @consume(events.AwardGranted, sources=("publicity",))
    def on_award_granted(self, tx, granted):
        """Keep a copy of each award conferred (Art. 19): what Art. 29 and 30 may revoke."""
        replicas.record_granted(tx, granted)

    @consume(events.ApplicationRecommended, sources=("intake",))
    def on_application_recommended(self, tx, recommended):
        """Keep the account that owns each application a district recommended (Art. 14: only those
        can win): if it wins, that winner reports the use of its prize money itself (Art. 21)."""
        replicas.record_owner(tx, recommended)

    # -- awards and cases -----------------------------------------------------------------------
    @api("GET", "/v1/awards/<award_id>", roles=READERS, cycle_scoped=True, answer=answers.GetAwardAnswer())
    def get_award(self, tx, call, award_id):
        """An award as revocation knows it, in force or revoked (Art. 28-30); a supervisor reads
        it only while sitting on the group of the award's cycle (Art. 9)."""
        award = queries.award_or_404(tx, award_id)
        call.cycle_reader(tx, award["cycle_id"])
        return queries.award_view(award)

    @api("GET", "/v1/cycles/<cycle_id>/awards", roles=READERS, cycle_scoped=True, query=AwardListSchema(),
         answer=answers.ListAwardsAnswer())
    def list_awards(self, tx, call, cycle_id):
        """A page of an edition's awards by award id, each with its payments, use reports and
        experience shared in figures and what is due on it (Art. 19-21, 24); ``next``: the
        ``after`` of the next page, null on the last. A supervisor reads its own cycle's (Art. 9)."""
        call.cycle_reader(tx, cycle_id)
        return listings.awards_of_cycle(tx, cycle_id, call.query["after"], call.query["limit"])

    @api("GET", "/v1/cases", roles=READERS, cycle_scoped=True, query=CaseListSchema(),
         answer=answers.ListCasesAnswer())
    def list_cases(self, tx, call):
        """A page of revocation cases, oldest first (Art. 29, 30): ``?state=verified`` those waiting
        for the leading group's proposal, ``proposed`` those for the government's decision (Art. 7);
        ``?cycle_id=`` one edition's. A supervisor reads its own cycle's only (Art. 9)."""
        return listings.cases_of(tx, call)

    @api("POST", "/v1/cases", roles=("office",), body=OpenCaseSchema(), status=201,
         answers={200: answers.GetCaseAnswer(), 201: answers.GetCaseAnswer()})
    def open_case(self, tx, call):
        """Open a case on an award's grounds with evidence (Art. 29 units, Art. 30 individuals);
        a ground on an award whose case is not yet verified joins it (200)."""
        case = cases.open_case(tx, self.store, call.body, call.principal)
        return (200 if case["joined"] else 201), case

    @api("GET", "/v1/cases/<case_id>", roles=READERS, cycle_scoped=True, answer=answers.GetCaseAnswer())
    def get_case(self, tx, call, case_id):
        """A case with its grounds, evidence and recovery (Art. 29, 30); a supervisor reads it only
        while sitting on the group of the award's cycle (Art. 9)."""
        case = queries.case_or_404(tx, case_id)
        call.cycle_reader(tx, queries.award_or_404(tx, case["award_id"])["cycle_id"])
        return queries.case_view(tx, case)

    @api("POST", "/v1/cases/<case_id>/investigation", roles=("office",), body=InvestigationSchema(),
         answer=answers.GetCaseAnswer())
    def investigate(self, tx, call, case_id):
        """Record the investigation's findings (Art. 29, 30: 经查证)."""
        return decisions.investigate(tx, case_id, call.principal, call.body)

    @api("POST", "/v1/cases/<case_id>/verification", roles=("office",), body=VerificationSchema(),
         answer=answers.GetCaseAnswer())
    def verify(self, tx, call, case_id):
        """经查证属实, or dismissed with reasons (Art. 29, 30)."""
        return decisions.verify(tx, case_id, call.principal, call.body)

    @api("POST", "/v1/cases/<case_id>/proposal", roles=("leading_group",), body=ProposalSchema(),
         answer=answers.GetCaseAnswer())
    def propose(self, tx, call, case_id):
        """The leading group proposes the revocation to the city government (提请, Art. 7, 29, 30)."""
        return decisions.propose(tx, case_id, call.principal, call.body)

    @api("POST", "/v1/cases/<case_id>/decision", roles=("government",), body=DecisionSchema(),
         answer=answers.GetCaseAnswer())
    def decide(self, tx, call, case_id):
        """The city government revokes the award or not (Art. 29, 30); publishes ``award.revoked``."""
        return decisions.decide(tx, case_id, call.principal, call.body)

    @api("POST", "/v1/cases/<case_id>/recovery", roles=("office",), body=RecoverySchema(),
         answer=answers.GetCaseAnswer())
    def recover(self, tx, call, case_id):
        """Record an item or prize money returned (Art. 29, 30: 收回); publishes
        ``revocation.recovery_completed`` when everything is back."""
        return recoveries.record_return(tx, case_id, call.principal, call.body)

    @api("GET", "/v1/recoveries/overdue", roles=("office",), answer=answers.OverdueRecoveriesAnswer())
    def overdue_recoveries(self, tx, call):
        """Revoked awards not fully recovered ``RECOVERY_DUE_DAYS`` after the decision (Art. 29, 30)."""
        return {"due_days": self.recovery_due_days, "overdue": recoveries.overdue(tx, self.recovery_due_days)}

    # -- a winner's duties after the award (Art. 19-21, 24) ----------------------------------------
    @api("POST", "/v1/awards/<award_id>/payments", roles=("office",), body=PaymentSchema(), status=201,
         answer=answers.RecordPaymentAnswer())
    def record_payment(self, tx, call, award_id):
        """Record one payment of the prize money: date, amount, voucher, the year's budget line
        (Art. 19, 20)."""
        return duties.record_payment(tx, award_id, call.body, call.principal)

    @api("POST", "/v1/awards/<award_id>/fund-use-reports", roles=("applicant", "office"), body=UseReportSchema(),
         status=201, answer=answers.RecordUseReportAnswer())
    def record_use_report(self, tx, call, award_id):
        """The winner reports how its prize money was used, against Art. 21's purposes; the office
        may record a report received on paper on its behalf. Another applicant: 403 (Art. 21)."""
        return duties.record_use_report(tx, award_id, call.body, call.principal)

    @api("POST", "/v1/fund-use-reports/<report_id>/review", roles=("office",), body=UseReviewSchema(),
         answer=answers.ReviewUseReportAnswer())
    def review_use_report(self, tx, call, report_id):
        """The office accepts a use report or queries it (Art. 21: 不得挪作他用)."""
        return duties.review_use_report(tx, report_id, call.body, call.principal)

    @api("POST", "/v1/awards/<award_id>/experience-sharing", roles=("office",), body=SharingSchema(), status=201,
         answer=answers.RecordSharingAnswer())
    def record_sharing(self, tx, call, award_id):
        """Record what the winner shared of its experience, and when (Art. 24)."""
        return duties.record_sharing(tx, award_id, call.body, call.principal)

    @api("GET", "/v1/awards/<award_id>/duties", roles=READERS + ("applicant",), cycle_scoped=True,
         answer=answers.AwardDutiesAnswer())
    def award_duties(self, tx, call, award_id):
        """An award's duty record: payments and their reversals, use reports, experience shared
        (Art. 19-21, 24; the evidence of Art. 29(7), 30(8)); the winner reads its own (Art. 21)."""
        award = queries.award_or_404(tx, award_id)
        return duties.record_for(tx, award, call.cycle_reader(tx, award["cycle_id"]), READERS)

    # -- spot checks (Art. 29(4)) -----------------------------------------------------------------
    @api("POST", "/v1/spot-checks", roles=("regulator", "office"), body=SpotCheckSchema(), status=201,
         answers={200: answers.RecordSpotCheckAnswer(), 201: answers.RecordSpotCheckAnswer()})
    def record_spot_check(self, tx, call):
        """Record a quality spot check (Art. 29(4)); two consecutive failures open a case. A report
        already recorded changes nothing (200)."""
        answer = spot_checks.record(tx, call.principal, call.body)
        return (200 if answer["duplicate"] else 201), answer

    # -- reports from the public, at any time (Art. 22, 24, 28, 29(5)) ------------------------------
    @api("POST", "/public/v1/reports", public=True, body=PublicReportSchema(), status=201,
         answer=answers.FileReportAnswer())
    def file_report(self, tx, call):
        """Anyone reports misuse of the title, a forgery or a winner's misconduct, at any time, and
        gets a tracking number (Art. 22, 28, 29(5))."""
        return reports.file(tx, call.body)

    @api("GET", "/public/v1/reports/<tracking_number>", public=True, answer=answers.FileReportAnswer())
    def report_status(self, tx, call, tracking_number):
        """The status of a report, by its tracking number; nothing else (Art. 22, 28, 29(5))."""
        return reports.status(tx, tracking_number)

    @api("GET", "/v1/reports", roles=("office",), query=ReportListSchema(), answer=answers.ListReportsAnswer())
    def list_reports(self, tx, call):
        """A page of the reports from the public to triage (Art. 22, 28, 29(5)), oldest first, with the reporter (the office alone
        reads it); ``?status=``; ``next``: the ``after`` of the next page, null on the last."""
        query = call.query
        return reports.listing(tx, query["status"], query["after"], query["limit"])

    @api("GET", "/v1/reports/<report_id>", roles=("office",), answer=answers.ListReportsReport())
    def get_report(self, tx, call, report_id):
        """One report from the public (Art. 22, 28, 29(5)), with the reporter, whom the office alone reads."""
        return reports.view(reports.report_or_404(tx, report_id))

    @api("POST", "/v1/reports/<report_id>/triage", roles=("office",), body=ReportTriageSchema(),
         answer=answers.ListReportsReport())
    def triage_report(self, tx, call, report_id):
        """The office opens a revocation case on a report (Art. 29, 30), or closes it with the reason."""
        return reports.triage(tx, report_id, call.body, call.principal)

    # -- announcement (向社会公告) ------------------------------------------------------------------
    @api("GET", "/public/v1/revocations", public=True,
         answer={"application/json": answers.PublicRevocationsAnswer(), "text/html": None})
    def public_revocations(self, tx, call):
        """Revocations announced to the public (Art. 29, 30): JSON, or Chinese HTML on request."""
        return pages.json_or_html(call, announcements.revocations(tx), announcements.render_html)

    def refresh_metrics(self, tx):
        """Cases by state and the oldest outstanding recovery, beside the kit's metrics."""
        gauges.refresh(queries.case_counts(tx), recoveries.oldest_outstanding_days(tx))
