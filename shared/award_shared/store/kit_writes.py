"""The kit's own bookkeeping writes on its tables, on the driver's cursor: the inbox's claim
of a batch of consumed events, the relay's record of what the broker confirmed, and the next
``sequence`` of a subject's published event."""
import contextlib

from award_shared.store.db import inbox, outbox
from award_shared.store.driver import DriverStatement, connection_of, driver_cursor

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
