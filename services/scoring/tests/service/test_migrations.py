"""The migrations build exactly the tables the code uses (both databases)."""
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from award_scoring import tables
from award_shared.store.migrations import upgrade


def test_migrated_schema_equals_tables_all(database_url_factory):
    url = database_url_factory("scoring")
    upgrade("award_scoring", url)
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), tables.ALL) == []
            assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar() == "0015"
    finally:
        engine.dispose()
