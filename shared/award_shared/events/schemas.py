"""The ``data`` payload of every event type in contract.md, one marshmallow schema each.

Every payload names its ``cycle_id``; every schema accepts fields it does not know
(``unknown = INCLUDE``) because a new field may be added within a version, and every
schema refuses a resident ID number anywhere in the payload: a person travels on the bus
only as ``person_key``, a keyed hash of the number (contract: Privacy).

A class's docstring and a field's ``metadata["description"]`` become the descriptions in
the published JSON Schema (see :mod:`award_shared.events.jsonschema`); a schema-level rule
is mirrored there through the class attribute ``json_schema_extra``.
"""
import re

from marshmallow import INCLUDE, Schema, ValidationError, fields, validate, validates_schema

# -- vocabulary -------------------------------------------------------------------------

#: The steps of a cycle, in order (domain.md: "The cycle, step by step").
STEPS = (
    "notice", "application", "district_review",                               # Art. 13, 14
    "qualification_review", "material_review", "onsite_review", "defense",    # Art. 15
    "candidate_list",                                                         # Art. 16
    "deliberation", "public_notice", "objection_handling", "approval",        # Art. 16-18
    "conferral",                                                              # Art. 19-21
    "revocation",                                                             # Art. 29, 30
)
#: The service that owns each step and alone may complete it.
STEP_OWNER = {
    **dict.fromkeys(STEPS[0:3], "intake"),
    **dict.fromkeys(STEPS[3:8], "scoring"),
    **dict.fromkeys(STEPS[8:13], "publicity"),
    "revocation": "revocation",
}
SERVICES = ("intake", "scoring", "supervision", "publicity", "revocation")
STEP_OWNERS = ("intake", "scoring", "publicity", "revocation")
#: The four review stages of Art. 15, in order.
REVIEW_STAGES = ("qualification_review", "material_review", "onsite_review", "defense")
KINDS = ("unit", "individual")
SECTORS = ("primary", "secondary", "tertiary")  # Art. 8: panels by industry
#: The four categories of Art. 2 (keys as in the rule set) and whom each goes to.
CATEGORY_KIND = {
    "unit_award": "unit",
    "individual_award": "individual",
    "unit_nomination": "unit",
    "individual_nomination": "individual",
}
CATEGORIES = tuple(CATEGORY_KIND)
#: What Art. 19 confers (and Art. 29 / 30 recover).
ITEMS = ("trophy", "plaque", "medal", "certificate")
#: The member kinds of the supervision group (Art. 9).
MEMBER_KINDS = ("npc_deputy", "cppcc_member", "government", "media", "lawyer")
#: Field names that would carry a resident ID number; none may appear in any payload.
FORBIDDEN_FIELD_NAMES = frozenset({
    "id_number", "resident_id", "id_card", "resident_id_number", "id_card_number",
    "identity_number", "identity_card", "citizen_id", "sfzh",
})

# Unified social credit code (GB 32100-2015): 18 characters, no I, O, Z, S or V.
CREDIT_CODE_PATTERN = r"^[0-9A-HJ-NPQRTUWXY]{18}$"
# person_key is an HMAC-SHA256 hex digest: it can never be mistaken for an ID number.
PERSON_KEY_PATTERN = r"^[0-9a-f]{64}$"
SHA256_PATTERN = r"^[0-9a-f]{64}$"
# A citation as in the error body of contract.md: "Art. 10", "Art. 10(1)".
ARTICLE_PATTERN = r"^Art\. [1-9][0-9]?(\([1-9][0-9]?\))?$"
# A revocation ground names its item: Art. 29 has 12 (units), Art. 30 has 10 (individuals).
GROUND_PATTERN = r"^Art\. (29\(([1-9]|1[0-2])\)|30\(([1-9]|10)\))$"
# Money in yuan as a JSON string, so no binary float ever rounds it.
MONEY_PATTERN = r"^(0|[1-9][0-9]*)(\.[0-9]{1,2})?$"


# -- fields -----------------------------------------------------------------------------

class Pattern(validate.Regexp):
    """The whole value must match, as JSON Schema's ``^...$`` means it.

    (``re.match`` with ``$`` would also let a trailing newline through.)
    """

    def __call__(self, value):
        if not isinstance(value, str) or self.regex.fullmatch(value) is None:
            raise ValidationError(self._format_error(value))
        return value


