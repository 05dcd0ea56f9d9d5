"""The unit of work: one SQLAlchemy session per worker that commits a service's state
change, its outgoing events (outbox), the consumed event's id (inbox) and the audit
record in ONE transaction — inside the entrypoint.

nameko acks an event, and sends an HTTP response, *before* any dependency's
``worker_result`` runs (nameko-notes.md, 1), so committing there would answer 201 for a
change that may never commit. Entrypoints therefore write::

    with self.uow as tx:
        ...; tx.publish("cycle.opened", subject=cycle_id, data=..., cycle_id=cycle_id)

and event handlers write ``self.uow.apply(event, handler)``. Teardown only closes.
"""
import collections
import contextlib
import json
import logging

from nameko.extensions import DependencyProvider
from sqlalchemy.orm import Session

from . import db, locks, metrics
from .clock import BusinessClock
from .events import envelope
from .events.schemas import DATA_SCHEMAS
from .relay import OutboxRelay

log = logging.getLogger(__name__)


class UnitOfWork(DependencyProvider):
    """Per-worker transactions against this service's own database, plus its outbox relay."""

    def setup(self):
        config = self.container.config
        self.service = self.container.service_name
        url = config.get("DATABASE_URL") or f"sqlite:///var/{self.service}.db"
        self.engine = db.make_engine(url, pool_size=int(config.get("DB_POOL_SIZE", 10)))
        self.gate = db.TransactionGate(db.is_sqlite(url))
        self.clock = BusinessClock.from_setting(config.get("CLOCK", "wall"),
                                                config.get("CLOCK_MIN"), config.get("CLOCK_MAX"))
        self.relay = OutboxRelay(
            service=self.service, engine=self.engine, gate=self.gate,
            amqp_uri=config["AMQP_URI"],
            batch=int(config.get("OUTBOX_BATCH", 500)),
            window=int(config.get("OUTBOX_WINDOW", 2000)),
            poll_interval=float(config.get("OUTBOX_POLL_SECONDS", 1.0)),
            outbox_days=float(config.get("OUTBOX_RETENTION_DAYS", 30)),
            inbox_days=float(config.get("INBOX_RETENTION_DAYS", 365)))
        self.relay_enabled = str(config.get("OUTBOX_RELAY", "on")).lower() not in ("off", "false", "0")

    def start(self):
        self._instance_lock = locks.sqlite_instance_lock(self.engine, self.service)
        if self.relay_enabled:
            self.container.spawn_managed_thread(self.relay.run, identifier="outbox-relay")

    def stop(self):
        self.relay.stop()
        self._release_instance()

    kill = stop

    def _release_instance(self):
        lock, self._instance_lock = getattr(self, "_instance_lock", None), None
        if lock is not None:
            lock.close()

    def get_dependency(self, worker_ctx):
        return Work(self, worker_ctx)

    def worker_teardown(self, worker_ctx):
        work = getattr(worker_ctx.service, self.attr_name, None)
        if isinstance(work, Work):
            work.close()

    # used outside workers (the consumer's dead letters, admin, readiness)
    def standalone(self, actor="system"):
        return Work(self, None, actor=actor)


