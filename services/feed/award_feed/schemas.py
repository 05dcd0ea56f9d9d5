"""The query of feed's HTTP route (marshmallow), loaded before anything trusts it."""
from marshmallow import RAISE, Schema, ValidationError, fields, validate

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
