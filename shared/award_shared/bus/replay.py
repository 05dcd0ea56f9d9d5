"""Sending sent events again, to one named queue (issue 14, item 7a).

A subscriber restored from a backup has lost what it applied since the dump: the broker had
those deliveries acknowledged. Its publishers replay them from their outbox — by type and
time range (when the relay sent them, by the wall clock), or from a high-water mark (an
outbox row id) — through their own replay
exchange ``<publisher>.replay`` with the target queue's name as routing key, which reaches
that queue and no other (award_shared.bus.topology). The target's inbox recognises what it had
already applied by event id; so a range older than the inbox's retention
(``INBOX_RETENTION_DAYS``, the same in every service) is refused: those ids may be forgotten
and the events would be applied twice. A bureau's queue has no inbox here: its consumer
recognises copies by the envelope's ``id``.
"""
from datetime import timedelta

import sqlalchemy as sa
from kombu import Connection, Producer

from award_shared import errors
from award_shared.bus.topology import BUREAU_BINDINGS, SUBSCRIPTIONS, bureau_queue_name, inbox_queue_name, replay_exchange_name
from award_shared.events import envelope
from award_shared.store import db

MAX_EVENTS = 5000  # per call; the answer's last_id is the next call's after_id


def types_for(service, queue):
    """The event types ``queue`` takes from ``service``, or None if its replay can't reach it."""
    for consumer, sources in SUBSCRIPTIONS.items():
        if queue == inbox_queue_name(consumer) and consumer != service and service in sources:
            return set(sources[service])
    if service in BUREAU_BINDINGS and queue.startswith(bureau_queue_name("")) and len(queue) > len("bureau."):
        return "award.*"
    return None


def takes(allowed, event_type):
    """Whether a queue taking ``allowed`` (a set, or ``"award.*"``) takes ``event_type``."""
    return event_type.startswith("award.") if allowed == "award.*" else event_type in allowed


def select(conn, service, queue, *, types=None, since=None, until=None, after_id=None, limit=MAX_EVENTS):
    """Sent outbox rows to replay to ``queue``, oldest first: at most ``limit`` + 1 (the one
    more says there are more)."""
    allowed = types_for(service, queue)
    query = sa.select(db.outbox.c.id, db.outbox.c.type, db.outbox.c.body, db.outbox.c.sent_at) \
        .where(db.outbox.c.sent_at.is_not(None)).order_by(db.outbox.c.id).limit(limit + 1)
    if allowed == "award.*":
        query = query.where(db.outbox.c.type.like("award.%"))
    else:
        query = query.where(db.outbox.c.type.in_(sorted(allowed)))
    if types:
        query = query.where(db.outbox.c.type.in_(sorted(set(types))))
    if since is not None:
        query = query.where(db.outbox.c.sent_at >= since)
    if until is not None:
        query = query.where(db.outbox.c.sent_at < until)
    if after_id is not None:
        query = query.where(db.outbox.c.id > after_id)
    return conn.execute(query).all()


def check_request(service, body):
    """The types ``body["queue"]`` takes from ``service``; refuses (422) what cannot be replayed."""
    queue = body["queue"]
    allowed = types_for(service, queue)
    if allowed is None:
        raise errors.Invalid({"queue": [f"{service} publishes nothing {queue} takes"]})
    refused = [t for t in body.get("types") or () if not takes(allowed, t)]
    if refused:
        raise errors.Invalid({"types": [f"{queue} does not take {', '.join(refused)} from {service}"]})
    if "since" not in body and "after_id" not in body:
        raise errors.Invalid({"since": ["give since or after_id: where the replay starts"]})
    return allowed


def check_age(rows, allowed, inbox_days, now):
    """Refuse (409) a range that starts before the target inbox still knows what it applied:
    its ids are forgotten by the wall clock, as ``sent_at`` is kept. A bureau's queue has no
    inbox here: its subscriber skips copies by id, however old."""
    if rows and allowed != "award.*" and inbox_days and \
            rows[0].sent_at < now - timedelta(days=float(inbox_days)):
        raise errors.Conflict(
            f"重放范围早于收件记录保留期（{inbox_days:g} 天），事件会被重复应用",
            f"the range starts before the inbox retention ({inbox_days:g} days): its events would be applied twice")


def publish(relay, service, queue, rows):
    """Publish ``rows``' stored bodies to ``queue`` through ``<service>.replay``, each confirmed."""
    with Connection(relay.amqp_uri, connect_timeout=5, ssl=relay.amqp_ssl,
                    transport_options={"confirm_publish": True}) as conn:
        producer = Producer(conn.default_channel)
        for row in rows:
            producer.publish(row.body.encode("utf-8"), exchange=replay_exchange_name(service), routing_key=queue,
                             content_type=envelope.CONTENT_TYPE, content_encoding=envelope.CONTENT_ENCODING, delivery_mode=2,
                             headers={"x-award-replay": "outbox"})
    return len(rows)
