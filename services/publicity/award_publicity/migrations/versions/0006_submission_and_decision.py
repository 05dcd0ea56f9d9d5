"""submissions: the leading group's 提报 of the list that passed the notice to the city government
(Art. 7 LG(5)) and the government's own decision on it, 审定 (Art. 18): approve, approve less named
candidates (approvals.excluded, with reasons), or return to the leading group (issue 31, item 9)

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
    op.create_table('submissions',
    sa.Column('submission_id', sa.String(length=64), nullable=False),
    sa.Column('cycle_id', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('submitted_on', sa.Date(), nullable=False),
    sa.Column('document_number', sa.String(length=100), nullable=True),
    sa.Column('candidate_list', sa.Text(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('submitted_by', sa.String(length=200), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_by', sa.String(length=200), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decision_reason', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('submission_id')
    )
    op.create_index(op.f('ix_submissions_cycle_id'), 'submissions', ['cycle_id'], unique=False)
    with op.batch_alter_table('approvals') as batch:
        batch.add_column(sa.Column('submission_id', sa.String(length=64), nullable=True))
        batch.add_column(sa.Column('excluded', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('approvals') as batch:
        batch.drop_column('excluded')
        batch.drop_column('submission_id')
    op.drop_index(op.f('ix_submissions_cycle_id'), table_name='submissions')
    op.drop_table('submissions')
