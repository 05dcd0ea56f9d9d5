"""Alembic environment of the staff console: its one table, the sessions' store (no kit tables:
the console keeps no outbox, inbox or audit log)."""
from alembic import context

from award_console.session import METADATA
from award_shared import migrations

migrations.run_env(context, METADATA)