class StrictFloat(fields.Float):
    """A JSON number, not a string that looks like one (as JSON Schema's ``number``)."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str):
            raise self.make_error("invalid", input=value)
        return super()._deserialize(value, attr, data, **kwargs)


class Money(fields.Decimal):
    """An amount in yuan, sent as a string such as ``"500000.00"``; loads as a Decimal."""

    json_schema = {"type": "string", "pattern": MONEY_PATTERN}

    def __init__(self, **kwargs):
        super().__init__(places=2, as_string=True, allow_nan=False, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, str) or not re.fullmatch(MONEY_PATTERN, value):
            raise self.make_error("invalid", input=value)
        return super()._deserialize(value, attr, data, **kwargs)


def _desc(description, kwargs):
    if description:
        kwargs["metadata"] = {"description": description}
    return kwargs


def id_field(description=None, required=True, **kw):
    """An opaque id (contract: "ids are opaque strings")."""
    return fields.String(required=required, validate=validate.Length(min=1, max=200),
                         **_desc(description, kw))


def text_field(description=None, required=True, max_length=20000, **kw):
    return fields.String(required=required, validate=validate.Length(min=1, max=max_length),
                         **_desc(description, kw))


def choice_field(choices, description=None, required=True, **kw):
    return fields.String(required=required, validate=validate.OneOf(choices),
                         **_desc(description, kw))


def instant_field(description=None, required=True, **kw):
    return fields.AwareDateTime(required=required, **_desc(description, kw))


def optional(field_factory, *args, **kw):
    """The field may be absent or null; absent loads as None."""
    return field_factory(*args, required=False, allow_none=True, load_default=None, **kw)


def step_field(description=None, **kw):
    return choice_field(STEPS, description, **kw)


def article_field(description="the article cited, e.g. 'Art. 10(1)'", **kw):
    return fields.String(validate=Pattern(ARTICLE_PATTERN), **_desc(description, kw))


def credit_code_field(description="unified social credit code (18 characters)", **kw):
    return fields.String(validate=Pattern(CREDIT_CODE_PATTERN), **_desc(description, kw))


def person_key_field(**kw):
    return fields.String(validate=Pattern(PERSON_KEY_PATTERN), **_desc(
        "keyed hash (HMAC-SHA256, hex) of the resident ID number; never the number", kw))


def _forbidden_keys(value, path=""):
    if isinstance(value, dict):
        for key, inner in value.items():
            if str(key).lower() in FORBIDDEN_FIELD_NAMES:
                yield path + str(key)
            yield from _forbidden_keys(inner, f"{path}{key}.")
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from _forbidden_keys(inner, f"{path}{index}.")


def _has_forbidden_key(value):
    """Whether any key at any depth is a forbidden name; no paths built (every consumed
    event is checked, and a rule set is a deep tree)."""
    if isinstance(value, dict):
        for key, inner in value.items():
            if (key if type(key) is str else str(key)).lower() in FORBIDDEN_FIELD_NAMES:
                return True
            if isinstance(inner, (dict, list)) and _has_forbidden_key(inner):
                return True
    elif isinstance(value, list):
        return any(isinstance(inner, (dict, list)) and _has_forbidden_key(inner) for inner in value)
    return False


class DataSchema(Schema):
    """Base of every payload: open to new fields, closed to resident ID numbers."""

    class Meta:
        unknown = INCLUDE

    json_schema_extra = {"propertyNames": {"not": {"enum": sorted(FORBIDDEN_FIELD_NAMES)}}}

    @validates_schema(pass_original=True)
    def _no_resident_id(self, data, original_data, **kwargs):
        if not _has_forbidden_key(original_data):
            return
        found = list(_forbidden_keys(original_data))
        if found:
            raise ValidationError({name: ["No resident ID number may travel on the bus; "
                                          "send person_key instead."] for name in found})


def _require_when(data, condition, names):
    missing = [name for name in names if condition and not data.get(name)]
    if missing:
        raise ValidationError({name: ["Missing data for required field."] for name in missing})


def _json_require_when(prop, values, names):
    """``_require_when`` in JSON Schema: present and not null."""
    return {"if": {"properties": {prop: {"enum": list(values)}}, "required": [prop]},
            "then": {"required": list(names), "properties": {n: {"type": "string"} for n in names}}}


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


class ApplicationWithdrawn(DataSchema):
    """The applicant withdraws (applications are voluntary, Art. 3)."""
    application_id = id_field()
    cycle_id = id_field()
    reason = text_field()
    withdrawn_at = optional(instant_field)


class ApplicationIneligible(DataSchema):
    """Qualification review fails the application under Art. 6, 10 or 12 (Art. 15)."""
    application_id = id_field()
    cycle_id = id_field()
    article = article_field(required=True)
    reason = text_field()


class ApplicationRecommended(DataSchema):
    """The district signs its recommendation after the preliminary review (Art. 14)."""
    application_id = id_field()
    cycle_id = id_field()
    district = text_field(max_length=100)
    reviewer = text_field("who signed for the district", max_length=200)
    opinion = text_field()
    recommended_at = optional(instant_field)


# -- scoring: panels, reviews, the candidate list (Art. 8, 15, 16, 25) -------------------

class PanelAssigned(DataSchema):
    """Experts are assigned to an application; only they may read its material (Art. 25).

    ``expert_subjects`` is the whole panel as it now stands: a later event replaces it.
    """
    application_id = id_field()
    cycle_id = id_field()
    expert_subjects = fields.List(id_field(), required=True, validate=validate.Length(min=1))
    stage = optional(choice_field, REVIEW_STAGES)
    sector = optional(choice_field, SECTORS)


class ReviewStageCompleted(DataSchema):
    """An application finishes one review stage of Art. 15."""
    application_id = id_field()
    cycle_id = id_field()
    stage = choice_field(REVIEW_STAGES)
    outcome = choice_field(("passed", "failed"))
    aggregated_score = StrictFloat(required=True, allow_none=True, allow_nan=False,
                                   validate=validate.Range(min=0), metadata={
                                       "description": "null where the stage is not scored"})
    tilt_points = optional(StrictFloat, allow_nan=False, metadata={
        "description": "the Art. 11 tilt included in the score"})


class Candidate(DataSchema):
    """One ranked candidate; a held one is shown as pending."""
    rank = fields.Integer(required=True, strict=True, validate=validate.Range(min=1))
    application_id = id_field()
    applicant_name = text_field(max_length=200)
    score = StrictFloat(required=True, allow_nan=False, validate=validate.Range(min=0))
    pending = fields.Boolean(load_default=False, truthy={True}, falsy={False})


class CategoryCandidates(DataSchema):
    """The candidates of one Art. 2 category; ``vacancies`` are places left unfilled."""
    category = choice_field(CATEGORIES)
    candidates = fields.List(fields.Nested(Candidate), required=True)
    vacancies = fields.Integer(required=True, strict=True, validate=validate.Range(min=0))


class CandidatesProposed(DataSchema):
    """The office proposes the candidate list from reviews and supervision opinions (Art. 16)."""
    cycle_id = id_field()
    categories = fields.List(fields.Nested(CategoryCandidates), required=True,
                             validate=validate.Length(min=1))


# -- supervision (Art. 9, 16, 26, 27) ------------------------------------------------------

class GroupAppointed(DataSchema):
    """The supervision group of the cycle is appointed (Art. 9); members by kind, names only."""
    cycle_id = id_field()
    members = fields.Dict(keys=choice_field(MEMBER_KINDS),
                          values=fields.List(text_field(max_length=100)), required=True, validate=validate.Length(min=1))
    group_id = optional(id_field)


class GroupDissolved(GroupAppointed):
    """The supervision group is dissolved when the cycle ends (Art. 9)."""


class FindingRecorded(DataSchema):
    """A supervisory finding (Art. 9, 26, 27); ``subject`` is null for the whole step."""
    finding_id = id_field()
    cycle_id = id_field()
    kind = fields.String(required=True, validate=Pattern(r"^[a-z][a-z_]*$"),
                         metadata={"description": "e.g. review_process, review_staff, applicant"})
    step = step_field()
    subject = optional(id_field)
    article = article_field(required=True)
    summary = optional(text_field)
    hold_id = optional(id_field, "the hold it placed, if any")


class OpinionRecorded(DataSchema):
    """The supervision group's opinion on an application, for the candidate list (Art. 16)."""
    application_id = id_field()
    cycle_id = id_field()
    opinion = text_field()


