"""Where each hold bit: one row per (hold, owner), from ``hold.applied``."""
from datetime import datetime

import sqlalchemy as sa

from .tables import hold_effects


def record_applied(tx, event):
    data = event.data
    exists = tx.session.execute(sa.select(hold_effects.c.hold_id).where(
        hold_effects.c.hold_id == data["hold_id"], hold_effects.c.owner == data["owner"])).scalar()
    if exists:
        return
    tx.session.execute(hold_effects.insert().values(
        hold_id=data["hold_id"], owner=data["owner"], subject=data.get("subject"),
        subject_step=data.get("subject_step"), applied_at=datetime.fromisoformat(data["applied_at"])))


def effects_of(tx, hold_id):
    rows = tx.session.execute(sa.select(hold_effects).where(hold_effects.c.hold_id == hold_id)
                              .order_by(hold_effects.c.applied_at)).mappings().all()
    return [dict(r) for r in rows]
