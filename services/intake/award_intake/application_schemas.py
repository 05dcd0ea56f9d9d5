"""Bodies of applications (Art. 3, 10-12, 14), their documents and their review.

The form is one schema for both kinds: ``kind`` says which fields are required and which
do not belong (a unit has no resident ID number; a person no date of main business).
Checks that need the cycle's rule set or today's date live in :mod:`forms`.
"""
import base64
import binascii

from marshmallow import ValidationError, fields, post_load, validate, validates_schema

from award_shared.events.schemas import KINDS, SECTORS

from .domain.eligibility import INDIVIDUAL_INCIDENTS, UNIT_INCIDENTS
from .schemas import IntakeSchema, credit_code_field, resident_id_field, strict_bool, text_field

ITEM = validate.Regexp(r"^Art\. \d{1,2}\(\d{1,2}\)$", error='must look like "Art. 10(2)"')
DOCUMENT_KINDS = ("application_form", "self_evaluation", "evidence")  # Art. 14: 申报表, 自我评价报告, 证明材料

_BY_KIND = {
    "unit": {"required": ("credit_code", "main_business_since"),
             "absent": ("resident_id", "employer_name", "employer_credit_code", "quality_work_since")},
    "individual": {"required": ("resident_id", "employer_name", "employer_credit_code", "quality_work_since"),
                   "absent": ("credit_code", "main_business_since", "sme")},
}


class TiltClaimSchema(IntakeSchema):
    """An Art. 11 tilt claimed, with its evidence."""
    kind = fields.String(required=True, validate=validate.Regexp(r"^[a-z][a-z0-9_]*$"))
    evidence = text_field(5000, required=True)


class IncidentSchema(IntakeSchema):
    """An accident, incident or violation declared (Art. 10(5)-(7), 12(6))."""
    kind = fields.String(required=True, validate=validate.OneOf(sorted(set(UNIT_INCIDENTS) | set(INDIVIDUAL_INCIDENTS))))
    occurred_on = fields.Date(required=True)
    description = text_field(5000, required=True)


class DeclarationSchema(IntakeSchema):
    """The applicant's declaration on one condition of Art. 10 or 12."""
    item = fields.String(required=True, validate=ITEM)
    affirmed = strict_bool(required=True)
    statement = text_field(5000, load_default=None)


class ApplicationFormSchema(IntakeSchema):
    """A unit's or a person's application form (《济南市市长质量奖申报表》, Art. 14)."""
    kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    name = text_field(200, required=True, metadata={"description": "legal name of the unit, or the person's name"})
    credit_code = credit_code_field(load_default=None, metadata={"description": "unit: 统一社会信用代码"})
    resident_id = resident_id_field(load_default=None, metadata={
        "description": "individual: 公民身份号码; stored, shown masked except to the office, never published"})
    employer_name = text_field(200, load_default=None)
    employer_credit_code = credit_code_field(load_default=None)
    district = text_field(100, required=True)
    sector = fields.String(required=True, validate=validate.OneOf(SECTORS))
    main_business_since = fields.Date(load_default=None, metadata={"description": "unit: the main business began (Art. 10(1))"})
    quality_work_since = fields.Date(load_default=None, metadata={
        "description": "individual: quality work in Jinan began (Art. 12(2))"})
    sme = strict_bool(load_default=None, metadata={"description": "unit: small or medium-sized (Art. 11)"})
    tilt_claims = fields.List(fields.Nested(TiltClaimSchema), load_default=list, validate=validate.Length(max=20))
    incidents = fields.List(fields.Nested(IncidentSchema), load_default=list, validate=validate.Length(max=100))
    declarations = fields.List(fields.Nested(DeclarationSchema), load_default=list, validate=validate.Length(max=50))
    reason = text_field(2000, load_default=None)

    @validates_schema
    def _fields_of_kind(self, data, **kwargs):
        rules = _BY_KIND[data["kind"]]
        problems = {name: ["Missing data for required field."] for name in rules["required"]
                    if data.get(name) is None}
        problems.update({name: [f"not part of a {data['kind']} application"] for name in rules["absent"]
                         if data.get(name) is not None})
        for name, key in (("declarations", "item"), ("tilt_claims", "kind")):
            seen = [entry[key] for entry in data.get(name) or []]
            repeated = sorted({k for k in seen if seen.count(k) > 1})
            if repeated:
                problems[name] = [f"repeated: {', '.join(repeated)}"]
        if problems:
            raise ValidationError(problems)

    @post_load
    def _normalise(self, data, **kwargs):
        if data.get("resident_id"):
            data["resident_id"] = data["resident_id"].upper()
        if data["kind"] == "unit" and data.get("sme") is None:
            data["sme"] = False
        return data


class Base64Bytes(fields.String):
    """Bytes sent as standard base64 text."""

    json_schema = {"type": "string", "contentEncoding": "base64"}

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        try:
            return base64.b64decode(text, validate=True)
        except (binascii.Error, ValueError):
            raise ValidationError("not valid base64") from None


class DocumentSchema(IntakeSchema):
    """A document of the application (Art. 14): the form, the self-evaluation report
    (《自我评价报告》) or evidence; content as base64, checked for type and size."""
    kind = fields.String(required=True, validate=validate.OneOf(DOCUMENT_KINDS))
    filename = fields.String(required=True, validate=[validate.Length(min=1, max=200),
                                                       validate.Regexp(r"^[^/\\\x00]+$", error="no path in a file name")])
    media_type = fields.String(required=True, validate=validate.Length(min=1, max=200))
    content = Base64Bytes(required=True)
    relates_to = fields.String(load_default=None, validate=validate.Length(min=1, max=64), metadata={
        "description": "the condition (e.g. 'Art. 10(3)') or tilt it evidences"})
    reason = text_field(2000, load_default=None)


class TiltConfirmationSchema(IntakeSchema):
    """The district's judgement of one Art. 11 tilt the applicant claimed, on its evidence."""
    kind = fields.String(required=True, validate=validate.Regexp(r"^[a-z][a-z0-9_]*$"))
    confirmed = strict_bool(required=True)
    opinion = text_field(2000, load_default=None)


class DistrictReviewSchema(IntakeSchema):
    """The district's preliminary review (初审, Art. 14): recommend with a signed opinion,
    or return with reasons; a recommendation confirms (or not) each Art. 11 tilt claimed —
    a claim not confirmed here never counts."""
    decision = fields.String(required=True, validate=validate.OneOf(("recommend", "return")))
    opinion = text_field(5000, required=True, metadata={"description": "推荐意见, or the reasons for returning it"})
    signatory = text_field(200, load_default=None, metadata={"description": "who signs the recommendation"})
    tilt_confirmations = fields.List(fields.Nested(TiltConfirmationSchema), load_default=list,
                                     validate=validate.Length(max=20))

    @validates_schema
    def _signed(self, data, **kwargs):
        if data["decision"] == "recommend" and not data.get("signatory"):
            raise ValidationError({"signatory": ["a recommendation must be signed (Art. 14: 签署推荐意见)"]})


class WithdrawSchema(IntakeSchema):
    reason = text_field(2000, required=True)


class SubmitSchema(IntakeSchema):
    reason = text_field(2000, load_default=None)
