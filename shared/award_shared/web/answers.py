"""Answer schemas more than one service declares (``@api(..., answer=…)``): written once here,
each service subclasses them with its own docstring (the document's description) and example."""
from marshmallow import Schema, fields


class Filed(Schema):
    """What a public filing answers: its tracking number and where it stands (supervision's
    complaints, Art. 9(3); revocation's reports, Art. 22, 28, 29(5))."""
    tracking_number = fields.String(required=True, allow_none=True)
    status = fields.String(required=True, allow_none=True)
    status_zh = fields.String(required=True, allow_none=True)
    filed_at = fields.AwareDateTime(allow_none=True)


class Identity(Schema):
    """Who filed it and how to reach them: shown to those alone who may see it."""
    name = fields.String(required=True, allow_none=True)
    contact = fields.String(required=True, allow_none=True)
