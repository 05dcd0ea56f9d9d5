"""the edition's districts on the notice (Art. 3, 14); the member units of each district review and
the workplace the district confirmed for an individual (Art. 3, 14) — issue 31

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07
"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('notices') as batch:
        batch.add_column(sa.Column('districts', sa.Text(), nullable=True))
    with op.batch_alter_table('district_reviews') as batch:
        batch.add_column(sa.Column('member_units', sa.Text(), nullable=True))
        batch.add_column(sa.Column('workplace_confirmed', sa.Boolean(), nullable=True))


def downgrade():
    with op.batch_alter_table('district_reviews') as batch:
        batch.drop_column('workplace_confirmed')
        batch.drop_column('member_units')
    with op.batch_alter_table('notices') as batch:
        batch.drop_column('districts')
