"""HTTP bodies of publicity, loaded through marshmallow before anything trusts them."""
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from award_rules.vocabulary import CATEGORIES, ITEMS
from award_shared import fields as contract
from award_shared import paging


def _reason():
    return contract.optional(contract.text_field, max_length=2000)


class DecisionSchema(Schema):
    application_id = contract.id_field()
    decision = fields.String(required=True, validate=validate.OneOf(("adopted", "struck")))
    reason = _reason()


class DeliberationSchema(Schema):
    """The leading group's meeting on the candidate list (Art. 7 LG(5), 16)."""
    example = {"meeting_date": "2019-09-20", "members_present": ["组长", "副组长", "成员甲", "成员乙"],
               "decisions": [{"application_id": "u-1", "decision": "adopted"}]}
    meeting_date = fields.Date(required=True)
    members_present = fields.List(contract.text_field(max_length=100), required=True,
                                  validate=validate.Length(min=1, max=100))
    minute = contract.optional(contract.text_field, max_length=20000)
    decisions = fields.List(fields.Nested(DecisionSchema), load_default=list, validate=validate.Length(max=100))
    return_to_office = fields.Boolean(load_default=False, metadata={
        "description": "send the whole list back to the office; no decisions then"})
    reason = _reason()

    @validates_schema
    def _return_or_decide(self, data, **kwargs):
        if data.get("return_to_office") and data.get("decisions"):
            raise ValidationError({"decisions": ["a returned list carries no decisions"]})
        if data.get("return_to_office") and not data.get("reason"):
            raise ValidationError({"reason": ["say why the list goes back to the office"]})


class SeatDecisionSchema(Schema):
    """The leading group decides seats nobody else could (Art. 7 LG(1), Art. 2, 16): who of a tie at
    the last seat takes it, or who — the next in rank — takes a seat a strike or an upheld
    objection emptied; who decided (the members present) and why."""
    example = {"kind": "tie", "category": "unit_award", "application_ids": ["t-a"],
               "reason": "t-a 的质量效益指标更优，经表决决定",
               "meeting_date": "2019-09-23", "members_present": ["组长", "副组长", "成员甲"]}
    kind = fields.String(required=True, validate=validate.OneOf(("tie", "refill")))
    category = fields.String(required=True, validate=validate.OneOf(CATEGORIES))
    application_ids = fields.List(contract.id_field(), required=True, validate=validate.Length(min=1, max=100))
    meeting_date = fields.Date(required=True)
    members_present = fields.List(contract.text_field(max_length=100), required=True,
                                  validate=validate.Length(min=1, max=100))
    reason = contract.text_field(max_length=2000)


class OpinionAnswerSchema(Schema):
    """The office answers a supervision opinion (Art. 16): accepted with the change it made (and the
    candidate list carrying it, if any), or not accepted with the reason."""
    example = {"accepted": True, "change": "名单说明已补充"}
    accepted = fields.Boolean(required=True, truthy={True}, falsy={False})
    change = contract.optional(contract.text_field, max_length=5000)
    reason = _reason()
    list_id = contract.optional(contract.id_field)


class MediumSchema(Schema):
    """A news outlet carrying the notice (Art. 17: 通过市内新闻媒体): name, date, link or page."""
    name = contract.text_field(max_length=200)
    date = fields.Date(required=True)
    link = contract.optional(fields.Url, schemes={"http", "https"})
    page = contract.optional(contract.text_field, max_length=100)

    @validates_schema
    def _where(self, data, **kwargs):
        if not data.get("link") and not data.get("page"):
            raise ValidationError({"link": ["give the link or the page where it was published"]})


class PublicNoticeSchema(Schema):
    """The office publishes the adopted list; the window is computed, never typed in (Art. 17)."""
    example = {"media": [{"name": "济南日报", "date": "2019-09-27", "page": "A3"}]}
    media = fields.List(fields.Nested(MediumSchema), required=True, validate=validate.Length(min=1, max=50))
    reason = _reason()


_SIGNED = "required where the edition's rule set asks objections to be signed (public_notice.objections_signed)"


