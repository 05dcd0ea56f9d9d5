"""objections: the index GET /v1/objections reads a page by, (cycle, received, id)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07
"""
from alembic import op


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_objections_page', 'objections', ['cycle_id', 'received_at', 'objection_id'])


def downgrade():
    op.drop_index('ix_objections_page', table_name='objections')
