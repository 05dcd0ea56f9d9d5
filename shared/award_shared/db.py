"""Database engines and the kit's own tables (outbox, inbox, dead letters, audit log,
event sequences, holds), shared by every service's migrations.

SQLite (the embedded default) runs in WAL mode on ONE connection guarded by a green lock
for the whole of each transaction, with ``BEGIN IMMEDIATE``: its driver blocks eventlet's
hub, so two connections waiting on each other's lock would stall every green thread.
PostgreSQL runs through psycopg2 with psycogreen, so queries yield to other green threads.
"""
import contextlib
import os
import weakref
import zlib
from datetime import timezone

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.pool import StaticPool
from sqlalchemy.sql import visitors


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
)

audit_log = sa.Table(
    "audit_log", KIT,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", Instant(), nullable=False),
    sa.Column("actor", sa.String(200), nullable=False),
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
        engine = sa.create_engine(url, pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=True)
    event.listen(engine, "before_execute", _refuse_unknown_names)
    return engine


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


class _DriverStatement:
    """A statement sent straight to the driver with each column type's own converters.

    Through a Session, SQLAlchemy spends about as long preparing a one-row insert as
    SQLite takes to run it (parameters processed one by one, an execution context per
    call). The inbox writes a row for every consumed event and handlers another, so those
    statements are built once per (statement, engine) here, with the converters that the
    column types would apply, and handed to the driver as they are.
    """
    _built = {}

    def __init__(self, sql, converters):
        self.sql = sql
        self._converted = [(i, c) for i, c in enumerate(converters) if c is not None]

    @classmethod
    def get(cls, key, dialect, build):
        stmt = cls._built.get((key, dialect.name))
        if stmt is None:
            stmt = cls._built[(key, dialect.name)] = build("?" if dialect.paramstyle == "qmark" else "%s")
        return stmt

    @staticmethod
    def converters_for(table, names, dialect):
        return tuple(table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in names)

    def params(self, values):
        values = list(values)
        for i, convert in self._converted:  # most columns (text, integers) need no converting
            values[i] = convert(values[i])
        return tuple(values)


def driver_cursor(conn, sql, args):
    """Run ``sql`` on the driver's own cursor of ``conn`` (its transaction begun) and return
    the cursor, to read and close (``with contextlib.closing(…)``). No execution context, no
    result object: for a statement that returns rows, building SQLAlchemy's result metadata
    alone takes about twice as long as SQLite takes to run an inbox claim.

    Errors are SQLAlchemy's all the same: a driver error is raised as the matching
    ``sqlalchemy.exc`` class, and a lost connection is invalidated so the pool does not
    hand it out again."""
    dialect = conn.dialect
    dbapi_conn = conn.connection.dbapi_connection
    cursor = None
    try:
        cursor = dbapi_conn.cursor()
        cursor.execute(sql, args)
    except dialect.loaded_dbapi.Error as exc:
        lost = dialect.is_disconnect(exc, dbapi_conn, cursor)
        if cursor is not None:
            with contextlib.suppress(dialect.loaded_dbapi.Error):
                cursor.close()
        if lost:
            conn.invalidate(exc)
        raise sa.exc.DBAPIError.instance(sql, args, exc, dialect.loaded_dbapi.Error,
                                         connection_invalidated=lost, dialect=dialect) from exc
    return cursor


def connection_of(executor):
    """The Connection behind ``executor`` — the unit of work's own (``tx.session`` is a
    Connection) or an ORM Session's — with its transaction begun: a statement sent to the
    driver directly must run inside it (SQLite's driver would otherwise commit it alone, and
    PostgreSQL's transaction would be one SQLAlchemy never commits)."""
    if isinstance(executor, sa.engine.Connection):
        if not executor.in_transaction():
            executor.begin()
        return executor
    return executor.connection()


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


def insert_if_absent(session, table, **values):
    """Insert a row unless its primary key exists; True if this call inserted it.

    Two workers applying copies of the same fact at once (redelivery, prefetch) both reach
    here; the database, not a prior read, decides which one wins — and a conflict raises
    nothing, so it never aborts the surrounding transaction.
    """
    conn = connection_of(session)
    names = tuple(sorted(values))

    def build(placeholder):
        return _DriverStatement(
            f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({', '.join([placeholder] * len(names))}) "
            "ON CONFLICT DO NOTHING", _DriverStatement.converters_for(table, names, conn.dialect))

    stmt = _DriverStatement.get(("if_absent", table.name, names), conn.dialect, build)
    with contextlib.closing(driver_cursor(conn, stmt.sql, stmt.params([values[n] for n in names]))) as cursor:
        return cursor.rowcount == 1


_INBOX_COLUMNS = ("event_id", "type", "source", "subject", "sequence", "received_at")
_CHUNK = 500  # rows (or ids) per statement: at most 3,000 parameters, far below either engine's limit


def claim_inbox(session, events, received_at):
    """Record consumed ``events`` in the inbox in one statement per 500; returns the ids
    this call inserted (the others were consumed before: duplicates).

    Rows go in id order, so two PostgreSQL transactions claiming overlapping batches take
    their row locks in the same order and wait for each other instead of deadlocking.
    """
    conn = connection_of(session)
    dialect = conn.dialect
    unique = sorted({event.id: event for event in events}.values(), key=lambda e: e.id)
    at = _DriverStatement.converters_for(inbox, ("received_at",), dialect)[0]
    at = at(received_at) if at else received_at  # one instant for the batch: converted once
    claimed = set()
    for start in range(0, len(unique), _CHUNK):
        chunk = unique[start:start + _CHUNK]

        def build(placeholder, rows=len(chunk)):
            row = "(" + ", ".join([placeholder] * len(_INBOX_COLUMNS)) + ")"
            return _DriverStatement(
                f"INSERT INTO inbox ({', '.join(_INBOX_COLUMNS)}) VALUES {', '.join([row] * rows)} "
                "ON CONFLICT DO NOTHING RETURNING event_id",
                _DriverStatement.converters_for(inbox, _INBOX_COLUMNS[:-1], dialect) + (None,))  # row 1's

        stmt = _DriverStatement.get(("claim", len(chunk)), dialect, build)
        values = []
        for event in chunk:
            values += stmt.params((event.id, event.type, event.source_service, event.subject, event.sequence, at))
        with contextlib.closing(driver_cursor(conn, stmt.sql, tuple(values))) as cursor:
            claimed.update(row[0] for row in cursor.fetchall())
    return claimed


def mark_outbox_sent(session, ids, sent_at):
    """Mark the outbox rows ``ids`` sent at ``sent_at``: the relay's record of what the broker
    confirmed, one statement per 500 ids, on the driver's cursor (an expanding ``IN`` list
    through SQLAlchemy is rendered again at every execution)."""
    conn = connection_of(session)
    dialect = conn.dialect
    at = _DriverStatement.converters_for(outbox, ("sent_at",), dialect)[0]
    at = at(sent_at) if at else sent_at
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start:start + _CHUNK]

        def build(placeholder, n=len(chunk)):
            return _DriverStatement(
                f"UPDATE outbox SET sent_at = {placeholder} WHERE id IN ({', '.join([placeholder] * n)})", ())

        stmt = _DriverStatement.get(("mark_sent", len(chunk)), dialect, build)
        driver_cursor(conn, stmt.sql, (at, *chunk)).close()


