"""The test run's own databases (award_testing.databases): a PostgreSQL database a test
gives back comes to the next one as if new — no row, sequences from 1, no connection left —
and one whose schema a test changed, or that a test dropped, is never handed out again."""
import uuid
from datetime import datetime, timezone

import pytest
import sqlalchemy as sa

from award_shared.store import db
from award_testing.databases import MigratedTemplates
from award_testing.plugin import PG_ADMIN_URL

PACKAGE = "award_intake"  # has foreign keys: the rows go children first


@pytest.fixture
def templates(tmp_path):
    made = MigratedTemplates(str(tmp_path), PG_ADMIN_URL)
    yield made
    made.drop()


def fresh_name():
    return f"award_test_givenback_{uuid.uuid4().hex[:10]}"


def audit(conn, action):
    return conn.execute(db.audit_log.insert().returning(db.audit_log.c.id), {
        "at": datetime.now(timezone.utc), "actor": "test", "roles": "", "action": action}).scalar_one()


def row_counts(url):
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            tables = sa.inspect(conn).get_table_names()
            return {t: conn.exec_driver_sql(f'SELECT count(*) FROM "{t}"').scalar() for t in tables
                    if t != "alembic_version"}
    finally:
        engine.dispose()


def test_a_database_given_back_comes_again_empty_with_its_sequences_from_one(templates):
    name = templates.postgresql_database(PACKAGE, fresh_name())
    engine = sa.create_engine(templates.url_of(name))
    with engine.begin() as conn:
        assert audit(conn, "first") == 1
        audit(conn, "second")
        conn.execute(sa.text("INSERT INTO cycles (cycle_id, edition, ruleset_id, ruleset_sha256, ruleset, schedule, "
                             "status, opened_at, opened_by) VALUES ('c', 2019, 'r', 's', '{}', '{}', 'open', now(), 'o')"))
        conn.execute(sa.text("INSERT INTO notices (cycle_id, text, deadline, published_at, published_by) "
                             "VALUES ('c', 'notice', now(), now(), 'o')"))  # references cycles
    left_open = engine.connect()
    left_open.execute(sa.text("SELECT 1"))  # a test's connection, idle in its transaction, not closed

    assert templates.give_back(PACKAGE, name)
    assert templates.postgresql_database(PACKAGE, fresh_name()) == name
    assert set(row_counts(templates.url_of(name)).values()) == {0}
    with engine.begin() as conn:  # the pool's connections were ended with the test: new ones
        assert audit(conn, "again") == 1
    engine.dispose()
    assert templates.give_back(PACKAGE, name)  # and the run's end drops it


def test_a_database_whose_schema_changed_or_that_is_gone_is_not_given_back(templates):
    changed = templates.postgresql_database(PACKAGE, fresh_name())
    engine = sa.create_engine(templates.url_of(changed), poolclass=sa.pool.NullPool)
    with engine.begin() as conn:
        conn.exec_driver_sql("ALTER TABLE audit_log ADD COLUMN note text")
    engine.dispose()
    assert not templates.give_back(PACKAGE, changed)

    gone = templates.postgresql_database(PACKAGE, fresh_name())
    with templates.admin().connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE "{gone}" WITH (FORCE)')
    assert not templates.give_back(PACKAGE, gone)

    made = templates.postgresql_database(PACKAGE, fresh_name())
    assert made not in (changed, gone)  # neither was pooled: a new copy of the template
    with templates.admin().connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE "{changed}" WITH (FORCE)')
    assert templates.give_back(PACKAGE, made)
