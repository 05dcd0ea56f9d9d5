"""award_shared.store.counts (issue 37): a unit of work's statements, round trips, commits and
seconds at its database are counted per service and route — what ``bench/cycle.py`` splits a
route's time by — on a real database of each engine, statements run through SQLAlchemy and
through the driver alike."""
import contextlib
from types import SimpleNamespace

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
    # statements, and BEGIN, COMMIT and the pool's ping are round trips of their own
    assert statements == (2 if remote else 3)
    assert round_trips == (2 + 3 if remote else 0)
    assert commits == 1

    plain = Work(service="counts-test", database=database, clock=FixedClock(DEFAULT_NOW), relay=None, config={})
    before = counted("")
    with plain:  # nothing run: nothing counted, no commit
        pass
    assert tuple(a - b for a, b in zip(counted(""), before)) == (0, (1 if remote else 0), 0)
    database.engine.dispose()
