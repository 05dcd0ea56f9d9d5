"""Applying a batch of inbox messages in one transaction (the body of the inbox worker).

Every message is decoded and routed before the transaction opens; a message that cannot
be read (not JSON, over the size or nesting limit, text no database stores), or that no
handler takes, becomes a dead letter with its error. The routed events' inbox ids are
claimed with one statement and their handlers run without savepoints; if a handler
raises, the batch is rolled back and redone with a savepoint per event, so only that event
becomes a dead letter.

A batch can also fail where no handler is to blame: at the claim, at a flush, at the
commit (a value the driver cannot bind, a deadlock, the database or the clock down). Then
a probe transaction asks whether the service's dependencies answer. If they do not, it is
an outage: :class:`Outage` hands back what is not committed, and the consumer backs off —
nothing is dead-lettered for the database's fault. If they do, the batch is split in halves
and each half applied on its own, down to the one message that fails alone: that message
is the poison, and becomes a dead letter (stage ``commit``) unless its error is the
database's own (``OperationalError``), which is retried and, failing again, treated as an
outage.
"""
import collections
import logging
import traceback
from datetime import datetime, timezone

import eventlet
import sqlalchemy as sa

from award_shared import logs, tracing
from award_shared.bus.errors import HandlerFailed, Outage
from award_shared.bus.topology import accepted_exchanges
from award_shared.events import envelope
from award_shared.events.schemas import DATA_SCHEMAS
from award_shared.store import db

log = logging.getLogger(__name__)

RETRIES_ALONE = 3  # a lone message failing with the database's error: tries before backing off


def apply_batch(service, work, messages, consumer):
    """Apply ``messages`` in as few transactions of ``work`` as their contents allow.

    Returns one outcome per message (``applied``, ``duplicate``, ``dead_letter``) in
    order; raises :class:`Outage` when the dependencies do not answer.
    """
    routed = [_route(message, consumer) for message in messages]
    outcomes = {}
    groups = collections.deque([routed])
    while groups:
        group = groups.popleft()
        try:
            for item, outcome in zip(group, _apply_group(service, work, group, consumer)):
                outcomes[id(item)] = outcome
            continue
        except Exception as exc:  # noqa: BLE001 - judged below: the message's fault or an outage
            failure = exc
        remaining = [item[0] for g in (group, *groups) for item in g]
        committed = [item[0] for item in routed if id(item) in outcomes]
        if not probe(work):
            raise Outage(committed, remaining, failure)
        if len(group) > 1:
            half = len(group) // 2
            log.warning("inbox batch of %s failed (%s) though the database answers; splitting %d messages",
                        consumer.service, failure.__class__.__name__, len(group))
            groups.extendleft([group[half:], group[:half]])
            continue
        outcomes[id(group[0])] = _alone(service, work, group[0], consumer, failure, committed, remaining)
    return [outcomes[id(item)] for item in routed]


def _apply_group(service, work, routed, consumer):
    """One transaction for ``routed``: fast, or careful if a handler raised."""
    try:
        with work.batch(careful=False) as batch:
            batch.claim([event for _, event, provider, _ in routed if provider is not None])
            return [_apply_one(service, batch, item, consumer) for item in routed]
    except HandlerFailed:
        with work.batch(careful=True) as batch:
            return [_apply_one(service, batch, item, consumer) for item in routed]


def _alone(service, work, item, consumer, failure, committed, remaining):
    """A message that fails on its own while the database answers."""
    for attempt in range(RETRIES_ALONE if isinstance(failure, sa.exc.OperationalError) else 0):
        eventlet.sleep(0.05 * 2 ** attempt)  # a deadlock's partner finishes meanwhile
        try:
            return _apply_group(service, work, [item], consumer)[0]
        except sa.exc.OperationalError as exc:
            failure = exc
        except Exception as exc:  # noqa: BLE001 - no longer the database's error: the message's
            failure = exc
            break
    if isinstance(failure, sa.exc.OperationalError):  # never a dead letter for the database's fault
        raise Outage(committed, remaining, failure)
    message, event = item[0], item[1]
    log.error("%s: message %s fails alone while the database answers; it becomes a dead letter",
              consumer.service, event.id if event else "(undecoded)")
    try:
        with work.batch(careful=True) as batch:
            return record_dead_letter(batch, message, "commit", _describe(failure), event)
    except Exception as exc:  # noqa: BLE001 - not even the dead letter commits: an outage
        raise Outage(committed, remaining, exc) from None


