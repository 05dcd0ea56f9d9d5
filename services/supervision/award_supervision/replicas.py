"""Where each hold bit: one row per (hold, owner), from ``hold.applied`` (docs/design.md, "Holds")."""
from datetime import datetime

import sqlalchemy as sa

from award_shared.store.driver import insert_if_absent

from .tables import hold_effects


def record_applied(tx, event):
    data = event.data
    insert_if_absent(
        tx.session, hold_effects, hold_id=data["hold_id"], owner=data["owner"], subject=data.get("subject"),
        subject_step=data.get("subject_step"), applied_at=datetime.fromisoformat(data["applied_at"]))


def effects_of(tx, hold_id):
    return effects_of_session(tx.session, hold_id)


def effects_of_session(session, hold_id):
    """Per step owner: the subject's step there and when the hold took effect."""
    rows = session.execute(sa.select(hold_effects).where(hold_effects.c.hold_id == hold_id)
                              .order_by(hold_effects.c.applied_at)).mappings().all()
    return [dict(r) for r in rows]
