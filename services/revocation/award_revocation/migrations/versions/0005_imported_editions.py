"""awards imported from before the suite keep their edition, and revocation keeps the rule set
of an edition no cycle of the suite carries (issue 31, item 14: Art. 29, 30, 31)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07
"""
import sqlalchemy as sa
from alembic import op

from award_shared import tables

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('awards') as batch:
        batch.add_column(sa.Column('edition', sa.Integer(), nullable=True))
    op.create_table(
        'edition_rulesets',
        sa.Column('cycle_id', sa.String(64), primary_key=True),
        sa.Column('edition', sa.Integer(), nullable=True),
        sa.Column('ruleset_id', sa.String(64), nullable=False),
        sa.Column('ruleset', sa.Text(), nullable=False),
        sa.Column('learned_at', tables.Instant(), nullable=False))


def downgrade():
    op.drop_table('edition_rulesets')
    with op.batch_alter_table('awards') as batch:
        batch.drop_column('edition')
