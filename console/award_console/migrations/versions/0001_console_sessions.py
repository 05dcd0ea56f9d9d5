"""the sessions' store, console_sessions (issue 35): before this revision the console made the
table itself at start, so a database that already has it is adopted as it is

Revision ID: 0001
Revises:
Create Date: 2026-12-07
"""
import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    if sa.inspect(op.get_bind()).has_table("console_sessions"):
        return  # made at start by a console of an earlier release: the same table
    op.create_table(
        "console_sessions",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("created", sa.Float, nullable=False),
        sa.Column("seen", sa.Float, nullable=False),
        sa.Column("signed_in", sa.Boolean, nullable=False),
        sa.Column("lease", sa.Float, nullable=True),
        sa.Column("data", sa.Text, nullable=False),
    )
    op.create_index("ix_console_sessions_seen", "console_sessions", ["seen"])


def downgrade():
    op.drop_index("ix_console_sessions_seen", table_name="console_sessions")
    op.drop_table("console_sessions")
