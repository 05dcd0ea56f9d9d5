"""kit v2: the audit log's index by action, so a fixed or simulated clock resumes from its last move without reading the whole log

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30
"""
from alembic import op

from award_shared import migrations

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    migrations.kit_v2_upgrade(op)


def downgrade():
    migrations.kit_v2_downgrade(op)
