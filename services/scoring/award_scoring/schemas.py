"""HTTP bodies of scoring, loaded through marshmallow before anything trusts them.

Rules that need the cycle's rule set (caps, conditions, panel size) are checked in
:mod:`award_scoring.domain`; here only the shape.
"""
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from award_rules.identifiers import validate_credit_code
from award_rules.vocabulary import PERSON_KEY_PATTERN, REVIEW_STAGES, SECTORS
from award_shared import fields as contract
from award_shared import paging

from .domain import replica

#: where an application stands for scoring (``replica.status``)
APPLICATION_STATUSES = (replica.AWAITING_SUBMISSION, replica.SUBMITTED, replica.RECOMMENDED, replica.WITHDRAWN,
                        replica.INELIGIBLE)

#: Art. 8(2): 高等院校、科研机构、企事业单位、行业协会等有关方面人员 — four kinds named and an open
#: list (等): ``other`` with the affiliation in words (``affiliation_detail``)
AFFILIATION_KINDS = ("university", "research_institute", "enterprise", "industry_association", "other")


def _reason(required=False):
    if required:
        return fields.String(required=True, validate=validate.Length(min=1, max=2000))
    return fields.String(load_default=None, validate=validate.Length(max=2000))


def _subject(**kw):
    return fields.String(validate=validate.Length(min=1, max=200), **kw)


def _checked_credit_code(value):
    """GB 32100 in full, by the one shared validator intake uses: a wrong check character
    would silently defeat conflict matching (Art. 8, 25)."""
    problem = validate_credit_code(value)
    if problem:
        raise ValidationError(problem)


def _credit_code(**kw):
    return fields.String(validate=_checked_credit_code, **kw)


class AppointAgencySchema(Schema):
    """The office proposes the cycle's third-party agency (Art. 7, 8) and names its staff accounts."""
    example = {"name": "山东泉城质量评价中心", "credit_code": "91370100MA3D900030",
               "staff_subjects": ["agency-staff-1"]}
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    credit_code = _credit_code(required=True)
    staff_subjects = fields.List(_subject(), required=True, validate=validate.Length(min=1, max=200))
    reason = _reason()


class ApproveAgencySchema(Schema):
    """The leading group entrusts the proposed third party (Art. 7 LG(3))."""
    example = {"decision": "领导小组审定委托"}
    decision = fields.String(required=True, validate=validate.Length(min=1, max=2000), metadata={
        "description": "the leading group's decision: meeting minute or document"})
    reason = _reason()


class DeclaredConflictSchema(Schema):
    """A tie the expert declares: to a unit (credit code), a person (person_key) or an application."""
    credit_code = _credit_code(load_default=None, allow_none=True)
    person_key = fields.String(load_default=None, allow_none=True, validate=contract.Pattern(PERSON_KEY_PATTERN))
    application_id = _subject(load_default=None, allow_none=True)
    reason = fields.String(required=True, validate=validate.Length(min=1, max=2000))

    @validates_schema
    def _names_someone(self, data, **kwargs):
        if not (data.get("credit_code") or data.get("person_key") or data.get("application_id")):
            raise ValidationError("name the credit code, person_key or application_id the tie is with")


class RegisterExpertSchema(Schema):
    """An expert engaged by the third party for the cycle (Art. 8(2))."""
    example = {"subject": "expert-secondary-1", "name": "钱教授", "affiliation_kind": "university",
               "employer_name": "山东大学", "employer_credit_code": "91370100MA3D70002D", "sectors": ["secondary"]}
    subject = _subject(required=True, metadata={"description": "the expert's login (token sub)"})
    name = fields.String(required=True, validate=validate.Length(min=1, max=100))
    affiliation_kind = fields.String(required=True, validate=validate.OneOf(AFFILIATION_KINDS), metadata={
        "description": "the four kinds Art. 8(2) names, or `other` (its list is open: 等有关方面人员)"})
    affiliation_detail = contract.optional(contract.text_field, "the affiliation in words; required for `other` "
                                           "(e.g. 检验检测机构、政府部门所属事业单位)", max_length=200)
    employer_name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    employer_credit_code = _credit_code(required=True)
    former_employer_credit_codes = fields.List(_credit_code(), load_default=list)
    person_key = fields.String(load_default=None, allow_none=True, validate=contract.Pattern(PERSON_KEY_PATTERN))
    sectors = fields.List(fields.String(validate=validate.OneOf(SECTORS)), required=True,
                          validate=validate.Length(min=1, max=3))
    declared_conflicts = fields.List(fields.Nested(DeclaredConflictSchema), load_default=list)
    reason = _reason()

    @validates_schema
    def _sectors_once(self, data, **kwargs):
        sectors = data.get("sectors") or []
        if len(set(sectors)) != len(sectors):
            raise ValidationError({"sectors": ["each sector once"]})

    @validates_schema
    def _other_affiliation_named(self, data, **kwargs):
        if data.get("affiliation_kind") == "other" and not (data.get("affiliation_detail") or "").strip():
            raise ValidationError({"affiliation_detail": ["name the affiliation of an expert of kind 'other' "
                                                          "(Art. 8(2): 等有关方面人员)"]})


