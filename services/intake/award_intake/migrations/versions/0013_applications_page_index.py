"""a cycle's applications are listed a page at a time, oldest first: an index by cycle, creation
and id reads a page from where the previous one ended, whatever the cycle's size — issue 37

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07
"""
from alembic import op


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_applications_cycle_created', 'applications', ['cycle_id', 'created_at', 'application_id'],
                    unique=False)


def downgrade():
    op.drop_index('ix_applications_cycle_created', table_name='applications')
