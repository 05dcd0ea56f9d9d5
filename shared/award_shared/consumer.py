"""Consuming events so that nothing is lost and nothing is applied twice.

nameko's ``event_handler`` acks and drops an event whose handler raises, and kombu drops a
body it cannot decode before nameko sees it (nameko-notes.md, 2 and 3). Here the inbox
consumer takes the raw bytes of every message on ``<service>.inbox`` and:

- decodes and validates it (envelope, then the type's data schema) itself; a body that
  fails is stored as a dead letter, with its error, in the service's database, then acked;
- hands a valid event to the ``consume`` entrypoint of its type, in a worker; the handler
  applies it through ``self.uow.apply`` (inbox + effects in one transaction); if the
  handler raises, the event becomes a dead letter, and the consumer carries on;
- acks only once the outcome is committed; if even the dead letter cannot be stored
  (database down), the message is requeued, never dropped.
"""
import logging
import socket
import traceback
from datetime import datetime, timezone
from functools import partial

import eventlet
from kombu import Connection, Consumer
from nameko.exceptions import ContainerBeingKilled
from nameko.extensions import Entrypoint, ProviderCollector, SharedExtension

from . import db, metrics
from .events import envelope
from .events.schemas import DATA_SCHEMAS
from .relay import BROKER_ERRORS
from .topology import SUBSCRIPTIONS, declare_service

log = logging.getLogger(__name__)


class InboxConsumer(ProviderCollector, SharedExtension):
    """One consumer per service container, on the service's durable inbox queue."""

    def setup(self):
        config = self.container.config
        self.service = self.container.service_name
        self.amqp_uri = config["AMQP_URI"]
        self.prefetch = int(config.get("INBOX_PREFETCH", config.get("max_workers", 10)))
        self._stopping = False
        self._ready = eventlet.event.Event()
        self._conn = None
        self.connects = 0

    def _check_bindings(self, subscribed):
        """Handlers and the topology table must agree, both ways, or the service won't start."""
        handled = set()
        for provider in self._providers:
            for source in provider.sources_for(subscribed):
                if provider.event_type not in subscribed.get(source, ()):
                    raise RuntimeError(
                        f"{self.service}.{provider.method_name} consumes {source}/{provider.event_type}, "
                        f"which award_shared.topology.SUBSCRIPTIONS does not bind; add it there")
                handled.add((source, provider.event_type))
        unhandled = {(s, t) for s, types in subscribed.items() for t in types} - handled
        if unhandled:
            raise RuntimeError(f"{self.service} is bound to {sorted(unhandled)} but has no handler for them")

    @property
    def uow(self):
        from .uow import UnitOfWork
        for dep in self.container.dependencies:
            if isinstance(dep, UnitOfWork):
                return dep
        raise RuntimeError(f"service {self.service} consumes events but has no UnitOfWork")

    def start(self):
        self._check_bindings(SUBSCRIPTIONS.get(self.service, {}))  # every entrypoint is set up now
        self.container.spawn_managed_thread(self._run, identifier="inbox-consumer")
        self._ready.wait()

    def stop(self):
        self._stopping = True
        super().stop()  # waits until every consume entrypoint has unregistered

    def kill(self):
        self._stopping = True
        self._drop()

    def _drop(self):
        conn, self._conn = self._conn, None
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
                self._conn = conn = Connection(self.amqp_uri, connect_timeout=5, heartbeat=15)
                conn.ensure_connection(max_retries=1)
                channel = conn.channel()
                queue = declare_service(channel, self.service)[0]
                consumer = Consumer(channel, queues=[queue], auto_declare=False, no_ack=False,
                                    on_message=self._on_message, prefetch_count=self.prefetch)
                consumer.consume()
                self.connects += 1
                if not self._ready.ready():
                    self._ready.send(True)
                backoff = 0.2
                while not self._stopping:
                    try:
                        conn.drain_events(timeout=1)
                    except socket.timeout:
                        conn.heartbeat_check()
            except BROKER_ERRORS as exc:
                if self._stopping:
                    break
                log.warning("inbox of %s: broker unavailable (%s); reconnecting in %.1fs",
                            self.service, exc, backoff)
                if not self._ready.ready() and backoff >= 3.2:
                    self._ready.send(False)  # let the container start; keep trying
                eventlet.sleep(backoff)
                backoff = min(backoff * 2, 5.0)
            finally:
                self._drop()
        if not self._ready.ready():
            self._ready.send(False)

    def _on_message(self, message):
        try:
            event = envelope.decode(message.body, DATA_SCHEMAS)
        except envelope.DecodeError as exc:
            self._dead_letter_and_ack(message, exc.stage, exc.detail)
            return
        expected_exchange = f"{event.source_service}.events"
        exchange = message.delivery_info.get("exchange") or ""
        if exchange and exchange != expected_exchange:
            self._dead_letter_and_ack(
                message, "envelope", f"source {event.source} arrived on exchange {exchange}", event)
            return
        provider = self._provider_for(event)
        if provider is None:
            self._dead_letter_and_ack(
                message, "type", f"{self.service} has no handler for {event.source_service}/{event.type}", event)
            return
        provider.handle(event, message)

    def _provider_for(self, event):
        for provider in self._providers:
            if provider.event_type == event.type and provider.accepts(event.source_service):
                return provider
        return None

    # -- outcomes ---------------------------------------------------------------------
    def ack(self, message):
        if message.channel is not None and message.channel.connection is not None:
            try:
                message.ack()
            except BROKER_ERRORS:
                pass  # the broker redelivers it; the inbox makes that harmless

    def requeue(self, message):
        if message.channel is not None and message.channel.connection is not None:
            try:
                message.requeue()
            except BROKER_ERRORS:
                pass

    def _dead_letter_and_ack(self, message, stage, error, event=None):
        try:
            store_dead_letter(self.uow, message, stage, error, event)
        except Exception:  # noqa: BLE001 - cannot store it: leave it on the queue
            log.exception("inbox of %s: cannot store a dead letter; requeueing", self.service)
            eventlet.sleep(1.0)
            self.requeue(message)
            return
        self.ack(message)


def store_dead_letter(uow, message, stage, error, event=None):
    info = message.delivery_info or {}
    body = message.body if isinstance(message.body, (bytes, bytearray)) else str(message.body).encode()
    with uow.gate(), uow.engine.begin() as conn:
        conn.execute(db.dead_letters.insert().values(
            event_id=event.id if event else (message.properties or {}).get("message_id"),
            type=event.type if event else info.get("routing_key"),
            exchange=info.get("exchange"), routing_key=info.get("routing_key"),
            stage=stage, error=str(error)[:20000], body=bytes(body),
            received_at=datetime.now(timezone.utc), status="pending", replay_count=0))
    metrics.EVENTS_CONSUMED.labels(uow.service, event.type if event else "undecodable", "dead_letter").inc()
    log.warning("%s stored a dead letter (%s): %s", uow.service, stage, str(error)[:500])


class Consume(Entrypoint):
    """``@consume("cycle.opened")``: the method receives one decoded, validated Event.

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

    def handle(self, event, message):
        try:
            self.container.spawn_worker(self, (event,), {}, context_data={},
                                        handle_result=partial(self._done, event, message))
        except ContainerBeingKilled:
            self.consumer.requeue(message)

    def _done(self, event, message, worker_ctx, result, exc_info):
        if exc_info is None:
            self.consumer.ack(message)
        else:
            error = "".join(traceback.format_exception(*exc_info))
            self.consumer._dead_letter_and_ack(message, "handler", error, event)
        return result, exc_info


consume = Consume.decorator
