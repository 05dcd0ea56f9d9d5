"""Payloads publicity publishes (Art. 17-19): the public notice, objections, approval, conferral."""
from marshmallow import ValidationError, fields, validate, validates_schema

from award_shared.events.declare import event
from award_shared.events.examples import CYCLE, UNIT_APPLICATION, PERSON_APPLICATION, PERSON_KEY
from award_shared.events.fields import (
    DataSchema, Money, _json_require_when, _require_when, choice_field, credit_code_field,
    id_field, instant_field, optional, person_key_field, text_field)
from award_rules.vocabulary import CATEGORIES, CATEGORY_KIND, ITEMS

# -- publicity (Art. 16-19) ------------------------------------------------------------------

class DeliberatedCandidate(DataSchema):
    """The leading group's decision on one candidate (Art. 7 LG(5), 16)."""
    application_id = id_field()
    category = choice_field(CATEGORIES)
    decision = choice_field(("adopted", "struck", "pending"),
                            metadata={"description": "pending: under a hold, it waits"})
    reason = optional(text_field, max_length=2000)


@event("deliberation.decided", publishers=('publicity',), subject="cycle_id",
       invalid=('candidates', [{'application_id': 'x', 'category': 'unit_award', 'decision': 'maybe'}]),
       sample={
           'cycle_id': CYCLE,
           'deliberation_id': 'deliberation-01',
           'meeting_date': '2019-09-20',
           'candidates': [
               {
                   'application_id': UNIT_APPLICATION,
                   'category': 'unit_award',
                   'decision': 'adopted',
               },
               {
                   'application_id': PERSON_APPLICATION,
                   'category': 'individual_award',
                   'decision': 'pending',
               },
           ],
       })
class DeliberationDecided(DataSchema):
    """The leading group deliberates the office's candidate list (Art. 7 LG(5), 16): a decision
    per candidate, or the whole list returned to the office (``returned``)."""
    cycle_id = id_field()
    deliberation_id = id_field()
    list_id = optional(id_field, "the candidate list deliberated")
    meeting_date = fields.Date(required=True)
    returned = fields.Boolean(load_default=False, truthy={True}, falsy={False},
                              metadata={"description": "the list goes back to the office"})
    candidates = fields.List(fields.Nested(DeliberatedCandidate), load_default=list)
    reason = optional(text_field, max_length=2000)
    seat = optional(choice_field, ("tie", "refill"),
                    "a decision on seats (issue 31): 'tie', the leading group decides a tie at the last seat; "
                    "'refill', a seat a strike or an upheld objection emptied goes to the next in rank")


@event("notice.opened", publishers=('publicity',), subject="cycle_id",
       invalid=('window_start', '2019-10-08'),
       sample={
           'cycle_id': CYCLE,
           'window_start': '2019-10-08T09:00:00+08:00',
           'window_end': '2019-10-14T17:00:00+08:00',
           'media': ['济南日报'],
       })
class NoticeOpened(DataSchema):
    """The public notice (公示) opens for 5 working days (Art. 17)."""
    cycle_id = id_field()
    window_start = instant_field()
    window_end = instant_field()
    media = fields.List(text_field(max_length=200), load_default=list,
                        metadata={"description": "the news media carrying it"})
    notice_id = optional(id_field)
    kind = optional(choice_field, ("main", "supplementary"))
    provisional = fields.Boolean(load_default=False, truthy={True}, falsy={False}, metadata={
        "description": "the window runs into a year whose official calendar is not loaded yet"})
    application_ids = fields.List(id_field(), load_default=list,
                                  metadata={"description": "the candidates this notice lists"})

    @validates_schema
    def _window_forward(self, data, **kwargs):
        start, end = data.get("window_start"), data.get("window_end")
        if start and end and end <= start:
            raise ValidationError({"window_end": ["Must be after window_start."]})


@event("notice.closed", publishers=('publicity',), subject="cycle_id",
       invalid=('media', '济南日报'),
       sample={
           'cycle_id': CYCLE,
           'window_start': '2019-10-08T09:00:00+08:00',
           'window_end': '2019-10-14T17:00:00+08:00',
       })
class NoticeClosed(NoticeOpened.Schema):
    """The public notice closes (Art. 17)."""


@event("objection.received", publishers=('publicity',), subject="objection_id",
       invalid=('objection_id', None),
       sample={'objection_id': 'objection-01', 'cycle_id': CYCLE, 'application_id': UNIT_APPLICATION})