class ObjectionSchema(Schema):
    """Anyone objects to a candidate during the notice (Art. 17); name and contact are kept confidential."""
    example = {"application_id": "u-1", "content": "公示对象存在未披露的质量问题",
               "objector_name": "公众甲", "objector_contact": "13900000000"}
    application_id = contract.id_field("the candidate objected to")
    content = contract.text_field(max_length=5000)
    objector_name = contract.optional(contract.text_field, _SIGNED, max_length=100)
    objector_contact = contract.optional(contract.text_field, _SIGNED, max_length=200)


class InvestigationSchema(Schema):
    """The office's investigation of an objection: who, what was checked, the conclusion (Art. 17)."""
    example = {"investigators": ["市质量强市办 李某"], "checked": "核查质量监督抽查记录", "conclusion": "见处理意见"}
    investigators = fields.List(contract.text_field(max_length=100), required=True,
                                validate=validate.Length(min=1, max=20))
    checked = contract.text_field(max_length=5000)
    conclusion = contract.text_field(max_length=5000)


class CorrectionSchema(Schema):
    """A record the handling opinion corrects: what and how, and the candidate's name as it should
    stand on the list, if that is what is corrected."""
    record = contract.text_field(max_length=2000)
    applicant_name = contract.optional(contract.text_field, max_length=200)


class ResolutionSchema(Schema):
    """The office proposes (outcome, action, handling opinion as its reason); the leading group
    decides (approve / send back). ``action``: remove (default when upheld), move_to_nomination,
    correct_record (with ``correction``) or no_change (default otherwise, the only one after a
    dismissed or withdrawn objection)."""
    example = {"outcome": "upheld", "handling_opinion": "经调查核实，异议成立"}
    outcome = contract.optional(fields.String, validate=validate.OneOf(("upheld", "dismissed", "withdrawn")))
    action = contract.optional(fields.String, validate=validate.OneOf(
        ("remove", "move_to_nomination", "correct_record", "no_change")))
    correction = fields.Nested(CorrectionSchema, required=False, allow_none=True, load_default=None)
    handling_opinion = contract.optional(contract.text_field, max_length=5000)
    decision = contract.optional(fields.String, validate=validate.OneOf(("approve", "send_back")))
    reason = _reason()


class SubmissionSchema(Schema):
    """The leading group submits the list that passed the notice to the city government (提报,
    Art. 7 LG(5)): the date, and its letter's number if it has one."""
    example = {"submitted_on": "2019-10-15", "document_number": "济质强领字〔2019〕5号"}
    submitted_on = fields.Date(required=True)
    document_number = contract.optional(contract.text_field, max_length=100)
    reason = _reason()


class ExclusionSchema(Schema):
    """A candidate the government leaves out of the submitted list, and why (Art. 18)."""
    application_id = contract.id_field()
    reason = contract.text_field(max_length=2000)


class ApprovalSchema(Schema):
    """The city government's 审定 of the submitted list (Art. 18): ``approve`` it — its document
    number (文号) and date, less the candidates in ``excluded``, each with its reason — or
    ``return`` it to the leading group, with the reason."""
    example = {"document_number": "济政字〔2019〕88号", "approved_on": "2019-10-25"}
    decision = fields.String(load_default="approve", validate=validate.OneOf(("approve", "return")))
    document_number = contract.optional(contract.text_field, max_length=100)
    approved_on = fields.Date(load_default=None, allow_none=True)
    excluded = fields.List(fields.Nested(ExclusionSchema), load_default=list, validate=validate.Length(max=100),
                           metadata={"description": "candidates of the submitted list the government does not approve"})
    reason = _reason()

    @validates_schema
    def _approve_or_return(self, data, **kwargs):
        if data.get("decision") == "return":
            if data.get("excluded"):
                raise ValidationError({"excluded": ["a returned list leaves nobody out: it goes back whole"]})
            if not data.get("reason"):
                raise ValidationError({"reason": ["say why the list goes back to the leading group (Art. 18)"]})
            return
        missing = {k: ["required to approve (Art. 18)"] for k in ("document_number", "approved_on") if not data.get(k)}
        if missing:
            raise ValidationError(missing)


