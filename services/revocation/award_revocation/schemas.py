"""Bodies of revocation's HTTP routes (marshmallow), loaded before anything trusts them."""
import base64
import binascii

from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates_schema

from award_rules.vocabulary import CREDIT_CODE_PATTERN, GROUND_PATTERN, ITEMS
from award_shared import fields as contract
from award_shared import paging

from .domain.case_states import STATES
from .domain.duties import ALL_PURPOSES, REVIEWS, SHARING_FORMS
from .domain.spot_checks import LEVELS, RESULTS


def _text(max_length=2000, **kw):
    return fields.String(validate=validate.Length(min=1, max=max_length), **kw)


class Base64Bytes(fields.String):
    """Bytes sent as standard base64 text."""
    json_schema = {"type": "string", "contentEncoding": "base64"}

    def _deserialize(self, value, attr, data, **kwargs):
        try:
            return base64.b64decode(super()._deserialize(value, attr, data, **kwargs), validate=True)
        except (binascii.Error, ValueError):
            raise ValidationError("not valid base64") from None


class RevocationSchema(Schema):
    class Meta:
        unknown = RAISE


class GroundSchema(RevocationSchema):
    """A ground of Art. 29 (unit) or Art. 30 (individual) and the fact it cites, with its date."""
    item = fields.String(required=True, validate=validate.Regexp(
        GROUND_PATTERN, error='must name an item of the rule set of the award\'s edition, e.g. "Art. 29(4)"'))
    fact = _text(required=True)
    fact_date = fields.Date(required=True)


class EvidenceSchema(RevocationSchema):
    filename = fields.String(required=True, validate=[validate.Length(min=1, max=200),
                                                       validate.Regexp(r"^[^/\\\x00]+$", error="no path in a file name")])
    media_type = _text(200, required=True)
    content = Base64Bytes(required=True)


class OpenCaseSchema(RevocationSchema):
    """A case on one award: its grounds, the facts they cite, and the evidence."""
    example = {"award_id": "award-r1",
               "grounds": [{"item": "Art. 29(2)", "fact": "发生较大生产安全事故", "fact_date": "2020-08-01"}],
               "evidence": [{"filename": "事故调查报告.pdf", "media_type": "application/pdf",
                             "content": "JVBERi0xLjQgZXZpZGVuY2U="}]}
    award_id = _text(64, required=True)
    grounds = fields.List(fields.Nested(GroundSchema), required=True, validate=validate.Length(min=1))
    evidence = fields.List(fields.Nested(EvidenceSchema), required=True, validate=validate.Length(min=1, max=20))
    reason = _text(load_default=None)


class InvestigationSchema(RevocationSchema):
    example = {"findings": "两次抽查报告核实无误"}
    findings = _text(20000, required=True)
    reason = _text(load_default=None)


class VerificationSchema(RevocationSchema):
    example = {"outcome": "verified", "reasons": "经查证属实"}
    outcome = fields.String(required=True, validate=validate.OneOf(("verified", "dismissed")))
    reasons = _text(20000, load_default=None)


class ProposalSchema(RevocationSchema):
    example = {"outcome": "proposed", "reasons": "提请市政府撤销"}
    outcome = fields.String(required=True, validate=validate.OneOf(("proposed", "not_proposed")))
    reasons = _text(20000, load_default=None)


class DecisionSchema(RevocationSchema):
    example = {"outcome": "revoked", "document_number": "济政字〔2020〕99号", "decision_date": "2020-11-30"}
    outcome = fields.String(required=True, validate=validate.OneOf(("revoked", "not_revoked")))
    document_number = _text(100, required=True)
    decision_date = fields.Date(required=True)
    reasons = _text(20000, load_default=None)


class RecoverySchema(RevocationSchema):
    """One item conferred, or an amount of the prize money (yuan, as a decimal string), returned."""
    example = {"item": "trophy", "returned_on": "2020-12-15", "receipt_number": "R-2020-0-trophy",
               "received_by": "市质量强市办"}
    item = fields.String(load_default=None, validate=validate.OneOf(ITEMS))
    amount = contract.Money(load_default=None, validate=validate.Range(min=0, min_inclusive=False))
    returned_on = fields.Date(required=True)
    receipt_number = _text(100, required=True)
    received_by = _text(100, required=True)
    payment_id = _text(64, load_default=None, metadata={
        "description": "an amount: the recorded payment it reverses (required once the award's payments are on record)"})
    reason = _text(load_default=None)

    @validates_schema
    def _one_thing(self, data, **kwargs):
        if (data.get("item") is None) == (data.get("amount") is None):
            raise ValidationError("give either an item or an amount", field_name="item")


class SpotCheckSchema(RevocationSchema):
    """A quality spot check of a winner's product (质量监督抽查, Art. 29(4))."""
    example = {"credit_code": "91370100MA3C009947", "product": "冷链物流服务", "checked_on": "2020-05-10",
               "level": "provincial", "result": "fail", "report_number": "SC-2020-001"}
    credit_code = fields.String(required=True, validate=validate.Regexp(CREDIT_CODE_PATTERN))
    product = _text(200, required=True)
    checked_on = fields.Date(required=True)
    level = fields.String(required=True, validate=validate.OneOf(LEVELS))
    result = fields.String(required=True, validate=validate.OneOf(RESULTS))
    report_number = _text(100, required=True)


class ReporterSchema(RevocationSchema):
    name = _text(100, load_default=None)
    contact = _text(200, load_default=None)


