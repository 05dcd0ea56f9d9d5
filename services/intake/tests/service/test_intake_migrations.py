"""Intake's Alembic revisions build exactly the tables of ``award_intake.tables.ALL``,
on SQLite and PostgreSQL, and 0002 goes down as cleanly as it came up."""
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from award_intake.tables import ALL
from award_shared.store.migrations import alembic_config, upgrade


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


def test_the_one_application_per_applicant_check_reads_by_cycle_and_applicant(database_url_factory, db_engine):
    """Art. 6's duplicate check runs at every submission: with thousands of submitted
    applications in a cycle it must find the applicant's by its index, not walk the cycle's
    (0007; a run of 10,000 applications grew slower with each one before)."""
    from datetime import datetime, timezone

    from award_intake.queries import SAME_APPLICANT
    from award_intake.tables import applications, cycles

    url = database_url_factory("intake")
    upgrade("award_intake", url)
    engine = sa.create_engine(url)
    at = datetime(2019, 7, 1, tzinfo=timezone.utc)
    rows = [{"application_id": f"app-{n}", "cycle_id": "cycle-2019", "status": "submitted", "kind": "unit",
             "applicant_sub": f"u{n}", "name": f"单位{n}", "credit_code": f"91370100{n:010d}", "district": "历下区",
             "sector": "manufacturing", "tilt_claims": "[]", "incidents": "[]", "declarations": "[]",
             "created_at": at, "updated_at": at} for n in range(2000)]
    try:
        with engine.begin() as conn:
            conn.execute(cycles.insert().values(cycle_id="cycle-2019", edition=2019, ruleset_id="jinan-2018",
                                                ruleset_sha256="0" * 64, ruleset="{}", schedule="{}", status="open",
                                                opened_at=at, opened_by="office"))
            conn.execute(applications.insert(), rows)
            if db_engine == "postgresql":
                conn.exec_driver_sql("ANALYZE applications")
        for kind, index in (("unit", "ix_applications_cycle_credit_code"),
                            ("individual", "ix_applications_cycle_person_key")):
            query = SAME_APPLICANT[kind].statement.params(cycle_id="cycle-2019", identity="91370100" + "0" * 10,
                                                          application_id="app-new")
            sql = str(query.compile(dialect=engine.dialect, compile_kwargs={"literal_binds": True}))
            with engine.connect() as conn:
                if db_engine == "sqlite":
                    plan = " ".join(str(r[-1]) for r in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}"))
                else:
                    plan = " ".join(r[0] for r in conn.exec_driver_sql(f"EXPLAIN {sql}"))
            assert index in plan, plan
    finally:
        engine.dispose()
