"""Payloads intake publishes: the cycle, its steps, the notice and applications (Art. 13, 14).

``cycle.step_opened`` / ``cycle.step_closed`` are published by whichever service owns the
step (``PUBLISHERS``); they live here with the cycle they belong to.
"""
from marshmallow import ValidationError, fields, validate, validates_schema

from ..identifiers import validate_credit_code
from .fields import (
    DataSchema, Pattern, _json_require_when, _require_when, choice_field, credit_code_field,
    id_field, instant_field, optional, person_key_field, step_field, text_field)
from .vocabulary import KINDS, SECTORS, SHA256_PATTERN, STEPS

# -- intake: the cycle, the notice, applications (Art. 13, 14) -----------------------------

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


class CycleClosed(DataSchema):
    """The office closes the cycle after publication; its supervision group goes (Art. 9)."""
    cycle_id = id_field()
    closed_at = optional(instant_field)
    outcome = optional(choice_field, ("awarded", "no_award"), metadata={
        "description": "awarded: after the government approved the list (Art. 18); no_award: on the "
                       "leading group's decision (every category vacant, or the list refused)"})
    decision = optional(text_field, max_length=2000,
                        metadata={"description": "the leading group's decision, for no_award"})


class CycleStepOpened(DataSchema):
    """A step starts for the whole cycle; published by the step's owner."""
    cycle_id = id_field()
    step = step_field()
    at = instant_field()


class CycleStepClosed(CycleStepOpened):
    """A step ends for the whole cycle; published by the step's owner."""


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


class ApplicationWithdrawn(DataSchema):
    """The applicant withdraws (applying is voluntary, Art. 14)."""
    application_id = id_field()
    cycle_id = id_field()
    reason = text_field()
    withdrawn_at = optional(instant_field)


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
