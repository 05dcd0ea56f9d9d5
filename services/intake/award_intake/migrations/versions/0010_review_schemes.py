"""the review scheme of each edition: proposed by the office, approved by its sha256 or rejected by the
leading group before the application notice (Art. 7 LG(2)) — issue 31

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
    op.create_table('review_schemes',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('cycle_id', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('scheme', sa.Text(), nullable=False),
    sa.Column('scheme_sha256', sa.String(length=64), nullable=False),
    sa.Column('text', sa.Text(), nullable=True),
    sa.Column('proposed_by', sa.String(length=200), nullable=False),
    sa.Column('proposed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_by', sa.String(length=200), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decision', sa.Text(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['cycle_id'], ['cycles.cycle_id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_review_schemes_cycle', 'review_schemes', ['cycle_id', 'id'], unique=False)


def downgrade():
    op.drop_index('ix_review_schemes_cycle', table_name='review_schemes')
    op.drop_table('review_schemes')
