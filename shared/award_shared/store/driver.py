"""Statements sent straight to the DB-API driver, inside the unit of work's transaction:
the ones every event and every call make (replica inserts, ``Prepared`` reads and updates,
advisory locks, the kit's bookkeeping in ``kit_writes``), built once per engine, with
SQLAlchemy's errors all the same (:func:`driver_cursor`).
"""
import contextlib
import zlib

import sqlalchemy as sa

from award_shared.store import counts


class DriverStatement:
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


def driver_cursor(conn, sql, args, count=True):
    """Run ``sql`` on the driver's own cursor of ``conn`` (its transaction begun) and return
    the cursor, to read and close (``with contextlib.closing(…)``). No execution context, no
    result object: for a statement that returns rows, building SQLAlchemy's result metadata
    alone takes about twice as long as SQLite takes to run an inbox claim.

    Errors are SQLAlchemy's all the same: a driver error is raised as the matching
    ``sqlalchemy.exc`` class, and a lost connection is invalidated so the pool does not
    hand it out again."""
    dialect = conn.dialect
    fairy = conn.connection
    dbapi_conn = fairy.dbapi_connection
    counted = fairy.info.get(counts.KEY) if count else None  # the unit of work's (award_shared.store.counts)
    if fairy.info.get(DEFERRED):  # writes nobody reads the answer of: sent in this round trip
        sql, args = _with_deferred(fairy.info, dbapi_conn, sql, args), None
    if fairy.info.get(BEGIN_PENDING):
        sql = with_begin(fairy.info, sql)
    cursor = None
    try:
        cursor = dbapi_conn.cursor()
        if counted is None:
            cursor.execute(sql, args)
        else:
            counted.start()
            cursor.execute(sql, args)
            counted.stop()
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


def insert_if_absent(session, table, **values):
    """Insert a row unless its primary key exists; True if this call inserted it.

    Two workers applying copies of the same fact at once (redelivery, prefetch) both reach
    here; the database, not a prior read, decides which one wins — and a conflict raises
    nothing, so it never aborts the surrounding transaction.
    """
    conn = connection_of(session)
    names = tuple(sorted(values))

    def build(placeholder):
        return DriverStatement(
            f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({', '.join([placeholder] * len(names))}) "
            "ON CONFLICT DO NOTHING", DriverStatement.converters_for(table, names, conn.dialect))

    stmt = DriverStatement.get(("if_absent", table.name, names), conn.dialect, build)
    with contextlib.closing(driver_cursor(conn, stmt.sql, stmt.params([values[n] for n in names]))) as cursor:
        return cursor.rowcount == 1


def advisory_lock(session, name, shared=False):
    """Hold a named lock until the transaction ends (PostgreSQL advisory lock).

    For a check-then-write that no unique index can express: two transactions on the same
    ``name`` run one after the other. SQLite needs none: its one-writer gate serialises
    every transaction.
    """
    advisory_locks(session, [(name, shared)])


def advisory_locks(session, locks):
    """:func:`advisory_lock` for each ``(name, shared)`` of ``locks``, taken in their order in ONE
    statement (one round trip: a transition guarded against holds takes two, a submission three)."""
    conn = connection_of(session)  # the transaction, begun: the locks last until it ends
    if conn.dialect.name != "postgresql" or not locks:
        return
    calls = ", ".join("pg_advisory_xact_lock_shared(%s)" if shared else "pg_advisory_xact_lock(%s)"
                      for _, shared in locks)
    keys = tuple(zlib.crc32(name.encode()) - 2**31 for name, _ in locks)  # signed 32-bit keys
    driver_cursor(conn, f"SELECT {calls}", keys).close()


# -- PostgreSQL: a unit of work's BEGIN sent with its first statement ---------------------------

BEGIN_PENDING = "award_begin_pending"  # in a pooled connection's info: its unit of work has not begun yet


def own_transaction(conn):
    """PostgreSQL: the unit of work holding ``conn`` begins and ends its transaction itself.
    psycopg2 sends ``BEGIN`` in a round trip of its own before a transaction's first statement;
    here the driver is put in autocommit and the first statement goes as ``BEGIN; <statement>``,
    one round trip (:func:`with_begin`; SQLAlchemy's statements through
    :func:`award_shared.store.db.fold_begin`), and :func:`end_transaction` commits or rolls back.
    The transaction is the same — every statement of the unit of work inside it, ``COMMIT``
    waiting for the WAL flush as before (``synchronous_commit`` untouched); :func:`give_back`
    ends whatever is left and gives the pool its connection as it lent it."""
    conn.connection.dbapi_connection.autocommit = True
    conn.info[BEGIN_PENDING] = True


