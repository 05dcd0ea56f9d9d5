"""The kit's own records as the operations routes (:mod:`award_shared.ops`) read and tend them:
the audit log, the dead letters, the outbox's backlog and the holds. The routes say what they
answer; the statements are here, on the store floor, beside the tables they touch."""
import sqlalchemy as sa

from award_shared.store.db import audit_log, dead_letters, holds, outbox


def ping(session):
    session.execute(sa.text("SELECT 1"))


def audit_list():
    """The audit log, by id, for ``GET /admin/v1/audit`` to read a page at a time
    (award_shared.paging): (the select, its key)."""
    return sa.select(audit_log), audit_log.c.id


def letter_list(status):
    """The dead letters of ``status`` (``all``: every one), by id, for ``GET
    /admin/v1/dead-letters`` to read a page at a time (index ``ix_dead_letters_page``, kit v5):
    (the select, its key)."""
    query = sa.select(dead_letters)
    if status != "all":
        query = query.where(dead_letters.c.status == status)
    return query, dead_letters.c.id


def letter(session, letter_id):
    return session.execute(sa.select(dead_letters).where(dead_letters.c.id == letter_id)).mappings().first()


def mark_letter(session, letter_id, **values):
    """Record what became of a dead letter (``status`` and, for a replay, its count and time)."""
    session.execute(dead_letters.update().where(dead_letters.c.id == letter_id).values(**values))


def pending_letters(session):
    return session.execute(sa.select(sa.func.count()).select_from(dead_letters)
                           .where(dead_letters.c.status == "pending")).scalar_one()


def outbox_backlog(session):
    """(events committed and not yet confirmed, when the oldest of them was committed)."""
    return tuple(session.execute(sa.select(sa.func.count(), sa.func.min(outbox.c.created_at))
                                 .where(outbox.c.sent_at.is_(None))).one())


def outbox_sent(session):
    """(events the broker confirmed and still kept, when the last was confirmed)."""
    return tuple(session.execute(sa.select(sa.func.count(), sa.func.max(outbox.c.sent_at))
                                 .where(outbox.c.sent_at.is_not(None))).one())


def oldest_active_hold(session):
    return session.execute(sa.select(sa.func.min(holds.c.placed_at)).where(holds.c.status == "active")).scalar()


def hold_list(readable):
    """The holds of the cycles ``readable`` (a ``CycleFilter``) lets the caller see, by hold id,
    for ``GET /admin/v1/holds`` to read a page at a time (index ``ix_holds_page``, kit v5):
    (the select, its key, the conditions an ``after`` is looked up under)."""
    where = readable.where(holds.c.cycle_id)
    scope = () if where is None else (where,)
    return sa.select(holds).where(*scope), holds.c.hold_id, scope
