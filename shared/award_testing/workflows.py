"""The fast rung of tests: a workflow run against a unit of work built from plain values —
SQLite in memory, a clock that says what the test says, no broker, no container, no HTTP.

    from award_testing.workflows import published, received, unit_of_work

    def test_a_decision_revokes_the_award():
        tx = unit_of_work("revocation", tables.ALL, now="2020-06-30T10:00:00+08:00")
        with tx:
            replicas.record_granted(tx, received(events.AwardGranted(**granted)))
        with tx:
            decisions.decide(tx, case_id, principal, body)
        assert [e["type"] for e in published(tx)] == ["award.revoked"]

The unit of work is the kit's own (:class:`award_shared.store.uow.Work`): what a workflow
writes — its state, its outbox, its audit — is written as in a running service, in one
transaction per ``with tx:``; only the relay, which would carry the outbox to the broker, is
absent. A test takes milliseconds; the service tests and the suite tests stay the rungs
that prove the wiring, the bus and PostgreSQL.
"""
import contextlib
import json
from datetime import datetime, timedelta

import sqlalchemy as sa

from award_rules.clock import BEIJING, BusinessClock, parse_instant
from award_shared.events import envelope
from award_shared.store import db
from award_shared.store.uow import Work

#: The moment a unit of work says it is, unless told otherwise.
DEFAULT_NOW = datetime(2019, 5, 6, 9, 0, tzinfo=BEIJING)


class FixedClock(BusinessClock):
    """The service's own business clock in its ``fixed`` mode — ``now()`` in UTC,
    ``today_beijing()``, the same bounds — stopped at ``at`` until a test moves it
    (``advance(days=5)`` or ``set("2021-07-01T09:00:00+08:00")``)."""

    def __init__(self, at):
        super().__init__("fixed", parse_instant(at) if isinstance(at, str) else at)

    @property
    def at(self):
        return self.now()

    def advance(self, **delta):
        self.set(self.now() + timedelta(**delta))
        return self.now()


class MemoryDatabase:
    """One SQLite database in memory holding ``metadata``'s tables; one connection, no gate."""

    def __init__(self, metadata):
        self.engine = db.make_engine("sqlite://")
        for meta in metadata:
            meta.create_all(self.engine)

    def gate(self):
        return contextlib.nullcontext()


def unit_of_work(service, metadata, *, now=None, actor=None, call=None, config=None):
    """A :class:`~award_shared.store.uow.Work` of ``service`` over a fresh in-memory database of
    ``metadata`` (a service's ``tables.ALL``); ``now``: a datetime or ISO text (default
    :data:`DEFAULT_NOW`), then ``tx.clock.advance(...)``."""
    return Work(service=service, database=MemoryDatabase(metadata), clock=FixedClock(now or DEFAULT_NOW),
                relay=None, config=config or {}, call=call, actor=actor)


def received(event, *, tx=None, source=None, sequence=1, time=None, event_id=None):
    """``event`` (a value of an event class) as a consumer receives it from ``source`` (default:
    its first declared publisher), sent at ``time`` — default: now on ``tx``'s clock, else
    :data:`DEFAULT_NOW`."""
    source = source or event.declaration.publishers[0]
    time = time or (tx.now() if tx is not None else DEFAULT_NOW)
    body = envelope.build(service=source, event_type=event.type, subject=event.subject, data=event.data,
                          cycle_id=event.cycle_id, sequence=sequence, event_id=event_id, time=time)
    decoded = envelope.decode(json.dumps(body, ensure_ascii=False, default=str).encode(),
                              {event.type: event.Schema()})
    return type(event).received(decoded)


def published(tx, event_type=None):
    """The envelopes ``tx``'s workflows have committed to the outbox, oldest first (a dict each;
    ``event_type``: only those — an event class, or its routing key)."""
    event_type = getattr(event_type, "type", event_type)
    with tx.database.engine.connect() as conn:
        query = sa.select(db.outbox.c.body).order_by(db.outbox.c.id)
        if event_type is not None:
            query = query.where(db.outbox.c.type == event_type)
        return [json.loads(body) for body in conn.execute(query).scalars()]


def audited(tx, action=None):
    """The audit records committed through ``tx``, oldest first (``detail`` as the JSON text stored)."""
    with tx.database.engine.connect() as conn:
        query = sa.select(db.audit_log).order_by(db.audit_log.c.id)
        if action is not None:
            query = query.where(db.audit_log.c.action == action)
        return [dict(row) for row in conn.execute(query).mappings()]


def rows(tx, table, *where):
    """The committed rows of ``table`` (dicts), outside any unit of work."""
    with tx.database.engine.connect() as conn:
        return [dict(row) for row in conn.execute(sa.select(table).where(*where)).mappings()]


@contextlib.contextmanager
def acting_as(tx, subject):
    """Audit what ``tx`` does inside as done by ``subject`` (a token's ``sub``), as a call of that
    principal would be audited in the running service."""
    previous, tx._actor = tx._actor, subject
    try:
        yield tx
    finally:
        tx._actor = previous
