"""What the feed answers (issue 32, item 8): a CloudEvents JSON batch, one schema per event,
declared on its route (``@api(..., answer=…)``) and stated in its ``/openapi.json``."""
from marshmallow import Schema, fields


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
