"""Payloads intake publishes: the cycle, its steps, the notice and applications (Art. 13, 14).

``cycle.step_opened`` / ``cycle.step_closed`` are published by whichever service owns the
step (``PUBLISHERS``); they live here with the cycle they belong to.
"""
from marshmallow import ValidationError, fields, validate, validates_schema

from award_rules.identifiers import validate_credit_code
from award_shared.events.declare import event
from award_shared.events.examples import CYCLE, UNIT_APPLICATION, UNIT_CREDIT_CODE, RULESET_SHA256, RULESET
from award_shared.events.fields import (
    DataSchema, Pattern, _json_require_when, _require_when, choice_field, credit_code_field,
    id_field, instant_field, optional, person_key_field, step_field, text_field)
from award_rules.vocabulary import KINDS, SECTORS, SHA256_PATTERN, STEP_OWNERS, STEPS

# -- intake: the cycle, the notice, applications (Art. 13, 14) -----------------------------

@event("cycle.opened", publishers=('intake',), subject="cycle_id",
       invalid=('ruleset_sha256', 'abc'),
       sample={
           'cycle_id': CYCLE,
           'edition': 2019,
           'ruleset': RULESET,
           'ruleset_id': 'jinan-2018',
           'ruleset_sha256': RULESET_SHA256,
           'schedule': {
               'notice': '2019-03-01T09:00:00+08:00',
               'application': '2019-04-30T17:00:00+08:00',
               'district_review': '2019-05-20T17:00:00+08:00',
           },
           'opened_at': '2019-03-01T08:00:00+08:00',
       })
class CycleOpened(DataSchema):
    """A cycle (届) opens, bound to the rule set in force on its opening date (Art. 31)."""
    cycle_id = id_field()
    edition = fields.Integer(required=True, strict=True,
                             validate=validate.Range(min=2000, max=2999),
                             metadata={"description": "the edition's year"})
    ruleset = fields.Dict(required=True, metadata={"description": "the full rule set"})
    ruleset_id = id_field("id of the rule set")
    ruleset_sha256 = fields.String(required=True, validate=Pattern(SHA256_PATTERN),
                                   metadata={"description": "SHA-256 (hex) of the rule set"})
    schedule = fields.Dict(keys=choice_field(STEPS), values=fields.AwareDateTime(), required=True,
                           metadata={"description": "step name -> when it is due"})
    opened_at = instant_field()


@event("cycle.closed", publishers=('intake',), subject="cycle_id",
       invalid=('cycle_id', ''),
       sample={'cycle_id': CYCLE, 'closed_at': '2019-12-20T10:00:00+08:00'})
class CycleClosed(DataSchema):
    """The office closes the cycle after publication; its supervision group goes (Art. 9)."""
    cycle_id = id_field()
    closed_at = optional(instant_field)
    outcome = optional(choice_field, ("awarded", "no_award"), metadata={
        "description": "awarded: after the government approved the list (Art. 18); no_award: on the "
                       "leading group's decision (every category vacant, or the list refused)"})
    decision = optional(text_field, max_length=2000,
                        metadata={"description": "the leading group's decision, for no_award"})


@event("cycle.step_opened", publishers=STEP_OWNERS, subject="cycle_id",
       invalid=('step', 'lunch'),
       sample={'cycle_id': CYCLE, 'step': 'material_review', 'at': '2019-06-01T09:00:00+08:00'})
class CycleStepOpened(DataSchema):
    """A step starts for the whole cycle; published by the step's owner."""
    cycle_id = id_field()
    step = step_field()
    at = instant_field()


@event("cycle.step_closed", publishers=STEP_OWNERS, subject="cycle_id",
       invalid=('at', '2019-07-01T17:00:00'),
       sample={'cycle_id': CYCLE, 'step': 'material_review', 'at': '2019-07-01T17:00:00+08:00'})
class CycleStepClosed(CycleStepOpened.Schema):
    """A step ends for the whole cycle; published by the step's owner."""


@event("notice.published", publishers=('intake',), subject="cycle_id",
       invalid=('deadline', 'next week'),
       sample={
           'cycle_id': CYCLE,
           'deadline': '2019-04-30T17:00:00+08:00',
           'text': '关于组织申报2019年度济南市市长质量奖的通知',
           'published_at': '2019-03-01T09:00:00+08:00',
       })
