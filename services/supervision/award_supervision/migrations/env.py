"""Alembic environment of supervision: its own tables plus the kit's."""
from alembic import context

from award_shared.store.migrations import run_env
from award_supervision.tables import ALL

run_env(context, ALL)
