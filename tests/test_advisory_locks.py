"""award_shared.store.driver.advisory_lock: a check-then-write that no unique index can express (a hold's
arrival against the transitions it stops, two submissions of one applicant) runs one
transaction after the other on PostgreSQL; on SQLite the one-writer gate does that, and the
call does nothing."""
import pytest
import sqlalchemy as sa

from award_shared.store import db, driver


@pytest.fixture
def engine(database_url_factory):
    engine = db.make_engine(database_url_factory("locks"))
    yield engine
    engine.dispose()


def _blocked(conn, name, shared):
    """Whether taking ``name`` on ``conn`` waits (PostgreSQL's lock_timeout turns the wait into
    an error, which ends ``conn``'s transaction)."""
    conn.exec_driver_sql("SET LOCAL lock_timeout = '200ms'")
    try:
        driver.advisory_lock(conn, name, shared=shared)
    except sa.exc.OperationalError as exc:
        assert "lock timeout" in str(exc)
        return True
    return False


def test_an_exclusive_lock_waits_for_the_shared_and_they_for_it_until_the_transaction_ends(engine, db_engine):
    if db_engine == "sqlite":
        with engine.connect() as conn:
            driver.advisory_lock(conn, "award-holds|cycle-2019|*", shared=True)  # nothing to take
        return
    with engine.connect() as first, engine.connect() as second:
        driver.advisory_lock(first, "award-holds|cycle-2019|app-1", shared=True)
        assert not _blocked(second, "award-holds|cycle-2019|app-1", shared=True)  # transitions share it
        second.rollback()
        assert _blocked(second, "award-holds|cycle-2019|app-1", shared=False)  # a hold waits for them
        second.rollback()
        assert not _blocked(second, "award-holds|cycle-2019|app-2", shared=False)  # another subject's does not
        second.rollback()
        first.commit()  # the transaction ends: its locks go with it
        assert not _blocked(second, "award-holds|cycle-2019|app-1", shared=False)  # now the hold's
        assert _blocked(first, "award-holds|cycle-2019|app-1", shared=True)  # and transitions wait for it
        first.rollback()
        second.commit()
