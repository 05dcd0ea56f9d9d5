"""candidate lists: status, supersedes, stale reason; the government's approval (Art. 18, 27; issue 11)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('candidate_lists') as batch:
        batch.add_column(sa.Column('status', sa.String(length=20), server_default='current', nullable=False))
        batch.add_column(sa.Column('supersedes', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('stale_reason', sa.Text(), nullable=True))
    op.create_table('approvals',
    sa.Column('cycle_id', sa.String(length=64), nullable=False),
    sa.Column('document_number', sa.String(length=100), nullable=True),
    sa.Column('approved_at', sa.String(length=40), nullable=True),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('cycle_id')
    )


def downgrade():
    op.drop_table('approvals')
    with op.batch_alter_table('candidate_lists') as batch:
        for column in ('stale_reason', 'supersedes', 'status'):
            batch.drop_column(column)
