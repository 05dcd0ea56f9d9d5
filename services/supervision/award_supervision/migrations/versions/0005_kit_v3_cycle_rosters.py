"""kit v3: who is appointed to which cycle (the kit's cycle rosters), with the groups supervision
already appointed (issue 29)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07
"""
from alembic import op
import sqlalchemy as sa

from award_shared import migrations

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    migrations.kit_v3_upgrade(op)
    rows = op.get_bind().execute(sa.text(
        "SELECT g.cycle_id, g.status, m.person_id FROM supervision_groups g "
        "JOIN group_members m ON m.group_id = g.group_id WHERE g.status IN ('appointed', 'dissolved')")).all()
    groups = {}
    for cycle_id, status, person_id in rows:
        groups.setdefault((cycle_id, status), set()).add(person_id)
    migrations.roster_rows(op, [(cycle_id, 'supervisor', subjects, 'appointed' if status == 'appointed' else 'ended')
                                for (cycle_id, status), subjects in groups.items()
                                if status == 'appointed' or (cycle_id, 'appointed') not in groups])


def downgrade():
    migrations.kit_v3_downgrade(op)
