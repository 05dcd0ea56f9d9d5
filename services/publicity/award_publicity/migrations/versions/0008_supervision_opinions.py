"""supervision_opinions: the supervision group's opinions (opinion.recorded) and the office's answer
to each — accepted with the change, or not with the reason — before deliberation (Art. 16; issue 31,
item 7)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07
"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('supervision_opinions',
    sa.Column('opinion_id', sa.String(length=64), nullable=False),
    sa.Column('cycle_id', sa.String(length=64), nullable=False),
    sa.Column('application_id', sa.String(length=200), nullable=False),
    sa.Column('opinion', sa.Text(), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('change', sa.Text(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('list_id', sa.String(length=64), nullable=True),
    sa.Column('answered_by', sa.String(length=200), nullable=True),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('opinion_id')
    )
    op.create_index(op.f('ix_supervision_opinions_cycle_id'), 'supervision_opinions', ['cycle_id'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_supervision_opinions_cycle_id'), table_name='supervision_opinions')
    op.drop_table('supervision_opinions')
