"""kit v3: who is appointed to which cycle (the kit's rosters, cycle_access); the entrusted agencies intake
learned move there, so one rule scopes every third-party read (issue 29)

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
        "SELECT a.cycle_id, a.staff_subjects, c.status FROM agencies a LEFT JOIN cycles c ON c.cycle_id = a.cycle_id"
    )).all()
    migrations.roster_rows(op, [(cycle_id, 'third_party', json.loads(staff),
                                 'ended' if status == 'closed' else 'appointed')
                                for cycle_id, staff, status in rows])
    op.drop_table('agencies')


def downgrade():
    op.create_table('agencies',
    sa.Column('cycle_id', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('staff_subjects', sa.Text(), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('appointed_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('cycle_id')
    )
    op.execute("INSERT INTO agencies (cycle_id, name, staff_subjects, sequence, appointed_at) "
               "SELECT cycle_id, '', subjects, sequence, COALESCE(since, CURRENT_TIMESTAMP) FROM cycle_rosters "
               "WHERE role = 'third_party'")
    migrations.kit_v3_downgrade(op)
