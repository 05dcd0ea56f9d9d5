"""HTTP bodies of intake, loaded through marshmallow before anything trusts them.

Every body schema derives from :class:`IntakeSchema`: unknown fields are refused (422
naming them), and a field that would carry a fee or a payment is refused citing Art. 20
(评审不向申报单位和个人收取任何费用) — nothing in intake accepts or records a payment.

The bodies of applications (Art. 3, 10-12, 14), their documents and their review follow
the cycle's: the form is one schema for both kinds — ``kind`` says which fields are required
and which do not belong (a unit has no resident ID number; a person no date of main business);
checks that need the cycle's rule set or today's date live in :mod:`applications`.
"""
import base64
import binascii
import re

from marshmallow import RAISE, Schema, ValidationError, fields, post_load, pre_load, validate, validates_schema

from award_rules.identifiers import validate_credit_code, validate_resident_id
from award_rules.ruleset_schema import TiltSchema
from award_rules.vocabulary import CATEGORIES, CATEGORY_KIND, KINDS, SECTORS, STEPS
from award_shared import paging

from .domain import lifecycle
from .domain.eligibility import INDIVIDUAL_INCIDENTS, UNIT_INCIDENTS

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
    example = {"edition": 2019, "schedule": {"application": "2019-05-31T17:00:00+08:00",
                                         "district_review": "2019-06-30T17:00:00+08:00"}}
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
    example = {"reason": "评审结束", "outcome": "no_award"}
    reason = fields.String(required=True, validate=validate.Length(min=1, max=2000))
    outcome = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(("awarded", "no_award")),
                            metadata={"description": "no_award needs the leading group's own decision, "
                                                     "POST /v1/cycles/{cycle}/no-award"})


class NoAwardDecisionSchema(IntakeSchema):
    """The leading group decides that the edition gives no award (every category vacant, or the
    list refused): its own act (Art. 7 LG(1)), recorded as the member who calls."""
    example = {"decision": "领导小组决定本届不评奖"}
    decision = text_field(2000, required=True, metadata={"description": "the leading group's decision: meeting minute or document"})
    reason = text_field(2000, load_default=None)


class NoticeSchema(IntakeSchema):
    """The application notice (申报通知, Art. 13): its text and deadlines. The deadline
    defaults to the cycle's application deadline, the recommendation deadline to its
    district_review date."""
    example = {"text": "关于组织申报2019年度济南市市长质量奖的通知"}
    text = text_field(20000, required=True)
    deadline = fields.AwareDateTime(load_default=None)
    recommendation_deadline = fields.AwareDateTime(load_default=None)
    districts = fields.List(text_field(100), load_default=None, validate=validate.Length(min=1, max=100), metadata={
        "description": "the districts, counties and functional zones of this edition (Art. 3, 14), when the "
                       "office amends the rule set's list; an application chooses one of them"})
    reason = text_field(2000, load_default=None)

    @validates_schema
    def _districts_once(self, data, **kwargs):
        names = data.get("districts") or []
        repeated = sorted({n for n in names if names.count(n) > 1})
        if repeated:
            raise ValidationError({"districts": [f"repeated: {', '.join(repeated)}"]})


class ProposeSchemeSchema(IntakeSchema):
    """The office proposes the edition's review scheme (Art. 7 LG(2)): the review section of the
    rule set the cycle is bound to, and the Art. 11 tilt — without ``tilt``, the rule set's."""
    example = {"text": "2019年度济南市市长质量奖评审方案"}
    tilt = fields.Nested(TiltSchema, load_default=None)
    text = text_field(20000, load_default=None, metadata={"description": "the proposal in words (评审方案 as drafted)"})
    reason = text_field(2000, load_default=None)


class SchemeDecisionSchema(IntakeSchema):
    """The leading group approves the proposed scheme, naming the sha256 it read, or rejects it
    to the office with the reason (Art. 7 LG(2))."""
    example = {"outcome": "approved",
               "scheme_sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
               "decision": "市质量强市领导小组审定2019年度评审方案"}
    outcome = fields.String(required=True, validate=validate.OneOf(("approved", "rejected")))
    scheme_sha256 = fields.String(load_default=None, validate=validate.Regexp(r"^[0-9a-f]{64}$"), metadata={
        "description": "the proposal approved, as GET /v1/cycles/{cycle}/review-scheme shows it; required to approve"})
    decision = text_field(2000, required=True, metadata={"description": "the leading group's decision: meeting minute or document"})
    reason = text_field(2000, load_default=None, metadata={"description": "why it is rejected; required to reject"})

    @validates_schema
    def _complete(self, data, **kwargs):
        if data["outcome"] == "approved" and not data.get("scheme_sha256"):
            raise ValidationError({"scheme_sha256": ["an approval names the scheme it approves (Art. 7 LG(2))"]})
        if data["outcome"] == "rejected" and not data.get("reason"):
            raise ValidationError({"reason": ["a rejected scheme goes back to the office with the reason"]})


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
    example = {"reason": "录入2017年度获奖单位", "winners": [{
        "kind": "unit", "name": "济南示例精密机械有限公司", "category": "unit_award", "edition": 2017,
        "credit_code": "91370100MA3C4XYD8F"}]}
    winners = fields.List(fields.Nested(PastWinnerSchema), required=True,
                          validate=validate.Length(min=1, max=1000))
    reason = text_field(2000, required=True)


