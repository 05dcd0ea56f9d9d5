"""reports from the public after the cycle: misuse of the title, forgery, a winner's misconduct
(issue 31, item 11: Art. 22, 24, 28, 29(5))

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07
"""
import sqlalchemy as sa
from alembic import op

from award_shared import tables

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'public_reports',
        sa.Column('report_id', sa.String(64), primary_key=True),
        sa.Column('tracking_number', sa.String(32), nullable=False, unique=True),
        sa.Column('kind', sa.String(32), nullable=False),
        sa.Column('award_id', sa.String(64), nullable=True),
        sa.Column('certificate_number', sa.String(100), nullable=True),
        sa.Column('about', sa.String(200), nullable=True),
        sa.Column('content', sa.Text(), nullable=False),
        sa.Column('reporter_name', sa.String(100), nullable=True),
        sa.Column('reporter_contact', sa.String(200), nullable=True),
        sa.Column('status', sa.String(16), nullable=False),
        sa.Column('filed_at', tables.Instant(), nullable=False),
        sa.Column('triaged_by', sa.String(100), nullable=True),
        sa.Column('triaged_at', tables.Instant(), nullable=True),
        sa.Column('case_id', sa.String(64), nullable=True),
        sa.Column('close_reason', sa.Text(), nullable=True))


def downgrade():
    op.drop_table('public_reports')
