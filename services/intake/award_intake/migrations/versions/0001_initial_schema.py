"""initial schema: intake's cycles, plus the kit's tables

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""
from alembic import op
import sqlalchemy as sa

from award_shared import migrations

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    migrations.kit_v1_upgrade(op)
    op.create_table('cycles',
    sa.Column('cycle_id', sa.String(length=64), nullable=False),
    sa.Column('edition', sa.Integer(), nullable=False),
    sa.Column('ruleset_id', sa.String(length=64), nullable=False),
    sa.Column('ruleset_sha256', sa.String(length=64), nullable=False),
    sa.Column('ruleset', sa.Text(), nullable=False),
    sa.Column('schedule', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('opened_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('opened_by', sa.String(length=200), nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('cycle_id'),
    sa.UniqueConstraint('edition')
    )


def downgrade():
    op.drop_table('cycles')
    migrations.kit_v1_downgrade(op)