class ExpertDisqualified(DataSchema):
    """A reviewer is disqualified for misconduct that caused harm (Art. 27)."""
    expert_subject = id_field()
    cycle_id = id_field()
    reason = text_field()
    harm = text_field("the harm recorded (造成不良后果)")
    finding_id = optional(id_field)


# -- holds (domain.md: "Halting a step") -----------------------------------------------------

class HoldPlaced(DataSchema):
    """A step is halted, for one subject or (``subject`` absent) for everyone at it."""
    hold_id = id_field()
    cycle_id = id_field()
    step = step_field()
    subject = optional(id_field, "absent or null: everyone at that step")
    placed_by = id_field("who placed it")
    placed_by_service = choice_field(("supervision", "publicity"))
    reason = text_field()
    article = optional(article_field)
    placed_at = optional(instant_field)


class HoldReleased(DataSchema):
    """A hold is lifted, finally, by whoever placed it (or the office, Art. 9)."""
    hold_id = id_field()
    cycle_id = id_field()
    step = step_field()
    subject = optional(id_field, "absent or null: everyone at that step")
    released_by = id_field("who released it")
    reason = text_field()
    approved_by = optional(id_field, "the leading group's approval, for a dissolved group's hold")
    released_at = optional(instant_field)


class HoldApplied(DataSchema):
    """A hold took effect at a step owner when the owner committed it."""
    hold_id = id_field()
    cycle_id = id_field()
    owner = choice_field(STEP_OWNERS)
    subject = optional(id_field)
    subject_step = optional(step_field, "the subject's step at the owner when the hold took effect")
    applied_at = instant_field()


