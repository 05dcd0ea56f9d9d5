"""cases, grounds, evidence, returns, spot checks and the awards it may revoke (issue 13)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30
"""
import sqlalchemy as sa
from alembic import op

from award_shared import tables

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'awards',
        sa.Column('award_id', sa.String(64), primary_key=True),
        sa.Column('cycle_id', sa.String(64), nullable=False),
        sa.Column('application_id', sa.String(64), nullable=False),
        sa.Column('certificate_number', sa.String(64), nullable=False),
        sa.Column('recipient_name', sa.String(200), nullable=False),
        sa.Column('credit_code', sa.String(18), nullable=True),
        sa.Column('person_key', sa.String(64), nullable=True),
        sa.Column('category', sa.String(32), nullable=False),
        sa.Column('kind', sa.String(16), nullable=False),
        sa.Column('items', sa.Text(), nullable=False),
        sa.Column('prize_fen', sa.BigInteger(), nullable=False),
        sa.Column('granted_on', sa.Date(), nullable=False),
        sa.Column('imported', sa.Boolean(), nullable=False),
        sa.Column('status', sa.String(16), nullable=False),
        sa.Column('learned_at', tables.Instant(), nullable=False))
    op.create_index('ix_awards_credit_code', 'awards', ['credit_code'])
    op.create_table(
        'cases',
        sa.Column('case_id', sa.String(64), primary_key=True),
        sa.Column('award_id', sa.String(64), nullable=False),
        sa.Column('open_award_id', sa.String(64), nullable=True, unique=True),
        sa.Column('state', sa.String(20), nullable=False),
        sa.Column('opened_by', sa.String(100), nullable=False),
        sa.Column('opened_at', tables.Instant(), nullable=False),
        sa.Column('findings', sa.Text(), nullable=True),
        sa.Column('reasons', sa.Text(), nullable=True),
        sa.Column('decision_number', sa.String(100), nullable=True),
        sa.Column('decision_date', sa.Date(), nullable=True),
        sa.Column('updated_at', tables.Instant(), nullable=False),
        sa.Column('closed_at', tables.Instant(), nullable=True))
    op.create_index('ix_cases_award_id', 'cases', ['award_id'])
    op.create_table(
        'case_grounds',
        sa.Column('id', sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column('case_id', sa.String(64), nullable=False),
        sa.Column('item', sa.String(16), nullable=False),
        sa.Column('fact', sa.Text(), nullable=False),
        sa.Column('fact_date', sa.Date(), nullable=False),
        sa.Column('added_at', tables.Instant(), nullable=False),
        sa.Column('added_by', sa.String(100), nullable=False))
    op.create_index('ix_case_grounds_case_id', 'case_grounds', ['case_id'])
    op.create_table(
        'evidence',
        sa.Column('evidence_id', sa.String(64), primary_key=True),
        sa.Column('case_id', sa.String(64), nullable=False),
        sa.Column('filename', sa.String(200), nullable=True),
        sa.Column('media_type', sa.String(200), nullable=True),
        sa.Column('size', sa.Integer(), nullable=True),
        sa.Column('sha256', sa.String(64), nullable=True),
        sa.Column('report_number', sa.String(100), nullable=True),
        sa.Column('added_at', tables.Instant(), nullable=False),
        sa.Column('added_by', sa.String(100), nullable=False))
    op.create_index('ix_evidence_case_id', 'evidence', ['case_id'])
    op.create_table(
        'returns',
        sa.Column('id', sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column('case_id', sa.String(64), nullable=False),
        sa.Column('item', sa.String(16), nullable=True),
        sa.Column('amount_fen', sa.BigInteger(), nullable=True),
        sa.Column('returned_on', sa.Date(), nullable=False),
        sa.Column('receipt_number', sa.String(100), nullable=False),
        sa.Column('received_by', sa.String(100), nullable=False),
        sa.Column('recorded_at', tables.Instant(), nullable=False))
    op.create_index('ix_returns_case_id', 'returns', ['case_id'])
    op.create_table(
        'spot_checks',
        sa.Column('report_number', sa.String(100), primary_key=True),
        sa.Column('credit_code', sa.String(18), nullable=False),
        sa.Column('product', sa.String(200), nullable=False),
        sa.Column('checked_on', sa.Date(), nullable=False),
        sa.Column('level', sa.String(16), nullable=False),
        sa.Column('result', sa.String(8), nullable=False),
        sa.Column('recorded_at', tables.Instant(), nullable=False),
        sa.Column('recorded_by', sa.String(100), nullable=False))
    op.create_index('ix_spot_checks_credit_code', 'spot_checks', ['credit_code'])
    op.create_table(
        'spot_check_triggers',
        sa.Column('award_id', sa.String(64), primary_key=True),
        sa.Column('second_report', sa.String(100), primary_key=True),
        sa.Column('first_report', sa.String(100), nullable=False),
        sa.Column('case_id', sa.String(64), nullable=True),
        sa.Column('at', tables.Instant(), nullable=False))


def downgrade():
    for table in ('spot_check_triggers', 'spot_checks', 'returns', 'evidence', 'case_grounds', 'cases', 'awards'):
        op.drop_table(table)
