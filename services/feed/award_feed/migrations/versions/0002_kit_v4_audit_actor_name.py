"""kit v4: the audit log records the display name of the person a provider's token names,
beside the stable subject (issue 34, item 6)

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-07
"""
from alembic import op

from award_shared import migrations

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    migrations.kit_v4_upgrade(op)


def downgrade():
    migrations.kit_v4_downgrade(op)
