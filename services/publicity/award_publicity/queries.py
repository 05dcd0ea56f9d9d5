"""Publicity's reads: every SELECT of the service, and the get-or-404 helpers. Each takes the
unit of work (``tx``) and reads through its helpers (``tx.first``, ``tx.all``, ``tx.scalar``,
``tx.one_or_404``)."""
import json

import sqlalchemy as sa

from award_rules.frozen import parsed_ruleset
from award_shared import cycles, holds, paging
from award_shared import tables as kit

from .domain import approval as approval_rules
from .domain import objections as objection_rules
from .domain import opinions as opinion_rules
from .domain import public_notice as notice_rules
from .tables import (applicants, approvals, awards, calendar_years, candidate_lists, candidates, deliberations,
                     objections, prize_amounts, public_notices, submissions, supervision_opinions)

#: the kit's copy of the holds (fed by hold.placed / hold.released), joined by the objections' hold
_HOLDS = kit.KIT.tables["holds"]


def ruleset(tx, cycle_id):
    """The cycle's rule set: read-only, parsed once per cycle (award_rules.frozen)."""
    return parsed_ruleset(cycle(tx, cycle_id)["ruleset"])


def cycle(tx, cycle_id):
    return cycles.load_cycle(tx.session, cycle_id)


def current_list(tx, cycle_id):
    return tx.first(sa.select(candidate_lists).where(
        candidate_lists.c.cycle_id == cycle_id, candidate_lists.c.status != "superseded")
        .order_by(candidate_lists.c.received_at.desc()))


def candidate_list(tx, list_id, cycle_id):
    return tx.first(sa.select(candidate_lists).where(candidate_lists.c.list_id == list_id,
                                                     candidate_lists.c.cycle_id == cycle_id))


def opinion(tx, opinion_id, lock=False):
    return tx.one_or_404(sa.select(supervision_opinions).where(supervision_opinions.c.opinion_id == opinion_id),
                         f"没有编号为 {opinion_id} 的监督意见", f"no supervision opinion {opinion_id}", lock=lock)


def opinions_page(tx, cycle_id, after, limit):
    """A page of the cycle's supervision opinions, oldest first (received, id), read by the index
    (cycle, received, id) from ``after``: a :class:`award_shared.paging.Page`."""
    opinions = supervision_opinions
    return paging.page(tx, sa.select(opinions).where(opinions.c.cycle_id == cycle_id), opinions.c.opinion_id, after,
                       limit, order=opinions.c.received_at, mark_scope=(opinions.c.cycle_id == cycle_id,),
                       unknown=f"not an opinion on {cycle_id}: {after}")


def unanswered_opinions(tx, cycle_id):
    return [r["opinion_id"] for r in tx.all(
        sa.select(supervision_opinions.c.opinion_id).where(
            supervision_opinions.c.cycle_id == cycle_id, supervision_opinions.c.status == opinion_rules.RECEIVED)
        .order_by(supervision_opinions.c.received_at, supervision_opinions.c.opinion_id))]


def candidates_of(tx, cycle_id, lock=False):
    query = sa.select(candidates).where(candidates.c.cycle_id == cycle_id).order_by(
        candidates.c.category, candidates.c.rank, candidates.c.application_id)
    if lock:
        query = query.with_for_update()
    return tx.all(query)


def candidate(tx, cycle_id, application_id):
    return tx.first(sa.select(candidates).where(
        candidates.c.cycle_id == cycle_id, candidates.c.application_id == application_id))


def candidate_anywhere(tx, application_id):
    return tx.first(sa.select(candidates).where(candidates.c.application_id == application_id))


def applicant(tx, application_id):
    return tx.first(sa.select(applicants).where(applicants.c.application_id == application_id))


def active_hold_subjects(tx, cycle_id, step):
    """Subjects held at ``step`` or an earlier step of the cycle (holds for everyone are the
    guard's to refuse), and the cycle-wide holds."""
    rows = holds.active(tx.session, cycle_id)
    stopped = [r for r in rows if holds.held([r], step, r["subject"])]
    return {r["subject"] for r in stopped if r["subject"]}, [r for r in stopped if not r["subject"]]


def hold(tx, hold_id):
    return holds.get(tx.session, hold_id)


def deliberations_of(tx, cycle_id):
    return tx.all(sa.select(deliberations).where(deliberations.c.cycle_id == cycle_id)
                  .order_by(deliberations.c.decided_at))


def notices_of(tx, cycle_id):
    return tx.all(sa.select(public_notices).where(public_notices.c.cycle_id == cycle_id)
                  .order_by(public_notices.c.published_at))


def notice(tx, notice_id):
    return tx.one_or_404(sa.select(public_notices).where(public_notices.c.notice_id == notice_id),
                         f"没有编号为 {notice_id} 的公示", f"no public notice {notice_id}")


def latest_notices(tx):
    """The notices of the latest cycle that had one: what the public page shows."""
    latest = tx.scalar(sa.select(public_notices.c.cycle_id).order_by(public_notices.c.published_at.desc()).limit(1))
    return notices_of(tx, latest) if latest else []


def due_notices(tx, now):
    """Open notices whose window has ended on the business clock (never a provisional one:
    ``domain.public_notice.is_due``)."""
    return tx.all(sa.select(public_notices).where(
        public_notices.c.status == notice_rules.OPEN, public_notices.c.provisional.is_(False),
        public_notices.c.window_end <= now))


def provisional_notices(tx):
    return tx.all(sa.select(public_notices).where(
        public_notices.c.status == notice_rules.OPEN, public_notices.c.provisional.is_(True)))


