"""The unit of work: one SQLAlchemy connection per worker that commits a service's state
change, its outgoing events (outbox), the consumed event's id (inbox) and the audit
record in ONE transaction — inside the entrypoint.

nameko acks an event, and sends an HTTP response, *before* any dependency's
``worker_result`` runs (docs/nameko.md, 1), so committing there would answer 201 for a
change that may never commit. The transaction therefore opens and commits inside the
entrypoint — by construction: ``@api``, ``@consume`` and ``@every`` run the method as::

    with self.uow as tx:
        method(self, tx, ...)   # ...; tx.publish(events.CycleOpened(cycle_id=cycle_id, ...))

(``@consume`` through ``self.uow.apply(event, handler)``, which records the event in the
inbox in the same transaction). Teardown only closes.
"""
import collections
import contextlib
import json
import logging
import time
from datetime import datetime, timezone

from award_shared import metrics, tracing
from award_shared.events import envelope, fastload
from award_shared.events.declare import Event
from award_shared.events.schemas import DATA_SCHEMAS, PUBLIC_EVENT_TYPES
from award_shared.store import counts as db_counts, db, driver, kit_writes, outbox_notify, rows
from award_shared.store.prepared import KeyedUpdate, Prepared

log = logging.getLogger(__name__)

# built once and run through the driver (award_shared.store.prepared): every write audits, most publish
_AUDIT_INSERT = Prepared(db.audit_log.insert(), columns=("at", "actor", "actor_name", "roles", "action", "target", "reason", "detail"))
_OUTBOX_COLUMNS = ("event_id", "type", "subject", "body", "created_at")  # kit_writes.insert_rows


