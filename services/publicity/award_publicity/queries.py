"""Publicity's reads: every SELECT of the service, and the get-or-404 helpers."""
import json

import sqlalchemy as sa

from award_rules.frozen import parsed_ruleset
from award_shared import holds
from award_shared.cycles import load_cycle
from award_shared.store import db
from award_shared.store.rows import one_or_404

from .domain import objections as objection_rules
from .tables import (applicants, approvals, awards, calendar_years, candidate_lists, candidates,
                     objections, prize_amounts, public_notices)


def ruleset(session, cycle_id):
    """The cycle's rule set: read-only, parsed once per cycle (award_rules.frozen)."""
    return parsed_ruleset(load_cycle(session, cycle_id)["ruleset"])


def cycle(session, cycle_id):
    return load_cycle(session, cycle_id)


def current_list(session, cycle_id):
    return session.execute(sa.select(candidate_lists).where(
        candidate_lists.c.cycle_id == cycle_id, candidate_lists.c.status != "superseded")
        .order_by(candidate_lists.c.received_at.desc())).mappings().first()


def candidates_of(session, cycle_id, lock=False):
    query = sa.select(candidates).where(candidates.c.cycle_id == cycle_id).order_by(
        candidates.c.category, candidates.c.rank, candidates.c.application_id)
    if lock:
        query = query.with_for_update()
    return session.execute(query).mappings().all()


def candidate(session, cycle_id, application_id):
    return session.execute(sa.select(candidates).where(
        candidates.c.cycle_id == cycle_id, candidates.c.application_id == application_id)).mappings().first()


def candidate_anywhere(session, application_id):
    return session.execute(sa.select(candidates).where(
        candidates.c.application_id == application_id)).mappings().first()


def applicant(session, application_id):
    return session.execute(sa.select(applicants).where(
        applicants.c.application_id == application_id)).mappings().first()


def active_hold_subjects(session, cycle_id, step):
    """Subjects held at ``step`` or an earlier step of the cycle (holds for everyone are the
    guard's to refuse), and the cycle-wide holds."""
    rows = holds.active(session, cycle_id)
    stopped = [r for r in rows if holds.held([r], step, r["subject"])]
    return {r["subject"] for r in stopped if r["subject"]}, [r for r in stopped if not r["subject"]]


def notices_of(session, cycle_id):
    return session.execute(sa.select(public_notices).where(public_notices.c.cycle_id == cycle_id)
                           .order_by(public_notices.c.published_at)).mappings().all()


def notice(session, notice_id):
    return one_or_404(session, sa.select(public_notices).where(public_notices.c.notice_id == notice_id),
                      f"没有编号为 {notice_id} 的公示", f"no public notice {notice_id}")


def open_notices(session, cycle_id=None):
    query = sa.select(public_notices).where(public_notices.c.status == "open")
    if cycle_id:
        query = query.where(public_notices.c.cycle_id == cycle_id)
    return session.execute(query.order_by(public_notices.c.published_at)).mappings().all()


def latest_notices(session):
    """The notices of the latest cycle that had one: what the public page shows."""
    latest = session.execute(sa.select(public_notices.c.cycle_id).order_by(
        public_notices.c.published_at.desc()).limit(1)).scalar()
    return notices_of(session, latest) if latest else []


def due_notices(session, now):
    return session.execute(sa.select(public_notices).where(
        public_notices.c.status == "open", public_notices.c.provisional.is_(False),
        public_notices.c.window_end <= now)).mappings().all()


def provisional_notices(session):
    return session.execute(sa.select(public_notices).where(
        public_notices.c.status == "open", public_notices.c.provisional.is_(True))).mappings().all()


def objection(session, objection_id, lock=False):
    return one_or_404(session, sa.select(objections).where(objections.c.objection_id == objection_id),
                      f"没有编号为 {objection_id} 的异议", f"no objection {objection_id}", lock=lock)


def objection_by_tracking(session, tracking_number):
    return one_or_404(session, sa.select(objections).where(objections.c.tracking_number == tracking_number),
                      "查无此异议受理编号", f"no objection with tracking number {tracking_number}")


def objections_of(session, cycle_id=None):
    query = sa.select(objections).order_by(objections.c.received_at)
    if cycle_id:
        query = query.where(objections.c.cycle_id == cycle_id)
    return session.execute(query).mappings().all()


def same_objection(session, cycle_id, application_id, notice_id, duplicate_key):
    """The first objection on the candidate in this notice with ``duplicate_key``, or None."""
    return session.execute(sa.select(objections).where(
        objections.c.duplicate_key == duplicate_key, objections.c.cycle_id == cycle_id,
        objections.c.application_id == application_id, objections.c.notice_id == notice_id)
        .order_by(objections.c.received_at, objections.c.objection_id).limit(1)).mappings().first()


def objections_hold(session, cycle_id, application_id):
    """The active hold the candidate's unresolved objections are under (the earliest one's), or None."""
    return session.execute(sa.select(objections.c.hold_id).join(db.holds, db.holds.c.hold_id == objections.c.hold_id)
                           .where(objections.c.cycle_id == cycle_id, objections.c.application_id == application_id,
                                  objections.c.status != objection_rules.RESOLVED, db.holds.c.status == "active")
                           .order_by(objections.c.received_at, objections.c.objection_id).limit(1)).scalar()


def unresolved_under_hold(session, hold_id):
    """The objections not yet resolved that share ``hold_id``."""
    return session.execute(sa.select(objections.c.objection_id).where(
        objections.c.hold_id == hold_id, objections.c.status != objection_rules.RESOLVED)
        .order_by(objections.c.received_at)).scalars().all()


def unresolved_objections(session, cycle_id):
    return session.execute(sa.select(objections.c.objection_id).where(
        objections.c.cycle_id == cycle_id, objections.c.status != objection_rules.RESOLVED)
        .order_by(objections.c.received_at)).scalars().all()


def personal_data_due(session, before):
    return session.execute(sa.select(objections.c.objection_id).where(
        objections.c.status == objection_rules.RESOLVED, objections.c.personal_data_erased_at.is_(None),
        objections.c.resolved_at <= before)).scalars().all()


def approval(session, cycle_id):
    return session.execute(sa.select(approvals).where(approvals.c.cycle_id == cycle_id)).mappings().first()


def prizes(session, cycle_id):
    rows = session.execute(sa.select(prize_amounts).where(prize_amounts.c.cycle_id == cycle_id)).mappings().all()
    return {r["category"]: r for r in rows}


def awards_of(session, cycle_id):
    return session.execute(sa.select(awards).where(awards.c.cycle_id == cycle_id).order_by(
        awards.c.category, awards.c.rank, awards.c.award_id)).mappings().all()


def award(session, award_id):
    return one_or_404(session, sa.select(awards).where(awards.c.award_id == award_id),
                      f"没有编号为 {award_id} 的奖项", f"no award {award_id}")


def award_by_certificate(session, number):
    return session.execute(sa.select(awards).where(awards.c.certificate_number == number)).mappings().first()


def certificate_taken(session, number):
    return session.execute(sa.select(awards.c.award_id).where(awards.c.certificate_number == number)).first() is not None


def calendar_documents(session):
    return {r["year"]: json.loads(r["document"]) for r in
            session.execute(sa.select(calendar_years)).mappings().all()}


def count_unresolved_objections(session):
    return session.execute(sa.select(sa.func.count()).select_from(objections).where(
        objections.c.status != objection_rules.RESOLVED)).scalar_one()
