"""award_shared.store.counts (issue 37): a unit of work's statements, round trips, commits and
seconds at its database are counted per service and route — what ``bench/cycle.py`` splits a
route's time by — on a real database of each engine, statements run through SQLAlchemy and
through the driver alike."""
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from award_shared import metrics
from award_shared.store import db
from award_shared.store.uow import Work
from award_testing.workflows import DEFAULT_NOW, FixedClock
from kit_database import Database


def counted(route):
    labels = {"service": "counts-test", "route": route, "method": "POST" if route else ""}
    value = metrics.DB_STATEMENTS.labels(**labels)._value.get, metrics.DB_ROUND_TRIPS.labels(**labels)._value.get, \
        metrics.DB_COMMITS.labels(**labels)._value.get
    return tuple(get() for get in value)


def test_statements_round_trips_and_commits_are_counted_per_route(database_url_factory):
    database = Database(database_url_factory("counts"))
    call = SimpleNamespace(method="POST", route="/v1/things/<thing_id>", principal=None, body={}, target="t-1")
    tx = Work(service="counts-test", database=database, clock=FixedClock(DEFAULT_NOW), relay=None, config={},
              call=call)
    before = counted("/v1/things/<thing_id>")
    with tx:
        tx.audit("thing.write", target="t-1")  # through the driver (Prepared)
        tx.all(sa.select(db.audit_log.c.id))   # through SQLAlchemy
    statements, round_trips, commits = (a - b for a, b in zip(counted("/v1/things/<thing_id>"), before))
    remote = database.engine.dialect.name == "postgresql"
    # SQLite: its BEGIN IMMEDIATE is a statement, and nothing is a round trip; PostgreSQL: the audit
    # row (deferred) goes with the BEGIN before the select SQLAlchemy sends, then the select, then the
    # COMMIT (a connection just made is not pinged)
    assert statements == (2 if remote else 3)
    assert round_trips == (2 + 1 if remote else 0)
    assert commits == 1

    plain = Work(service="counts-test", database=database, clock=FixedClock(DEFAULT_NOW), relay=None, config={})
    before = counted("")
    with plain:  # nothing run: nothing counted, no commit (and a connection back a moment ago: no ping)
        pass
    assert tuple(a - b for a, b in zip(counted(""), before)) == (0, 0, 0)
    database.engine.dispose()


def test_a_connection_idle_for_a_while_is_pinged_and_a_dead_one_replaced(database_url_factory, monkeypatch):
    """PostgreSQL: no ping for a connection handed back a moment ago (a round trip saved on every
    call); one idle for ``PING_AFTER_IDLE_SECONDS`` is pinged at checkout — counted as a round
    trip — and, found dead (its server process ended, as by a restart), replaced before the unit
    of work gets it: the call goes through."""
    url = database_url_factory("pinged")
    database = Database(url)
    call = SimpleNamespace(method="POST", route="/v1/pinged", principal=None, body={}, target=None)
    if database.engine.dialect.name == "sqlite":  # in the process: no server, no ping, no round trip
        monkeypatch.setattr(db, "PING_AFTER_IDLE_SECONDS", 0.0)
        before = counted("/v1/pinged")
        with Work(service="counts-test", database=database, clock=FixedClock(DEFAULT_NOW), relay=None, config={},
                  call=call) as tx:
            tx.audit("ping.none")
        assert tuple(a - b for a, b in zip(counted("/v1/pinged"), before))[1] == 0
        database.engine.dispose()
        return

    def one_call():
        before = counted("/v1/pinged")
        with Work(service="counts-test", database=database, clock=FixedClock(DEFAULT_NOW), relay=None, config={},
                  call=call) as tx:
            backend = tx.scalar(sa.text("SELECT pg_backend_pid()"))
        return backend, tuple(a - b for a, b in zip(counted("/v1/pinged"), before))

    backend, (statements, trips, _) = one_call()
    # BEGIN with the statement; the call's audit row with the COMMIT: two round trips, no ping
    assert (statements, trips) == (2, 2)
    assert one_call() == (backend, (2, 2, 1))  # handed back a moment ago: the same connection, no ping
    monkeypatch.setattr(db, "PING_AFTER_IDLE_SECONDS", 0.0)  # every checkout now counts as after a quiet spell
    assert one_call() == (backend, (2, 3, 1))  # pinged: one round trip more
    other = sa.create_engine(url, poolclass=sa.pool.NullPool)
    with other.begin() as conn:  # the server ends the pooled connection's process
        conn.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": backend})
    replaced, counted_ = one_call()
    assert replaced != backend and counted_ == (2, 3, 1)  # the dead one was found and replaced: the call went through
    database.engine.dispose()


def test_the_begin_goes_with_the_first_statement_and_the_transaction_is_the_same(database_url_factory):
    """PostgreSQL (issue 37): a unit of work's BEGIN goes with its first statement, not in a round
    trip of its own, and its audit rows with the next round trip; what it writes commits at its end
    and is seen by others only then, a failure leaves nothing, a savepoint's rollback takes its
    audit row, and the connection goes back to the pool as it came (not in autocommit, no
    transaction open). SQLite: the same transaction, begun as before (BEGIN IMMEDIATE)."""
    url = database_url_factory("begin")
    database = Database(url)
    remote = database.engine.dialect.name == "postgresql"
    other = sa.create_engine(url, poolclass=sa.pool.NullPool)
    call = SimpleNamespace(method="POST", route="/v1/begin", principal=None, body={}, target=None)

    def work():
        return Work(service="counts-test", database=database, clock=FixedClock(DEFAULT_NOW), relay=None, config={},
                    call=call)

    def audited(action):
        with other.connect() as conn:
            return conn.execute(sa.select(sa.func.count()).select_from(db.audit_log)
                                .where(db.audit_log.c.action == action)).scalar_one()

    def as_lent(raw):  # PostgreSQL: out of autocommit, no transaction open
        return not remote or (raw.autocommit is False and raw.info.transaction_status == 0)

    with work() as tx:
        tx.audit("begin.kept")
        if remote:
            assert tx.scalar(sa.text("SELECT count(*) FROM pg_stat_activity WHERE pid = pg_backend_pid() "
                                     "AND xact_start IS NOT NULL")) == 1  # inside a transaction
        assert audited("begin.kept") == 0  # not committed yet: nobody else sees it
        raw = tx.session.connection.dbapi_connection
    assert audited("begin.kept") == 1
    assert as_lent(raw)  # back as the pool lent it

    with pytest.raises(sa.exc.IntegrityError):
        with work() as tx:
            tx.audit("begin.undone")
            tx.session.execute(db.audit_log.insert().values(id=1, at=DEFAULT_NOW, actor="x", roles="", action="dup"))
            tx.session.execute(db.audit_log.insert().values(id=1, at=DEFAULT_NOW, actor="x", roles="", action="dup"))
    assert audited("begin.undone") == 0 and audited("dup") == 0  # the failure left nothing
    assert as_lent(raw)

    with work() as tx:  # an audit row (deferred on PostgreSQL) inside a savepoint rolled back goes with it
        with pytest.raises(RuntimeError):
            with tx.savepoint():
                tx.audit("begin.in_savepoint")
                raise RuntimeError("undone")
        tx.audit("begin.after_savepoint")
    assert audited("begin.in_savepoint") == 0 and audited("begin.after_savepoint") == 1
    other.dispose()
    database.engine.dispose()
