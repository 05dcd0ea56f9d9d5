"""the government's approval of a cycle's list, from award.approved (Art. 18): closing waits for it

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
    op.create_table('approvals',
    sa.Column('cycle_id', sa.String(length=64), nullable=False),
    sa.Column('document_number', sa.String(length=100), nullable=True),
    sa.Column('approved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('awards', sa.Integer(), nullable=False),
    sa.Column('learned_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('cycle_id')
    )


def downgrade():
    op.drop_table('approvals')
