"""objections, supervision_opinions: the index GET /v1/objections and GET
/v1/cycles/{cycle}/opinions read a page by, (cycle, received, id)

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
    op.create_index('ix_supervision_opinions_page', 'supervision_opinions', ['cycle_id', 'received_at', 'opinion_id'])


def downgrade():
    op.drop_index('ix_supervision_opinions_page', table_name='supervision_opinions')
    op.drop_index('ix_objections_page', table_name='objections')