# -- applications, their documents and their review (Art. 3, 10-14) ----------------------------

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
    example = {
        "kind": "unit", "name": "济南示例精密机械有限公司", "credit_code": "91370100MA3C4XYD8F",
        "district": "历下区", "sector": "secondary", "main_business_since": "2008-04-01", "sme": True,
        "tilt_claims": [{"kind": "ten_major_industries", "evidence": "属于“十大产业”之智能制造与高端装备"}],
        "incidents": [],
        "declarations": [{"item": f"Art. 10({n})", "affirmed": True, "statement": "经核实，符合该项条件"}
                         for n in range(1, 8)]}
    kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    name = text_field(200, required=True, metadata={"description": "legal name of the unit, or the person's name"})
    credit_code = credit_code_field(load_default=None, metadata={"description": "unit: 统一社会信用代码"})
    resident_id = resident_id_field(load_default=None, metadata={
        "description": "individual: 公民身份号码; stored, shown masked except to the office, never published"})
    employer_name = text_field(200, load_default=None)
    employer_credit_code = credit_code_field(load_default=None)
    district = text_field(100, required=True, metadata={
        "description": "one of the edition's districts, counties and functional zones (Art. 3, 14; GET the notice): "
                       "a unit's where it is registered, a person's where they do quality work (not their home)"})
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
    example = {"kind": "evidence", "filename": "营业执照.pdf", "media_type": "application/pdf",
               "content": "JVBERi0xLjcKJSBleGFtcGxlCg==", "relates_to": "registration"}
    kind = fields.String(required=True, validate=validate.OneOf(DOCUMENT_KINDS))
    filename = fields.String(required=True, validate=[validate.Length(min=1, max=200),
                                                       validate.Regexp(r"^[^/\\\x00]+$", error="no path in a file name")])
    media_type = fields.String(required=True, validate=validate.Length(min=1, max=200))
    content = Base64Bytes(required=True)
    relates_to = fields.String(load_default=None, validate=validate.Length(min=1, max=64), metadata={
        "description": "the condition (e.g. 'Art. 10(3)') or tilt it evidences, or for evidence the rule set's "
                       "evidence kind (Art. 14: e.g. 'registration')"})
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
    example = {"decision": "recommend", "opinion": "经初审，申报材料真实完整，同意推荐。",
               "signatory": "历下区质监局 王主任",
               "member_units": ["区市场监督管理局", "区发展和改革局", "区工业和信息化局"],
               "tilt_confirmations": [{"kind": "ten_major_industries", "confirmed": True, "opinion": "证明材料核实"}]}
    decision = fields.String(required=True, validate=validate.OneOf(("recommend", "return")))
    opinion = text_field(5000, required=True, metadata={"description": "推荐意见, or the reasons for returning it"})
    signatory = text_field(200, load_default=None, metadata={"description": "who signs the recommendation"})
    member_units = fields.List(text_field(200), required=True, validate=validate.Length(min=1, max=50), metadata={
        "description": "the member units (成员单位) of the district's coordinator that took part (Art. 14)"})
    workplace_confirmed = strict_bool(load_default=None, metadata={
        "description": "individual: the district confirms the person does quality work in it (Art. 3); "
                       "required to recommend one"})
    tilt_confirmations = fields.List(fields.Nested(TiltConfirmationSchema), load_default=list,
                                     validate=validate.Length(max=20))

    @validates_schema
    def _signed(self, data, **kwargs):
        if data["decision"] == "recommend" and not data.get("signatory"):
            raise ValidationError({"signatory": ["a recommendation must be signed (Art. 14: 签署推荐意见)"]})
        units = data.get("member_units") or []
        repeated = sorted({u for u in units if units.count(u) > 1})
        if repeated:
            raise ValidationError({"member_units": [f"repeated: {', '.join(repeated)}"]})


class WithdrawSchema(IntakeSchema):
    example = {"reason": "企业主动撤回申报"}
    reason = text_field(2000, required=True)


class SubmitSchema(IntakeSchema):
    example = {}
    reason = text_field(2000, load_default=None)


class ApplicationListSchema(IntakeSchema, paging.PageQuery.of("application")):
    """``GET /v1/cycles/{cycle_id}/applications``: a page of the cycle's applications, oldest
    first. Follow ``next`` (the ``after`` of the next page) until it is null."""
    status = fields.String(load_default=None, validate=validate.OneOf(sorted(lifecycle.STEP_OF)),
                           metadata={"description": "only applications in this status; none: all"})
