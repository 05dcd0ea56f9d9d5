"""initial schema: the kit's tables and the cycle replica

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""
from alembic import op

from award_shared.store.kit_migrations import (kit_v1_downgrade, kit_v1_upgrade, known_cycles_v1_downgrade,
                                         known_cycles_v1_upgrade)

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    kit_v1_upgrade(op)
    known_cycles_v1_upgrade(op)


def downgrade():
    known_cycles_v1_downgrade(op)
    kit_v1_downgrade(op)