class AssignSchema(Schema):
    """Assign an application's panel: ``auto`` picks by load; ``manual`` names experts and
    the remaining seats are filled automatically."""
    example = {"mode": "manual", "experts": ["expert-secondary-1"]}
    mode = fields.String(load_default="auto", validate=validate.OneOf(("auto", "manual")))
    experts = fields.List(_subject(), load_default=list)
    reason = _reason()

    @validates_schema
    def _experts_by_mode(self, data, **kwargs):
        if data.get("mode") == "manual" and not data.get("experts"):
            raise ValidationError({"experts": ["a manual assignment names at least one expert"]})
        if data.get("mode") == "auto" and data.get("experts"):
            raise ValidationError({"experts": ["an automatic assignment names no expert; use mode manual"]})


class AssignAllSchema(Schema):
    example = {}
    reason = _reason()


class RecusalSchema(Schema):
    """An expert recuses itself (or the third party records its recusal) from an application."""
    example = {"reason": "发现曾为其提供咨询"}
    expert_subject = _subject(load_default=None, allow_none=True)
    reason = _reason(required=True)


class StageActionSchema(Schema):
    example = {}
    reason = _reason()


class ConditionJudgementSchema(Schema):
    item = fields.String(required=True, validate=validate.Length(min=1, max=40))
    met = fields.Boolean(required=True)
    reason = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=2000))


class TiltJudgementSchema(Schema):
    """The third party's judgement of one Art. 11 tilt the district confirmed."""
    kind = fields.String(required=True, validate=validate.Length(min=1, max=100))
    confirmed = fields.Boolean(required=True)
    reason = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=2000))


def _scores():
    """A score sheet's scores, one per category (the caps are checked against the rule set)."""
    return fields.Dict(keys=fields.String(validate=validate.Length(min=1, max=60)),
                       values=fields.Float(allow_nan=False), load_default=None)


def _comments():
    return fields.String(load_default=None, allow_none=True, validate=validate.Length(max=20000))


class ReviewSchema(Schema):
    """A score sheet (scored stages: ``scores`` per category, with ``comments``) or a
    pass/fail decision (qualification: ``conditions``; other pass/fail stages: ``outcome``).
    ``supersedes`` names the record this one corrects; a correction needs its ``reason``."""
    example = {"scores": {"leadership": 88.0, "strategy": 72.0, "customers_market": 72.0, "resources": 104.0,
                          "process_management": 80.0, "measurement_analysis_improvement": 64.0, "results": 320.0},
               "comments": "评审意见：符合评审标准。"}
    scores = _scores()
    comments = _comments()
    conditions = fields.List(fields.Nested(ConditionJudgementSchema), load_default=None)
    tilts = fields.List(fields.Nested(TiltJudgementSchema), load_default=None, metadata={
        "description": "qualification review: the Art. 11 tilts the district confirmed, each confirmed or not"})
    outcome = fields.String(load_default=None, validate=validate.OneOf(("passed", "failed")))
    supersedes = fields.String(load_default=None, allow_none=True, validate=validate.Length(min=1, max=36))
    reason = _reason()

    @validates_schema
    def _correction_has_reason(self, data, **kwargs):
        if data.get("supersedes") and not (data.get("reason") or "").strip():
            raise ValidationError({"reason": ["a correction states its reason"]})


_UNIT_SCORES = {"leadership": 88.0, "strategy": 72.0, "customers_market": 72.0, "resources": 104.0,
                "process_management": 80.0, "measurement_analysis_improvement": 64.0, "results": 320.0}


class PaperSheetSchema(Schema):
    """One expert's signed paper sheet as the agency transcribes it: the expert's scores and
    comments (checked as the expert's own sheet), and the paper it was copied from."""
    expert = _subject(required=True, metadata={"description": "the expert who signed it (token sub); on the panel"})
    paper_reference = fields.String(required=True, validate=validate.Length(min=1, max=200), metadata={
        "description": "the paper sheet's number or the id of its photo or scan"})
    scores = _scores()
    comments = _comments()


def _flat(messages, path=""):
    """marshmallow's nested messages as {"sheets.1.scores.leadership": [...]}."""
    if isinstance(messages, dict):
        out = {}
        for key, value in messages.items():
            child = path if key in ("_schema", "value") else f"{path}.{key}" if path else str(key)
            for name, texts in _flat(value, child).items():
                out.setdefault(name, []).extend(texts)
        return out
    return {path or "_schema": list(messages) if isinstance(messages, list) else [str(messages)]}


