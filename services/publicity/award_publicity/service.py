"""The publicity service (steps 9-13: Art. 7, 16-21, 28): a table of entrypoints.

The rules live in ``domain/``; each use case in its workflow module (candidate_lists,
deliberation, public_notice, objections, approval, conferral, verification, calendar);
reads in ``queries``; what other services said in ``replicas``; HTML in ``pages``.
"""
from award_shared import CycleReplica, KitService, api, consume, events, every
from award_shared import pages as kit_pages

from . import (answers, approval, calendar, candidate_lists, conferral, deliberation, gauges, objections, opinions, pages,
               public_notice, queries, records, replicas, seats, verification)
from .schemas import (ApprovalSchema, OpinionAnswerSchema, SubmissionSchema, CalendarYearSchema, ConferralSchema, DeliberationSchema, ImportSchema,
                      CycleOpinionListSchema, InvestigationSchema, ObjectionListSchema, ObjectionSchema, PrizeSchema,
                      PublicNoticeSchema, ResolutionSchema, SeatDecisionSchema)

STAFF = ("office", "leading_group", "government", "supervisor", "operator")
OBJECTION_READERS = ("office", "leading_group", "supervisor")


class PublicityService(CycleReplica, KitService):
    name = "publicity"

    def subject_step(self, tx, cycle_id, subject):
        return replicas.step_of(tx, cycle_id, subject)

    def refresh_metrics(self, tx):
        gauges.refresh(tx)

    # -- what arrives from the other services ----------------------------------------------
    @consume(events.ApplicationSubmitted, sources=("intake",))
    def on_application_submitted(self, tx, submitted):
        """Who applied (name, credit code or person_key): the recipient of an award (Art. 19)."""
        replicas.record_submitted(tx, submitted)

    @consume(events.CandidatesProposed, sources=("scoring",))
    def on_candidates_proposed(self, tx, proposed):
        """The office's candidate list (Art. 16); a later one supersedes and returns to deliberation."""
        candidate_lists.record_proposed(tx, proposed)

    @consume(events.OpinionRecorded, sources=("supervision",))
    def on_opinion_recorded(self, tx, recorded):
        """The supervision group's opinion, for the office to answer before deliberation (Art. 16)."""
        opinions.record(tx, recorded)

    @consume(events.AwardRevoked, sources=("revocation",))
    def on_award_revoked(self, tx, revoked):
        """A revoked award stops verifying as genuine at once (Art. 28-30)."""
        replicas.record_revoked(tx, revoked)

    # -- step 9: deliberation (Art. 7 LG(5), 16) -------------------------------------------
    @api("GET", "/v1/cycles/<cycle_id>/candidates", roles=STAFF, cycle_scoped=True,
         answer=answers.GetCandidatesAnswer())
    def get_candidates(self, tx, call, cycle_id):
        """The candidate list and where each candidate stands in steps 9-13 (supervisors: of the
        cycle whose sitting group they are on, Art. 9)."""
        call.cycle_reader(tx, cycle_id)
        return candidate_lists.view(tx, cycle_id)

    @api("POST", "/v1/cycles/<cycle_id>/deliberation", roles=("leading_group",), body=DeliberationSchema(),
         status=201, answer=answers.DeliberateAnswer())
    def deliberate(self, tx, call, cycle_id):
        """The leading group adopts or strikes each candidate, or returns the list (Art. 7 LG(5), 16)."""
        return deliberation.deliberate(tx, cycle_id, call.body, call.principal)

    @api("POST", "/v1/cycles/<cycle_id>/seats", roles=("leading_group",), body=SeatDecisionSchema(), status=201,
         answer=answers.DecideSeatsAnswer())
    def decide_seats(self, tx, call, cycle_id):
        """The leading group decides a tie at the last seat, or gives a seat a strike or an upheld
        objection emptied to the next in rank (Art. 7 LG(1), Art. 2, 16); the candidate is noticed
        (Art. 17) before the list is submitted."""
        return seats.decide(tx, cycle_id, call.body, call.principal)

    @api("GET", "/v1/cycles/<cycle_id>/seats", roles=STAFF, cycle_scoped=True,
         answer=answers.GetSeatDecisionsAnswer())
    def get_seat_decisions(self, tx, call, cycle_id):
        """The leading group's decisions on seats: who, by whom, why (Art. 7 LG(1), 16)."""
        call.cycle_reader(tx, cycle_id)
        return seats.listing(tx, cycle_id)

    @api("GET", "/v1/cycles/<cycle_id>/opinions", roles=STAFF, cycle_scoped=True, query=CycleOpinionListSchema(),
         answer=answers.GetOpinionsAnswer())
    def get_opinions(self, tx, call, cycle_id):
        """A page of the supervision group's opinions on the cycle, oldest first, and the office's
        answer to each (Art. 16; supervisors: of their own cycle, Art. 9); ``next``: the ``after``
        of the next page, null on the last."""
        call.cycle_reader(tx, cycle_id)
        return opinions.of_cycle(tx, cycle_id, call.query["after"], call.query["limit"])

    @api("GET", "/v1/cycles/<cycle_id>/opinions/summary", roles=STAFF, cycle_scoped=True,
         answer=answers.OpinionSummaryAnswer())
    def opinion_summary(self, tx, call, cycle_id):
        """How many of the supervision group's opinions on the cycle stand in each status, and how
        many wait for the office's answer (Art. 16; supervisors: of their own cycle, Art. 9)."""
        call.cycle_reader(tx, cycle_id)
        return opinions.summary(tx, cycle_id)

    @api("GET", "/v1/opinions/<opinion_id>", roles=STAFF, cycle_scoped=True, answer=answers.AnswerOpinionAnswer())
    def get_opinion(self, tx, call, opinion_id):
        """One supervision opinion, with its text and the office's answer if given (Art. 16):
        what the office answers (supervisors: of their own cycle, Art. 9)."""
        row = queries.opinion(tx, opinion_id)
        call.cycle_reader(tx, row["cycle_id"])
        return opinions.view(row)

    @api("POST", "/v1/opinions/<opinion_id>/answer", roles=("office",), body=OpinionAnswerSchema(),
         answer=answers.AnswerOpinionAnswer())
    def answer_opinion(self, tx, call, opinion_id):
        """The office answers a supervision opinion (Art. 16): ``accepted`` with the ``change`` it made
        (``list_id``: the list carrying it), or not, with the ``reason``. Answered once; the leading
        group deliberates only when every opinion of the cycle is answered."""
        return opinions.answer(tx, opinion_id, call.body, call.principal)

    @api("GET", "/v1/cycles/<cycle_id>/deliberations", roles=STAFF, cycle_scoped=True,
         answer=answers.DeliberationsAnswer())
    def get_deliberations(self, tx, call, cycle_id):
        """The leading group's meetings on the list (Art. 16; supervisors: of their own cycle, Art. 9)."""
        call.cycle_reader(tx, cycle_id)
        return {"deliberations": deliberation.list_deliberations(tx, cycle_id)}

    # -- step 10: the public notice (Art. 17) ----------------------------------------------
    @api("POST", "/v1/cycles/<cycle_id>/public-notice", roles=("office",), body=PublicNoticeSchema(), status=201,
         answer=answers.PublishNoticeAnswer())
    def publish_notice(self, tx, call, cycle_id):
        """The office publishes the adopted list through the media; 5 working days, computed (Art. 17)."""
        return public_notice.publish(tx, cycle_id, call.body, call.principal)

    @api("GET", "/public/v1/notices/current", public=True,
         answer={"application/json": answers.CurrentNoticeAnswer(), "text/html": None})
    def current_notice(self, tx, call):
        """The public notice, in Chinese HTML or JSON: the list by category, the window, how to object (Art. 17)."""
        return kit_pages.json_or_html(call, public_notice.current(tx), pages.notice_page)

    @every("NOTICE_TIMER_SECONDS", default=60)
    def close_due_notices(self, tx):
        """The business clock passed a window's end: the notice closes by itself (Art. 17)."""
        public_notice.close_due(tx)
        objections.erase_personal_data(tx, float(tx.config.get("OBJECTOR_DATA_RETENTION_DAYS", 180)))

    @api("GET", "/admin/v1/calendar", roles=("operator", "office"), answer=answers.CalendarAnswer())
    def get_calendar(self, tx, call):
        """The official working-day calendars known: seeded, or loaded by an operator (Art. 17)."""
        return calendar.years_view(tx)

    @api("PUT", "/admin/v1/calendar/<int:year>", roles=("operator",), body=CalendarYearSchema(),
         answer=answers.LoadCalendarAnswer())
    def load_calendar(self, tx, call, year):
        """An operator loads a year's official calendar (State Council notice) for the notice's working days (Art. 17); provisional windows are recomputed."""
        return calendar.load_year(tx, year, call.body, call.principal, call.body.get("reason"))

    # -- step 11: objections (Art. 17) -----------------------------------------------------
    @api("POST", "/public/v1/objections", public=True, body=ObjectionSchema(), status=201,
         answers={200: answers.RaiseObjectionAnswer(), 201: answers.RaiseObjectionAnswer()})
    def raise_objection(self, tx, call):
        """Anyone objects to a candidate during the notice; answers a tracking number (Art. 17). The same
        objection again from the same signed objector (name and contact) answers 200 with the first one's."""
        return objections.raise_objection(tx, call.body, tx.config.get("SUPERVISION_PUBLIC_URL", ""))

    @api("GET", "/public/v1/objections/<tracking_number>", public=True, answer=answers.ObjectionStatusAnswer())
    def objection_status(self, tx, call, tracking_number):
        """An objection's status, by its tracking number; nothing else (Art. 17)."""
        return objections.public_status(tx, tracking_number)

    @api("GET", "/v1/objections", roles=OBJECTION_READERS, cycle_scoped=True, query=ObjectionListSchema(),
         answer=answers.ListObjectionsAnswer())
    def list_objections(self, tx, call):
        """A page of objections, oldest first; the objector's identity only to the office and the
        cycle's supervisors (Art. 17); ``next``: the ``after`` of the next page, null on the last."""
        return objections.list_objections(tx, call)

    @api("GET", "/v1/cycles/<cycle_id>/objections/summary", roles=OBJECTION_READERS, cycle_scoped=True,
         answer=answers.ObjectionSummaryAnswer())
    def objection_summary(self, tx, call, cycle_id):
        """How many of the cycle's objections stand in each status, and how many are not resolved
        (Art. 17): the list's readers (a supervisor: of its sitting group's cycle)."""
        return objections.summary(tx, cycle_id, call)

    @api("GET", "/v1/objections/<objection_id>", roles=OBJECTION_READERS, cycle_scoped=True,
         answer=answers.ListObjectionsObjection())
    def get_objection(self, tx, call, objection_id):
        """One objection; a look at the objector's identity is audited (Art. 17)."""
        return objections.read(tx, objection_id, call)

    @api("POST", "/v1/objections/<objection_id>/investigation", roles=("office",), body=InvestigationSchema(),
         answer=answers.ListObjectionsObjection())
    def investigate_objection(self, tx, call, objection_id):
        """The office records its investigation: who, what was checked, the conclusion (Art. 17)."""
        return objections.investigate(tx, objection_id, call.body, call.principal)

    @api("POST", "/v1/objections/<objection_id>/resolution", roles=("office", "leading_group"),
         body=ResolutionSchema(), answer=answers.ListObjectionsObjection())
    def resolve_objection(self, tx, call, objection_id):
        """The office proposes the handling opinion; the leading group approves it or sends it back (Art. 17)."""
        return objections.resolution(tx, objection_id, call.body, call.principal)

    # -- step 12: submission, approval and publication (Art. 7 LG(5), 18) --------------------
    @api("POST", "/v1/cycles/<cycle_id>/submission", roles=("leading_group",), body=SubmissionSchema(), status=201,
         answer=answers.SubmitListAnswer())
    def submit_list(self, tx, call, cycle_id):
        """The leading group submits the list that passed the notice to the city government (提报,
        Art. 7 LG(5)): refused while a notice is open, an objection unresolved, a candidate waiting or
        held, or an earlier submission undecided. The government decides only on a submitted list."""
        return approval.submit(tx, cycle_id, call.body, call.principal)

    @api("GET", "/v1/cycles/<cycle_id>/submissions", roles=STAFF, cycle_scoped=True,
         answer=answers.GetSubmissionsAnswer())
    def get_submissions(self, tx, call, cycle_id):
        """The leading group's submissions and the government's decision on each, with the names an
        approval left out and why (Art. 18; supervisors: of their own cycle, Art. 9)."""
        call.cycle_reader(tx, cycle_id)
        return approval.submissions_of(tx, cycle_id)

    @api("POST", "/v1/cycles/<cycle_id>/approval", roles=("government",), body=ApprovalSchema(), status=201,
         answer=answers.SubmitListAnswer())
    def approve(self, tx, call, cycle_id):
        """The city government's 审定 of the submitted list (Art. 18), its own decision: ``approve`` it
        (document number and date; ``excluded``: candidates it does not approve, each with its reason)
        → ``award.approved``, or ``return`` it to the leading group with the reason. Refused (409
        ``not_submitted``) while the leading group has not submitted the list."""
        return approval.decide(tx, cycle_id, call.body, call.principal)

    @api("GET", "/public/v1/cycles/<cycle_id>/awards", public=True,
         answer={"application/json": answers.PublishedAwardsAnswer(), "text/html": None})
    def published_awards(self, tx, call, cycle_id):
        """The published list of awards, in Chinese HTML or JSON (Art. 18)."""
        return kit_pages.json_or_html(call, approval.published(tx, cycle_id), pages.awards_page)

    # -- step 13: conferral (Art. 19-21) ---------------------------------------------------
    @api("PUT", "/v1/cycles/<cycle_id>/prize-amounts", roles=("office",), body=PrizeSchema(),
         answer=answers.SetPrizeAmountsAnswer())
    def set_prize_amounts(self, tx, call, cycle_id):
        """The office sets the prize money per category under city policy (Art. 19)."""
        return conferral.set_prizes(tx, cycle_id, call.body, call.principal)

    @api("POST", "/v1/cycles/<cycle_id>/conferral", roles=("office",), body=ConferralSchema(), status=201,
         answer=answers.ConferAnswer())
    def confer(self, tx, call, cycle_id):
        """The office confers the approved awards: items, certificate numbers, prize money (Art. 19)."""
        return conferral.confer(tx, cycle_id, call.body, call.principal)

    @api("POST", "/v1/awards/import", roles=("office",), body=ImportSchema(), status=201,
         answer=answers.ImportAwardsAnswer())
    def import_awards(self, tx, call):
        """The office imports awards given before the suite (Art. 6, 28)."""
        return conferral.import_awards(tx, call.body, call.principal)

    @api("GET", "/v1/cycles/<cycle_id>/awards/export.<fmt>", roles=("office", "government", "leading_group"),
         answer={"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": None, "text/csv": None})
    def export_awards(self, tx, call, cycle_id, fmt):
        """The final list as the office keeps it: CSV or XLSX (Art. 18, 19)."""
        return records.final_list(tx, cycle_id, fmt)

    @api("GET", "/v1/awards/<award_id>/certificate.pdf", roles=("office", "government"), answer="application/pdf")
    def certificate(self, tx, call, award_id):
        """The award's certificate, a PDF in Chinese with a QR code to verification (Art. 19, 28)."""
        return records.certificate(tx, award_id, tx.config)

    # -- verification (Art. 28) ------------------------------------------------------------
    @api("GET", "/public/v1/certificates/<number>", public=True, transaction=False,
         answer={"application/json": answers.VerifyCertificateAnswer(), "text/html": None})
    def verify_certificate(self, call, number):
        """Is this certificate genuine and in force, revoked, or not issued? (Art. 28) A number
        whose check character is wrong is answered without a transaction (a public route)."""
        return kit_pages.json_or_html(call, verification.answer(self.uow, number), pages.verification_page)
