"""The part every service shares: its unit of work, the holds feed, and the operations
routes of contract.md (health, metrics, OpenAPI, dead letters, outbox, holds, audit, clock).

A service class subclasses :class:`KitService` and adds its domain entrypoints; it may
override :meth:`subject_step` to say at which step a subject stands (for ``hold.applied``).
"""
from datetime import datetime, timezone

import sqlalchemy as sa
from kombu import Connection, Producer
from marshmallow import Schema, fields, validate
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from werkzeug.wrappers import Response

from nameko.extensions import DependencyProvider

from . import db, errors, holds, metrics, replay
from .clock import ClockError, ClockRangeError
from .clock_provider import Clock, move_record
from .consumer import consume, inbox_batch
from .cycle_access import CycleRosters
from .events.fields import optional, text_field
from .inbox import apply_batch
from .http import api
from .openapi import openapi_document
from .relay_provider import Outbox
from .tls import amqp_ssl
from .topology import inbox_queue_name, replay_exchange_name
from .uow import UnitOfWork

OPS = ("operator",)


MAX_ROW_ID = 2 ** 63 - 1  # a row id either engine can compare with (SQLite: 64-bit signed)


class ReplaySchema(Schema):
    reason = optional(text_field, "why (kept in the audit log)", max_length=2000)


class OutboxReplaySchema(Schema):
    queue = fields.String(required=True, validate=validate.Regexp(r"^[a-z][a-z0-9.-]{0,99}$"), metadata={
        "description": "the queue to send to: a subscriber's `<service>.inbox` or a bureau's `bureau.<name>`"})
    types = fields.List(fields.String(validate=validate.Length(min=1, max=64)), validate=validate.Length(max=50),
                        metadata={"description": "event types (default: every type the queue takes from here)"})
    since = fields.AwareDateTime(metadata={"description": "sent at or after this instant"})
    until = fields.AwareDateTime(metadata={"description": "sent before this instant"})
    after_id = fields.Integer(validate=validate.Range(min=0, max=MAX_ROW_ID), metadata={
        "description": "high-water mark: outbox rows after this id (a previous answer's last_id)"})
    reason = optional(text_field, "why (kept in the audit log)", max_length=2000)


class ClockSchema(Schema):
    at = fields.String(required=True, validate=validate.Length(min=1, max=64), metadata={
        "description": "an ISO 8601 instant with its offset, within the service's CLOCK_MIN .. CLOCK_MAX"})
    reason = optional(text_field, "why (kept in the audit log)", max_length=2000)


class LetterPath(Schema):
    letter_id = fields.Integer(required=True, validate=validate.Range(min=1, max=MAX_ROW_ID))


class LettersQuery(Schema):
    status = fields.String(load_default="pending",
                           validate=validate.OneOf(["pending", "replayed", "discarded", "all"]))


class AuditQuery(Schema):
    after = fields.Integer(load_default=0, validate=validate.Range(min=0, max=MAX_ROW_ID), metadata={
        "description": "only entries with an id above this one (paging)"})


class Runtime(DependencyProvider):
    """What the operations routes read of the running container: its configuration, its
    OpenAPI document and its inbox consumer."""

    def get_dependency(self, worker_ctx):
        return self

    @property
    def config(self):
        return self.container.config

    def openapi(self):
        return openapi_document(self.container)

    @property
    def inbox(self):
        from .consumer import InboxConsumer
        return next((e for e in self.container.subextensions if isinstance(e, InboxConsumer)), None)


