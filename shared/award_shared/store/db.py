"""Database engines and the kit's own tables (outbox, inbox, dead letters, audit log,
event sequences, holds), shared by every service's migrations.

SQLite (the embedded default) runs in WAL mode on ONE connection guarded by a green lock
for the whole of each transaction, with ``BEGIN IMMEDIATE``: its driver blocks eventlet's
hub, so two connections waiting on each other's lock would stall every green thread.
PostgreSQL runs through psycopg2 with psycogreen, so queries yield to other green threads.
Statements sent to the driver directly are in ``driver``; the kit's writes on its own
tables (inbox claims, outbox marks, event sequences) in ``kit_writes``.
"""
import contextlib
import os
import time
import weakref
from datetime import timezone

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.pool import StaticPool
from sqlalchemy.sql import visitors

from award_shared.store import counts
from award_shared.store.driver import BEGIN_PENDING, DEFERRED, driver_cursor, flush_deferred, with_begin


def _in_utc(value):
    if value.tzinfo is None:
        raise ValueError(f"refusing to store a naive datetime: {value!r}")
    return value.astimezone(timezone.utc)


class Instant(sa.types.TypeDecorator):
    """An instant, stored in UTC and read back aware, on both engines.

    SQLite keeps no time zone: plain ``DateTime(timezone=True)`` writes the wall time without
    its offset and reads back a naive value, so 17:00+08:00 would come back as 17:00.

    On SQLite the bind processor is the decorator's own, where SQLAlchemy would chain
    :meth:`process_bind_param` and the dialect's formatting: every instant written goes
    through it. ``shared/tests/test_instant_storage.py`` holds it to the chained path. (Reading
    back, the chained path is as fast as one step would be: it is left as it is.)
    """
    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        value = _in_utc(value)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def bind_processor(self, dialect):
        """On SQLite, the text SQLAlchemy's ``DATETIME`` stores (``2026-12-04 09:30:00.000000``,
        UTC), written in one step: ≈2 µs against ≈5 through the decorator and the dialect's
        formatting, for every instant of every row written."""
        if dialect.name != "sqlite":
            return super().bind_processor(dialect)

        def process(value):
            return None if value is None else _in_utc(value).replace(tzinfo=None).isoformat(" ", "microseconds")
        return process

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


KIT = sa.MetaData()

outbox = sa.Table(
    "outbox", KIT,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("event_id", sa.String(36), nullable=False, unique=True),
    sa.Column("type", sa.String(64), nullable=False),
    sa.Column("subject", sa.String(200), nullable=False),
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("created_at", Instant(), nullable=False),
    sa.Column("sent_at", Instant(), nullable=True),
    sa.Index("ix_outbox_unsent", "id",
             sqlite_where=sa.text("sent_at IS NULL"), postgresql_where=sa.text("sent_at IS NULL")),
)

event_sequences = sa.Table(
    "event_sequences", KIT,
    sa.Column("subject", sa.String(200), primary_key=True),
    sa.Column("last", sa.Integer, nullable=False),
)

inbox = sa.Table(
    "inbox", KIT,
    sa.Column("event_id", sa.String(36), primary_key=True),
    sa.Column("type", sa.String(64), nullable=False),
    sa.Column("source", sa.String(100), nullable=False),
    sa.Column("subject", sa.String(200), nullable=False),
    sa.Column("sequence", sa.Integer, nullable=False),
    sa.Column("received_at", Instant(), nullable=False),
)

dead_letters = sa.Table(
    "dead_letters", KIT,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("event_id", sa.String(64), nullable=True),
    sa.Column("type", sa.String(64), nullable=True),
    sa.Column("exchange", sa.String(100), nullable=True),
    sa.Column("routing_key", sa.String(100), nullable=True),
    sa.Column("stage", sa.String(20), nullable=False),  # json | envelope | type | data | handler
    sa.Column("error", sa.Text, nullable=False),
    sa.Column("body", sa.LargeBinary, nullable=False),
    sa.Column("received_at", Instant(), nullable=False),
    sa.Column("status", sa.String(20), nullable=False, server_default="pending"),  # pending|replayed|failed
    sa.Column("replay_count", sa.Integer, nullable=False, server_default="0"),
    sa.Column("last_replay_at", Instant(), nullable=True),
    # GET /admin/v1/dead-letters?status= a page at a time, by id (kit v5)
    sa.Index("ix_dead_letters_page", "status", "id"),
)

