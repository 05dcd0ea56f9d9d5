"""the third party is proposed by the office and entrusted by the leading group (Art. 7 LG(3); issue 11)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('agencies') as batch:
        batch.add_column(sa.Column('status', sa.String(length=20), server_default='appointed', nullable=False))
        batch.add_column(sa.Column('approved_by', sa.String(length=200), nullable=True))
        batch.add_column(sa.Column('approved_at', sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column('decision', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('agencies') as batch:
        for column in ('decision', 'approved_at', 'approved_by', 'status'):
            batch.drop_column(column)
