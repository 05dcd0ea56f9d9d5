"""initial schema: hold effects, the kit's tables and the cycle replica

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
    migrations.known_cycles_v1_upgrade(op)
    op.create_table('hold_effects',
    sa.Column('hold_id', sa.String(length=64), nullable=False),
    sa.Column('owner', sa.String(length=40), nullable=False),
    sa.Column('subject', sa.String(length=200), nullable=True),
    sa.Column('subject_step', sa.String(length=40), nullable=True),
    sa.Column('applied_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('hold_id', 'owner')
    )


def downgrade():
    op.drop_table('hold_effects')
    migrations.known_cycles_v1_downgrade(op)
    migrations.kit_v1_downgrade(op)