audit_log = sa.Table(
    "audit_log", KIT,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", Instant(), nullable=False),
    sa.Column("actor", sa.String(200), nullable=False),
    # the person's display name from a provider's token (kit v4), beside the subject in actor
    sa.Column("actor_name", sa.String(200), nullable=True),
    sa.Column("roles", sa.String(200), nullable=False, server_default=""),
    sa.Column("action", sa.String(200), nullable=False),
    sa.Column("target", sa.String(200), nullable=True),
    sa.Column("reason", sa.Text, nullable=True),
    sa.Column("detail", sa.Text, nullable=True),
    # a fixed or simulated clock resumes from its newest move (award_shared.clock_provider):
    # found by this index, not by reading years of audit rows at every start
    sa.Index("ix_audit_log_action", "action", "id"),
)

holds = sa.Table(
    "holds", KIT,
    sa.Column("hold_id", sa.String(64), primary_key=True),
    sa.Column("cycle_id", sa.String(64), nullable=True),
    sa.Column("step", sa.String(40), nullable=True),
    sa.Column("subject", sa.String(200), nullable=True),
    sa.Column("placed_by", sa.String(200), nullable=True),
    sa.Column("placed_by_service", sa.String(40), nullable=True),
    sa.Column("reason", sa.Text, nullable=True),
    sa.Column("article", sa.String(40), nullable=True),
    sa.Column("status", sa.String(20), nullable=False),  # active | released
    sa.Column("placed_at", Instant(), nullable=True),
    sa.Column("released_at", Instant(), nullable=True),
    sa.Column("released_by", sa.String(200), nullable=True),
    sa.Column("release_reason", sa.Text, nullable=True),
    sa.Column("applied_at", Instant(), nullable=True),
    sa.Column("applied_step", sa.String(40), nullable=True),
    sa.Index("ix_holds_cycle_step", "cycle_id", "step", "status"),
    # the holds of a cycle (or of the cycles a caller reads) a page at a time, by id (kit v5)
    sa.Index("ix_holds_page", "cycle_id", "hold_id"),
)

# who is appointed to which cycle, as this service learned it (award_shared.web.cycle_access): one
# row per cycle and role, subjects as a sorted JSON list
cycle_rosters = sa.Table(
    "cycle_rosters", KIT,
    sa.Column("cycle_id", sa.String(64), primary_key=True),
    sa.Column("role", sa.String(20), primary_key=True),  # third_party | supervisor | disqualified
    sa.Column("subjects", sa.Text, nullable=False),       # JSON list, sorted
    sa.Column("status", sa.String(20), nullable=False),   # appointed | ended (disqualified: recorded)
    sa.Column("sequence", sa.Integer, nullable=False),    # the latest event's, so an older one never wins
    sa.Column("since", Instant(), nullable=True),
    sa.Column("until", Instant(), nullable=True),
)


def is_sqlite(url):
    return str(url).startswith("sqlite")


def make_engine(url, pool_size=10):
    """An engine for ``url``; nothing connects until it is first used."""
    url = str(url)
    if is_sqlite(url):
        _ensure_sqlite_dir(url)
        engine = sa.create_engine(
            url, poolclass=StaticPool,
            connect_args={"check_same_thread": False, "isolation_level": None, "timeout": 30})
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _begin_immediate)
    else:
        if url.startswith("postgresql"):
            from psycogreen.eventlet import patch_psycopg
            patch_psycopg()
        engine = sa.create_engine(url, pool_size=pool_size, max_overflow=pool_size)
        _ping_when_idle(engine)
        event.listen(engine, "before_cursor_execute", fold_begin, retval=True)  # driver.own_transaction
    event.listen(engine, "before_execute", _refuse_unknown_names)
    event.listen(engine, "before_cursor_execute", counts.before_cursor_execute)  # award_shared.store.counts
    event.listen(engine, "after_cursor_execute", counts.after_cursor_execute)
    return engine


PING_AFTER_IDLE_SECONDS = 2.0  # a pooled PostgreSQL connection idle this long is pinged at checkout
PINGED = "award_pinged"  # in the checked-out connection's ``info``: the checkout pinged it (counts.py)
_IDLE_SINCE = "award_idle_since"