class ObjectionReceived(DataSchema):
    """An objection to a candidate is raised during the notice (Art. 17); no objector identity."""
    objection_id = id_field()
    cycle_id = id_field()
    application_id = id_field("the candidate objected to")
    received_at = optional(instant_field)
    hold_id = optional(id_field, "the hold it placed, if any")


@event("objection.resolved", publishers=('publicity',), subject="objection_id",
       invalid=('outcome', 'ignored'),
       sample={
           'objection_id': 'objection-01',
           'cycle_id': CYCLE,
           'application_id': UNIT_APPLICATION,
           'outcome': 'dismissed',
           'handling_opinion': '经调查，反映问题不属实。',
       })
class ObjectionResolved(DataSchema):
    """The office's handling opinion on an objection is approved by the leading group and carried
    out (Art. 17): removal, a move to the nomination award, a corrected record, or no change."""
    objection_id = id_field()
    cycle_id = id_field()
    application_id = id_field("the candidate objected to")
    outcome = choice_field(("upheld", "dismissed", "withdrawn"))
    handling_opinion = optional(text_field)
    action = optional(choice_field, ("remove", "move_to_nomination", "correct_record", "no_change"),
                      "what the approved handling opinion does (its reason: handling_opinion); absent from "
                      "publishers before issue 31: upheld meant remove")
    category = optional(choice_field, CATEGORIES, "the nomination award the candidate moved to "
                                                  "(action move_to_nomination)")


class ApprovedAward(DataSchema):
    application_id = id_field()
    category = choice_field(CATEGORIES)
    recipient_name = text_field(max_length=200)


class ExcludedCandidate(DataSchema):
    """A candidate of the submitted list the government did not approve, and why (Art. 18)."""
    application_id = id_field()
    category = choice_field(CATEGORIES)
    reason = text_field(max_length=2000)


@event("award.approved", publishers=('publicity',), subject="cycle_id",
       invalid=('final_list', [{'application_id': 'x', 'category': 'unit_award'}]),
       sample={
           'cycle_id': CYCLE,
           'final_list': [
               {
                   'application_id': UNIT_APPLICATION,
                   'category': 'unit_award',
                   'recipient_name': '济南示例精密机械有限公司',
               },
               {
                   'application_id': PERSON_APPLICATION,
                   'category': 'individual_award',
                   'recipient_name': '张示例',
               },
           ],
       })
class AwardApproved(DataSchema):
    """The city government approves the final list (Art. 18)."""
    cycle_id = id_field()
    final_list = fields.List(fields.Nested(ApprovedAward), required=True)
    approved_at = optional(instant_field)
    approved_on = fields.Date(required=False, allow_none=True, load_default=None, metadata={
        "description": "the date of the government's approval document"})
    document_number = optional(text_field, max_length=100)
    excluded = fields.List(fields.Nested(ExcludedCandidate), required=False, metadata={
        "description": "candidates of the leading group's submitted list the government left out of the "
                       "final list, each with its reason (Art. 18); absent when it left nobody out. The "
                       "names were publicly noticed (Art. 17): a consumer tells them apart from names "
                       "never on the list"})


_UNIT_CATEGORIES = [c for c, k in CATEGORY_KIND.items() if k == "unit"]
_INDIVIDUAL_CATEGORIES = [c for c, k in CATEGORY_KIND.items() if k == "individual"]


@event("award.granted", publishers=('publicity',), subject="award_id",
       invalid=('prize_amount', 100000),
       sample={
           'award_id': 'award-2019-01',
           'application_id': PERSON_APPLICATION,
           'cycle_id': CYCLE,
           'certificate_number': 'JNSZ-2019-I-001',
           'recipient_name': '张示例',
           'person_key': PERSON_KEY,
           'category': 'individual_award',
           'items': ['medal', 'certificate'],
           'prize_amount': '100000.00',
       })
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
    imported = fields.Boolean(load_default=False, truthy={True}, falsy={False}, metadata={
        "description": "an award given before the suite, imported by the office"})
    edition = fields.Integer(load_default=None, allow_none=True, strict=True)
    granted_on = fields.Date(required=False, allow_none=True, load_default=None, metadata={
        "description": "the award's date (Beijing): for an imported award its real date, not the import's "
                       "(Art. 29, 30: 获奖后)"})
    ruleset = fields.Dict(required=False, allow_none=True, load_default=None, metadata={
        "description": "an imported award only: the rule set its edition was made under (Art. 31), whose "
                       "quotas, items and revocation grounds govern it"})

    @validates_schema
    def _identity_by_category(self, data, **kwargs):
        kind = CATEGORY_KIND.get(data.get("category"))
        _require_when(data, kind == "unit", ["credit_code"])
        _require_when(data, kind == "individual", ["person_key"])
