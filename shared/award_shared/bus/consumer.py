"""Consuming events so that nothing is lost and nothing is applied twice.

nameko's ``event_handler`` acks and drops an event whose handler raises, and kombu drops a
body it cannot decode before nameko sees it (docs/nameko.md, 2 and 3). Here the inbox
consumer takes the raw bytes of every message on ``<service>.inbox`` and hands them, in
batches, to one nameko worker (:class:`InboxBatch`) that applies the whole batch in ONE
database transaction:

- each message is decoded and validated (envelope, then its type's data schema) by us; a
  body that fails becomes a dead letter, with its error, in the service's database;
- a valid event goes to the ``@consume`` method of its type, ``def on_x(self, tx, event)``,
  which ``@consume`` runs through ``self.uow.apply``: its inbox row and its effects, in the
  batch's transaction, so the method only applies the event; if a handler
  raises, the batch is rolled back and redone with a savepoint per event, and only the
  failing event becomes a dead letter;
- the batch commits (effects, inbox rows, dead letters, outgoing events together), and only
  then are its messages acked; if it cannot commit while the database answers, it is split
  until the one message that fails alone is found and dead-lettered (the poison); if the
  database or the clock does not answer (an outage), what did not commit is kept, unacked,
  and handed out again after a back-off that doubles up to ``INBOX_BACKOFF_MAX_SECONDS`` —
  never dropped, never dead-lettered for the database's fault, never a hot requeue loop.
  ``/health/ready`` and ``award_inbox_backoff_seconds`` say when the inbox is backing off.
Batching is what lets the consumer approach the database's own transaction rate: one
commit serves many events. How a batch is applied is in :mod:`award_shared.bus.inbox`; this
module receives, hands over and settles.
"""
import collections
import logging
import random
import socket
import time
from functools import partial, wraps

import amqp.exceptions
import eventlet
from kombu import Consumer

from award_shared import metrics
from award_shared.container import ContainerBeingKilled, ENTRYPOINT_EXTENSIONS_ATTR, Entrypoint, ProviderCollector, SharedExtension
from award_shared.bus import wire
from award_shared.bus.errors import BROKER_ERRORS, Outage
from award_shared.bus.settlements import Settlements
from award_shared.bus.tls import amqp_ssl
from award_shared.bus.topology import SUBSCRIPTIONS, declare_service
from award_shared.events import Event
from award_shared.limits import Limits

log = logging.getLogger(__name__)


