"""What the step owners report back: where each hold bit, one row per (hold, owner), from
``hold.applied`` (docs/design.md, "Holds"); read in queries.py (``effects``)."""
from datetime import datetime

from .tables import hold_effects


def record_applied(tx, applied):
    """``applied``: a consumed ``events.HoldApplied``; a redelivery changes nothing."""
    tx.insert_if_absent(hold_effects, hold_id=applied.hold_id, owner=applied.owner,
                        subject=applied.data.get("subject"), subject_step=applied.subject_step,
                        applied_at=datetime.fromisoformat(applied.applied_at))
