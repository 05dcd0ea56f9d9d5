"""Art. 27's referrals of disqualified staff to their authority or employer, and Art. 9(2)'s
reports of the group on its supervision (issue 31)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07
"""
from alembic import op
import sqlalchemy as sa

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'referrals',
        sa.Column('referral_id', sa.String(64), primary_key=True),
        sa.Column('finding_id', sa.String(64), nullable=False, unique=True),
        sa.Column('cycle_id', sa.String(64), nullable=False),
        sa.Column('staff_subject', sa.String(200), nullable=False),
        sa.Column('staff_role', sa.String(20), nullable=False),
        sa.Column('referred_to', sa.String(200), nullable=False),
        sa.Column('referred_to_kind', sa.String(20), nullable=False),
        sa.Column('document', sa.String(200), nullable=True),
        sa.Column('note', sa.Text(), nullable=True),
        sa.Column('referred_by', sa.String(200), nullable=False),
        sa.Column('referred_at', sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index('ix_referrals_cycle', 'referrals', ['cycle_id'])
    op.create_table(
        'supervision_reports',
        sa.Column('report_id', sa.String(64), primary_key=True),
        sa.Column('cycle_id', sa.String(64), nullable=False),
        sa.Column('title', sa.String(200), nullable=False),
        sa.Column('content', sa.Text(), nullable=False),
        sa.Column('steps', sa.Text(), nullable=False),
        sa.Column('document', sa.String(200), nullable=True),
        sa.Column('reported_by', sa.String(200), nullable=False),
        sa.Column('reported_at', sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index('ix_supervision_reports_cycle', 'supervision_reports', ['cycle_id'])


def downgrade():
    op.drop_index('ix_supervision_reports_cycle', 'supervision_reports')
    op.drop_table('supervision_reports')
    op.drop_index('ix_referrals_cycle', 'referrals')
    op.drop_table('referrals')
