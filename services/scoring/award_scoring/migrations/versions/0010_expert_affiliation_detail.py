"""experts: the affiliation in words, for Art. 8(2)'s open list (等有关方面人员; issue 31)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07
"""
from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('experts') as batch:
        batch.add_column(sa.Column('affiliation_detail', sa.String(length=200), nullable=True))


def downgrade():
    with op.batch_alter_table('experts') as batch:
        batch.drop_column('affiliation_detail')