def _ping_when_idle(engine):
    """SQLAlchemy's ``pool_pre_ping`` pings at every checkout: a round trip on every call and every
    consumed batch, for connections handed back a millisecond before. Here a connection is pinged
    only when it has sat in the pool for :data:`PING_AFTER_IDLE_SECONDS` — after a quiet spell,
    when a server restart or a failover may have dropped it — and a dead one is replaced before
    the unit of work gets it (the pool retries the checkout on ``DisconnectionError``). A
    connection that breaks while in busy use fails its statement as before: the driver's error is
    a disconnect, the connection is invalidated, and the caller's ``OperationalError`` says
    "nothing committed, retry" (award_shared.store.driver.driver_cursor)."""
    dialect = engine.dialect

    def checkin(dbapi_connection, record):
        if record is not None:
            record.info[_IDLE_SINCE] = time.monotonic()

    def checkout(dbapi_connection, record, proxy):
        # a ping that found its connection dead was a round trip all the same: the connection made
        # in its place (its record's info cleared) counts it
        failed = proxy.__dict__.pop("_award_ping_failed", False)
        idle_since = record.info.pop(_IDLE_SINCE, None)
        if idle_since is None or time.monotonic() - idle_since < PING_AFTER_IDLE_SECONDS:
            record.info[PINGED] = failed
            return
        record.info[PINGED] = True
        try:
            dialect.do_ping(dbapi_connection)
        except dialect.loaded_dbapi.Error as exc:
            proxy._award_ping_failed = True
            # one dead after a quiet spell: the server likely restarted, and the others with it
            raise sa.exc.InvalidatePoolError(f"a pooled connection was lost while idle: {exc}") from exc

    event.listen(engine, "checkin", checkin)
    event.listen(engine, "checkout", checkout)


def fold_begin(conn, cursor, statement, parameters, context, executemany):
    """A statement SQLAlchemy runs first in a unit of work that begins its own transaction
    (:func:`award_shared.store.driver.own_transaction`) carries the ``BEGIN``."""
    if conn.info.get(DEFERRED):  # deferred writes go before it, in a round trip of their own
        flush_deferred(conn, cursor)
    if conn.info.get(BEGIN_PENDING):
        if executemany:  # one statement per row: the BEGIN goes alone
            conn.info[BEGIN_PENDING] = False
            cursor.execute("BEGIN")
        else:
            statement = with_begin(conn.info, statement)
    return statement, parameters


def _begin_immediate(conn):
    """SQLite's ``BEGIN IMMEDIATE`` (the module's docstring says why), on the driver's cursor:
    every call and every inbox batch begins a transaction, and through ``exec_driver_sql`` an
    empty one cost ≈30 µs against ≈17–22."""
    driver_cursor(conn, "BEGIN IMMEDIATE", ()).close()


def _sqlite_on_connect(dbapi_conn, _record):
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def _ensure_sqlite_dir(url):
    path = sa.engine.make_url(url).database
    if path and path != ":memory:":
        directory = os.path.dirname(os.path.abspath(path))
        os.makedirs(directory, exist_ok=True)


class TransactionGate:
    """Serialises transactions where the database needs it (SQLite: one connection).

    On PostgreSQL the gate is open: the pool and row locks do the work.
    """

    def __init__(self, serial):
        self.serial = serial
        if serial:
            from eventlet.semaphore import Semaphore
            self._sem = Semaphore(1)

    @contextlib.contextmanager
    def __call__(self):
        if not self.serial:
            yield
            return
        with self._sem:
            yield


def keyed_update(table, *columns):
    """``UPDATE table SET … WHERE column = :key_column AND …``, built once: executed with
    parameters — ``session.execute(stmt, {"key_id": …, "status": …})`` — its SET clause is the
    other parameters' columns. Built per call with literal ``.values(…)``, each literal is
    coerced and cache-keyed: on SQLite ≈160 µs against ≈45 µs for a three-column update (an
    insert of an application's 26 columns, ≈600 against ≈120 µs given as parameters)."""
    return table.update().where(*(table.c[column] == sa.bindparam(f"key_{column}") for column in columns))


_NAMES = weakref.WeakKeyDictionary()  # statement -> the parameter names it takes


def _refuse_unknown_names(conn, statement, multiparams, params, execution_options):
    """An INSERT or UPDATE given its values as parameters writes the columns they name, and
    SQLAlchemy ignores any other name — a misspelt column would be dropped without a word
    (with literal ``.values(…)`` it is refused). Refused here: ``KeyError`` naming it."""
    if not isinstance(statement, (sa.Insert, sa.Update)) or not (multiparams or params):
        return
    names = _NAMES.get(statement)
    if names is None:
        names = _NAMES[statement] = frozenset(statement.table.c.keys()) | {
            element.key for element in visitors.iterate(statement) if isinstance(element, sa.BindParameter)}
    for row in multiparams or (params,):
        unknown = row.keys() - names
        if unknown:
            raise KeyError(f"{statement.table.name}: not a column or parameter of this statement: "
                           f"{', '.join(sorted(unknown))}")
