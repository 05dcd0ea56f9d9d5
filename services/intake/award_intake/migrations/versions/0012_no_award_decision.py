"""the leading group records its own decision that an edition gives no award (Art. 7 LG(1)), instead
of the office typing it in when it closes the cycle — issue 31

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07
"""
from alembic import op
import sqlalchemy as sa


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('cycles', sa.Column('no_award_decision', sa.Text(), nullable=True))
    op.add_column('cycles', sa.Column('no_award_decided_by', sa.String(length=200), nullable=True))
    op.add_column('cycles', sa.Column('no_award_decided_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('cycles') as batch:
        batch.drop_column('no_award_decided_at')
        batch.drop_column('no_award_decided_by')
        batch.drop_column('no_award_decision')
