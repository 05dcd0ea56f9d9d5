"""an edition's awards and the cases listed a page at a time (issue 35): an index by cycle and
award id, and by state, opening and case id, read a page from where the previous one ended,
however many awards and cases there are

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07
"""
from alembic import op


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_awards_cycle_award', 'awards', ['cycle_id', 'award_id'], unique=False)
    op.create_index('ix_cases_state_opened', 'cases', ['state', 'opened_at', 'case_id'], unique=False)
    op.create_index('ix_cases_opened', 'cases', ['opened_at', 'case_id'], unique=False)


def downgrade():
    op.drop_index('ix_cases_opened', table_name='cases')
    op.drop_index('ix_cases_state_opened', table_name='cases')
    op.drop_index('ix_awards_cycle_award', table_name='awards')