class InboxConsumer(ProviderCollector, SharedExtension):
    """One consumer per service container, on the service's durable inbox queue."""

    def setup(self):
        config = self.container.config
        self.service = self.container.service_name
        self.amqp_uri = config["AMQP_URI"]
        self.transport = wire.transport_setting(config)
        self.batch_size = int(config.get("INBOX_BATCH") or 100)
        self.prefetch = int(config.get("INBOX_PREFETCH") or self.batch_size * 4)
        self.amqp_ssl = amqp_ssl(config)
        # exactly what award-topology declares, or RabbitMQ refuses the queue (406)
        self.queue_type = config.get("QUEUE_TYPE") or "classic"
        self._stopping = False
        self._ready = eventlet.event.Event()
        self._conn = None
        self._pending = []
        self._acks = None
        self._routes = None
        self._batcher = None
        self.connects = 0
        self.limits = Limits.for_messages(config)
        self.backoff_max = float(config.get("INBOX_BACKOFF_MAX_SECONDS", 30))
        self.backoff = 0.0  # seconds of the current pause; 0 while batches commit
        self.outage = None  # why the inbox is backing off, for /health/ready
        self._resume_at = 0.0

    def _check_bindings(self, subscribed, handlers):
        """Handlers and the topology table must agree, both ways, or the service won't start."""
        handled = set()
        for provider in handlers:
            for source in provider.sources_for(subscribed):
                if provider.event_type not in subscribed.get(source, ()):
                    raise RuntimeError(
                        f"{self.service}.{provider.method_name} consumes {source}/{provider.event_type}, "
                        f"which award_shared.bus.topology.SUBSCRIPTIONS does not bind; add it there")
                handled.add((source, provider.event_type))
        unhandled = {(s, t) for s, types in subscribed.items() for t in types} - handled
        if unhandled:
            raise RuntimeError(f"{self.service} is bound to {sorted(unhandled)} but has no handler for them")

    def start(self):
        # routes are taken once, here: while the container stops, entrypoints unregister, and
        # a batch still running must route its events, not dead-letter them as unhandled
        subscribed = SUBSCRIPTIONS.get(self.service, {})
        handlers = [p for p in self._providers if isinstance(p, Consume)]
        self._check_bindings(subscribed, handlers)  # every entrypoint is set up now
        self._routes = collections.defaultdict(list)
        for provider in handlers:
            self._routes[provider.event_type].append(provider)
        if not subscribed:
            return
        self._batcher = next((p for p in self._providers if isinstance(p, InboxBatch)), None)
        if self._batcher is None:  # fail at start, not at the first message
            raise RuntimeError(f"{self.service} consumes events but has no @inbox_batch entrypoint "
                               "(subclass award_shared.service.KitService)")
        self.container.spawn_managed_thread(self._run, identifier="inbox-consumer")
        self._ready.wait()

    def stop(self):
        self._stopping = True
        super().stop()  # waits until every entrypoint has unregistered

    def kill(self):
        self._stopping = True
        self._drop()

    def _drop(self):
        conn, self._conn = self._conn, None
        self._pending.clear()  # unacked: the broker redelivers them
        self._acks = None
        if conn is not None:
            try:
                conn.release()
            except Exception:  # already broken
                pass

    # -- the loop -------------------------------------------------------------------
    def _run(self):
        backoff = 0.2
        while not self._stopping:
            try:
                self._conn = conn = wire.connect(self.amqp_uri, self.transport, connect_timeout=5, heartbeat=15,
                                                 ssl=self.amqp_ssl)
                conn.ensure_connection(max_retries=1)
                channel = conn.channel()
                queue = declare_service(channel, self.service, queue_type=self.queue_type)
                self._acks = Settlements(channel)
                consumer = Consumer(channel, queues=[queue], auto_declare=False, no_ack=False,
                                    on_message=self._received, prefetch_count=self.prefetch)
                consumer.consume()
                self.connects += 1
                if not self._ready.ready():
                    self._ready.send(True)
                backoff = 0.2
                self._consume(conn)
            except BROKER_ERRORS as exc:
                if self._stopping:
                    break
                log.warning("inbox of %s: broker unavailable (%s)%s; reconnecting in %.1fs",
                            self.service, exc, _topology_hint(exc, self.queue_type), backoff)
                if not self._ready.ready() and backoff >= 3.2:
                    self._ready.send(False)  # let the container start; keep trying
                eventlet.sleep(backoff)
                backoff = min(backoff * 2, 5.0)
            finally:
                self._drop()
        if not self._ready.ready():
            self._ready.send(False)

    def _consume(self, conn):
        while not self._stopping:
            wait = self._resume_at - time.monotonic()
            try:
                conn.drain_events(timeout=min(1.0, wait) if wait > 0 else (0.002 if self._pending else 1))
            except socket.timeout:
                conn.heartbeat_check()
                if not self._pending:
                    continue
            if time.monotonic() < self._resume_at:
                continue  # backing off: keep the connection alive, hand out nothing
            # take whatever else has already arrived, up to a batch
            while len(self._pending) < self.batch_size:
                try:
                    conn.drain_events(timeout=0.002)
                except socket.timeout:
                    break
            # the same list kombu's on_message appends to
            while self._pending and not self._stopping and time.monotonic() >= self._resume_at:
                batch = self._pending[:self.batch_size]
                del self._pending[:self.batch_size]
                self._batcher.handle(batch)

    @property
    def consuming(self):
        """Whether this service consumes events at all (some only publish)."""
        return self._batcher is not None

    # -- outages ----------------------------------------------------------------------------
    def retry_later(self, messages, cause):
        """The database or the clock did not answer: keep ``messages`` (unacked, first in
        line) and hand nothing out for a while, doubling the pause each time."""
        self.backoff = min(self.backoff_max, self.backoff * 2 if self.backoff else 0.5)
        self._resume_at = time.monotonic() + self.backoff * random.uniform(0.8, 1.0)
        self.outage = f"{cause.__class__.__name__}: {str(cause)[:200]}"
        metrics.INBOX_BACKOFF.labels(self.service).set(self.backoff)
        metrics.INBOX_RETRIES.labels(self.service).inc()
        log.warning("inbox of %s: %s; %d messages wait, next try in %.1fs",
                    self.service, self.outage, len(messages), self.backoff)
        acks = self._acks
        if messages and acks is not None and messages[0].channel is acks.channel:
            self._pending[:0] = messages
        # else: delivered on a channel since closed; the broker redelivers them

    def recovered(self):
        if self.backoff:
            log.info("inbox of %s: batches commit again", self.service)
            self.backoff, self.outage = 0.0, None
            metrics.INBOX_BACKOFF.labels(self.service).set(0)

    # -- routing and outcomes -----------------------------------------------------------
    def provider_for(self, event):
        for provider in self._routes.get(event.type, ()):
            if provider.accepts(event.source_service):
                return provider
        return None

    def _received(self, message):
        self._acks.delivered(message.delivery_tag)
        self._pending.append(message)

    def settle(self, messages, ok):
        """After a batch: ``ok`` — it committed, ack them; otherwise give them back."""
        acks = self._acks
        if not messages or acks is None or messages[0].channel is not acks.channel:
            return  # delivered on a channel since closed: the broker redelivers them
        try:
            acks.settle([m.delivery_tag for m in messages], ok)
        except BROKER_ERRORS:
            pass  # the broker redelivers them; the inbox makes that harmless


