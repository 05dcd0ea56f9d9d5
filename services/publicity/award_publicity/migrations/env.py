"""Alembic environment of publicity: its own tables plus the kit's."""
from alembic import context

from award_publicity.tables import ALL
from award_shared import migrations

migrations.run_env(context, ALL)
