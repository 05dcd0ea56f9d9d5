"""the agency's work plan and the office's guidance (Art. 8(1), 15; issue 31)

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
    op.create_table('work_plans',
    sa.Column('plan_id', sa.String(length=36), nullable=False),
    sa.Column('cycle_id', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('document_reference', sa.String(length=200), nullable=True),
    sa.Column('ruleset_sha256', sa.String(length=64), nullable=False),
    sa.Column('supersedes', sa.String(length=36), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('agency_name', sa.String(length=200), nullable=False),
    sa.Column('filed_by', sa.String(length=200), nullable=False),
    sa.Column('filed_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('plan_id'),
    sa.UniqueConstraint('cycle_id', 'version', name='uq_work_plans_cycle_version')
    )
    op.create_table('guidance',
    sa.Column('guidance_id', sa.String(length=36), nullable=False),
    sa.Column('cycle_id', sa.String(length=64), nullable=False),
    sa.Column('stage', sa.String(length=40), nullable=True),
    sa.Column('application_id', sa.String(length=200), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('document_reference', sa.String(length=200), nullable=True),
    sa.Column('issued_by', sa.String(length=200), nullable=False),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('executed_by', sa.String(length=200), nullable=True),
    sa.Column('executed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('execution_note', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('guidance_id')
    )
    op.create_index('ix_guidance_cycle', 'guidance', ['cycle_id'])


def downgrade():
    op.drop_index('ix_guidance_cycle', table_name='guidance')
    op.drop_table('guidance')
    op.drop_table('work_plans')
