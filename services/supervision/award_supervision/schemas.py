"""HTTP bodies of supervision, loaded through marshmallow before anything trusts them."""
from marshmallow import Schema, ValidationError, fields, validate, validates

from award_rules.identifiers import validate_resident_id
from award_rules.vocabulary import ARTICLE_PATTERN, MEMBER_KINDS, STAFF_ROLES, STEPS
from award_shared import fields as contract
from award_shared import paging

from .domain.halting import FINDING_KINDS, MISCONDUCT, REFERRAL_TO

COMPLAINT_KINDS = ("complaint", "report")  # 投诉, 举报


def _text(max_length=20000, **kw):
    return fields.String(validate=validate.Length(min=1, max=max_length), **kw)


def _optional_text(max_length=20000):
    return fields.String(load_default=None, allow_none=True, validate=validate.Length(max=max_length))


class MemberSchema(Schema):
    """One member of the supervision group (Art. 9), by stable person id."""
    person_id = _text(100, required=True, metadata={
        "description": "stable person id (the member's token `sub`); never a resident ID number"})
    kind = fields.String(required=True, validate=validate.OneOf(MEMBER_KINDS + ("other",)), metadata={
        "description": "one of the kinds Art. 9 lists, or other (等有关人员) with kind_text"})
    kind_text = fields.String(load_default=None, allow_none=True, validate=validate.Length(min=1, max=100),
                              metadata={"description": "for kind other: the kind in words, e.g. 专家学者"})
    name = _text(100, required=True)

    @validates("person_id")
    def _not_a_resident_id(self, value, **kwargs):
        if validate_resident_id(value) is None:
            raise ValidationError("a person id may not be a resident ID number")


class ProposeGroupSchema(Schema):
    """The office proposes the cycle's supervision group (Art. 9)."""
    example = {"members": [{"person_id": "sup-npc", "kind": "npc_deputy", "name": "王人大"},
                           {"person_id": "sup-cppcc", "kind": "cppcc_member", "name": "李政协"},
                           {"person_id": "sup-gov", "kind": "government", "name": "赵科长"},
                           {"person_id": "sup-media", "kind": "media", "name": "钱记者"},
                           {"person_id": "sup-lawyer", "kind": "lawyer", "name": "孙律师"}],
               "reason": "2019年度评审监督组"}
    members = fields.List(fields.Nested(MemberSchema), required=True, validate=validate.Length(min=1, max=100))
    reason = _optional_text(2000)


class ApproveGroupSchema(Schema):
    """The leading group approves the proposed group (Art. 9)."""
    example = {"reason": "领导小组审定"}
    group_id = fields.String(load_default=None, validate=validate.Length(min=1, max=64))
    reason = _optional_text(2000)


class ComplainantSchema(Schema):
    name = _optional_text(200)
    contact = _optional_text(200)


class ComplaintSchema(Schema):
    """A complaint or report from anyone, no account needed (Art. 9(3), 26)."""
    example = {"cycle_id": "cycle-2019", "content": "评审不公"}
    cycle_id = fields.String(load_default=None, validate=validate.Length(min=1, max=64),
                             metadata={"description": "default: the open cycle"})
    kind = fields.String(load_default="complaint", validate=validate.OneOf(COMPLAINT_KINDS))
    about_step = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(STEPS))
    about_subject = fields.String(load_default=None, allow_none=True, validate=validate.Length(min=1, max=200))
    content = _text(20000, required=True)
    complainant = fields.Nested(ComplainantSchema, load_default=None, allow_none=True,
                                metadata={"description": "optional; seen only by the supervision group"})


class TriageSchema(Schema):
    """Supervisors take a complaint up or decline it, saying why."""
    example = {"decision": "decline", "note": "不属于受理范围"}
    decision = fields.String(required=True, validate=validate.OneOf(("accept", "decline")))
    note = _text(20000, required=True)


class ComplaintResultSchema(Schema):
    """The handling result, reported to the leading group (Art. 9(3))."""
    example = {"result": "经核查，评分记录缺失属实，已责令第三方补正", "finding_id": "finding-1"}
    result = _text(20000, required=True)
    finding_id = fields.String(load_default=None, allow_none=True, validate=validate.Length(min=1, max=64))


