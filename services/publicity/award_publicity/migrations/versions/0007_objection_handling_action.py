"""objections: the handling opinion's action — removal, a move to the nomination award, a corrected
record, or no change — and what it changes (Art. 17; issue 31, item 8). Rows from before carry
none: an upheld one meant removal.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('objections') as batch:
        batch.add_column(sa.Column('proposed_action', sa.String(length=30), nullable=True))
        batch.add_column(sa.Column('action_detail', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('objections') as batch:
        batch.drop_column('action_detail')
        batch.drop_column('proposed_action')
