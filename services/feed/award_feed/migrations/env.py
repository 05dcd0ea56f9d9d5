"""Alembic environment of feed: its own tables plus the kit's."""
from alembic import context

from award_feed.tables import ALL
from award_shared import migrations

migrations.run_env(context, ALL)