class FindingSchema(Schema):
    """A supervisory finding: kind, step, article, evidence; it may halt the step."""
    example = {"cycle_id": "cycle-2019", "kind": "applicant", "step": "onsite_review", "subject": "app-1",
               "article": "Art. 26", "summary": "举报反映该单位申报材料中的质量指标数据存疑", "evidence": ["举报材料一份"],
               "halt": True, "hold_reason": "待核实举报反映的问题"}
    cycle_id = _text(64, required=True)
    kind = fields.String(required=True, validate=validate.OneOf(FINDING_KINDS))
    step = fields.String(required=True, validate=validate.OneOf(STEPS))
    subject = fields.String(load_default=None, allow_none=True, validate=validate.Length(min=1, max=200),
                            metadata={"description": "the application concerned; null: the whole step"})
    article = fields.String(load_default=None, allow_none=True, validate=contract.Pattern(ARTICLE_PATTERN))
    summary = _text(20000, required=True)
    evidence = fields.List(_text(20000), required=True, validate=validate.Length(min=1, max=200))
    halt = fields.Boolean(load_default=False, metadata={
        "description": "halt the step: for `subject`, or for everyone at it when subject is null"})
    hold_reason = _optional_text(20000)
    staff_subject = fields.String(load_default=None, allow_none=True, validate=validate.Length(min=1, max=200))
    staff_role = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(STAFF_ROLES))
    misconduct = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(tuple(MISCONDUCT)),
                               metadata={"description": "review_staff: one of Art. 27's four alternative behaviours"})
    harm = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=20000), metadata={
        "description": "the harm caused: required when misconduct is caused_harm, recorded if given otherwise"})
    complaint_id = fields.String(load_default=None, allow_none=True, validate=validate.Length(min=1, max=64))


class OpinionSchema(Schema):
    """A supervision opinion on an application, for the candidate list (Art. 16)."""
    example = {"cycle_id": "cycle-2019", "application_id": "app-1", "opinion": "评审程序规范，无异议"}
    cycle_id = _text(64, required=True)
    application_id = _text(200, required=True)
    opinion = _text(20000, required=True)


class ReleaseSchema(Schema):
    """Lift a hold, finally, saying why."""
    example = {"reason": "经核实，举报反映的问题不属实"}
    reason = _text(20000, required=True)


class ReleaseApprovalSchema(Schema):
    """The leading group approves releasing a dissolved group's holds (Art. 9)."""
    example = {"reason": "评审工作已结束，同意解除遗留暂停令", "document": "领导小组会议纪要第3号"}
    reason = _text(20000, required=True)
    document = _optional_text(200)


class ReferralSchema(Schema):
    """The referral of a disqualified member of the review staff to their authority or employer (Art. 27)."""
    example = {"referred_to": "山东某评价咨询有限公司", "referred_to_kind": "employer",
               "document": "济质监〔2019〕3号", "note": "请按规定处理并书面反馈"}
    referred_to = _text(200, required=True, metadata={"description": "the authority's or employer's name"})
    referred_to_kind = fields.String(required=True, validate=validate.OneOf(tuple(REFERRAL_TO)), metadata={
        "description": "authority (主管部门) or employer (所在工作单位)"})
    document = _optional_text(200)
    note = _optional_text(20000)


class SupervisionReportSchema(Schema):
    """The group's report on its supervision to the leading group (Art. 9(2))."""
    example = {"title": "2019年度市长质量奖材料评审阶段监督情况报告", "content": "监督小组全程参加材料评审，未发现违规。",
               "steps": ["material_review", "district_review"], "document": "监督小组报告第1号"}
    title = _text(200, required=True)
    content = _text(100000, required=True)
    steps = fields.List(fields.String(validate=validate.OneOf(STEPS)), load_default=list,
                        validate=validate.Length(max=len(STEPS)),
                        metadata={"description": "the steps of the cycle the report covers"})
    document = _optional_text(200)


class _OfCycle(Schema):
    cycle_id = fields.String(load_default=None, validate=validate.Length(min=1, max=64),
                             metadata={"description": "only this cycle's; none: every cycle the caller reads"})


class ComplaintListSchema(_OfCycle, paging.PageQuery.of("complaint")):
    """``GET /v1/complaints``: a page of complaints, oldest first. Follow ``next`` (the ``after``
    of the next page) until it is null."""
    waiting = fields.Boolean(load_default=None,
                             metadata={"description": "true: only those waiting for the group (received or under "
                                                      "review); false: the others; none: all"})


class ReportListSchema(_OfCycle, paging.PageQuery.of("report")):
    """``GET /v1/reports``: a page of the group's reports to the leading group, oldest first.
    Follow ``next`` (the ``after`` of the next page) until it is null."""


class FindingListSchema(_OfCycle, paging.PageQuery.of("finding")):
    """``GET /v1/findings``: a page of findings, oldest first. Follow ``next`` (the ``after`` of
    the next page) until it is null."""


class HoldListSchema(_OfCycle, paging.PageQuery.of("hold", after_length=64)):
    """``GET /v1/holds``: a page of holds, by hold id. Follow ``next`` (the ``after`` of the next
    page) until it is null."""
    status = fields.String(load_default=None, validate=validate.Length(min=1, max=20),
                           metadata={"description": "only holds in this status (active, released); none: every one"})


class AdminHoldListSchema(paging.PageQuery.of("hold", after_length=64)):
    """``GET /admin/v1/holds``: a page of the holds this service knows, by hold id. Follow
    ``next`` until it is null."""


class OpinionListSchema(_OfCycle, paging.PageQuery.of("opinion")):
    """``GET /v1/opinions``: a page of supervision opinions, oldest first. Follow ``next`` (the
    ``after`` of the next page) until it is null."""
