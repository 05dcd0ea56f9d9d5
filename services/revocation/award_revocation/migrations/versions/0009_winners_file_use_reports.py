"""a winner files the use report of its own prize money (Art. 21): the owner of each application
(from ``application.recommended``) and who filed each use report (issue 31, item 10)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07
"""
import sqlalchemy as sa
from alembic import op

from award_shared import tables

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'application_owners',
        sa.Column('application_id', sa.String(64), primary_key=True),
        sa.Column('cycle_id', sa.String(64), nullable=False),
        sa.Column('applicant_sub', sa.String(200), nullable=False),
        sa.Column('learned_at', tables.Instant(), nullable=False),
    )
    # every report before this one was the office's record of a report it received
    with op.batch_alter_table('fund_use_reports') as batch:
        batch.add_column(sa.Column('filed_by', sa.String(16), nullable=False, server_default='office'))


def downgrade():
    with op.batch_alter_table('fund_use_reports') as batch:
        batch.drop_column('filed_by')
    op.drop_table('application_owners')
