"""Supervision's Alembic revisions produce exactly the tables of ``tables.ALL``."""
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from award_shared.store.migrations import upgrade
from award_supervision.tables import ALL


def combined_metadata():
    metadata = sa.MetaData()
    for part in ALL:
        for table in part.tables.values():
            table.to_metadata(metadata)
    return metadata


def test_migrated_schema_equals_tables_all(database_url_factory):
    url = database_url_factory("supervision")
    upgrade("award_supervision", url)
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            assert compare_metadata(context, combined_metadata()) == []
    finally:
        engine.dispose()
