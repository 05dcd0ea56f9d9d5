"""Alembic environment of publicity: its own tables plus the kit's."""
from alembic import context

from award_publicity.tables import ALL
from award_shared.store.migrations import run_env

run_env(context, ALL)