def advisory_lock(session, name, shared=False):
    """Hold a named lock until the transaction ends (PostgreSQL advisory lock).

    For a check-then-write that no unique index can express: two transactions on the same
    ``name`` run one after the other. SQLite needs none: its one-writer gate serialises
    every transaction.
    """
    conn = connection_of(session)  # the transaction, begun: the lock lasts until it ends
    if conn.dialect.name != "postgresql":
        return
    key = zlib.crc32(name.encode()) - 2**31  # a signed 32-bit key
    fn = "pg_advisory_xact_lock_shared" if shared else "pg_advisory_xact_lock"
    driver_cursor(conn, f"SELECT {fn}(%s)", (key,)).close()  # a guard takes two per transition


#: A reserved row of ``event_sequences``: a subject seen for the first time starts above it.
#: Zero (absent) normally; a restore from a backup raises it past anything the service may have
#: published since the dump (award_shared.backup), so no subscriber sees a number twice.
SEQUENCE_FLOOR = "__floor__"


def _next_sequence_statement(placeholder):
    return _DriverStatement(
        f"INSERT INTO event_sequences (subject, last) VALUES ({placeholder}, "
        f"COALESCE((SELECT f.last FROM event_sequences f WHERE f.subject = {placeholder}), 0) + 1) "
        "ON CONFLICT (subject) DO UPDATE SET last = event_sequences.last + 1 RETURNING last", (None, None))


def next_sequence(session, subject):
    """The next ``sequence`` for ``subject``, atomically, inside the caller's transaction.

    One statement for both engines, on the driver's cursor (:func:`driver_cursor`): every
    published event takes one, and SQLAlchemy's result object for its ``RETURNING`` cost
    more than the statement.
    """
    conn = connection_of(session)
    stmt = _DriverStatement.get(("next_sequence",), conn.dialect, _next_sequence_statement)
    with contextlib.closing(driver_cursor(conn, stmt.sql, (subject, SEQUENCE_FLOOR))) as cursor:
        return cursor.fetchone()[0]
