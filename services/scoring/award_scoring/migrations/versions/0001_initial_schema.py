"""initial schema: the kit's tables and the cycle replica

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""
from alembic import op

from award_shared import migrations

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    migrations.kit_v1_upgrade(op)
    migrations.known_cycles_v1_upgrade(op)


def downgrade():
    migrations.known_cycles_v1_downgrade(op)
    migrations.kit_v1_downgrade(op)
