"""applications: the index GET /v1/cycles/{cycle}/applications reads a page by, (cycle, id),
in place of (cycle) alone (a prefix of it)

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07
"""
from alembic import op


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_applications_cycle_page', 'applications', ['cycle_id', 'application_id'])
    op.drop_index('ix_applications_cycle', table_name='applications')


def downgrade():
    op.create_index('ix_applications_cycle', 'applications', ['cycle_id'])
    op.drop_index('ix_applications_cycle_page', table_name='applications')
