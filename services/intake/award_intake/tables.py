"""Intake's own tables (its database alone; other services learn of them by events)."""
import sqlalchemy as sa

from award_shared.db import KIT

METADATA = sa.MetaData()

cycles = sa.Table(
    "cycles", METADATA,
    sa.Column("cycle_id", sa.String(64), primary_key=True),
    sa.Column("edition", sa.Integer, nullable=False, unique=True),
    sa.Column("ruleset_id", sa.String(64), nullable=False),
    sa.Column("ruleset_sha256", sa.String(64), nullable=False),
    sa.Column("ruleset", sa.Text, nullable=False),
    sa.Column("schedule", sa.Text, nullable=False),
    sa.Column("status", sa.String(20), nullable=False),  # open | closed
    sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("opened_by", sa.String(200), nullable=False),
    sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
)

ALL = [METADATA, KIT]