class NoticePublished(DataSchema):
    """The application notice is issued (Art. 13)."""
    cycle_id = id_field()
    deadline = instant_field("applications are accepted until then")
    text = text_field()
    recommendation_deadline = optional(instant_field, "district recommendations due (Art. 14)")
    published_at = optional(instant_field)
    tilt = optional(fields.Dict, metadata={
        "description": "the cycle's Art. 11 tilt as the leading group approved it (Art. 7 LG(2)): "
                       "applies_to, kinds, max_total_bonus, decision, approved_at"})


@event("application.submitted", publishers=('intake',), subject="application_id",
       invalid=('kind', 'company'),
       sample={
           'application_id': UNIT_APPLICATION,
           'cycle_id': CYCLE,
           'kind': 'unit',
           'applicant_name': '济南示例精密机械有限公司',
           'credit_code': UNIT_CREDIT_CODE,
           'district': '历下区',
           'sector': 'secondary',
           'tilt_claims': ['ten_major_industries'],
           'submitted_at': '2019-04-20T15:30:00+08:00',
       })
class ApplicationSubmitted(DataSchema):
    """An application is filed (Art. 14): a unit by credit code, a person by person_key."""
    json_schema_extra = {"allOf": [
        _json_require_when("kind", ["unit"], ["credit_code"]),
        _json_require_when("kind", ["individual"], ["person_key", "employer_credit_code"]),
    ]}
    application_id = id_field()
    cycle_id = id_field()
    kind = choice_field(KINDS)
    applicant_name = text_field(max_length=200)
    credit_code = credit_code_field(required=False, allow_none=True, load_default=None)
    person_key = person_key_field(required=False, allow_none=True, load_default=None)
    employer_credit_code = credit_code_field("the individual's employer", required=False,
                                       allow_none=True, load_default=None)
    district = text_field(max_length=100)
    sector = choice_field(SECTORS, "industry sector (Art. 8)")
    tilt_claims = fields.List(text_field(max_length=100), required=True,
                              metadata={"description": "ids of the cycle's Art. 11 tilts claimed"})
    submitted_at = optional(instant_field)

    @validates_schema
    def _identity_by_kind(self, data, **kwargs):
        _require_when(data, data.get("kind") == "unit", ["credit_code"])
        _require_when(data, data.get("kind") == "individual",
                      ["person_key", "employer_credit_code"])

    @validates_schema
    def _credit_codes_checked(self, data, **kwargs):
        # the one shared GB 32100 validator, as every HTTP body that takes a credit code
        problems = {name: [validate_credit_code(data[name])] for name in ("credit_code", "employer_credit_code")
                    if data.get(name) and validate_credit_code(data[name])}
        if problems:
            raise ValidationError(problems)


@event("application.withdrawn", publishers=('intake',), subject="application_id",
       invalid=('reason', ''),
       sample={'application_id': UNIT_APPLICATION, 'cycle_id': CYCLE, 'reason': '企业主动撤回申报'})
class ApplicationWithdrawn(DataSchema):
    """The applicant withdraws (applying is voluntary, Art. 14)."""
    application_id = id_field()
    cycle_id = id_field()
    reason = text_field()
    withdrawn_at = optional(instant_field)


@event("application.recommended", publishers=('intake',), subject="application_id",
       invalid=('opinion', None),
       sample={
           'application_id': UNIT_APPLICATION,
           'cycle_id': CYCLE,
           'district': '历下区',
           'reviewer': 'lixia-coordinator',
           'opinion': '经初审，同意推荐。',
           'applicant_sub': 'applicant-jinan-precision',
       })
class ApplicationRecommended(DataSchema):
    """The district signs its recommendation after the preliminary review (Art. 14)."""
    application_id = id_field()
    cycle_id = id_field()
    district = text_field(max_length=100)
    reviewer = text_field("who signed for the district", max_length=200)
    opinion = text_field()
    recommended_at = optional(instant_field)
    tilt_confirmed = optional(fields.List, text_field(max_length=100), metadata={
        "description": "the Art. 11 tilts claimed that the district confirmed in its preliminary review"})
    # additive: the account that owns the application, so that revocation recognises the winner
    # when it reports the use of its prize money (Art. 21): only a recommended application can win
    # (Art. 14). Personal data: no public event, page or feed entry carries it (award.granted
    # names the application, never its owner)
    applicant_sub = optional(id_field, "the subject (token `sub`) of the applicant's account, which owns the "
                                       "application; internal to the suite, never in a public event")
