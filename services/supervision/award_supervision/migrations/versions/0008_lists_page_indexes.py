"""complaints, findings, opinions, reports: the index each list reads a page by, (cycle, time,
id) — findings' and reports' in place of (cycle) alone, a prefix of it

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07
"""
from alembic import op


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_complaints_page', 'complaints', ['cycle_id', 'filed_at', 'complaint_id'])
    op.create_index('ix_findings_page', 'findings', ['cycle_id', 'recorded_at', 'finding_id'])
    op.drop_index('ix_findings_cycle', table_name='findings')
    op.create_index('ix_opinions_page', 'opinions', ['cycle_id', 'recorded_at', 'opinion_id'])
    op.create_index('ix_reports_page', 'reports', ['cycle_id', 'reported_at', 'report_id'])
    op.drop_index('ix_reports_cycle', table_name='reports')


def downgrade():
    op.create_index('ix_reports_cycle', 'reports', ['cycle_id'])
    op.drop_index('ix_reports_page', table_name='reports')
    op.drop_index('ix_opinions_page', table_name='opinions')
    op.create_index('ix_findings_cycle', 'findings', ['cycle_id'])
    op.drop_index('ix_findings_page', table_name='findings')
    op.drop_index('ix_complaints_page', table_name='complaints')