def objection(tx, objection_id, lock=False):
    return tx.one_or_404(sa.select(objections).where(objections.c.objection_id == objection_id),
                         f"没有编号为 {objection_id} 的异议", f"no objection {objection_id}", lock=lock)


def objection_by_tracking(tx, tracking_number):
    return tx.one_or_404(sa.select(objections).where(objections.c.tracking_number == tracking_number),
                         "查无此异议受理编号", f"no objection with tracking number {tracking_number}")


def objections_page(tx, cycle_id, readable, after, limit, status=None):
    """A page of objections, oldest first (received, id), of ``cycle_id`` (None: every cycle)
    and only of the cycles ``readable`` (a CycleFilter) allows, read by the index (cycle,
    received, id) from ``after``: a :class:`award_shared.paging.Page`; ``status``: only those in it."""
    query = sa.select(objections)
    if cycle_id:
        query = query.where(objections.c.cycle_id == cycle_id)
    if status:
        query = query.where(objections.c.status == status)
    scope = readable.where(objections.c.cycle_id)
    if scope is not None:
        query = query.where(scope)
    return paging.page(tx, query, objections.c.objection_id, after, limit, order=objections.c.received_at,
                       mark_scope=(objections.c.cycle_id == cycle_id,) if cycle_id else (),
                       unknown=f"not an objection{' of ' + cycle_id if cycle_id else ''}: {after}")


def same_objection(tx, cycle_id, application_id, notice_id, duplicate_key):
    """The first objection on the candidate in this notice with ``duplicate_key``, or None."""
    return tx.first(sa.select(objections).where(
        objections.c.duplicate_key == duplicate_key, objections.c.cycle_id == cycle_id,
        objections.c.application_id == application_id, objections.c.notice_id == notice_id)
        .order_by(objections.c.received_at, objections.c.objection_id).limit(1))


def objections_hold(tx, cycle_id, application_id):
    """The active hold the candidate's unresolved objections are under (the earliest one's), or None."""
    return tx.scalar(sa.select(objections.c.hold_id).join(_HOLDS, _HOLDS.c.hold_id == objections.c.hold_id)
                     .where(objections.c.cycle_id == cycle_id, objections.c.application_id == application_id,
                            objections.c.status != objection_rules.RESOLVED, _HOLDS.c.status == "active")
                     .order_by(objections.c.received_at, objections.c.objection_id).limit(1))


def _ids(tx, query):
    return [row["objection_id"] for row in tx.all(query)]


def unresolved_under_hold(tx, hold_id):
    """The objections not yet resolved that share ``hold_id``."""
    return _ids(tx, sa.select(objections.c.objection_id).where(
        objections.c.hold_id == hold_id, objections.c.status != objection_rules.RESOLVED)
        .order_by(objections.c.received_at))


def unresolved_objections(tx, cycle_id):
    return _ids(tx, sa.select(objections.c.objection_id).where(
        objections.c.cycle_id == cycle_id, objections.c.status != objection_rules.RESOLVED)
        .order_by(objections.c.received_at))


def personal_data_due(tx, before):
    return _ids(tx, sa.select(objections.c.objection_id).where(
        objections.c.status == objection_rules.RESOLVED, objections.c.personal_data_erased_at.is_(None),
        objections.c.resolved_at <= before))


def pending_submission(tx, cycle_id, lock=False):
    """The submission awaiting the government's decision, or None."""
    query = sa.select(submissions).where(submissions.c.cycle_id == cycle_id,
                                         submissions.c.status == approval_rules.SUBMITTED)
    return tx.first(query.with_for_update() if lock else query)


def submission(tx, submission_id):
    return tx.first(sa.select(submissions).where(submissions.c.submission_id == submission_id))


def submissions_of(tx, cycle_id):
    return tx.all(sa.select(submissions).where(submissions.c.cycle_id == cycle_id)
                  .order_by(submissions.c.submitted_at))


def approval(tx, cycle_id):
    return tx.first(sa.select(approvals).where(approvals.c.cycle_id == cycle_id))


def prizes(tx, cycle_id):
    return {r["category"]: r for r in tx.all(sa.select(prize_amounts).where(prize_amounts.c.cycle_id == cycle_id))}


def awards_of(tx, cycle_id):
    return tx.all(sa.select(awards).where(awards.c.cycle_id == cycle_id).order_by(
        awards.c.category, awards.c.rank, awards.c.award_id))


def award(tx, award_id):
    return tx.one_or_404(sa.select(awards).where(awards.c.award_id == award_id),
                         f"没有编号为 {award_id} 的奖项", f"no award {award_id}")


def award_by_certificate(tx, number):
    return tx.first(sa.select(awards).where(awards.c.certificate_number == number))


def awards_of_edition(tx, edition, category):
    """How many awards of ``category`` the edition holds, conferred or imported (Art. 2's quota)."""
    return tx.scalar(sa.select(sa.func.count()).select_from(awards).where(
        awards.c.edition == edition, awards.c.category == category))


def certificate_taken(tx, number):
    return tx.first(sa.select(awards.c.award_id).where(awards.c.certificate_number == number)) is not None


def calendar_documents(tx):
    return {r["year"]: json.loads(r["document"]) for r in tx.all(sa.select(calendar_years))}


def calendar_year_loaded(tx, year):
    return tx.first(sa.select(calendar_years.c.year).where(calendar_years.c.year == year)) is not None


def count_unresolved_objections(tx):
    return tx.scalar(sa.select(sa.func.count()).select_from(objections).where(
        objections.c.status != objection_rules.RESOLVED))
