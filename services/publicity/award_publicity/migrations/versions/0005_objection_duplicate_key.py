"""objections: the duplicate key (an identical objection of the same signed objector is answered with the first one's tracking number) and an index by candidate (the hold they share) (issue 29)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07
"""
import hashlib
import json

from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def _normalised(text):
    return " ".join((text or "").split())


def _duplicate_key(content, name, contact):
    """domain.objections.duplicate_key as of this revision (a migration must not follow later code)."""
    name, contact = _normalised(name), _normalised(contact)
    if not name or not contact:
        return None
    return hashlib.sha256(json.dumps([name, contact, _normalised(content)], ensure_ascii=False).encode()).hexdigest()


def upgrade():
    with op.batch_alter_table('objections') as batch:
        batch.add_column(sa.Column('duplicate_key', sa.String(length=64), nullable=True))
        batch.create_index('ix_objections_duplicate_key', ['duplicate_key'], unique=False)
        batch.create_index('ix_objections_candidate', ['cycle_id', 'application_id'], unique=False)
    # objections already received (a notice may be open across the upgrade) are matched too;
    # an erased objector (name and contact None) has no key
    objections = sa.table('objections', sa.column('objection_id'), sa.column('content'), sa.column('objector_name'),
                          sa.column('objector_contact'), sa.column('duplicate_key'))
    conn = op.get_bind()
    rows = conn.execute(sa.select(objections).where(objections.c.objector_name.isnot(None),
                                                    objections.c.objector_contact.isnot(None))).mappings().all()
    for row in rows:
        key = _duplicate_key(row['content'], row['objector_name'], row['objector_contact'])
        if key is not None:
            conn.execute(objections.update().where(objections.c.objection_id == row['objection_id'])
                         .values(duplicate_key=key))


def downgrade():
    with op.batch_alter_table('objections') as batch:
        batch.drop_index('ix_objections_candidate')
        batch.drop_index('ix_objections_duplicate_key')
        batch.drop_column('duplicate_key')