class Work:
    """One worker's transaction. Re-entrant use opens a new transaction each time.

    ``call``: the :class:`~award_shared.web.http.ApiCall` an HTTP worker serves (its actor is
    audited), None elsewhere; ``actor``: who acts when there is no call.
    """

    def __init__(self, *, service, database, clock, relay, config, call=None, actor=None):
        self.service = service
        self.database = database
        self.clock = clock
        self.relay = relay
        self.config = config  # the service's config.yaml, with the environment's overrides
        self.call = call
        self.session = None  # the transaction's Connection (see __enter__)
        self.current_batch = None  # the inbox batch this worker is applying, if any
        self._actor = actor
        self._gate_cm = None
        self._counts = None
        self._own = False  # PostgreSQL: this unit of work begins and ends its transaction itself
        self._published = 0
        self._audited = False
        self._transitions = collections.Counter()
        self._after_commit = []

    # -- transaction ------------------------------------------------------------
    def __enter__(self):
        if self.session is not None:
            raise RuntimeError("a unit of work is already open in this worker")
        self._gate_cm = self.database.gate()
        self._gate_cm.__enter__()
        try:
            # A Core Connection, not an ORM Session: the workflows run Core statements only, and
            # a Session's begin, commit and close cost about twice a Connection's on every call
            # and every consumed batch. The transaction begins at the first statement (autobegin:
            # SQLite's BEGIN IMMEDIATE then), so a unit of work that reads nothing takes no lock.
            # The attribute keeps its name: ``tx.session.execute(...)`` reads as before.
            started = time.perf_counter()
            self.session = self.database.engine.connect()
            self._counts = db_counts.Counts()  # where the time goes (award_shared.store.counts)
            self._counts.connect_seconds = time.perf_counter() - started
            self._counts.pinged = self.session.connection.info.pop(db.PINGED, False)
            self.session.info[db_counts.KEY] = self._counts
            self._own = self.database.engine.dialect.name == "postgresql"
            if self._own:  # BEGIN sent with the first statement, not in a round trip of its own
                driver.own_transaction(self.session)
        except BaseException:
            self._release()
            raise
        self._published = 0
        self._audited = False
        self._transitions = collections.Counter()
        self._after_commit = []
        return self

    def __exit__(self, exc_type, exc, tb):
        try:
            if exc_type is None:
                self._audit_call()
                started = time.perf_counter()
                self._commit()
                self._counts.commit_seconds = time.perf_counter() - started
            else:
                self._rollback()
        finally:
            self._count_statements(exc_type is None)
            self._release()
        callbacks, self._after_commit = self._after_commit, []
        if exc_type is None:
            self._count_transitions()
            if self._published and self.relay is not None:
                self.relay.wake_after_answer()
            for callback in callbacks:
                callback()
        return False

    def after_commit(self, callback):
        """Call ``callback()`` once this transaction has committed (never if it rolls back): e.g.
        wake the readers waiting for what it wrote. A callback must not raise or block."""
        self._after_commit.append(callback)

    def _rollback(self):
        try:
            if self._own:
                driver.end_transaction(self.session, "ROLLBACK")
        finally:
            self.session.rollback()

    def _commit(self):
        try:
            self.session.commit()  # PostgreSQL: SQLAlchemy's bookkeeping and hooks (the driver in autocommit)...
            if self._own:  # ...then the server's COMMIT: a hook that refuses leaves it uncommitted
                driver.end_transaction(self.session, "COMMIT")
        except BaseException:
            # A commit that fails can leave the driver inside the transaction (SQLite keeps it
            # open after a failed COMMIT) while SQLAlchemy has stopped tracking it, so closing
            # would not roll it back and the next BEGIN would fail: end it at the driver, or
            # drop the connection.
            try:
                if self._own:
                    driver.end_transaction(self.session, "ROLLBACK")
                else:
                    self.session.connection.dbapi_connection.rollback()
            except Exception:  # noqa: BLE001 - a connection that cannot roll back is not reused
                self.session.invalidate()
            raise

    def transition(self, step, outcome, count=1):
        """Count ``count`` subjects moving through ``step`` with ``outcome``
        (``award_step_transitions_total``) once this transaction has committed: a refused or
        rolled-back transition is never counted."""
        self._transitions[(step, outcome)] += count

    def _count_transitions(self):
        transitions, self._transitions = self._transitions, collections.Counter()
        for (step, outcome), count in transitions.items():
            metrics.STEP_TRANSITIONS.labels(self.service, step, outcome).inc(count)

    def _count_statements(self, committed):
        counts, self._counts = self._counts, None
        if counts is None:
            return
        call, engine = self.call, self.database.engine
        db_counts.record(self.service, call.method if call is not None else "", call.route if call is not None else "",
                         counts, committed, engine.dialect.name != "sqlite")

    def _release(self):
        if self.session is not None:
            if self._own:
                driver.give_back(self.session)
            self.session.info.pop(db_counts.KEY, None)
            self.session.close()
            self.session = None
        if self._gate_cm is not None:
            cm, self._gate_cm = self._gate_cm, None
            cm.__exit__(None, None, None)

    def close(self):
        if self.session is not None:
            self._release()

    def now(self):
        return self.clock.now()

    # -- reads and writes: rows as dicts, the driver hidden -----------------------------------
    def first(self, query, params=None):
        """The first row of ``query`` as a mapping, or None. ``query``: a SQLAlchemy statement,
        or one built once (``tables.Prepared``) with its bound ``params``."""
        if isinstance(query, Prepared):
            return query.first(self.session, params)
        return self.session.execute(query, params).mappings().first()

    def all(self, query, params=None):
        """Every row of ``query`` as mappings (a list)."""
        if isinstance(query, Prepared):
            return query.all(self.session, params)
        return self.session.execute(query, params).mappings().all()

    def scalar(self, query, params=None):
        """The first column of the first row of ``query``, or None."""
        if isinstance(query, Prepared):
            row = query.first(self.session, params)
            return next(iter(row.values())) if row else None
        return self.session.execute(query, params).scalar()

    def run(self, statement, params=None):
        """Run a write (an update or delete, or one built once); the number of rows it touched."""
        if isinstance(statement, (Prepared, KeyedUpdate)):
            return statement.run(self.session, params)
        return self.session.execute(statement, params).rowcount

    def write(self, statement, params=None):
        """Run a write whose answer nobody reads (an insert or update built once: ``Prepared`` or
        ``KeyedUpdate``): on PostgreSQL with the transaction's next round trip — the next
        statement's, or the ``COMMIT``'s — as the audit row goes; on SQLite now. It is inside the
        transaction all the same, before any statement that follows it; a failure of it is
        reported by the statement it went with (the ``COMMIT``'s: nothing kept)."""
        if self._own:
            statement.defer(self.session, params)
        else:
            statement.run(self.session, params)

    def insert_rows(self, table, columns, rows):
        """Insert ``rows`` (tuples of the ``columns``' values) into ``table`` many to a statement,
        as :meth:`write` does one (on PostgreSQL with the next round trip)."""
        kit_writes.insert_rows(self.session, table, columns, rows, deferred=self._own)

    def one_or_404(self, query, message, message_en, lock=False, params=None):
        """The row of ``query`` — locked ``FOR UPDATE`` when ``lock`` — or
        :class:`~award_shared.errors.NotFound` with ``message`` (Chinese) / ``message_en``."""
        return rows.one_or_404(self.session, query, message, message_en, lock=lock, params=params)

    def lock(self, name, shared=False):
        """Take the transaction-scoped lock ``name`` (PostgreSQL's advisory lock; SQLite's one
        writer already serialises): two workers doing the same thing one at a time."""
        driver.advisory_lock(self.session, name, shared=shared)

    def lock_all(self, locks):
        """:meth:`lock` for each ``(name, shared)`` of ``locks``, in their order, in one statement."""
        driver.advisory_locks(self.session, locks)

    def savepoint(self):
        """A savepoint inside this transaction (``with tx.savepoint():``): what fails inside it
        is rolled back alone, and the transaction goes on."""
        return self.session.begin_nested()

    def insert_if_absent(self, table, **values):
        """Insert the row unless its key is there already (a redelivered event changes nothing):
        True if it was inserted."""
        return driver.insert_if_absent(self.session, table, **values)

    # -- outbox -----------------------------------------------------------------
    def publish(self, event):
        """Stage ``event`` (an :class:`~award_shared.events.Event`: ``tx.publish(AwardRevoked(...))``);
        it commits with the state change and is relayed after commit. The envelope's subject is
        the event's declared subject field, its cycle the payload's ``cycle_id``. Returns the
        envelope as staged (its ``sequence`` included)."""
        if not isinstance(event, Event) or event.declaration is None:
            raise TypeError(f"tx.publish takes an event value (award_shared.events), not {event!r}")
        return self._stage(event.type, event.subject, event.data, event.data.get("cycle_id"))

    def publish_all(self, events_):
        """Stage many events at once, in their order (``tx.publish_all([...])``): as
        :meth:`publish` does each, but their sequences taken in one statement and their outbox
        rows written in one (per 500) — a stage close publishes one for each application of a
        cycle. Returns the envelopes as staged."""
        events_ = list(events_)
        for event in events_:
            if not isinstance(event, Event) or event.declaration is None:
                raise TypeError(f"tx.publish_all takes event values (award_shared.events), not {event!r}")
        if not events_:
            return []
        for event in events_:  # a payload that breaks its own contract is a bug: fail the transaction
            fastload.load(DATA_SCHEMAS[event.type], event.data)
        sequences = kit_writes.next_sequences(self.session, [str(event.subject) for event in events_])
        bodies = [self._envelope(event.type, event.subject, event.data, event.data.get("cycle_id"), sequence)
                  for event, sequence in zip(events_, sequences)]
        self._write_outbox(bodies)
        return bodies

    def _stage(self, event_type, subject, data, cycle_id):
        schema = DATA_SCHEMAS[event_type]
        fastload.load(schema, data)  # a payload that breaks its own contract is a bug: fail the transaction
        sequence = kit_writes.next_sequence(self.session, str(subject))
        body = self._envelope(event_type, subject, data, cycle_id, sequence)
        self._write_outbox([body])
        return body

    def _envelope(self, event_type, subject, data, cycle_id, sequence):
        body = envelope.build(service=self.service, event_type=event_type, subject=subject,
                              data=data, cycle_id=cycle_id, sequence=sequence, time=self.now())
        if tracing.carried(event_type, PUBLIC_EVENT_TYPES):  # the span it is published in, to its consumers
            tracing.inject(body)
        return body

    def _write_outbox(self, bodies):
        """The outbox rows of ``bodies``, and the first time in this transaction the relay's wake-up.
        On PostgreSQL both go with the transaction's next round trip (the next statement's, or the
        COMMIT's), as the audit row does: nobody reads their answer, and a failure of either is
        reported by the statement it went with, the transaction rolled back (nothing relayed)."""
        now = self.now()
        rows = [(body["id"], body["type"], str(body["subject"]), json.dumps(body, ensure_ascii=False, default=str), now)
                for body in bodies]
        self.insert_rows(db.outbox, _OUTBOX_COLUMNS, rows)
        if not self._published:  # another instance may hold the relay lock: wake its relay at commit
            outbox_notify.notify(self.session, self.service, self.relay.instance if self.relay is not None else "",
                                 deferred=self._own)
        self._published += len(bodies)

    # -- audit ------------------------------------------------------------------
    @property
    def actor_name(self):
        """The display name of the person calling, when their token carries one (else None)."""
        principal = self.call.principal if self.call is not None else None
        name = getattr(principal, "name", None)
        return name[:200] if name else None

    @property
    def actor(self):
        call = self.call
        if call is not None and call.principal is not None:
            return call.principal.sub, ",".join(sorted(call.principal.roles))
        if call is not None:  # no address: a complainant's identity is for supervisors only
            return "public", ""
        if self._actor:
            return self._actor, ""
        return f"system:{self.service}", ""

    def audit(self, action, *, target=None, reason=None, detail=None):
        """Record who did what to which, when and why, in the same transaction."""
        actor, roles = self.actor
        row = {"at": self.now(), "actor": actor, "actor_name": self.actor_name, "roles": roles, "action": action,
               "target": target, "reason": reason,
               "detail": json.dumps(detail, ensure_ascii=False, default=str) if detail is not None else None}
        self.write(_AUDIT_INSERT, row)  # PostgreSQL: with the next round trip (the next statement's, or the COMMIT's)
        self._audited = True

    def _audit_call(self):
        call = self.call
        if call is not None and call.method != "GET" and not self._audited:
            body = call.body if isinstance(call.body, dict) else {}
            self.audit(f"{call.method} {call.route}", target=call.target,
                       reason=body.get("reason"), detail=None)

    # -- inbox ------------------------------------------------------------------
    def apply(self, event, handler):
        """Apply a consumed event exactly once: its id and its effects commit together.

        Returns False for a duplicate (nothing changes). An exception from ``handler``
        propagates, so the consumer stores a dead letter and nothing of it is kept.
        Inside an inbox batch (:meth:`batch`) this joins the batch's transaction.
        """
        if self.current_batch is not None:
            return self.current_batch.apply(event, handler)
        with self as tx:
            outcome = _apply(tx, event, handler, savepoint=False)
        metrics.EVENTS_CONSUMED.labels(self.service, event.type, outcome).inc()
        return outcome == "applied"

    @contextlib.contextmanager
    def batch(self, careful):
        """One transaction for many consumed events, as a :class:`Batch`. ``careful``: a
        savepoint around each, so that one failing handler costs only its own event."""
        if self.current_batch is not None:
            raise RuntimeError("an inbox batch is already open in this worker")
        batch = self.current_batch = Batch(self, careful)
        try:
            with self:
                yield batch
            batch.committed()
        finally:
            self.current_batch = None


