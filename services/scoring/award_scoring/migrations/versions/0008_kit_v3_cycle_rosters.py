"""kit v3: who is appointed to which cycle (the kit's cycle rosters), with the agencies scoring
already appointed (issue 29)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07
"""
import json

from alembic import op
import sqlalchemy as sa

from award_shared import migrations

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    migrations.kit_v3_upgrade(op)
    rows = op.get_bind().execute(sa.text(
        "SELECT a.cycle_id, a.staff_subjects, k.status FROM agencies a "
        "LEFT JOIN known_cycles k ON k.cycle_id = a.cycle_id WHERE a.status = 'appointed'")).all()
    migrations.roster_rows(op, [
        (cycle_id, 'third_party', json.loads(staff), 'ended' if status == 'closed' else 'appointed')
        for cycle_id, staff, status in rows])


def downgrade():
    migrations.kit_v3_downgrade(op)
