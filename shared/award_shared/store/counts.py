"""Where a unit of work's time goes at its database, counted, not guessed: the statements it
ran, the round trips they took, and the seconds spent connecting (the pool's ping on
PostgreSQL), in statements and waiting for the commit — per service and route, as
``award_db_*`` counters (docs/contract.md), so ``bench/cycle.py`` can split a route's time
inside its handler into database and Python.

Counted where statements leave the process: SQLAlchemy's ``before/after_cursor_execute`` for
statements it runs, and :func:`award_shared.store.driver.driver_cursor` for those sent to the
driver directly (``Prepared``, the kit's bookkeeping). A round trip is a statement, plus on
PostgreSQL the ``BEGIN`` psycopg2 sends before a transaction's first statement, the
``COMMIT``, and the pool's ping when a connection idle for a while is checked out; SQLite
runs in the process and takes none.
"""
import time

from award_shared import metrics

KEY = "award_counts"  # in the pooled connection's ``info`` while a unit of work holds it


class Counts:
    """One unit of work's statements and seconds at its database."""
    __slots__ = ("statements", "statement_seconds", "connect_seconds", "commit_seconds", "pinged", "begin_folded",
                 "folded", "_started")

    def __init__(self):
        self.statements = 0
        self.pinged = False  # the pool pinged the connection at checkout (award_shared.store.db)
        self.begin_folded = False  # BEGIN went with the first statement (award_shared.store.driver.with_begin)
        self.folded = 0  # statements sent in another's round trip (award_shared.store.driver.defer)
        self.statement_seconds = self.connect_seconds = self.commit_seconds = 0.0
        self._started = 0.0

    def start(self):
        self._started = time.perf_counter()

    def stop(self):
        self.statements += 1
        self.statement_seconds += time.perf_counter() - self._started


def of(conn):
    """The counts of the unit of work holding ``conn`` (a SQLAlchemy Connection), or None."""
    return conn.info.get(KEY)


def before_cursor_execute(conn, cursor, statement, parameters, context, executemany):
    counts = conn.info.get(KEY)
    if counts is not None:
        counts.start()


def after_cursor_execute(conn, cursor, statement, parameters, context, executemany):
    counts = conn.info.get(KEY)
    if counts is not None:
        counts.stop()


_children = {}


def record(service, method, route, counts, committed, remote):
    """Add one unit of work's counts to the service's ``award_db_*`` counters. ``remote``: a
    server reached over a connection (PostgreSQL), whose BEGIN and COMMIT are round trips of
    their own, as is the pool's ping of a connection checked out after a quiet spell
    (``counts.pinged``)."""
    key = (service, method, route)
    found = _children.get(key)
    if found is None:
        found = _children[key] = (
            metrics.DB_STATEMENTS.labels(service, route, method), metrics.DB_ROUND_TRIPS.labels(service, route, method),
            metrics.DB_COMMITS.labels(service, route, method),
            *(metrics.DB_SECONDS.labels(service, route, method, phase) for phase in ("connect", "statements", "commit")))
    statements, round_trips, commits, connect, in_statements, commit = found
    trips = 0  # SQLite runs in the process
    if remote:  # each statement; BEGIN (unless sent with the first), then COMMIT or ROLLBACK; the ping
        trips = counts.statements - counts.folded + (1 if counts.pinged else 0)
        if counts.statements:
            trips += 1 if counts.begin_folded else 2
    statements.inc(counts.statements)
    round_trips.inc(trips)
    if committed and counts.statements:
        commits.inc()
    connect.inc(counts.connect_seconds)
    in_statements.inc(counts.statement_seconds)
    commit.inc(counts.commit_seconds)