def received_now():
    """When an event reached the inbox: the wall clock, never the business clock. An inbox id
    is kept for ``INBOX_RETENTION_DAYS`` of real time (redeliveries come in real time, and
    the relay tidies up by the wall clock); a simulated clock in 2019 must not make the ids
    of events consumed a moment ago look years old."""
    return datetime.now(timezone.utc)


def _apply(tx, event, handler, savepoint):
    with tx.session.begin_nested() if savepoint else contextlib.nullcontext():
        tx.now()  # as at the claim: the business clock answers, or nothing is applied
        if not driver.insert_if_absent(tx.session, db.inbox, event_id=event.id, type=event.type,
                                       source=event.source_service, subject=event.subject,
                                       sequence=event.sequence, received_at=received_now()):
            return "duplicate"
        handler(tx, event)
        return "applied"


class Batch:
    """One transaction for a batch of consumed events (``tx``: the worker's :class:`Work`).

    Fast (``careful=False``): the batch's inbox ids are claimed with ONE statement
    (:meth:`claim`) before any handler runs, and ``apply`` only asks whether its event was
    claimed — two statements per event become one per batch. Careful: the id is inserted
    per event inside the event's savepoint, so a failing handler takes its inbox row with it.
    """

    def __init__(self, tx, careful):
        self.tx = tx
        self.careful = careful
        self.claimed = None  # event ids this batch inserted into the inbox (fast mode)
        self.outcomes = collections.Counter()  # (type, outcome), counted once committed

    def count(self, event_type, outcome):
        self.outcomes[(event_type, outcome)] += 1

    def committed(self):
        # a batch that failed to commit is counted when it is redone
        for (event_type, outcome), count in self.outcomes.items():
            metrics.EVENTS_CONSUMED.labels(self.tx.service, event_type, outcome).inc(count)

    def claim(self, events):
        """Insert the inbox rows of ``events`` at once; remember which were new."""
        if self.careful:
            return
        self.tx.now()  # the business clock must answer before a handler runs: one that fails is an outage
        self.claimed = kit_writes.claim_inbox(self.tx.session, events, received_now())

    def apply(self, event, handler):
        # a raising handler is the inbox's to handle (award_shared.bus.inbox._apply_one)
        if self.claimed is not None:
            outcome = self._apply_claimed(event, handler)
        else:
            outcome = _apply(self.tx, event, handler, savepoint=self.careful)
        self.count(event.type, outcome)
        return outcome == "applied"

    def _apply_claimed(self, event, handler):
        if event.id not in self.claimed:
            return "duplicate"
        self.claimed.discard(event.id)  # a second copy in the same batch is a duplicate
        handler(self.tx, event)
        return "applied"