class PaperSheetsSchema(Schema):
    """The paper sheets a panel signed at one stage of one application, one per expert, recorded
    all at once by the agency (Art. 8, 15); a refusal names the sheet's expert and field."""
    example = {"sheets": [
        {"expert": "exp-00", "paper_reference": "现场评审表 2019-031（照片 IMG_0412）", "scores": _UNIT_SCORES,
         "comments": "现场核查：过程管理规范。"},
        {"expert": "exp-01", "paper_reference": "现场评审表 2019-032", "scores": dict(_UNIT_SCORES, results=300.0),
         "comments": "现场核查：结果类指标领先。"}]}
    sheets = fields.List(fields.Nested(PaperSheetSchema), required=True, validate=validate.Length(min=1, max=50))
    reason = _reason()

    def handle_error(self, error, data, *, many, **kwargs):
        flat = _flat(error.messages)
        sheets = data.get("sheets") if isinstance(data, dict) else None
        for name, texts in flat.items():  # name the expert of a sheet refused for its shape
            parts = name.split(".")
            if len(parts) > 2 and parts[0] == "sheets" and parts[1].isdigit() and isinstance(sheets, list) \
                    and int(parts[1]) < len(sheets) and isinstance(sheets[int(parts[1])], dict):
                expert = sheets[int(parts[1])].get("expert")
                if isinstance(expert, str):
                    flat[name] = [f"{expert}: {text}" for text in texts]
        raise ValidationError(flat)


class ProposeCandidatesSchema(Schema):
    example = {"reason": "四个评审环节结束"}
    reason = _reason()


class WorkPlanSchema(Schema):
    """The agency's work plan for the edition (Art. 8(1)); a revision names the plan it
    ``supersedes`` (the current one) and its ``reason``."""
    example = {"title": "2019年度济南市市长质量奖评审实施方案",
               "content": "一、评审依据：2019年度评审方案。二、资格审查6月，材料评审7月，现场评审8月，陈述答辩9月。",
               "document_reference": "鲁质评〔2019〕12号"}
    title = contract.text_field("the plan's title", max_length=200)
    content = contract.text_field("the plan: stages, schedule, panels, how the review scheme is applied")
    document_reference = contract.optional(contract.text_field, "the filed document's number", max_length=200)
    supersedes = fields.String(load_default=None, allow_none=True, validate=validate.Length(min=1, max=36))
    reason = _reason()

    @validates_schema
    def _revision_has_reason(self, data, **kwargs):
        if data.get("supersedes") and not (data.get("reason") or "").strip():
            raise ValidationError({"reason": ["a revised work plan states why it is revised"]})


class GuidanceSchema(Schema):
    """The office's guidance to the agency (Art. 15), on the review as a whole, one stage or one application."""
    example = {"text": "现场评审须覆盖申报单位主要生产场所，并留存影像记录。",
               "stage": "onsite_review", "application_id": "app-1"}
    text = contract.text_field("the guidance (指导意见)")
    stage = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(REVIEW_STAGES))
    application_id = _subject(load_default=None, allow_none=True)
    document_reference = contract.optional(contract.text_field, "the document's number", max_length=200)


class ExecuteGuidanceSchema(Schema):
    """The agency records how it executed the office's guidance (Art. 15: 执行……指导意见)."""
    example = {"note": "已安排两名专家现场核查并录像。"}
    note = contract.text_field("what the agency did")


class ResultsReportSchema(Schema):
    """The agency's report of the review results to the office (Art. 8(3)); the results themselves
    are taken from the review, not typed in."""
    example = {"summary": "四个评审环节已结束，现将2019年度市长质量奖评审结果汇总报告市质量强市领导小组办公室。"}
    summary = contract.text_field("the report in words (汇总报告)")
    document_reference = contract.optional(contract.text_field, "the report's document number", max_length=200)


class ApplicationListSchema(paging.PageQuery.of("application")):
    """``GET /v1/cycles/{cycle_id}/applications``: a page of the cycle's applications by id.
    Follow ``next`` (the ``after`` of the next page) until it is null."""
    status = fields.String(load_default=None, validate=validate.OneOf(APPLICATION_STATUSES),
                           metadata={"description": "only applications standing there; none: all"})
    unstarted = fields.Boolean(load_default=None,
                               metadata={"description": "true: only those with no stage result yet (the review "
                                                        "not started); false: only those with one; none: all"})
    with_opinion = fields.Boolean(load_default=None,
                                  metadata={"description": "true: only those with a supervision opinion (Art. 16); "
                                                           "false: only those without one; none: all"})


class ExpertListSchema(paging.PageQuery.of("expert")):
    """``GET /v1/cycles/{cycle_id}/experts``: a page of the cycle's experts by subject. Follow
    ``next`` (the ``after`` of the next page) until it is null."""
