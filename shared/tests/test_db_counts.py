"""award_shared.store.counts (issue 37): a unit of work's statements, round trips, commits and
seconds at its database are counted per service and route — what ``bench/cycle.py`` splits a
route's time by — on a real database of each engine, statements run through SQLAlchemy and
through the driver alike."""
import contextlib
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from award_shared import metrics
from award_shared.store import db
from award_shared.store.uow import Work
from award_testing.workflows import DEFAULT_NOW, FixedClock


class Database:
    def __init__(self, url):
        self.engine = db.make_engine(url)
        db.KIT.create_all(self.engine)

    def gate(self):
        return contextlib.nullcontext()


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
    # SQLite: its BEGIN IMMEDIATE is a statement, and nothing is a round trip; PostgreSQL: the two
    # statements, and BEGIN and COMMIT are round trips of their own (a connection just made is not pinged)
    assert statements == (2 if remote else 3)
    assert round_trips == (2 + 2 if remote else 0)
    assert commits == 1

    plain = Work(service="counts-test", database=database, clock=FixedClock(DEFAULT_NOW), relay=None, config={})
    before = counted("")
    with plain:  # nothing run: nothing counted, no commit (and a connection back a moment ago: no ping)
        pass
    assert tuple(a - b for a, b in zip(counted(""), before)) == (0, 0, 0)
    database.engine.dispose()


@pytest.mark.engines("postgresql")  # SQLite runs in the process: nothing to ping
def test_a_connection_idle_for_a_while_is_pinged_and_a_dead_one_replaced(database_url_factory, monkeypatch):
    """PostgreSQL: no ping for a connection handed back a moment ago (a round trip saved on every
    call); one idle for ``PING_AFTER_IDLE_SECONDS`` is pinged at checkout — counted as a round
    trip — and, found dead (its server process ended, as by a restart), replaced before the unit
    of work gets it: the call goes through."""
    url = database_url_factory("pinged")
    database = Database(url)
    call = SimpleNamespace(method="POST", route="/v1/pinged", principal=None, body={}, target=None)

    def one_call():
        before = counted("/v1/pinged")
        with Work(service="counts-test", database=database, clock=FixedClock(DEFAULT_NOW), relay=None, config={},
                  call=call) as tx:
            backend = tx.scalar(sa.text("SELECT pg_backend_pid()"))
        return backend, tuple(a - b for a, b in zip(counted("/v1/pinged"), before))

    backend, (statements, trips, _) = one_call()
    assert (statements, trips) == (2, 4)  # BEGIN, the statement, the call's audit row, COMMIT: no ping
    assert one_call() == (backend, (2, 4, 1))  # handed back a moment ago: the same connection, no ping
    monkeypatch.setattr(db, "PING_AFTER_IDLE_SECONDS", 0.0)  # every checkout now counts as after a quiet spell
    assert one_call() == (backend, (2, 5, 1))  # pinged: one round trip more
    other = sa.create_engine(url, poolclass=sa.pool.NullPool)
    with other.begin() as conn:  # the server ends the pooled connection's process
        conn.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": backend})
    replaced, counted_ = one_call()
    assert replaced != backend and counted_ == (2, 5, 1)  # the dead one was found and replaced: the call went through
    database.engine.dispose()
