"""The outbox: its state, pausing and resuming the relay, and replaying sent events to one
named queue (a restored subscriber, a bureau)."""
from datetime import datetime, timezone

from marshmallow import Schema, fields, validate

from award_shared.bus import replay
from award_shared.events.fields import optional, text_field
from award_shared.ops import answers
from award_shared.ops.runtime import MAX_ROW_ID, OPS, ReplaySchema
from award_shared.store import kit_records
from award_shared.web.http import api


class OutboxReplaySchema(Schema):
    example = {"queue": "scoring.inbox", "after_id": 0, "reason": "scoring 恢复后补发"}
    queue = fields.String(required=True, validate=validate.Regexp(r"^[a-z][a-z0-9.-]{0,99}$"), metadata={
        "description": "the queue to send to: a subscriber's `<service>.inbox` or a bureau's `bureau.<name>`"})
    types = fields.List(fields.String(validate=validate.Length(min=1, max=64)), validate=validate.Length(max=50),
                        metadata={"description": "event types (default: every type the queue takes from here)"})
    since = fields.AwareDateTime(metadata={"description": "sent at or after this instant"})
    until = fields.AwareDateTime(metadata={"description": "sent before this instant"})
    after_id = fields.Integer(validate=validate.Range(min=0, max=MAX_ROW_ID), metadata={
        "description": "high-water mark: outbox rows after this id (a previous answer's last_id)"})
    reason = optional(text_field, "why (kept in the audit log)", max_length=2000)


class OutboxRoutes:
    @api("GET", "/admin/v1/outbox", roles=OPS, answer=answers.OutboxAnswer(),
         summary="The events committed and not yet confirmed by the broker (运维).")
    def outbox_state(self, tx, call):
        backlog = kit_records.outbox_backlog(tx.session)
        sent = kit_records.outbox_sent(tx.session)
        relay = self.outbox
        return {"backlog": backlog[0], "oldest_unsent_at": backlog[1], "sent": sent[0],
                "last_sent_at": sent[1], "relay_running": relay.running, "relay_paused": relay.paused,
                "relay_connects": relay.connects}

    @api("POST", "/admin/v1/outbox/pause", roles=OPS, body=ReplaySchema(),
         answer=answers.PausedAnswer(),
         summary="Hold publishing, e.g. for broker maintenance; commits go on and queue up (运维).")
    def pause_outbox(self, tx, call):
        return self._pause_relay(tx, call, True)

    @api("POST", "/admin/v1/outbox/resume", roles=OPS, body=ReplaySchema(),
         answer=answers.PausedAnswer(),
         summary="Resume publishing; the backlog drains in commit order (运维).")
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
         answer=answers.ReplayAnswer(),
         summary="Send sent events again to one named queue, a restored subscriber's or a bureau's (运维).",
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
