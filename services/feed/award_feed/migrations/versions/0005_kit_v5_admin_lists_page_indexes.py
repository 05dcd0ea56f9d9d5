"""kit v5: the operations lists a page at a time — the dead letters of a status by id, the
holds of a cycle by id (GET /admin/v1/dead-letters, GET /admin/v1/holds)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07
"""
from alembic import op

from award_shared import migrations

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    migrations.kit_v5_upgrade(op)


def downgrade():
    migrations.kit_v5_downgrade(op)
