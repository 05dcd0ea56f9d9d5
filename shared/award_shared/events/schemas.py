"""The ``data`` payload of every event type in contract.md, one marshmallow schema each.

Every payload names its ``cycle_id``; every schema accepts fields it does not know
(``unknown = INCLUDE``) because a new field may be added within a version, and every
schema refuses a resident ID number anywhere in the payload: a person travels on the bus
only as ``person_key``, a keyed hash of the number (contract: Privacy).

A class's docstring and a field's ``metadata["description"]`` become the descriptions in
the published JSON Schema (see :mod:`award_shared.events.jsonschema`); a schema-level rule
is mirrored there through the class attribute ``json_schema_extra``.

The schemas themselves live in smaller modules, re-exported here so that
``award_shared.events.schemas`` stays the one place to import from:
:mod:`~award_rules.vocabulary` (steps, kinds, categories, patterns),
:mod:`~award_shared.events.fields` (field helpers and the ``DataSchema`` base), and one
``payloads_<service>`` module per publishing service (``payloads_holds`` for the holds,
which several services publish). Each event type is declared once, on its payload class
(:func:`award_shared.events.declare.event`); this module derives the registries from those
declarations: event type -> schema, version, publishers and subject field.
"""
from award_shared.events.declare import DECLARED, Declaration, event
from award_shared.events.fields import (
    DataSchema, Money, Pattern, StrictFloat, _forbidden_keys, _has_forbidden_key,
    _json_require_when, _require_when, article_field, choice_field, credit_code_field, id_field,
    instant_field, optional, person_key_field, step_field, text_field)
from award_shared.events.payloads_holds import HoldApplied, HoldPlaced, HoldReleased
from award_shared.events.payloads_intake import (
    ApplicationRecommended, ApplicationSubmitted, ApplicationWithdrawn, CycleClosed, CycleOpened,
    CycleStepClosed, CycleStepOpened, NoticePublished)
from award_shared.events.payloads_publicity import (
    ApprovedAward, AwardApproved, AwardGranted, DeliberatedCandidate, DeliberationDecided, NoticeClosed, NoticeOpened, ObjectionReceived,
    ObjectionResolved)
from award_shared.events.payloads_revocation import AwardRevoked, RecoveryCompleted
from award_shared.events.payloads_scoring import (
    AgencyAppointed, ApplicationIneligible, Candidate, CandidatesProposed, CategoryCandidates, PanelAssigned,
    ReviewStageCompleted)
from award_shared.events.payloads_supervision import (
    ExpertDisqualified, FindingRecorded, GroupAppointed, GroupDissolved, OpinionRecorded)
from award_rules.vocabulary import (
    ARTICLE_PATTERN, CATEGORIES, CATEGORY_KIND, CREDIT_CODE_PATTERN, FORBIDDEN_FIELD_NAMES,
    GROUND_PATTERN, ITEMS, KINDS, MEMBER_KINDS, MONEY_PATTERN, PERSON_KEY_PATTERN, REVIEW_STAGES,
    SECTORS, SERVICES, SHA256_PATTERN, STEP_OWNER, STEP_OWNERS, STEPS)

__all__ = [
    # the registry (below)
    "DATA_SCHEMAS", "DECLARED", "Declaration", "PUBLIC_EVENT_TYPES", "PUBLISHERS", "SCHEMA_VERSION",
    "SUBJECT_FIELD", "event",
    # vocabulary
    "ARTICLE_PATTERN", "CATEGORIES", "CATEGORY_KIND", "CREDIT_CODE_PATTERN",
    "FORBIDDEN_FIELD_NAMES", "GROUND_PATTERN", "ITEMS", "KINDS", "MEMBER_KINDS", "MONEY_PATTERN",
    "PERSON_KEY_PATTERN", "REVIEW_STAGES", "SECTORS", "SERVICES", "SHA256_PATTERN", "STEP_OWNER",
    "STEP_OWNERS", "STEPS",
    # fields (the underscored helpers too: tests and services import them from here)
    "DataSchema", "Money", "Pattern", "StrictFloat", "_forbidden_keys", "_has_forbidden_key",
    "_json_require_when", "_require_when", "article_field", "choice_field", "credit_code_field",
    "id_field", "instant_field", "optional", "person_key_field", "step_field", "text_field",
    # payloads
    "AgencyAppointed", "ApplicationIneligible", "ApplicationRecommended", "ApplicationSubmitted",
    "ApplicationWithdrawn", "ApprovedAward", "AwardApproved", "AwardGranted", "AwardRevoked",
    "Candidate", "CandidatesProposed", "CategoryCandidates", "CycleClosed", "CycleOpened",
    "CycleStepClosed", "CycleStepOpened", "DeliberatedCandidate", "DeliberationDecided", "ExpertDisqualified", "FindingRecorded",
    "GroupAppointed", "GroupDissolved", "HoldApplied", "HoldPlaced", "HoldReleased",
    "NoticeClosed", "NoticeOpened", "NoticePublished", "ObjectionReceived", "ObjectionResolved",
    "OpinionRecorded", "PanelAssigned", "RecoveryCompleted", "ReviewStageCompleted",
]


# -- the registry: derived from the declarations on the payload classes ------------------------

#: Event type -> the schema instance of its ``data``, as ``envelope.decode`` wants it.
DATA_SCHEMAS = {t: d.schema() for t, d in DECLARED.items()}
#: Event type -> the version named in its ``dataschema`` URN.
SCHEMA_VERSION = {t: d.version for t, d in DECLARED.items()}
#: What a subscribing bureau binds (``award.#``).
PUBLIC_EVENT_TYPES = tuple(sorted(t for t in DECLARED if t.startswith("award.")))
#: Event type -> the services that may publish it, i.e. the ``<service>.events`` exchanges
#: a subscriber binds to (contract.md's "published by").
PUBLISHERS = {t: d.publishers for t, d in DECLARED.items()}
#: Event type -> the ``data`` field whose value is the envelope's ``subject`` (the thing
#: the event is about; ``sequence`` rises per source and subject).
SUBJECT_FIELD = {t: d.subject for t, d in DECLARED.items()}
