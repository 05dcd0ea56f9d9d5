"""Alembic environment of supervision: its own tables plus the kit's."""
from alembic import context

from award_shared import migrations
from award_supervision.tables import ALL

migrations.run_env(context, ALL)
