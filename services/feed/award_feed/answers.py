"""What the feed answers (issue 32, item 8): a CloudEvents JSON batch, one schema per event, and
the webhook subscriptions the operators manage (issue 36, item 2); each declared on its route
(``@api(..., answer=…)``) and stated in its ``/openapi.json``."""
from marshmallow import Schema, fields, validate

from award_shared import events

from .replicas import PUBLIC_TYPES
from .tables import SUBSCRIPTION_STATES


class FeedEvent(Schema):
    """One public event of the feed, a CloudEvent of the JSON format, with its position
    (``feedcursor``); no ``person_key``, no tracing extension."""
    specversion = fields.String(required=True)
    id = fields.String(required=True)
    source = fields.String(required=True)
    type = fields.String(required=True, metadata={"description": "award.approved, award.granted or award.revoked"})
    subject = fields.String(required=True)
    time = fields.String(required=True, metadata={"description": "RFC 3339, UTC"})
    dataschema = fields.String()
    datacontenttype = fields.String()
    cycleid = fields.String(allow_none=True)
    sequence = fields.Integer()
    data = fields.Dict(required=True, metadata={"description": "the event's public data"})
    feedcursor = fields.Raw(required=True, metadata={"description": "the event's position in the feed"})


# -- webhook subscriptions (issue 36, item 2): written by hand from webhooks.shown -----------------
class Webhook(Schema):
    """A webhook subscription as the operators see it: never its secret. Times are the wall clock,
    RFC 3339 in UTC."""
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    url = fields.String(required=True)
    types = fields.List(fields.String(validate=validate.OneOf(PUBLIC_TYPES)), required=True,
                        metadata={"description": "the public event types it receives (none: all)"})
    cursor = fields.Integer(required=True, metadata={"description": "the position of the feed delivered up to"})
    state = fields.String(required=True, validate=validate.OneOf(SUBSCRIPTION_STATES),
                          metadata={"description": "active, or parked until an operator replays it"})
    failures = fields.Integer(required=True, metadata={"description": "failed attempts in a row"})
    failing_since = fields.AwareDateTime(required=True, allow_none=True)
    last_error = fields.String(required=True, allow_none=True)
    last_error_at = fields.AwareDateTime(required=True, allow_none=True)
    last_delivered_at = fields.AwareDateTime(required=True, allow_none=True)
    next_attempt_at = fields.AwareDateTime(required=True)
    previous_until = fields.AwareDateTime(required=True, allow_none=True, metadata={
        "description": "until when the previous secret still signs beside the new one (none: no rotation)"})
    created_by = fields.String(required=True)
    created_at = fields.AwareDateTime(required=True)


_WEBHOOK = {'id': 1,
            'name': 'credit-platform',
            'url': 'https://credit.jinan.example/hooks/award',
            'types': [events.AwardGranted.type, events.AwardRevoked.type],
            'cursor': 0,
            'state': 'active',
            'failures': 0,
            'failing_since': None,
            'last_error': None,
            'last_error_at': None,
            'last_delivered_at': None,
            'next_attempt_at': '2026-12-07T06:30:00.000000Z',
            'previous_until': None,
            'created_by': 'operator-li',
            'created_at': '2026-12-07T06:30:00.000000Z'}


class WebhookAnswer(Webhook):
    """What GET /v1/webhooks/{subscription_id} and POST /v1/webhooks/{subscription_id}/replay
    answer (200): the subscription."""
    example = _WEBHOOK


class WebhookSecretAnswer(Webhook):
    """What POST /v1/webhooks (201) and POST /v1/webhooks/{subscription_id}/secret (200) answer:
    the subscription, with its new ``secret`` when the service generated it (answered this once)."""
    secret = fields.String(metadata={"description": "whsec_ and the base64 of the key: present only when generated"})
    example = {**_WEBHOOK, 'secret': 'whsec_GqQlk3Ljqb9JXZXLuWMX+2Hw+SzOLX7+uWX0gKNarzA='}


class WebhookListAnswer(Schema):
    """What GET /v1/webhooks answers (200): a page of subscriptions by id, and the ``after`` of the
    next page (null: the last page)."""
    subscriptions = fields.List(fields.Nested(Webhook), required=True)
    next = fields.Integer(required=True, allow_none=True)
    example = {'subscriptions': [_WEBHOOK], 'next': None}


class WebhookRemovedAnswer(Schema):
    """What DELETE /v1/webhooks/{subscription_id} answers (200): the id of the subscription removed."""
    removed = fields.Integer(required=True)
    example = {'removed': 1}
