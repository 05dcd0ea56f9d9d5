"""seat_decisions: the leading group decides a tie at the last seat, or refills a seat a strike or
an upheld objection emptied with the next in rank (issue 31, item 6; Art. 7 LG(1), Art. 2, 16)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07
"""
import sqlalchemy as sa
from alembic import op

from award_shared import tables

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'seat_decisions',
        sa.Column('decision_id', sa.String(64), primary_key=True),
        sa.Column('cycle_id', sa.String(64), nullable=False),
        sa.Column('list_id', sa.String(64), nullable=False),
        sa.Column('kind', sa.String(10), nullable=False),
        sa.Column('category', sa.String(40), nullable=False),
        sa.Column('application_ids', sa.Text(), nullable=False),
        sa.Column('from_categories', sa.Text(), nullable=False),
        sa.Column('meeting_date', sa.Date(), nullable=False),
        sa.Column('members_present', sa.Text(), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('decided_by', sa.String(200), nullable=False),
        sa.Column('decided_at', tables.Instant(), nullable=False),
    )
    op.create_index(op.f('ix_seat_decisions_cycle_id'), 'seat_decisions', ['cycle_id'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_seat_decisions_cycle_id'), table_name='seat_decisions')
    op.drop_table('seat_decisions')
