"""Holds: a supervisory finding or a public objection halting a step of the cycle.

Each service keeps its own copy, fed by ``hold.placed`` / ``hold.released``, and the owner
of a step decides from that copy alone, inside the transaction of the transition.

Rules (docs/design.md, "Holds"):
- a hold on step S for subject X forbids completing S or any later step for X; a hold
  without a subject does so for every subject of the cycle — except step 14,
  ``revocation``: only a hold placed on ``revocation`` itself covers it, so a hold left on an
  earlier step of a closed cycle never blocks the revocation it may have led to (issue 13);
- a release is final: a late or repeated ``hold.placed`` never revives a released hold;
- a hold takes effect at an owner when the owner commits it; the owner then publishes
  ``hold.applied`` with the subject's step at that moment. A transition committed first
  stands, and the hold stops the subject at its next step.
"""
import sqlalchemy as sa

from award_shared import errors, events
from award_shared.events.schemas import STEP_OWNER, STEPS
from award_shared.store import db, driver, json_rows
from award_shared.store.prepared import Prepared
from award_shared.store.rows import session_of


def step_index(step):
    try:
        return STEPS.index(step)
    except ValueError:
        raise ValueError(f"unknown step {step!r}; steps are {', '.join(STEPS)}") from None


#: Steps that only a hold placed on that very step covers: revocation comes years after its
#: cycle, and a hold left on an earlier step must not shield the award from it.
OWN_HOLDS_ONLY = frozenset({"revocation"})


def step_covers(held_step, step):
    """Pure rule: does a hold on ``held_step`` reach ``step``?"""
    if step in OWN_HOLDS_ONLY:
        return held_step == step
    return step_index(held_step) <= step_index(step)


def covers(hold, step, subject):
    """Pure rule: does an active ``hold`` (a mapping) forbid completing ``step`` for ``subject``?"""
    if hold["status"] != "active":
        return False
    if not step_covers(hold["step"], step):
        return False
    return hold["subject"] is None or hold["subject"] == subject


def owns_from(service, step):
    """Does ``service`` own ``step`` or a later one (and so must enforce a hold on it)?"""
    start = step_index(step)
    return any(STEP_OWNER[s] == service for s in STEPS[start:] if step_covers(step, s))


class HoldActive(errors.Conflict):
    code = "hold_active"


_ACTIVE = Prepared(sa.select(db.holds).where(db.holds.c.cycle_id == sa.bindparam("cycle_id"),
                                             db.holds.c.status == "active"))


def active(session, cycle_id):
    """The active holds of a cycle in this service's copy (read once, then ask :func:`held`)."""
    return _ACTIVE.all(session_of(session), {"cycle_id": cycle_id})


def held(rows, step, subject):
    """Pure rule over rows from :func:`active`: the first hold forbidding ``step`` for ``subject``, or None."""
    return next((h for h in rows if h["step"] in STEPS and covers(h, step, subject)), None)


def guard(session, *, cycle_id, step, subject):
    """Refuse (409, naming the hold and its reason) if an active hold covers this transition.

    Call it inside the transaction that commits the transition (``session``: its ``tx``, or the
    ``tx.session``). A hot path may instead take :func:`transition_locks` with its own in one
    statement, read :func:`active_json` in a statement it runs after them, and ask :func:`refuse`.
    """
    session = session_of(session)
    driver.advisory_locks(session, transition_locks(cycle_id, subject))
    refuse(active(session, cycle_id), step, subject)


def refuse(rows, step, subject):
    """409 naming the hold and its reason if one of the active holds ``rows`` covers ``step`` for
    ``subject`` (the rows read after :func:`transition_locks` were taken)."""
    hold = held(rows, step, subject)
    if hold is not None:
        who = "全体申报对象" if hold["subject"] is None else f"对象 {hold['subject']}"
        article = f"（{hold['article']}）" if hold["article"] else ""
        raise HoldActive(
            f"该环节已被暂停：暂停令 {hold['hold_id']}（{who}，{hold['step']} 环节）{article}，理由：{hold['reason']}",
            f"step halted by hold {hold['hold_id']} on {hold['step']} "
            f"({'everyone' if hold['subject'] is None else hold['subject']}): {hold['reason']}",
            article=hold["article"], fields={"hold_id": hold["hold_id"], "step": hold["step"]})


def active_json(cycle_id):
    """The active holds of ``cycle_id`` (a value or a column of the enclosing statement) as one
    JSON column (:mod:`award_shared.store.json_rows`; :func:`refuse` takes ``json_rows.loads`` of it)."""
    h = db.holds.c
    return json_rows.rows_of(json_rows.JsonObject(h.hold_id, h.step, h.subject, h.status, h.reason, h.article),
                             h.cycle_id == cycle_id, h.status == "active")


