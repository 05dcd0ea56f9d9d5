"""a winner's duties after the award: prize money paid (Art. 19, 20), its use reported (Art. 21),
experience shared (Art. 24); an amount recovered names the payment it reverses (issue 31, items 10, 12)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07
"""
import sqlalchemy as sa
from alembic import op

from award_shared import tables

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'prize_payments',
        sa.Column('payment_id', sa.String(64), primary_key=True),
        sa.Column('award_id', sa.String(64), nullable=False),
        sa.Column('paid_on', sa.Date(), nullable=False),
        sa.Column('amount_fen', sa.BigInteger(), nullable=False),
        sa.Column('reference', sa.String(100), nullable=False),
        sa.Column('budget_year', sa.Integer(), nullable=False),
        sa.Column('budget_line', sa.String(200), nullable=False),
        sa.Column('recorded_by', sa.String(100), nullable=False),
        sa.Column('recorded_at', tables.Instant(), nullable=False),
    )
    op.create_index(op.f('ix_prize_payments_award_id'), 'prize_payments', ['award_id'], unique=False)
    op.create_table(
        'fund_use_reports',
        sa.Column('report_id', sa.String(64), primary_key=True),
        sa.Column('award_id', sa.String(64), nullable=False),
        sa.Column('reported_on', sa.Date(), nullable=False),
        sa.Column('period', sa.String(100), nullable=True),
        sa.Column('uses', sa.Text(), nullable=False),
        sa.Column('status', sa.String(16), nullable=False),
        sa.Column('review_note', sa.Text(), nullable=True),
        sa.Column('reviewed_by', sa.String(100), nullable=True),
        sa.Column('reviewed_at', tables.Instant(), nullable=True),
        sa.Column('recorded_by', sa.String(100), nullable=False),
        sa.Column('recorded_at', tables.Instant(), nullable=False),
    )
    op.create_index(op.f('ix_fund_use_reports_award_id'), 'fund_use_reports', ['award_id'], unique=False)
    op.create_table(
        'experience_shares',
        sa.Column('share_id', sa.String(64), primary_key=True),
        sa.Column('award_id', sa.String(64), nullable=False),
        sa.Column('shared_on', sa.Date(), nullable=False),
        sa.Column('form', sa.String(32), nullable=False),
        sa.Column('what', sa.Text(), nullable=False),
        sa.Column('audience', sa.String(200), nullable=True),
        sa.Column('recorded_by', sa.String(100), nullable=False),
        sa.Column('recorded_at', tables.Instant(), nullable=False),
    )
    op.create_index(op.f('ix_experience_shares_award_id'), 'experience_shares', ['award_id'], unique=False)
    with op.batch_alter_table('returns') as batch:
        batch.add_column(sa.Column('payment_id', sa.String(64), nullable=True))


def downgrade():
    with op.batch_alter_table('returns') as batch:
        batch.drop_column('payment_id')
    for table in ('experience_shares', 'fund_use_reports', 'prize_payments'):
        op.drop_index(op.f(f'ix_{table}_award_id'), table_name=table)
        op.drop_table(table)
