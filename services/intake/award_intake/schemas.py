"""HTTP bodies of intake, loaded through marshmallow before anything trusts them.

Every body schema derives from :class:`IntakeSchema`: unknown fields are refused (422
naming them), and a field that would carry a fee or a payment is refused citing Art. 20
(评审不向申报单位和个人收取任何费用) — nothing in intake accepts or records a payment.
"""
import re

from marshmallow import RAISE, Schema, ValidationError, fields, pre_load, validate, validates_schema

from award_rules.identifiers import validate_credit_code, validate_resident_id
from award_rules.ruleset_schema import TiltSchema
from award_shared.events.schemas import CATEGORIES, CATEGORY_KIND, KINDS, STEPS

FEE_FIELD = re.compile(
    r"(^|_)(fee|fees|payment|payments|pay|paid|charge|charges|price|cost|costs|money|amount|"
    r"invoice|remittance|receipt|tuition)(_|$)|费|缴|付款|收款|汇款", re.IGNORECASE)
ART20 = ("市长质量奖的评审不向申报单位和个人收取任何费用，不接受任何缴费信息（第二十条）"
         " / no fee or payment is accepted or recorded (Art. 20)")


class IntakeSchema(Schema):
    """Base of intake's bodies: closed to unknown fields and to any fee (Art. 20)."""

    class Meta:
        unknown = RAISE

    @pre_load
    def _no_fees(self, data, **kwargs):
        if isinstance(data, dict):
            fees = [key for key in data if isinstance(key, str) and FEE_FIELD.search(key)]
            if fees:
                raise ValidationError({key: [ART20] for key in fees})
        return data


def checked_by(check):
    """A field validator from an award_rules.identifiers check (None = valid)."""
    def validator(value):
        problem = check(value)
        if problem:
            raise ValidationError(problem)
    return validator


def text_field(max_length=5000, **kw):
    return fields.String(validate=validate.Length(min=1, max=max_length), **kw)


def credit_code_field(**kw):
    return fields.String(validate=checked_by(validate_credit_code), **kw)


def resident_id_field(**kw):
    return fields.String(validate=checked_by(validate_resident_id), **kw)


def strict_bool(**kw):
    return fields.Boolean(truthy={True}, falsy={False}, **kw)


class OpenCycleSchema(IntakeSchema):
    """Open a cycle (届): its edition year and the schedule of its steps."""
    edition = fields.Integer(load_default=None, strict=True, validate=validate.Range(min=2000, max=2999), metadata={
        "description": "the Beijing year of today (Art. 2); given, it must be that year"})
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


class CloseCycleSchema(IntakeSchema):
    """Closing the cycle: after the government approved the list (Art. 18), or with no award on
    the leading group's decision (every category vacant, or the list refused)."""
    reason = fields.String(required=True, validate=validate.Length(min=1, max=2000))
    outcome = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(("awarded", "no_award")))
    decision = fields.String(load_default=None, allow_none=True, validate=validate.Length(min=1, max=2000),
                             metadata={"description": "the leading group's decision, needed for no_award"})


class NoticeSchema(IntakeSchema):
    """The application notice (申报通知, Art. 13): its text and deadlines. The deadline
    defaults to the cycle's application deadline, the recommendation deadline to its
    district_review date."""
    text = text_field(20000, required=True)
    deadline = fields.AwareDateTime(load_default=None)
    recommendation_deadline = fields.AwareDateTime(load_default=None)
    reason = text_field(2000, load_default=None)


class ApproveTiltSchema(IntakeSchema):
    """The leading group approves the cycle's Art. 11 tilt with its review scheme (Art. 7 LG(2));
    without ``tilt``, the rule set's."""
    tilt = fields.Nested(TiltSchema, load_default=None)
    decision = text_field(2000, required=True, metadata={"description": "the leading group's decision: meeting minute or document"})
    reason = text_field(2000, load_default=None)


class PastWinnerSchema(IntakeSchema):
    """A winner of an earlier cycle, for the Art. 6 registry; a person by resident ID
    number (kept only as its person_key) or by person_key."""
    kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    name = text_field(200, required=True)
    category = fields.String(required=True, validate=validate.OneOf(CATEGORIES))
    edition = fields.Integer(required=True, strict=True, validate=validate.Range(min=1990, max=2999))
    credit_code = credit_code_field(load_default=None)
    resident_id = resident_id_field(load_default=None)
    person_key = fields.String(load_default=None, validate=validate.Regexp(r"^[0-9a-f]{64}$"))
    award_id = text_field(200, load_default=None)
    certificate_number = text_field(200, load_default=None)

    @validates_schema
    def _identity(self, data, **kwargs):
        if CATEGORY_KIND[data["category"]] != data["kind"]:
            raise ValidationError({"category": [f"{data['category']} is not a {data['kind']} category"]})
        if data["kind"] == "unit" and not data.get("credit_code"):
            raise ValidationError({"credit_code": ["a unit needs its credit code"]})
        if data["kind"] == "individual" and not (data.get("resident_id") or data.get("person_key")):
            raise ValidationError({"resident_id": ["a person needs a resident ID number or person_key"]})


class ImportPastWinnersSchema(IntakeSchema):
    """Winners of earlier cycles (Art. 6), imported by the office."""
    winners = fields.List(fields.Nested(PastWinnerSchema), required=True,
                          validate=validate.Length(min=1, max=1000))
    reason = text_field(2000, required=True)