class PrizeSchema(Schema):
    """Prize money per category under city policy (Art. 19), as decimal strings in yuan."""
    example = {"amounts": {"unit_award": "500000.00", "individual_award": "100000.00",
                           "unit_nomination": "200000.00", "individual_nomination": "50000.00"}}
    amounts = fields.Dict(keys=fields.String(), values=fields.Raw(), required=True,
                          validate=validate.Length(min=1, max=len(CATEGORIES)))
    policy = fields.String(load_default="济政发〔2017〕9号", validate=validate.Length(min=1, max=200))
    reason = _reason()


class ConferralSchema(Schema):
    """The office confers the approved awards (Art. 19)."""
    example = {"granted_on": "2019-11-01"}
    granted_on = fields.Date(required=True)
    reason = _reason()


class ImportedAwardSchema(Schema):
    certificate_number = contract.text_field(max_length=100)
    cycle_id = contract.id_field()
    edition = fields.Integer(required=True, strict=True, validate=validate.Range(min=1990, max=2100))
    category = fields.String(required=True, validate=validate.OneOf(CATEGORIES))
    recipient_name = contract.text_field(max_length=200)
    credit_code = contract.credit_code_field(required=False, allow_none=True, load_default=None)
    person_key = contract.person_key_field(required=False, allow_none=True, load_default=None)
    items = fields.List(fields.String(validate=validate.OneOf(ITEMS)), required=True, validate=validate.Length(min=1))
    prize_amount = fields.Raw(required=True)
    granted_on = fields.Date(required=True)
    application_id = contract.optional(contract.id_field)
    rank = fields.Integer(load_default=None, allow_none=True, strict=True)


class ImportSchema(Schema):
    """Awards given before the suite, with their own certificate numbers."""
    example = {"awards": [
        {"certificate_number": "济质奖〔2017〕第003号", "cycle_id": "cycle-2017", "edition": 2017,
         "category": "unit_award", "recipient_name": "济南老字号示例集团", "credit_code": "91370100MA3C009947",
         "items": ["trophy", "plaque", "certificate"], "prize_amount": "300000", "granted_on": "2017-12-20"}],
        "reason": "导入2017年度获奖记录"}
    awards = fields.List(fields.Nested(ImportedAwardSchema), required=True, validate=validate.Length(min=1, max=500))
    ruleset = fields.Dict(load_default=None, allow_none=True, metadata={
        "description": "the rule-set file (as JSON) of the awards' edition, when no cycle of the suite carries it: "
                       "an edition before 2018-12-07 was made under the 2011 Measures (Art. 31)"})
    reason = _reason()


class CalendarYearSchema(Schema):
    """A year's official working-day calendar, from the State Council notice (Art. 17)."""
    example = {"notice": "国务院办公厅关于2027年部分节假日安排的通知（测试数据）",
               "holidays": ["2027-01-01", "2027-01-04", "2027-05-01", "2027-10-01"],
               "adjusted_workdays": ["2027-01-09"], "reason": "国务院办公厅通知已发布"}
    year = fields.Integer(load_default=None, allow_none=True, strict=True)
    notice = contract.text_field(max_length=300, metadata={"description": "国务院办公厅关于…部分节假日安排的通知 and its number"})
    holidays = fields.List(fields.String(validate=validate.Length(max=10)), required=True,
                           validate=validate.Length(max=60), metadata={"description": "ISO dates, e.g. 2027-10-01"})
    adjusted_workdays = fields.List(fields.String(validate=validate.Length(max=10)), required=True,
                                    validate=validate.Length(max=30), metadata={"description": "调休: weekend days worked"})
    reason = _reason()


class CycleOpinionListSchema(paging.PageQuery.of("opinion")):
    """``GET /v1/cycles/{cycle_id}/opinions``: a page of the supervision opinions on the cycle,
    oldest first. Follow ``next`` (the ``after`` of the next page) until it is null."""


class ObjectionListSchema(paging.PageQuery.of("objection")):
    """``GET /v1/objections``: a page of objections, oldest first. Follow ``next`` (the ``after``
    of the next page) until it is null."""
    cycle_id = fields.String(load_default=None, validate=validate.Length(min=1, max=64),
                             metadata={"description": "only this cycle's; none: every cycle the caller reads"})
    status = fields.String(load_default=None, validate=validate.OneOf(("received", "investigated", "proposed",
                                                                       "resolved")),
                           metadata={"description": "only objections in this status; none: all"})
