"""the cycle's Art. 11 tilt from notice.published; the district's tilt confirmations (issue 11)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('cycle_tilts',
    sa.Column('cycle_id', sa.String(length=64), nullable=False),
    sa.Column('tilt', sa.Text(), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('cycle_id')
    )
    with op.batch_alter_table('applications') as batch:
        batch.add_column(sa.Column('tilt_district_confirmed', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('applications') as batch:
        batch.drop_column('tilt_district_confirmed')
    op.drop_table('cycle_tilts')
