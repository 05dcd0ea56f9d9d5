"""Applying a batch of inbox messages in one transaction (the body of the inbox worker).

Every message is decoded and routed before the transaction opens; a message that cannot
be read, or that no handler takes, becomes a dead letter with its error. The routed
events' inbox ids are claimed with one statement and their handlers run without
savepoints; if a handler raises, the batch is rolled back and redone with a savepoint per
event, so only that event becomes a dead letter. A deadlock or a lost connection is the
database's fault, not the event's: it propagates, and the whole batch is requeued.
"""
import logging
import traceback
from datetime import datetime, timezone

import sqlalchemy as sa

from . import db
from .events import envelope
from .events.schemas import DATA_SCHEMAS
from .topology import exchange_name
from .uow import HandlerFailed

log = logging.getLogger(__name__)


def apply_batch(service, work, messages, consumer):
    """Apply ``messages`` in one transaction of ``work`` (the body of the batch worker).

    Every message is decoded and routed first, outside the transaction. Fast path: the
    routed events' inbox ids are claimed with one statement and their handlers run without
    savepoints. If a handler raises, that transaction is rolled back and the batch is redone
    with a savepoint per event, so only the failing event becomes a dead letter.
    """
    routed = [_route(message, consumer) for message in messages]
    try:
        with work.batch(careful=False) as tx:
            tx._batch.claim([event for _, event, provider, _ in routed if provider is not None])
            return [_apply_one(service, tx, item, consumer, careful=False) for item in routed]
    except HandlerFailed:
        with work.batch(careful=True) as tx:
            return [_apply_one(service, tx, item, consumer, careful=True) for item in routed]


def _route(message, consumer):
    """(message, event, provider, why not): a decoded event and its handler, or the reason
    (stage, error) it will be a dead letter."""
    try:
        event = envelope.decode(message.body, DATA_SCHEMAS)
    except envelope.DecodeError as exc:
        return message, None, None, (exc.stage, exc.detail)
    exchange = message.delivery_info.get("exchange") or ""
    if exchange and exchange != exchange_name(event.source_service):
        return message, event, None, ("envelope", f"source {event.source} arrived on exchange {exchange}")
    provider = consumer.provider_for(event)
    if provider is None:
        return message, event, None, (
            "type", f"{consumer.service} has no handler for {event.source_service}/{event.type}")
    return message, event, provider, None


def _apply_one(service, tx, item, consumer, careful):
    message, event, provider, refused = item
    if provider is None:
        return record_dead_letter(tx, message, *refused, event)
    try:
        applied = getattr(service, provider.method_name)(event)
    except (HandlerFailed, sa.exc.OperationalError):
        raise  # a deadlock or a lost connection is the database's, not the event's: retry the batch
    except Exception:  # noqa: BLE001 - the handler's savepoint is rolled back; keep the evidence
        if not careful:
            raise HandlerFailed(event.id)
        log.exception("%s.%s failed on event %s", consumer.service, provider.method_name, event.id)
        return record_dead_letter(tx, message, "handler", traceback.format_exc(), event)
    return "duplicate" if applied is False else "applied"


def record_dead_letter(tx, message, stage, error, event=None):
    info = message.delivery_info or {}
    body = message.body if isinstance(message.body, (bytes, bytearray)) else str(message.body).encode()
    tx.session.execute(db.dead_letters.insert().values(
        event_id=event.id if event else (message.properties or {}).get("message_id"),
        type=event.type if event else info.get("routing_key"),
        exchange=info.get("exchange"), routing_key=info.get("routing_key"),
        stage=stage, error=str(error)[:20000], body=bytes(body),
        received_at=datetime.now(timezone.utc), status="pending", replay_count=0))
    tx._batch.outcomes[(event.type if event else "undecodable", "dead_letter")] += 1  # counted on commit
    log.warning("%s stored a dead letter (%s): %s", tx.service, stage, str(error)[:500])
    return "dead_letter"