def with_begin(info, sql):
    """``sql`` with the transaction's ``BEGIN`` before it, once (the first statement)."""
    info[BEGIN_PENDING] = False
    counted = info.get(counts.KEY)
    if counted is not None:
        counted.begin_folded = True
    return (b"BEGIN; " if isinstance(sql, bytes) else "BEGIN; ") + sql


DEFERRED = "award_deferred"  # in a pooled connection's info: writes waiting for the next round trip


def defer(conn, sql, args):
    """PostgreSQL, in a unit of work that owns its transaction: send this write with the
    transaction's next round trip — the next statement's, or the ``COMMIT``'s — for a write whose
    answer nobody reads (the audit row). It is inside the transaction all the same, before any
    statement that follows it (a savepoint's release or rollback included); a failure of it is
    reported by the statement it went with."""
    cursor = conn.connection.dbapi_connection.cursor()
    try:
        text = cursor.mogrify(sql, args)
    finally:
        cursor.close()
    conn.info.setdefault(DEFERRED, []).append(text)


def _with_deferred(info, dbapi_conn, sql, args):
    """``sql`` (with its values, bound here) after the deferred writes, as one text; the writes
    counted as statements that took no round trip of their own."""
    pending, info[DEFERRED] = info[DEFERRED], []
    cursor = dbapi_conn.cursor()
    try:
        main = cursor.mogrify(sql, args) if args is not None else (sql.encode() if isinstance(sql, str) else sql)
    finally:
        cursor.close()
    counted = info.get(counts.KEY)
    if counted is not None:
        counted.statements += len(pending)
        counted.folded += len(pending)
    return b"; ".join(pending + [main])


def flush_deferred(conn, cursor):
    """The deferred writes alone, now (before a statement SQLAlchemy sends, which cannot take
    them: one round trip, as each took before, the BEGIN with them if it is still to go)."""
    info = conn.info
    pending, info[DEFERRED] = info.get(DEFERRED) or [], []
    if not pending:
        return
    counted = info.get(counts.KEY)
    if counted is not None:
        counted.statements += len(pending)
        counted.folded += len(pending) - 1
    sql = b"; ".join(pending)
    if info.get(BEGIN_PENDING):
        sql = with_begin(info, sql)
    cursor.execute(sql)


def in_transaction_at_server(conn):
    """Has the server a transaction open on ``conn`` (or one failed, waiting for its ROLLBACK)?
    libpq knows without asking the server."""
    dbapi_conn = conn.connection.dbapi_connection
    return dbapi_conn.info.transaction_status != 0  # psycopg2.extensions.TRANSACTION_STATUS_IDLE


def end_transaction(conn, verb):
    """``COMMIT`` or ``ROLLBACK`` the transaction :func:`own_transaction` began, if it began;
    errors as SQLAlchemy's (a lost connection invalidated)."""
    pending = conn.info.pop(DEFERRED, None)
    if verb == "COMMIT" and pending:  # the deferred writes, then COMMIT: one round trip
        conn.info[DEFERRED] = pending
        driver_cursor(conn, "COMMIT", None, count=False).close()
        conn.info[BEGIN_PENDING] = False
        return
    conn.info[BEGIN_PENDING] = False
    if in_transaction_at_server(conn):
        driver_cursor(conn, verb, (), count=False).close()


def give_back(conn):
    """Before ``conn`` goes back to the pool: no transaction left open, the driver as the pool
    lent it (not in autocommit). A connection that cannot say so is not reused."""
    if conn.closed or conn.invalidated:
        return
    conn.info.pop(BEGIN_PENDING, None)
    conn.info.pop(DEFERRED, None)
    try:
        if in_transaction_at_server(conn):
            end_transaction(conn, "ROLLBACK")
        conn.connection.dbapi_connection.autocommit = False
    except Exception:  # noqa: BLE001 - whatever went wrong, this connection is not handed out again
        conn.invalidate()
