"""Staging events in the outbox (issue 37): on PostgreSQL the outbox row and the relay's wake-up
go with the transaction's next round trip (the COMMIT's, for the last event of a call), and
``tx.publish_all`` stages many events with one statement for their sequences and one for their
rows — on a real database of each engine. What must not change: an event's sequence is its
subject's next, in staging order; a transaction that fails leaves no outbox row (nothing is
relayed) and takes no sequence number."""

import pytest
import sqlalchemy as sa

from award_shared import events
from award_shared.store import db
from award_shared.store.uow import Work
from award_testing.workflows import DEFAULT_NOW, FixedClock
from kit_database import Database


@pytest.fixture
def database(database_url_factory):
    found = Database(database_url_factory("staging"))
    yield found
    found.engine.dispose()


def work(database):
    return Work(service="scoring", database=database, clock=FixedClock(DEFAULT_NOW), relay=None, config={})


def closed(cycle_id, step="material_review"):
    return events.CycleStepClosed(cycle_id=cycle_id, step=step, at=DEFAULT_NOW.isoformat())


def outbox(database):
    with database.engine.connect() as conn:
        return [(row.subject, row.body) for row in conn.execute(sa.select(db.outbox).order_by(db.outbox.c.id))]


def sequences(database):
    with database.engine.connect() as conn:
        return dict(conn.execute(sa.select(db.event_sequences.c.subject, db.event_sequences.c.last)).all())


def test_many_events_are_staged_in_order_each_with_its_subjects_next_sequence(database):
    with work(database) as tx:
        tx.publish(closed("c-1"))
        staged = tx.publish_all([closed("c-2"), closed("c-1"), closed("c-3"), closed("c-1", "onsite_review")])
        tx.publish_all([])  # nothing to stage: nothing written
    assert [(b["subject"], b["sequence"]) for b in staged] == [("c-2", 1), ("c-1", 2), ("c-3", 1), ("c-1", 3)]
    rows = outbox(database)
    assert [subject for subject, _ in rows] == ["c-1", "c-2", "c-1", "c-3", "c-1"]  # the relay's order: staging's
    assert sequences(database) == {"c-1": 3, "c-2": 1, "c-3": 1}
    with work(database) as tx:  # the next transaction goes on from there
        assert tx.publish(closed("c-3"))["sequence"] == 2


def test_a_transaction_that_fails_after_staging_leaves_no_outbox_row_and_takes_no_sequence(database):
    """PostgreSQL: the outbox rows are sent with the COMMIT, and a deferred write that fails there
    (an audit row too long for its column) fails the COMMIT — the caller sees the error, nothing is
    kept. SQLite (nothing deferred): a failure inside the unit of work rolls it back the same."""
    remote = database.engine.dialect.name == "postgresql"
    with work(database) as tx:
        tx.publish(closed("c-9"))
    with pytest.raises(sa.exc.DataError if remote else RuntimeError):
        with work(database) as tx:
            tx.publish(closed("c-9"))
            tx.publish_all([closed("c-8"), closed("c-9", "onsite_review")])
            if remote:
                tx.audit("x" * 201)  # action is 200 characters at most: refused with the COMMIT
            else:
                raise RuntimeError("the handler failed after staging")
    assert [subject for subject, _ in outbox(database)] == ["c-9"]
    assert sequences(database) == {"c-9": 1}
    with work(database) as tx:  # the connection went back to the pool usable
        assert tx.publish(closed("c-9"))["sequence"] == 2
