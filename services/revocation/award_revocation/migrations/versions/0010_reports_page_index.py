"""the office lists the reports from the public a page at a time, oldest first: an index by filing
time and id reads a page from where the previous one ended, however many reports there are — issue 37

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07
"""
from alembic import op


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_public_reports_filed', 'public_reports', ['filed_at', 'report_id'], unique=False)


def downgrade():
    op.drop_index('ix_public_reports_filed', table_name='public_reports')
