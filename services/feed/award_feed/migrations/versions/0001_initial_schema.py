"""initial schema: the kit's tables (v1 to v3) and the feed of public events

Revision ID: 0001
Revises:
Create Date: 2026-12-07
"""
import sqlalchemy as sa
from alembic import op

from award_shared import migrations

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    migrations.kit_v1_upgrade(op)
    migrations.kit_v2_upgrade(op)
    migrations.kit_v3_upgrade(op)
    op.create_table(
        "feed_events",
        sa.Column("position", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True,
                  autoincrement=True),
        sa.Column("event_id", sa.String(36), nullable=False, unique=True),
        sa.Column("type", sa.String(64), nullable=False),
        sa.Column("source", sa.String(100), nullable=False),
        sa.Column("subject", sa.String(200), nullable=False),
        sa.Column("time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("cycle_id", sa.String(64), nullable=True),
        sa.Column("sequence", sa.BigInteger, nullable=False),
        sa.Column("dataschema", sa.String(200), nullable=False),
        sa.Column("data", sa.Text, nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_feed_events_type_position", "feed_events", ["type", "position"])


def downgrade():
    op.drop_index("ix_feed_events_type_position", table_name="feed_events")
    op.drop_table("feed_events")
    migrations.kit_v3_downgrade(op)
    migrations.kit_v2_downgrade(op)
    migrations.kit_v1_downgrade(op)