class Work:
    """One worker's transaction. Re-entrant use opens a new transaction each time."""

    def __init__(self, provider, worker_ctx, actor=None):
        self.provider = provider
        self.worker_ctx = worker_ctx
        self.session = None
        self._actor = actor
        self._gate_cm = None
        self._published = 0
        self._audited = False
        self._transitions = collections.Counter()

    # -- transaction ------------------------------------------------------------
    def __enter__(self):
        if self.session is not None:
            raise RuntimeError("a unit of work is already open in this worker")
        self._gate_cm = self.provider.gate()
        self._gate_cm.__enter__()
        try:
            self.session = Session(self.provider.engine, expire_on_commit=False)
            self.session.begin()
        except BaseException:
            self._release()
            raise
        self._published = 0
        self._audited = False
        self._transitions = collections.Counter()
        return self

    def __exit__(self, exc_type, exc, tb):
        try:
            if exc_type is None:
                self._audit_call()
                self.session.commit()
            else:
                self.session.rollback()
        finally:
            self._release()
        if exc_type is None:
            self._count_transitions()
            if self._published:
                self.provider.relay.wake()
        return False

    def transition(self, step, outcome, count=1):
        """Count ``count`` subjects moving through ``step`` with ``outcome``
        (``award_step_transitions_total``) once this transaction has committed: a refused or
        rolled-back transition is never counted."""
        self._transitions[(step, outcome)] += count

    def _count_transitions(self):
        transitions, self._transitions = self._transitions, collections.Counter()
        for (step, outcome), count in transitions.items():
            metrics.STEP_TRANSITIONS.labels(self.service, step, outcome).inc(count)

    def _release(self):
        if self.session is not None:
            self.session.close()
            self.session = None
        if self._gate_cm is not None:
            cm, self._gate_cm = self._gate_cm, None
            cm.__exit__(None, None, None)

    def close(self):
        if self.session is not None:
            self._release()

    @property
    def service(self):
        return self.provider.service

    def now(self):
        return self.provider.clock.now()

    @property
    def clock(self):
        return self.provider.clock

    @property
    def config(self):
        """The service's configuration (its config.yaml, with the environment's overrides)."""
        return self.provider.container.config

    # -- outbox -----------------------------------------------------------------
    def publish(self, event_type, *, subject, data, cycle_id=None):
        """Stage an event; it commits with the state change and is relayed after commit."""
        schema = DATA_SCHEMAS[event_type]
        schema.load(data)  # a payload that breaks its own contract is a bug: fail the transaction
        sequence = db.next_sequence(self.session, str(subject))
        body = envelope.build(service=self.service, event_type=event_type, subject=subject,
                              data=data, cycle_id=cycle_id, sequence=sequence, time=self.now())
        self.session.execute(db.outbox.insert().values(
            event_id=body["id"], type=event_type, subject=str(subject),
            body=json.dumps(body, ensure_ascii=False, default=str), created_at=self.now()))
        self._published += 1
        return body

    # -- audit ------------------------------------------------------------------
    @property
    def call(self):
        if self.worker_ctx is not None and self.worker_ctx.args:
            first = self.worker_ctx.args[0]
            if hasattr(first, "principal"):
                return first
        return None

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
        self.session.execute(db.audit_log.insert().values(
            at=self.now(), actor=actor, roles=roles, action=action, target=target, reason=reason,
            detail=json.dumps(detail, ensure_ascii=False, default=str) if detail is not None else None))
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
        batch = getattr(self, "_batch", None)
        if batch is not None:
            return batch.apply(self, event, handler)
        with self as tx:
            outcome = _apply(tx, event, handler, savepoint=False)
        metrics.EVENTS_CONSUMED.labels(self.service, event.type, outcome).inc()
        return outcome == "applied"

    def batch(self, careful):
        """One transaction for many consumed events. ``careful``: a savepoint around each,
        so that one failing handler costs only its own event."""
        return _Batch(self, careful)


def _apply(tx, event, handler, savepoint):
    with tx.session.begin_nested() if savepoint else contextlib.nullcontext():
        if not db.insert_if_absent(tx.session, db.inbox, event_id=event.id, type=event.type,
                                   source=event.source_service, subject=event.subject,
                                   sequence=event.sequence, received_at=tx.now()):
            return "duplicate"
        handler(tx, event)
        return "applied"


class HandlerFailed(Exception):
    """A handler raised in a fast (savepoint-free) batch: the batch is redone carefully."""


class _Batch:
    """One transaction for a batch of consumed events.

    Fast (``careful=False``): the batch's inbox ids are claimed with ONE statement
    (:meth:`claim`) before any handler runs, and ``apply`` only asks whether its event was
    claimed — two statements per event become one per batch. Careful: the id is inserted
    per event inside the event's savepoint, so a failing handler takes its inbox row with it.
    """

    def __init__(self, work, careful):
        self.work = work
        self.careful = careful
        self.claimed = None  # event ids this batch inserted into the inbox (fast mode)
        self.outcomes = collections.Counter()  # (type, outcome), counted once committed

    def __enter__(self):
        self.work._batch = self
        return self.work.__enter__()

    def __exit__(self, *exc):
        try:
            self.work.__exit__(*exc)
        finally:
            self.work._batch = None
        if exc[0] is None:  # committed: a batch that failed to commit is counted when redone
            for (event_type, outcome), count in self.outcomes.items():
                metrics.EVENTS_CONSUMED.labels(self.work.service, event_type, outcome).inc(count)
        return False

    def claim(self, events):
        """Insert the inbox rows of ``events`` at once; remember which were new."""
        if self.careful:
            return
        self.claimed = db.claim_inbox(self.work.session, events, self.work.now())

    def apply(self, tx, event, handler):
        # a raising handler is the inbox's to handle (award_shared.inbox._apply_one)
        if self.claimed is not None:
            outcome = self._apply_claimed(tx, event, handler)
        else:
            outcome = _apply(tx, event, handler, savepoint=self.careful)
        self.outcomes[(event.type, outcome)] += 1
        return outcome == "applied"

    def _apply_claimed(self, tx, event, handler):
        if event.id not in self.claimed:
            return "duplicate"
        self.claimed.discard(event.id)  # a second copy in the same batch is a duplicate
        handler(tx, event)
        return "applied"