class KitService(CycleRosters):
    name = None
    uow = UnitOfWork()
    clock = Clock()
    outbox = Outbox()
    runtime = Runtime()

    def subject_step(self, tx, cycle_id, subject):
        """The step ``subject`` stands at in this service, or None if it is not known here."""
        return None

    def hold_released(self, tx, data):
        """Called in the release's transaction once a hold stops here; e.g. finish what it held."""

    def refresh_metrics(self, tx):
        """Set this service's own gauges before ``/metrics`` answers (inside a read transaction)."""

    @inbox_batch()
    def apply_inbox_batch(self, messages, consumer):
        """Events from the bus, applied in one transaction (each in its own savepoint)."""
        return apply_batch(self, self.uow, messages, consumer)

    # -- holds feed (every service keeps its own copy) ---------------------------------
    @consume("hold.placed")
    def on_hold_placed(self, tx, event):
        """Record a hold; enforce it from now on (docs/design.md, "Holds")."""
        holds.record_placed(tx, event.data, subject_step=self.subject_step)

    @consume("hold.released")
    def on_hold_released(self, tx, event):
        """Record a release; final."""
        if holds.record_released(tx, event.data):
            self.hold_released(tx, event.data)

    # -- health, metrics, contract -------------------------------------------------------
    @api("GET", "/health/live", public=True, limited=False, summary="the process answers", transaction=False)
    def health_live(self, call):
        return {"status": "live", "service": self.name}

    @api("GET", "/health/ready", public=True, limited=False, summary="database and broker answer",
         transaction=False)  # a database that does not answer is reported, not raised
    def health_ready(self, call):
        checks = {}
        try:
            with self.uow as tx:
                tx.session.execute(sa.text("SELECT 1"))
            checks["database"] = "ok"
        except Exception as exc:  # noqa: BLE001 - reported, not raised
            checks["database"] = f"error: {exc.__class__.__name__}"
        try:
            config = self.runtime.config
            with Connection(config["AMQP_URI"], connect_timeout=2, ssl=amqp_ssl(config)) as conn:
                conn.ensure_connection(max_retries=1)
            checks["broker"] = "ok"
        except Exception as exc:  # noqa: BLE001
            checks["broker"] = f"error: {exc.__class__.__name__}"
        inbox = self.runtime.inbox
        if inbox is not None and inbox.consuming:
            checks["inbox"] = "ok" if inbox.outage is None else \
                f"backing off {inbox.backoff:.1f}s: {inbox.outage}"
        ready = all(v == "ok" for v in checks.values())
        return (200 if ready else 503), {"status": "ready" if ready else "not ready", "checks": checks}

    @api("GET", "/metrics", public=True, limited=False, summary="Prometheus metrics")
    def metrics(self, tx, call):
        pending = tx.session.execute(sa.select(sa.func.count()).select_from(db.dead_letters)
                                     .where(db.dead_letters.c.status == "pending")).scalar_one()
        counts = holds.active_counts(tx.session)
        backlog, oldest_unsent = tx.session.execute(sa.select(sa.func.count(), sa.func.min(db.outbox.c.created_at))
                                                    .where(db.outbox.c.sent_at.is_(None))).one()
        oldest_hold = tx.session.execute(sa.select(sa.func.min(db.holds.c.placed_at))
                                         .where(db.holds.c.status == "active")).scalar()
        now = tx.now()
        self.refresh_metrics(tx)
        relay = self.outbox
        # ages for the alert rules of deploy/monitoring/ (the outbox's and holds' times are
        # on the business clock, so their age is too)
        metrics.OUTBOX_OLDEST_AGE.labels(self.name).set(_age(now, oldest_unsent))
        metrics.HOLDS_OLDEST_AGE.labels(self.name).set(_age(now, oldest_hold))
        metrics.RELAY_ACTIVE.labels(self.name).set(1 if relay.running and relay.lock.held else 0)
        metrics.OUTBOX_BACKLOG.labels(self.name).set(backlog)
        metrics.DEAD_LETTERS.labels(self.name).set(pending)
        for step in holds.STEPS:
            metrics.HOLDS_ACTIVE.labels(self.name, step).set(counts.get(step, 0))
        return Response(generate_latest(), mimetype=CONTENT_TYPE_LATEST.split(";")[0],
                        headers={"Content-Type": CONTENT_TYPE_LATEST})

    @api("GET", "/openapi.json", public=True, limited=False, summary="this service's OpenAPI document",
         transaction=False)
    def openapi(self, call):
        return self.runtime.openapi()

    # -- operations ---------------------------------------------------------------------
    @api("GET", "/admin/v1/dead-letters", roles=OPS, query=LettersQuery(),
         summary="events this service could not apply")
    def list_dead_letters(self, tx, call):
        status = call.query["status"]
        query = sa.select(db.dead_letters).order_by(db.dead_letters.c.id)
        if status != "all":
            query = query.where(db.dead_letters.c.status == status)
        rows = tx.session.execute(query.limit(500)).mappings().all()
        return {"dead_letters": [_letter(r) for r in rows]}

    @api("POST", "/admin/v1/dead-letters/<letter_id>/replay", roles=OPS, body=ReplaySchema(), path=LetterPath(),
         summary="send a dead letter through the inbox again")
    def replay_dead_letter(self, tx, call, letter_id):
        row = _get_letter(tx, letter_id)
        if row["status"] != "pending":
            raise errors.Conflict(f"死信 {letter_id} 已处理（{row['status']}）",
                                  f"dead letter {letter_id} is already {row['status']}")
        _republish(self.runtime.config, self.name, row)
        tx.session.execute(db.dead_letters.update().where(db.dead_letters.c.id == letter_id).values(
            status="replayed", replay_count=row["replay_count"] + 1, last_replay_at=tx.now()))
        tx.audit("dead_letter.replay", target=str(letter_id), reason=call.body.get("reason"))
        return {"id": letter_id, "status": "replayed"}

    @api("POST", "/admin/v1/dead-letters/<letter_id>/discard", roles=OPS, body=ReplaySchema(), path=LetterPath(),
         summary="set a dead letter aside, with the reason")
    def discard_dead_letter(self, tx, call, letter_id):
        _get_letter(tx, letter_id)
        tx.session.execute(db.dead_letters.update().where(db.dead_letters.c.id == letter_id)
                           .values(status="discarded"))
        tx.audit("dead_letter.discard", target=str(letter_id), reason=call.body.get("reason"))
        return {"id": letter_id, "status": "discarded"}

    @api("GET", "/admin/v1/outbox", roles=OPS, summary="events committed and not yet confirmed")
    def outbox_state(self, tx, call):
        backlog = tx.session.execute(sa.select(sa.func.count(), sa.func.min(db.outbox.c.created_at))
                                     .where(db.outbox.c.sent_at.is_(None))).one()
        sent = tx.session.execute(sa.select(sa.func.count(), sa.func.max(db.outbox.c.sent_at))
                                  .where(db.outbox.c.sent_at.is_not(None))).one()
        relay = self.outbox
        return {"backlog": backlog[0], "oldest_unsent_at": backlog[1], "sent": sent[0],
                "last_sent_at": sent[1], "relay_running": relay.running, "relay_paused": relay.paused,
                "relay_connects": relay.connects}

    @api("POST", "/admin/v1/outbox/pause", roles=OPS, body=ReplaySchema(),
         summary="hold publishing (e.g. broker maintenance); commits go on and queue up")
    def pause_outbox(self, tx, call):
        return self._pause_relay(tx, call, True)

    @api("POST", "/admin/v1/outbox/resume", roles=OPS, body=ReplaySchema(),
         summary="resume publishing; the backlog drains in commit order")
    def resume_outbox(self, tx, call):
        return self._pause_relay(tx, call, False)

    def _pause_relay(self, tx, call, paused):
        relay = self.outbox
        if paused:
            relay.pause()
        else:
            relay.resume()
        tx.audit("outbox.pause" if paused else "outbox.resume", reason=call.body.get("reason"))
        return {"relay_paused": paused}

    @api("POST", "/admin/v1/outbox/replay", roles=OPS, body=OutboxReplaySchema(),
         summary="send sent events again to one named queue (a restored subscriber, a bureau)",
         transaction=False)  # no broker I/O inside a transaction: it reads, publishes, then audits
    def replay_outbox(self, call):
        """Events this service sent, again, to one queue through its replay exchange; refused
        for a range older than the inbox retention, whose copies would be applied twice."""
        body, relay = call.body, self.outbox
        queue = body["queue"]
        allowed = replay.check_request(self.name, body)
        with self.uow as tx:
            rows = replay.select(tx.session, self.name, queue, types=body.get("types"), since=body.get("since"),
                                 until=body.get("until"), after_id=body.get("after_id"))
        more, rows = len(rows) > replay.MAX_EVENTS, rows[:replay.MAX_EVENTS]
        replay.check_age(rows, allowed, relay.retention["inbox"], datetime.now(timezone.utc))
        replay.publish(relay, self.name, queue, rows)  # no network I/O inside a transaction
        last_id = rows[-1].id if rows else body.get("after_id")
        with self.uow as tx:
            tx.audit("outbox.replay", target=queue, reason=body.get("reason"),
                     detail={"events": len(rows), "last_id": last_id})
        return {"queue": queue, "replayed": len(rows), "last_id": last_id, "more": more}

    @api("GET", "/admin/v1/holds", roles=("operator", "office", "supervisor", "leading_group"),
         summary="holds known to this service (a supervisor: those of the cycle whose sitting group it is on)",
         cycle_scoped=True)
    def list_holds(self, tx, call):
        query = sa.select(db.holds).order_by(db.holds.c.placed_at)
        where = call.readable_cycles(tx).where(db.holds.c.cycle_id)
        if where is not None:
            query = query.where(where)
        rows = tx.session.execute(query).mappings().all()
        return {"holds": [dict(r) for r in rows]}

    @api("GET", "/admin/v1/audit", roles=("operator", "office"), query=AuditQuery(),
         summary="who did what, when, why")
    def audit_log(self, tx, call):
        after = call.query["after"]
        rows = tx.session.execute(sa.select(db.audit_log).where(db.audit_log.c.id > after)
                                  .order_by(db.audit_log.c.id).limit(500)).mappings().all()
        return {"entries": [dict(r) for r in rows]}

    @api("GET", "/admin/v1/clock", roles=OPS, summary="the business clock", transaction=False)
    def get_clock(self, call):
        return self.clock.describe()

    @api("POST", "/admin/v1/clock", roles=OPS, body=ClockSchema(),
         summary="move a fixed or simulated business clock (demonstrations, replays)")
    def set_clock(self, tx, call):
        try:
            self.clock.set(call.body["at"])
        except ClockRangeError as exc:
            raise errors.Invalid({"at": [str(exc)]}) from None
        except ClockError as exc:
            raise errors.Conflict(f"业务时钟不可调整：{exc}", str(exc)) from None
        tx.audit("clock.set", target=call.body["at"], reason=call.body.get("reason"),
                 detail=move_record(self.runtime.config, self.clock))
        return self.clock.describe()


def _letter(row):
    out = {k: row[k] for k in row.keys() if k != "body"}
    out["body"] = bytes(row["body"]).decode("utf-8", errors="replace")
    return out


def _get_letter(tx, letter_id):
    row = tx.session.execute(sa.select(db.dead_letters).where(db.dead_letters.c.id == letter_id)).mappings().first()
    if row is None:
        raise errors.NotFound(f"没有编号为 {letter_id} 的死信", f"no dead letter {letter_id}")
    return row


def _republish(config, service, row):
    """Put the stored bytes back on this service's own inbox, confirmed by the broker, through
    the service's replay exchange: its broker user may write there, not to the default
    exchange (which reaches every queue)."""
    with Connection(config["AMQP_URI"], connect_timeout=5, ssl=amqp_ssl(config),
                    transport_options={"confirm_publish": True}) as conn:
        Producer(conn.default_channel).publish(
            bytes(row["body"]), exchange=replay_exchange_name(service), routing_key=inbox_queue_name(service),
            content_type="application/json", content_encoding="binary", delivery_mode=2,
            headers={"x-award-replay-of": row["id"]})


def _age(now, since):
    return max(0.0, (now - since).total_seconds()) if since is not None else 0.0
