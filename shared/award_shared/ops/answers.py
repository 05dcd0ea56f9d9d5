"""What the operations routes answer, as marshmallow schemas: each route declares its own
(``@api(..., answer=…)``) and its ``/openapi.json`` entry states it (issue 32, item 8)."""
from marshmallow import Schema, fields

def _instant(description=None, nullable=False):
    return fields.AwareDateTime(required=True, allow_none=nullable, metadata={"description": description} if description else {})


class LiveAnswer(Schema):
    """The process answers."""
    status = fields.String(required=True)
    service = fields.String(required=True)
    example = {"status": "live", "service": "revocation"}


class ReadyAnswer(Schema):
    """Whether the database and the broker answer (503 when one does not)."""
    status = fields.String(required=True, metadata={"description": "`ready` or `not ready`"})
    checks = fields.Dict(keys=fields.String(), values=fields.String(), required=True,
                         metadata={"description": "`database`, `broker` and, where it consumes, `inbox`: "
                                                  "`ok` or what is wrong"})
    example = {"status": "ready", "checks": {"database": "ok", "broker": "ok", "inbox": "ok"}}


class ClockAnswer(Schema):
    """The business clock: its mode and what time it says it is."""
    mode = fields.String(required=True, metadata={"description": "`wall`, `fixed` or `simulated`"})
    now = _instant("the business time")
    example = {"mode": "fixed", "now": "2019-03-01T09:00:00+08:00"}


class AuditEntry(Schema):
    """One audited call: who, when, what, on what, why."""
    id = fields.Integer(required=True)
    at = _instant()
    actor = fields.String(required=True)
    actor_name = fields.String(required=True, allow_none=True)
    roles = fields.String(required=True)
    action = fields.String(required=True)
    target = fields.String(required=True, allow_none=True)
    reason = fields.String(required=True, allow_none=True)
    detail = fields.String(required=True, allow_none=True, metadata={"description": "JSON text, where any"})


class AuditAnswer(Schema):
    """A page of audit entries, oldest first (by id); ``next`` the ``after`` of the next page,
    null on the last."""
    entries = fields.List(fields.Nested(AuditEntry), required=True)
    next = fields.Integer(required=True, allow_none=True)
    example = {"entries": [{"id": 1, "at": "2019-03-01T09:00:00+08:00", "actor": "office-wang",
                            "actor_name": None, "roles": "office", "action": "case.open", "target": "case-01",
                            "reason": None, "detail": None}], "next": None}


class DeadLetter(Schema):
    """An event this service could not apply, with the error and the body as received."""
    id = fields.Integer(required=True)
    event_id = fields.String(required=True, allow_none=True)
    type = fields.String(required=True, allow_none=True)
    exchange = fields.String(required=True, allow_none=True)
    routing_key = fields.String(required=True, allow_none=True)
    stage = fields.String(required=True, metadata={"description": "json, envelope, type, data or handler"})
    error = fields.String(required=True)
    body = fields.String(required=True)
    received_at = _instant()
    status = fields.String(required=True)
    replay_count = fields.Integer(required=True)
    last_replay_at = _instant(nullable=True)


class DeadLettersAnswer(Schema):
    """A page of dead letters, oldest first (by id); ``next`` the ``after`` of the next page,
    null on the last."""
    dead_letters = fields.List(fields.Nested(DeadLetter), required=True)
    next = fields.Integer(required=True, allow_none=True)
    example = {"dead_letters": [], "next": None}


class LetterAnswer(Schema):
    """What became of the dead letter."""
    id = fields.Integer(required=True)
    status = fields.String(required=True)
    example = {"id": 1, "status": "replayed"}


class Hold(Schema):
    """A hold: who placed it, on what, why, and where it took effect."""
    hold_id = fields.String(required=True)
    cycle_id = fields.String(required=True, allow_none=True)
    step = fields.String(required=True, allow_none=True)
    subject = fields.String(required=True, allow_none=True)
    placed_by = fields.String(required=True, allow_none=True)
    placed_by_service = fields.String(required=True, allow_none=True)
    reason = fields.String(required=True, allow_none=True)
    article = fields.String(required=True, allow_none=True)
    status = fields.String(required=True)
    placed_at = _instant(nullable=True)
    released_at = _instant(nullable=True)
    released_by = fields.String(required=True, allow_none=True)
    release_reason = fields.String(required=True, allow_none=True)
    applied_at = _instant(nullable=True)
    applied_step = fields.String(required=True, allow_none=True)


class HoldsAnswer(Schema):
    """A page of the holds known to this service, by hold id; ``next`` the ``after`` of the next
    page, null on the last."""
    holds = fields.List(fields.Nested(Hold), required=True)
    next = fields.String(required=True, allow_none=True)
    example = {"holds": [], "next": None}


class OutboxAnswer(Schema):
    """The outbox: what waits to be published, what was, and the relay's state."""
    backlog = fields.Integer(required=True)
    oldest_unsent_at = _instant(nullable=True)
    sent = fields.Integer(required=True)
    last_sent_at = _instant(nullable=True)
    relay_running = fields.Boolean(required=True)
    relay_paused = fields.Boolean(required=True)
    relay_connects = fields.Integer(required=True)
    example = {"backlog": 0, "oldest_unsent_at": None, "sent": 12, "last_sent_at": "2019-03-01T09:00:00+00:00",
               "relay_running": True, "relay_paused": False, "relay_connects": 1}


class PausedAnswer(Schema):
    """Whether the relay is paused now."""
    relay_paused = fields.Boolean(required=True)
    example = {"relay_paused": True}


class ReplayAnswer(Schema):
    """How many events went again to the queue; ``more``: call again from ``last_id``."""
    queue = fields.String(required=True)
    replayed = fields.Integer(required=True)
    last_id = fields.Integer(required=True, allow_none=True)
    more = fields.Boolean(required=True)
    example = {"queue": "bureau.market.inbox", "replayed": 2, "last_id": 2, "more": False}