def _topology_hint(exc, queue_type):
    """What an operator should do when the broker refuses the inbox's declarations."""
    if isinstance(exc, amqp.exceptions.PreconditionFailed):
        return (f" — the queue exists with other arguments: QUEUE_TYPE={queue_type} here must be what "
                "award-topology --queue-type declared")
    if isinstance(exc, amqp.exceptions.NotFound):
        return " — an exchange it binds to is missing: run award-topology before the services"
    if isinstance(exc, amqp.exceptions.AccessRefused):
        return " — its broker user lacks a permission: see award-topology --print-users"
    return ""


class Consume(Entrypoint):
    """``@consume(CycleOpened)`` on ``def on_cycle_opened(self, tx, opened)``: the method
    receives the batch's transaction and one decoded, validated ``CycleOpened``, and applies it; the
    decorator records the event in the inbox in the same transaction (``self.uow.apply``), so
    a duplicate never reaches the method. It runs inside an inbox batch.

    ``sources`` limits which publishers' events of this type it takes (default: every
    source that the topology binds for this service).
    """
    consumer = InboxConsumer()

    def __init__(self, event_type, sources=None, **kwargs):
        self.event_type = event_type
        self.sources = tuple(sources) if sources else None
        super().__init__(**kwargs)

    def sources_for(self, subscribed):
        if self.sources:
            return self.sources
        return [s for s, types in subscribed.items() if self.event_type in types]

    def accepts(self, source):
        return self.sources is None or source in self.sources

    def setup(self):
        self.consumer.register_provider(self)

    def stop(self):
        self.consumer.unregister_provider(self)


class InboxBatch(Entrypoint):
    """The worker that applies a batch of inbox messages; acks them once it has committed."""
    consumer = InboxConsumer()

    def __init__(self, **kwargs):
        kwargs.setdefault("expected_exceptions", (Outage,))  # an outage is logged, not a crash
        super().__init__(**kwargs)

    def setup(self):
        self.consumer.register_provider(self)

    def stop(self):
        self.consumer.unregister_provider(self)

    def handle(self, messages):
        try:
            self.container.spawn_worker(self, (messages, self.consumer), {}, context_data={},
                                        handle_result=partial(self._done, messages))
        except ContainerBeingKilled:
            self.consumer.settle(messages, ok=False)

    def _done(self, messages, worker_ctx, result, exc_info):
        if exc_info is None:
            self.consumer.settle(messages, ok=True)
            self.consumer.recovered()
        elif isinstance(exc_info[1], Outage):  # ack what committed; the rest waits out the outage
            self.consumer.settle(exc_info[1].committed, ok=True)
            self.consumer.retry_later(exc_info[1].remaining, exc_info[1].cause)
        else:  # a fault of the kit itself: nothing committed; keep them, and back off
            self.consumer.retry_later(messages, exc_info[1])
        return result, exc_info


def consume(event_class, sources=None, **kwargs):
    """``@consume(AwardRevoked)``: the method receives each such event as an ``AwardRevoked``."""
    if not (isinstance(event_class, type) and issubclass(event_class, Event) and event_class.type):
        raise TypeError(f"@consume takes an event class of award_shared.events, not {event_class!r}")

    def register(fn):
        if getattr(fn, ENTRYPOINT_EXTENSIONS_ATTR, None):
            raise TypeError(f"{fn.__qualname__}: one @api or @consume per method")

        @wraps(fn)
        def entrypoint(self, event):
            typed = event if isinstance(event, event_class) else event_class.received(event)
            return self.uow.apply(event, lambda tx, _: fn(self, tx, typed))
        return Consume.decorator(event_class.type, sources=sources, **kwargs)(entrypoint)
    return register


consume.__doc__ = Consume.__doc__
inbox_batch = InboxBatch.decorator
