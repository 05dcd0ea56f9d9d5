"""the one-application-per-applicant check reads an index by cycle and applicant, not every submitted application of the cycle

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30
"""
from alembic import op


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.drop_index('ix_applications_credit_code')
        batch_op.drop_index('ix_applications_person_key')
        batch_op.create_index('ix_applications_cycle_credit_code', ['cycle_id', 'credit_code'], unique=False)
        batch_op.create_index('ix_applications_cycle_person_key', ['cycle_id', 'person_key'], unique=False)


def downgrade():
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.drop_index('ix_applications_cycle_person_key')
        batch_op.drop_index('ix_applications_cycle_credit_code')
        batch_op.create_index('ix_applications_person_key', ['person_key'], unique=False)
        batch_op.create_index('ix_applications_credit_code', ['credit_code'], unique=False)
