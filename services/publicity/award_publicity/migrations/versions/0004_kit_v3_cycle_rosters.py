"""kit v3: who is appointed to which cycle (the kit's rosters, cycles.sits); the supervision groups
publicity learned move there, so one rule scopes every supervisor's read (issue 29)

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07
"""
from alembic import op
import sqlalchemy as sa

from award_shared import migrations

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    migrations.kit_v3_upgrade(op)
    rows = op.get_bind().execute(sa.text("SELECT cycle_id, subject, status FROM group_members")).all()
    groups = {}
    for cycle_id, subject, status in rows:
        groups.setdefault(cycle_id, [set(), status])[0].add(subject)
    migrations.roster_rows(op, [(cycle_id, 'supervisor', subjects, 'appointed' if status == 'sitting' else 'ended')
                     for cycle_id, (subjects, status) in groups.items()])
    op.drop_table('group_members')


def downgrade():
    op.create_table('group_members',
    sa.Column('cycle_id', sa.String(length=64), nullable=False),
    sa.Column('subject', sa.String(length=200), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.PrimaryKeyConstraint('cycle_id', 'subject')
    )
    migrations.kit_v3_downgrade(op)
