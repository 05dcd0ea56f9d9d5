"""kit v3: who is appointed to which cycle (the kit's cycle access); revocation learns it from
now on (issue 29)

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07
"""
from alembic import op

from award_shared import migrations

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    migrations.kit_v3_upgrade(op)


def downgrade():
    migrations.kit_v3_downgrade(op)