# -- publicity (Art. 17-19) ------------------------------------------------------------------

class NoticeOpened(DataSchema):
    """The public notice (公示) opens for 5 working days (Art. 17)."""
    cycle_id = id_field()
    window_start = instant_field()
    window_end = instant_field()
    media = fields.List(text_field(max_length=200), load_default=list,
                        metadata={"description": "the news media carrying it"})

    @validates_schema
    def _window_forward(self, data, **kwargs):
        start, end = data.get("window_start"), data.get("window_end")
        if start and end and end <= start:
            raise ValidationError({"window_end": ["Must be after window_start."]})


class NoticeClosed(NoticeOpened):
    """The public notice closes (Art. 17)."""


class ObjectionReceived(DataSchema):
    """An objection to a candidate is raised during the notice (Art. 17); no objector identity."""
    objection_id = id_field()
    cycle_id = id_field()
    application_id = id_field("the candidate objected to")
    received_at = optional(instant_field)
    hold_id = optional(id_field, "the hold it placed, if any")


class ObjectionResolved(DataSchema):
    """The handling opinion on an objection is approved by the leading group (Art. 17)."""
    objection_id = id_field()
    cycle_id = id_field()
    application_id = id_field("the candidate objected to")
    outcome = choice_field(("upheld", "dismissed", "withdrawn"))
    handling_opinion = optional(text_field)


class ApprovedAward(DataSchema):
    application_id = id_field()
    category = choice_field(CATEGORIES)
    recipient_name = text_field(max_length=200)


class AwardApproved(DataSchema):
    """The city government approves the final list (Art. 18)."""
    cycle_id = id_field()
    final_list = fields.List(fields.Nested(ApprovedAward), required=True)
    approved_at = optional(instant_field)
    document_number = optional(text_field, max_length=100)


_UNIT_CATEGORIES = [c for c, k in CATEGORY_KIND.items() if k == "unit"]
_INDIVIDUAL_CATEGORIES = [c for c, k in CATEGORY_KIND.items() if k == "individual"]


class AwardGranted(DataSchema):
    """An award is conferred: items, certificate and prize money (Art. 19-21)."""
    json_schema_extra = {"allOf": [
        _json_require_when("category", _UNIT_CATEGORIES, ["credit_code"]),
        _json_require_when("category", _INDIVIDUAL_CATEGORIES, ["person_key"]),
    ]}
    award_id = id_field()
    application_id = id_field()
    cycle_id = id_field()
    certificate_number = id_field()
    recipient_name = text_field(max_length=200)
    credit_code = credit_code_field(required=False, allow_none=True, load_default=None)
    person_key = person_key_field(required=False, allow_none=True, load_default=None)
    category = choice_field(CATEGORIES)
    items = fields.List(choice_field(ITEMS), required=True, validate=validate.Length(min=1))
    prize_amount = Money(required=True)
    granted_at = optional(instant_field)

    @validates_schema
    def _identity_by_category(self, data, **kwargs):
        kind = CATEGORY_KIND.get(data.get("category"))
        _require_when(data, kind == "unit", ["credit_code"])
        _require_when(data, kind == "individual", ["person_key"])


# -- revocation (Art. 28-30) -------------------------------------------------------------------

