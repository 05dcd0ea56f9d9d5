"""reviews: a panel's paper score sheet transcribed by the agency — by whom and from which
paper (issue 35 item 3, issue 37 item 2)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07
"""
from alembic import op
import sqlalchemy as sa


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('reviews') as batch:
        batch.add_column(sa.Column('transcribed_by', sa.String(length=200), nullable=True))
        batch.add_column(sa.Column('paper_reference', sa.String(length=200), nullable=True))


def downgrade():
    with op.batch_alter_table('reviews') as batch:
        batch.drop_column('paper_reference')
        batch.drop_column('transcribed_by')