def transition_locks(cycle_id, subject):
    """The advisory locks a transition takes before it reads the holds, as ``(name, shared)``
    (:func:`_hold_lock` says why)."""
    return [(f"award-holds|{cycle_id}|{scope}", True) for scope in ("*", subject) if scope is not None]


def _hold_lock(session, cycle_id, subject):
    """Serialise a hold's arrival against the transitions it may stop.

    Under PostgreSQL's READ COMMITTED a transition could read "no hold" while the hold
    commits, and ``hold.applied`` would then report the subject's step wrongly. A hold's
    arrival takes an exclusive advisory lock on what it covers — (cycle, subject), or
    (cycle, everyone) — and a transition takes both of its keys shared
    (:func:`transition_locks`), each until the transaction ends; holds for other subjects do not
    wait for each other. SQLite needs nothing: its one-writer gate serialises every transaction.
    """
    driver.advisory_lock(session, f"award-holds|{cycle_id}|{subject or '*'}")


def record_placed(tx, data, *, subject_step=None):
    """Apply ``hold.placed``. Returns True if the hold is now in force here (it was new).

    ``subject_step`` (callable: tx, cycle_id, subject -> step name or None) tells the
    subject's step at this service, for ``hold.applied``.
    """
    now = tx.now()
    owner = owns_from(tx.service, data["step"])
    if owner:  # only a step owner's transitions can race with it
        _hold_lock(tx.session, data["cycle_id"], data.get("subject"))
    at_step = None
    if owner and subject_step is not None and data.get("subject"):
        at_step = subject_step(tx, data["cycle_id"], data["subject"])
    inserted = driver.insert_if_absent(
        tx.session, db.holds,
        hold_id=data["hold_id"], cycle_id=data["cycle_id"], step=data["step"],
        subject=data.get("subject"), placed_by=data.get("placed_by"),
        placed_by_service=data.get("placed_by_service"), reason=data.get("reason"),
        article=data.get("article"), status="active", placed_at=now,
        applied_at=now if owner else None, applied_step=at_step)
    if not inserted:
        return False  # already in force, or released: a release is final
    if owner:
        tx.publish(events.HoldApplied(
            hold_id=data["hold_id"], cycle_id=data["cycle_id"], owner=tx.service,
            subject=data.get("subject"), subject_step=at_step, applied_at=now.isoformat()))
    return True


def record_released(tx, data):
    """Apply ``hold.released``; final. A release that arrives before its placement is kept,
    so the placement, when it comes, finds the hold released."""
    now = tx.now()
    updated = tx.session.execute(
        db.holds.update().where(db.holds.c.hold_id == data["hold_id"], db.holds.c.status == "active")
        .values(status="released", released_at=now, released_by=data.get("released_by"),
                release_reason=data.get("reason"))).rowcount
    if updated:
        return True
    driver.insert_if_absent(  # a release that overtook its placement is kept, released
        tx.session, db.holds,
        hold_id=data["hold_id"], cycle_id=data.get("cycle_id"), step=data.get("step"),
        subject=data.get("subject"), status="released", released_at=now,
        released_by=data.get("released_by"), release_reason=data.get("reason"))
    return False


def active_counts(session):
    rows = session.execute(
        sa.select(db.holds.c.step, sa.func.count()).where(db.holds.c.status == "active")
        .group_by(db.holds.c.step)).all()
    return dict(rows)


def place(tx, *, hold_id, cycle_id, step, subject, placed_by, reason, article=None):
    """Halt ``step`` for ``subject`` (None: everyone) from this service: the hold is in force in
    this service's own copy in the same transaction that announces ``hold.placed``."""
    data = {"hold_id": hold_id, "cycle_id": cycle_id, "step": step, "subject": subject,
            "placed_by": placed_by, "placed_by_service": tx.service, "reason": reason,
            "article": article, "placed_at": tx.now().isoformat()}
    record_placed(tx, data)
    tx.publish(events.HoldPlaced(**data))
    return data


def release(tx, hold, *, released_by, reason, approved_by=None):
    """Lift a hold this service placed (``hold``: its row); final, and announced."""
    data = {"hold_id": hold["hold_id"], "cycle_id": hold["cycle_id"], "step": hold["step"],
            "subject": hold["subject"], "released_by": released_by, "reason": reason,
            "approved_by": approved_by, "released_at": tx.now().isoformat()}
    record_released(tx, data)
    tx.publish(events.HoldReleased(**data))
    return data


def get(session, hold_id):
    return session_of(session).execute(sa.select(db.holds).where(db.holds.c.hold_id == hold_id)).mappings().first()
