"""the agency's report of the review results to the office (Art. 8(3); issue 31)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07
"""
from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('result_reports',
    sa.Column('report_id', sa.String(length=36), nullable=False),
    sa.Column('cycle_id', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('document_reference', sa.String(length=200), nullable=True),
    sa.Column('snapshot', sa.Text(), nullable=False),
    sa.Column('supersedes', sa.String(length=36), nullable=True),
    sa.Column('agency_name', sa.String(length=200), nullable=False),
    sa.Column('reported_by', sa.String(length=200), nullable=False),
    sa.Column('reported_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('report_id'),
    sa.UniqueConstraint('cycle_id', 'version', name='uq_result_reports_cycle_version')
    )


def downgrade():
    op.drop_table('result_reports')
