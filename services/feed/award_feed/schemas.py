"""The query of feed's HTTP route (marshmallow), loaded before anything trusts it."""
from marshmallow import RAISE, Schema, ValidationError, fields, validate

from award_shared import events
from award_shared import fields as award_fields
from award_shared import paging

from .domain.projection import parse_types
from .replicas import PUBLIC_TYPES

MAX_POSITION = 2 ** 63 - 1
MAX_LIMIT = 1000


def _types(value):
    try:
        parse_types(value, PUBLIC_TYPES)
    except ValueError as exc:
        raise ValidationError(f"not a public event type: {exc}; the feed serves {', '.join(PUBLIC_TYPES)}") from None


class FeedQuerySchema(Schema):
    """``GET /public/v1/feed``: ``after`` the cursor (0: from the start), ``types`` the public
    event types wanted (comma-separated; none: all), ``limit`` the page's size, ``wait`` how
    long to wait for an event when there is none yet (seconds; at most ``FEED_WAIT_MAX_SECONDS``)."""
    class Meta:
        unknown = RAISE

    after = fields.Integer(load_default=0, strict=False, validate=validate.Range(min=0, max=MAX_POSITION),
                           metadata={"description": "the cursor: events after this position (0: from the start)"})
    types = fields.String(load_default="", validate=[validate.Length(max=500), _types],
                          metadata={"description": "public event types, comma-separated (none: all)"})
    limit = fields.Integer(load_default=100, strict=False, validate=validate.Range(min=1, max=MAX_LIMIT),
                           metadata={"description": f"events in the page, 1 to {MAX_LIMIT}"})
    wait = fields.Integer(load_default=0, strict=False, validate=validate.Range(min=0, max=300),
                          metadata={"description": "seconds to wait for an event when none is there yet"})


NAME = r"[a-z0-9][a-z0-9-]{0,39}"


class WebhookSchema(Schema):
    """``POST /v1/webhooks``: a subscription."""
    example = {"name": "credit-platform", "url": "https://credit.jinan.example/hooks/award",
               "types": [events.AwardGranted.type, events.AwardRevoked.type]}
    name = fields.String(required=True, validate=award_fields.Pattern(NAME), metadata={
        "description": "a short name, unique: the bureau's (lower case, digits, dashes; the metrics' label)"})
    url = award_fields.text_field("where to POST: https (http to loopback only in development)", max_length=2000)
    types = fields.List(fields.String(validate=validate.Length(max=64)), load_default=list,
                        validate=validate.Length(max=20),
                        metadata={"description": "public event types wanted (none: all)"})
    secret = award_fields.optional(award_fields.text_field, "whsec_ and the base64 of 24 to 64 bytes (none: generated "
                                   "and answered once)", max_length=200)
    after = fields.Integer(load_default=None, allow_none=True, strict=True,
                           validate=validate.Range(min=0, max=MAX_POSITION),
                           metadata={"description": "deliver from this cursor (none: from the feed's head, what comes next)"})

    class Meta:
        unknown = RAISE


class RotateSchema(Schema):
    """``POST /v1/webhooks/<id>/secret``: a new secret, the previous one signing beside it a while."""
    example = {"overlap_seconds": 600}
    secret = award_fields.optional(award_fields.text_field, "the new secret (none: generated and answered once)",
                                   max_length=200)
    overlap_seconds = fields.Integer(load_default=None, allow_none=True, strict=True,
                                     validate=validate.Range(min=0, max=30 * 86400),
                                     metadata={"description": "how long the previous secret still signs "
                                                              "(none: WEBHOOK_SECRET_OVERLAP_SECONDS)"})

    class Meta:
        unknown = RAISE


class ReplaySchema(Schema):
    """``POST /v1/webhooks/<id>/replay``: deliver again from a cursor."""
    example = {"after": 3, "reason": "重新投递信用平台漏收的事件"}
    after = fields.Integer(required=True, strict=True, validate=validate.Range(min=0, max=MAX_POSITION),
                           metadata={"description": "the cursor to deliver after (0: from the start)"})
    reason = award_fields.optional(award_fields.text_field, "why (kept in the audit log)", max_length=2000)

    class Meta:
        unknown = RAISE


class WebhookListSchema(Schema):
    """``GET /v1/webhooks``: a page of subscriptions."""
    state = fields.String(load_default=None, validate=validate.OneOf(("active", "failing", "parked")),
                          metadata={"description": "active, failing (active, backing off) or parked; none: all"})
    after = fields.Integer(load_default=0, strict=False, validate=validate.Range(min=0, max=MAX_POSITION),
                           metadata={"description": "the page after this subscription id"})
    limit = paging.limit_field("subscriptions")  # the suite's limits; ``after`` here an integer id
