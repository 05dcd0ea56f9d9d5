"""The kit's own bookkeeping writes on its tables, on the driver's cursor: the inbox's claim
of a batch of consumed events, the relay's record of what the broker confirmed, the next
``sequence`` of a subject's published event (of many subjects' at once), and rows inserted
many to a statement (:func:`insert_rows`: the outbox's, a stage close's results)."""
import collections
import contextlib

from award_shared.store.db import inbox, outbox
from award_shared.store.driver import DriverStatement, connection_of, defer, driver_cursor

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
    at = DriverStatement.converters_for(inbox, ("received_at",), dialect)[0]
    at = at(received_at) if at else received_at  # one instant for the batch: converted once
    claimed = set()
    for start in range(0, len(unique), _CHUNK):
        chunk = unique[start:start + _CHUNK]

        def build(placeholder, rows=len(chunk)):
            row = "(" + ", ".join([placeholder] * len(_INBOX_COLUMNS)) + ")"
            return DriverStatement(
                f"INSERT INTO inbox ({', '.join(_INBOX_COLUMNS)}) VALUES {', '.join([row] * rows)} "
                "ON CONFLICT DO NOTHING RETURNING event_id",
                DriverStatement.converters_for(inbox, _INBOX_COLUMNS[:-1], dialect) + (None,))  # row 1's

        stmt = DriverStatement.get(("claim", len(chunk)), dialect, build)
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
    at = DriverStatement.converters_for(outbox, ("sent_at",), dialect)[0]
    at = at(sent_at) if at else sent_at
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start:start + _CHUNK]

        def build(placeholder, n=len(chunk)):
            return DriverStatement(
                f"UPDATE outbox SET sent_at = {placeholder} WHERE id IN ({', '.join([placeholder] * n)})", ())

        stmt = DriverStatement.get(("mark_sent", len(chunk)), dialect, build)
        driver_cursor(conn, stmt.sql, (at, *chunk)).close()


#: A reserved row of ``event_sequences``: a subject seen for the first time starts above it.
#: Zero (absent) normally; a restore from a backup raises it past anything the service may have
#: published since the dump (award_tools.backup), so no subscriber sees a number twice.
SEQUENCE_FLOOR = "__floor__"


def _next_sequence_statement(placeholder):
    return DriverStatement(
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
    stmt = DriverStatement.get(("next_sequence",), conn.dialect, _next_sequence_statement)
    with contextlib.closing(driver_cursor(conn, stmt.sql, (subject, SEQUENCE_FLOOR))) as cursor:
        return cursor.fetchone()[0]


def _next_sequences_statement(rows):
    def build(placeholder):
        row = f"({placeholder}, COALESCE((SELECT f.last FROM event_sequences f WHERE f.subject = {placeholder}), 0) + 1)"
        return DriverStatement(
            f"INSERT INTO event_sequences (subject, last) VALUES {', '.join([row] * rows)} "
            "ON CONFLICT (subject) DO UPDATE SET last = event_sequences.last + 1 RETURNING subject, last", ())
    return build


def next_sequences(session, subjects):
    """The next ``sequence`` of each of ``subjects`` (a list; a subject may repeat, each
    occurrence taking the next number), atomically, inside the caller's transaction: one
    statement per 500 distinct subjects, where :func:`next_sequence` takes one per event — a
    stage close publishes an event for each of a cycle's applications. Returns the numbers in
    the order of ``subjects``."""
    conn = connection_of(session)
    taken = collections.defaultdict(list)  # subject -> its numbers, in order
    rounds = collections.Counter(subjects)  # a subject twice: the second in the next round (one row a round)
    pending = list(dict.fromkeys(subjects))
    while pending:
        for start in range(0, len(pending), _CHUNK):
            chunk = pending[start:start + _CHUNK]
            stmt = DriverStatement.get(("next_sequences", len(chunk)), conn.dialect, _next_sequences_statement(len(chunk)))
            values = []
            for subject in chunk:
                values += (subject, SEQUENCE_FLOOR)
            with contextlib.closing(driver_cursor(conn, stmt.sql, tuple(values))) as cursor:
                for subject, last in cursor.fetchall():
                    taken[subject].append(last)
        for subject in pending:
            rounds[subject] -= 1
        pending = [subject for subject in pending if rounds[subject] > 0]
    order = {subject: iter(numbers) for subject, numbers in taken.items()}
    return [next(order[subject]) for subject in subjects]


def insert_rows(session, table, columns, rows, deferred=False):
    """Insert ``rows`` (tuples of the ``columns``' values) into ``table``, 500 to a statement, on
    the driver's cursor with each column type's converters. ``deferred`` (PostgreSQL, in a unit of
    work that owns its transaction): sent with the transaction's next round trip
    (:func:`award_shared.store.driver.defer`), for rows whose insert nobody reads the answer of."""
    conn = connection_of(session)
    dialect = conn.dialect
    for start in range(0, len(rows), _CHUNK):
        chunk = rows[start:start + _CHUNK]

        def build(placeholder, n=len(chunk)):
            row = "(" + ", ".join([placeholder] * len(columns)) + ")"
            return DriverStatement(f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES {', '.join([row] * n)}",
                                   DriverStatement.converters_for(table, columns, dialect) * n)

        stmt = DriverStatement.get(("insert_rows", table.name, tuple(columns), len(chunk)), dialect, build)
        values = stmt.params([value for row in chunk for value in row])
        if deferred:
            defer(conn, stmt.sql, values)
        else:
            driver_cursor(conn, stmt.sql, values).close()
