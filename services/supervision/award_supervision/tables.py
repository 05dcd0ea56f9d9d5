"""Supervision's own tables (its database alone)."""
import sqlalchemy as sa

from award_shared.cycles import CYCLES
from award_shared.db import KIT

METADATA = sa.MetaData()

# where and when each hold took effect, as every step owner reports it (hold.applied)
hold_effects = sa.Table(
    "hold_effects", METADATA,
    sa.Column("hold_id", sa.String(64), primary_key=True),
    sa.Column("owner", sa.String(40), primary_key=True),
    sa.Column("subject", sa.String(200), nullable=True),
    sa.Column("subject_step", sa.String(40), nullable=True),
    sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False),
)

ALL = [METADATA, KIT, CYCLES]
