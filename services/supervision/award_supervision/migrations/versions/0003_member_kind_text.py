"""members of other kinds (Art. 9: 等有关人员), their kind in words (issue 11)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('group_members') as batch:
        batch.add_column(sa.Column('kind_text', sa.String(length=100), nullable=True))


def downgrade():
    with op.batch_alter_table('group_members') as batch:
        batch.drop_column('kind_text')
