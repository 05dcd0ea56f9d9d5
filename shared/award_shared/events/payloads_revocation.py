"""Payloads revocation publishes: the revocation and the recovery (Art. 28-30)."""
from marshmallow import fields, validate

from award_shared.events.declare import event
from award_shared.events.examples import CYCLE
from award_shared.events.fields import DataSchema, Money, Pattern, choice_field, id_field, instant_field, optional, text_field
from award_rules.vocabulary import GROUND_PATTERN, ITEMS

# -- revocation (Art. 28-30) -------------------------------------------------------------------

@event("award.revoked", publishers=('revocation',), subject="award_id",
       invalid=('grounds', ['Art. 29']),  # an article without its item
       sample={
           'award_id': 'award-2019-01',
           'cycle_id': CYCLE,
           'grounds': ['Art. 30(1)'],
           'decision_date': '2020-06-30',
           'items_to_recover': ['medal', 'certificate'],
           'money_to_recover': '100000.00',
           'case_id': 'case-01',
       })
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
    decision_number = optional(text_field, "the government's document number (additive)", max_length=100)


@event("revocation.recovery_completed", publishers=('revocation',), subject="award_id",
       invalid=('award_id', ['award-2019-01']),
       sample={'award_id': 'award-2019-01', 'cycle_id': CYCLE})
class RecoveryCompleted(DataSchema):
    """Everything conferred has been returned (Art. 29, 30)."""
    award_id = id_field()
    cycle_id = id_field()
    completed_at = optional(instant_field)
    case_id = optional(id_field)