class PublicReportSchema(RevocationSchema):
    """A report from anyone, at any time, no account needed (Art. 22, 24, 28, 29(5))."""
    example = {"kind": "misconduct", "content": "该获奖单位承建的工程发生重大质量问题，群众投诉后被住建部门查处。",
               "award_id": "award-r1", "about": "济南示例制造有限公司",
               "reporter": {"name": "王举报", "contact": "13800000000"}}
    kind = fields.String(required=True, validate=validate.OneOf(("title_misuse", "forgery", "misconduct")), metadata={
        "description": "title_misuse: the title used against the law (Art. 22); forgery: a forged or counterfeit "
                       "mark, trophy, plaque, medal or certificate (Art. 28); misconduct: a winner's conduct that is "
                       "a ground of Art. 29 or 30 (including the duty of Art. 24 refused)"})
    content = _text(20000, required=True)
    award_id = _text(64, load_default=None, metadata={"description": "the award concerned, if known"})
    certificate_number = _text(100, load_default=None)
    about = _text(200, load_default=None, metadata={"description": "who or what is reported"})
    reporter = fields.Nested(ReporterSchema, load_default=None, allow_none=True, metadata={
        "description": "optional; confidential: read by the office alone"})


class ReportTriageSchema(RevocationSchema):
    """The office opens a revocation case on the report, or closes it with the reason."""
    example = {"decision": "open_case", "reason": "举报事项属第二十九条第（五）项，立案调查",
               "grounds": [{"item": "Art. 29(5)", "fact": "工程质量发生重大问题，被群众投诉举报并查处属实",
                            "fact_date": "2020-08-01"}]}
    decision = fields.String(required=True, validate=validate.OneOf(("open_case", "close")))
    reason = _text(20000, required=True)
    award_id = _text(64, load_default=None, metadata={"description": "open_case: the award (default: the report's)"})
    grounds = fields.List(fields.Nested(GroundSchema), load_default=None, validate=validate.Length(min=1))


class PaymentSchema(RevocationSchema):
    """One payment of an award's prize money (Art. 19, 20)."""
    example = {"paid_on": "2020-01-15", "amount": "300000.00", "reference": "付款凭证 2020-0015", "budget_year": 2020,
               "budget_line": "市长质量奖奖励资金（质量发展专项）"}
    paid_on = fields.Date(required=True)
    amount = contract.Money(required=True, validate=validate.Range(min=0, min_inclusive=False))
    reference = _text(100, required=True, metadata={"description": "the payment voucher or transfer reference"})
    budget_year = fields.Integer(required=True, metadata={"description": "the year of the city budget it is paid "
                                                                           "from: the year of payment (Art. 20)"})
    budget_line = _text(200, required=True, metadata={"description": "the budget line (预算科目)"})


class UseSchema(RevocationSchema):
    purpose = fields.String(required=True, validate=validate.OneOf(ALL_PURPOSES), metadata={
        "description": "a purpose Art. 21 names for the winner's kind, or other (described)"})
    amount = contract.Money(required=True, validate=validate.Range(min=0, min_inclusive=False))
    description = _text(load_default=None)


class UseReportSchema(RevocationSchema):
    """The winner's report of how the prize money was used (Art. 21): filed by the winner's own
    account, or recorded by the office as it received it on paper."""
    example = {"reported_on": "2020-12-20", "period": "2020年度",
               "uses": [{"purpose": "research", "amount": "250000"}, {"purpose": "laboratory", "amount": "150000"},
                        {"purpose": "other", "amount": "20000", "description": "质量管理体系认证"}]}
    reported_on = fields.Date(required=True)
    period = _text(100, load_default=None)
    uses = fields.List(fields.Nested(UseSchema), required=True, validate=validate.Length(min=1, max=100))


class UseReviewSchema(RevocationSchema):
    example = {"decision": "queried", "note": "请说明质量管理体系认证支出的凭证"}
    decision = fields.String(required=True, validate=validate.OneOf(tuple(REVIEWS)))
    note = _text(20000, required=True, metadata={"description": "accepted: the office's finding; queried: what "
                                                                  "it asks"})


class SharingSchema(RevocationSchema):
    """What a winner shared of its experience, and when (Art. 24)."""
    example = {"shared_on": "2020-05-12", "form": "exchange_meeting", "what": "卓越绩效模式导入经验", "audience": "全市质量工作会议"}
    shared_on = fields.Date(required=True)
    form = fields.String(required=True, validate=validate.OneOf(tuple(SHARING_FORMS)))
    what = _text(20000, required=True)
    audience = _text(200, load_default=None)


class ReportListSchema(RevocationSchema, paging.PageQuery.of("report", after_length=64)):
    """``GET /v1/reports``: a page of the reports from the public, oldest first. Follow ``next``
    (the ``after`` of the next page) until it is null."""
    status = fields.String(load_default=None, validate=validate.OneOf(("received", "case_opened", "closed")),
                           metadata={"description": "only reports in this status; none: all"})


class AwardListSchema(RevocationSchema, paging.PageQuery.of("award", after_length=64)):
    """``GET /v1/cycles/{cycle_id}/awards``: a page of the edition's awards by award id. Follow
    ``next`` (the ``after`` of the next page) until it is null."""


class CaseListSchema(RevocationSchema, paging.PageQuery.of("case", after_length=64)):
    """``GET /v1/cases``: a page of revocation cases, oldest first. Follow ``next`` (the ``after``
    of the next page) until it is null."""
    state = fields.String(load_default=None, validate=validate.OneOf(STATES),
                          metadata={"description": "only cases in this state (verified: waiting for the leading "
                                                   "group's proposal; proposed: for the government's decision); "
                                                   "none: all"})
    cycle_id = fields.String(load_default=None, validate=validate.Length(min=1, max=64),
                             metadata={"description": "only cases on the awards of this edition; none: every "
                                                      "edition the caller reads"})