class AwardRevoked(DataSchema):
    """The city government revokes an award (Art. 29 units, Art. 30 individuals)."""
    award_id = id_field()
    cycle_id = id_field()
    grounds = fields.List(fields.String(validate=Pattern(GROUND_PATTERN)), required=True,
                          validate=validate.Length(min=1),
                          metadata={"description": "article and item, e.g. 'Art. 29(1)'"})
    decision_date = fields.Date(required=True)
    items_to_recover = fields.List(choice_field(ITEMS), required=True)
    money_to_recover = Money(required=True)
    case_id = optional(id_field)


class RecoveryCompleted(DataSchema):
    """Everything conferred has been returned (Art. 29, 30)."""
    award_id = id_field()
    cycle_id = id_field()
    completed_at = optional(instant_field)
    case_id = optional(id_field)


# -- the registry ----------------------------------------------------------------------------

_CLASSES = {
    "cycle.opened": CycleOpened,
    "cycle.closed": CycleClosed,
    "cycle.step_opened": CycleStepOpened,
    "cycle.step_closed": CycleStepClosed,
    "notice.published": NoticePublished,
    "application.submitted": ApplicationSubmitted,
    "application.withdrawn": ApplicationWithdrawn,
    "application.ineligible": ApplicationIneligible,
    "application.recommended": ApplicationRecommended,
    "panel.assigned": PanelAssigned,
    "review.stage_completed": ReviewStageCompleted,
    "candidates.proposed": CandidatesProposed,
    "supervision.group_appointed": GroupAppointed,
    "supervision.group_dissolved": GroupDissolved,
    "finding.recorded": FindingRecorded,
    "opinion.recorded": OpinionRecorded,
    "hold.placed": HoldPlaced,
    "hold.released": HoldReleased,
    "hold.applied": HoldApplied,
    "expert.disqualified": ExpertDisqualified,
    "notice.opened": NoticeOpened,
    "notice.closed": NoticeClosed,
    "objection.received": ObjectionReceived,
    "objection.resolved": ObjectionResolved,
    "award.approved": AwardApproved,
    "award.granted": AwardGranted,
    "award.revoked": AwardRevoked,
    "revocation.recovery_completed": RecoveryCompleted,
}
#: Event type -> the schema instance of its ``data``, as ``envelope.decode`` wants it.
DATA_SCHEMAS = {event_type: cls() for event_type, cls in _CLASSES.items()}
#: Event type -> the version named in its ``dataschema`` URN.
SCHEMA_VERSION = dict.fromkeys(_CLASSES, 1)
#: What a subscribing bureau binds (``award.#``).
PUBLIC_EVENT_TYPES = tuple(t for t in _CLASSES if t.startswith("award."))

#: Event type -> the services that may publish it, i.e. the ``<service>.events`` exchanges
#: a subscriber binds to (contract.md's "published by").
PUBLISHERS = {
    **dict.fromkeys(["cycle.opened", "cycle.closed", "notice.published", "application.submitted",
                     "application.withdrawn", "application.recommended"], ("intake",)),
    **dict.fromkeys(["cycle.step_opened", "cycle.step_closed", "hold.applied"], STEP_OWNERS),
    **dict.fromkeys(["application.ineligible", "panel.assigned", "review.stage_completed",
                     "candidates.proposed"], ("scoring",)),
    **dict.fromkeys(["supervision.group_appointed", "supervision.group_dissolved",
                     "finding.recorded", "opinion.recorded", "expert.disqualified"],
                    ("supervision",)),
    **dict.fromkeys(["hold.placed", "hold.released"], ("supervision", "publicity")),
    **dict.fromkeys(["notice.opened", "notice.closed", "objection.received", "objection.resolved",
                     "award.approved", "award.granted"], ("publicity",)),
    **dict.fromkeys(["award.revoked", "revocation.recovery_completed"], ("revocation",)),
}
#: Event type -> the ``data`` field whose value is the envelope's ``subject`` (the thing
#: the event is about; ``sequence`` rises per source and subject).
SUBJECT_FIELD = {
    **{t: "cycle_id" for t in _CLASSES if t.startswith(("cycle.", "supervision.", "notice."))},
    **{t: "application_id" for t in _CLASSES
       if t.startswith(("application.", "panel.", "review."))},
    "candidates.proposed": "cycle_id",
    "finding.recorded": "finding_id",
    "opinion.recorded": "application_id",
    **{t: "hold_id" for t in _CLASSES if t.startswith("hold.")},
    "expert.disqualified": "expert_subject",
    **{t: "objection_id" for t in _CLASSES if t.startswith("objection.")},
    "award.approved": "cycle_id",
    **{t: "award_id" for t in ("award.granted", "award.revoked", "revocation.recovery_completed")},
}
