"""Intake's Alembic revisions build exactly the tables of ``award_intake.tables.ALL``,
on SQLite and PostgreSQL, and 0002 goes down as cleanly as it came up."""
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from award_intake.tables import ALL
from award_shared.migrations import alembic_config, upgrade


def _diff(url):
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return compare_metadata(MigrationContext.configure(conn), ALL)
    finally:
        engine.dispose()


def test_migrated_schema_matches_the_tables_the_code_uses(database_url_factory):
    url = database_url_factory("intake")
    upgrade("award_intake", url)
    assert _diff(url) == []


def test_revision_0002_downgrades_to_the_cycles_of_0001_and_back(database_url_factory):
    url = database_url_factory("intake")
    upgrade("award_intake", url)
    command.downgrade(alembic_config("award_intake", url), "0001")
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        names = set(sa.inspect(conn).get_table_names())
    engine.dispose()
    assert "cycles" in names and not names & {"applications", "notices", "documents", "past_winners"}
    upgrade("award_intake", url)
    assert _diff(url) == []