def probe(work):
    """Whether a transaction commits now and the business clock answers."""
    try:
        with work as tx:  # a transaction of its own: the failed batch's has ended
            tx.session.execute(sa.text("SELECT 1"))
            tx.now()
        return True
    except Exception as exc:  # noqa: BLE001 - the answer is the point
        log.warning("%s: probe transaction failed: %s", work.service, exc)
        return False


def _describe(exc):
    return "".join(traceback.format_exception_only(type(exc), exc)).strip()


def _route(message, consumer):
    """(message, event, provider, why not): a decoded event and its handler, or the reason
    (stage, error) it will be a dead letter."""
    try:
        event = envelope.decode(message.body, DATA_SCHEMAS, getattr(consumer, "limits", None))
    except envelope.DecodeError as exc:
        return message, None, None, (exc.stage, exc.detail)
    except Exception as exc:  # noqa: BLE001 - whatever a body does to the decoder is the body's
        return message, None, None, ("json", _describe(exc))
    exchange = message.delivery_info.get("exchange") or ""
    if exchange and exchange not in accepted_exchanges(event.source_service, consumer.service):
        return message, event, None, ("envelope", f"source {event.source} arrived on exchange {exchange}")
    provider = consumer.provider_for(event)
    if provider is None:
        return message, event, None, (
            "type", f"{consumer.service} has no handler for {event.source_service}/{event.type}")
    return message, event, provider, None


def _apply_one(service, batch, item, consumer):
    event = item[1]
    if event is None:
        return _apply_routed(service, batch, item, consumer)
    with logs.bound(event_id=event.id, event_type=event.type, cycle_id=event.cycle_id or None):
        if not tracing.enabled():  # the default: not even a context manager more per event
            return _apply_routed(service, batch, item, consumer)
        with tracing.consuming(consumer.service, event) as span:
            outcome = _apply_routed(service, batch, item, consumer)
            tracing.settled(span, outcome)
            return outcome


def _apply_routed(service, batch, item, consumer):
    message, event, provider, refused = item
    if provider is None:
        limits = getattr(consumer, "limits", None)
        return record_dead_letter(batch, message, *refused, event, max_body=limits.max_bytes if limits else None)
    try:
        applied = getattr(service, provider.method_name)(event)
    except (HandlerFailed, sa.exc.OperationalError):
        raise  # a deadlock or a lost connection is the database's, not the event's: retry the batch
    except Exception:  # noqa: BLE001 - the handler's savepoint is rolled back; keep the evidence
        if not batch.careful:
            raise HandlerFailed(event.id)
        log.exception("%s.%s failed on event %s", consumer.service, provider.method_name, event.id)
        return record_dead_letter(batch, message, "handler", traceback.format_exc(), event)
    return "duplicate" if applied is False else "applied"


def record_dead_letter(batch, message, stage, error, event=None, max_body=None):
    """Store ``message`` as a dead letter in ``batch``'s transaction (counted once it commits)."""
    tx = batch.tx
    info = message.delivery_info or {}
    body = message.body if isinstance(message.body, (bytes, bytearray)) else \
        str(message.body).encode("utf-8", errors="surrogatepass")
    if max_body is not None and len(body) > max_body:  # evidence, not a 100 MiB row to list
        body = body[:max_body]
    tx.session.execute(db.dead_letters.insert().values(
        event_id=_storable(event.id if event else (message.properties or {}).get("message_id"), 64),
        type=_storable(event.type if event else info.get("routing_key"), 64),
        exchange=_storable(info.get("exchange"), 100), routing_key=_storable(info.get("routing_key"), 100),
        stage=stage, error=_storable(error, 20000), body=bytes(body),
        received_at=datetime.now(timezone.utc), status="pending", replay_count=0))
    batch.count(event.type if event else "undecodable", "dead_letter")
    log.warning("%s stored a dead letter (%s): %s", tx.service, stage, _storable(error, 500))
    return "dead_letter"


def _storable(value, limit):
    """Text a dead letter can keep whatever the publisher sent: it must always commit."""
    if value is None:
        return None
    text = str(value).encode("utf-8", errors="backslashreplace").decode("utf-8").replace("\x00", "\\x00")
    return text[:limit]
