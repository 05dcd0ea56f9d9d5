"""HTTP bodies of intake, loaded through marshmallow before anything trusts them."""
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from award_shared.events.schemas import STEPS


class OpenCycleSchema(Schema):
    """Open a cycle (届): its edition year and the schedule of its steps."""
    edition = fields.Integer(required=True, strict=True, validate=validate.Range(min=2000, max=2999))
    ruleset_id = fields.String(load_default=None, validate=validate.Length(min=1, max=64))
    schedule = fields.Dict(keys=fields.String(validate=validate.OneOf(STEPS)),
                           values=fields.AwareDateTime(), required=True)
    reason = fields.String(load_default=None, validate=validate.Length(max=2000))

    @validates_schema
    def _deadlines_in_order(self, data, **kwargs):
        schedule = data.get("schedule") or {}
        if "application" not in schedule:
            raise ValidationError({"schedule": ["needs the application deadline ('application')"]})
        dated = [(STEPS.index(step), step, at) for step, at in schedule.items()]
        dated.sort()
        for (_, s1, a1), (_, s2, a2) in zip(dated, dated[1:]):
            if a2 < a1:
                raise ValidationError({"schedule": [f"{s2} ({a2.isoformat()}) comes before {s1} ({a1.isoformat()})"]})


class CloseCycleSchema(Schema):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=2000))
