"""webhook secrets encrypted at rest: the rows stored in clear are encrypted with the newest key of
WEBHOOK_SECRET_KEYS (or WEBHOOK_SECRET_KEYS_FILE) from the environment, and the columns widened
for the Fernet tokens; the downgrade decrypts them back (award_feed/sealing.py)

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07
"""
import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

SUBS = sa.table("webhook_subscriptions", sa.column("id"), sa.column("secret"), sa.column("previous_secret"))


def _rows():
    """Every row's secrets and the sealer of the environment's keys — read before anything
    changes, and the keys only when a row exists: an empty database (a new deployment, the
    tests' templates) needs none; rows and no key is a ValueError naming WEBHOOK_SECRET_KEYS."""
    rows = op.get_bind().execute(sa.select(SUBS.c.id, SUBS.c.secret, SUBS.c.previous_secret)).all()
    if not rows:
        return None, rows
    from award_feed import sealing
    return sealing.from_environment(), rows


def _rewrite(rows, change):
    for row in rows:
        op.get_bind().execute(SUBS.update().where(SUBS.c.id == row.id).values(
            secret=change(row.secret), previous_secret=change(row.previous_secret) if row.previous_secret else None))


def _widen(length):
    with op.batch_alter_table("webhook_subscriptions") as batch:
        batch.alter_column("secret", type_=sa.String(length), existing_nullable=False)
        batch.alter_column("previous_secret", type_=sa.String(length), existing_nullable=True)


def upgrade():
    sealer, rows = _rows()
    _widen(400)
    _rewrite(rows, lambda secret: sealer.seal(secret))


def downgrade():
    sealer, rows = _rows()
    _rewrite(rows, lambda secret: sealer.open(secret))
    _widen(200)
