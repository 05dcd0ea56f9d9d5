"""Payloads of holds (docs/design.md: "Holds").

Not one service's: ``hold.placed`` / ``hold.released`` come from supervision or publicity,
``hold.applied`` from each step owner (``PUBLISHERS``).
"""
from award_shared.events.declare import event
from award_shared.events.examples import CYCLE, UNIT_APPLICATION
from award_shared.events.fields import (
    DataSchema, article_field, choice_field, id_field, instant_field, optional, step_field,
    text_field)
from award_rules.vocabulary import STEP_OWNERS

# -- holds (docs/design.md: "Holds") -----------------------------------------------------

@event("hold.placed", publishers=('supervision', 'publicity'), subject="hold_id",
       invalid=('placed_by_service', 'intake'),
       sample={
           'hold_id': 'hold-01',
           'cycle_id': CYCLE,
           'step': 'onsite_review',
           'subject': UNIT_APPLICATION,
           'placed_by': 'supervisor-wang',
           'placed_by_service': 'supervision',
           'reason': '现场评审记录待核实',
           'article': 'Art. 9',
       })
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


@event("hold.released", publishers=('supervision', 'publicity'), subject="hold_id",
       invalid=('step', 'coffee_break'),
       sample={
           'hold_id': 'hold-01',
           'cycle_id': CYCLE,
           'step': 'onsite_review',
           'subject': UNIT_APPLICATION,
           'released_by': 'supervisor-wang',
           'reason': '经核实，记录已补正',
       })
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


@event("hold.applied", publishers=STEP_OWNERS, subject="hold_id",
       invalid=('owner', 'supervision'),
       sample={
           'hold_id': 'hold-01',
           'cycle_id': CYCLE,
           'owner': 'scoring',
           'subject': UNIT_APPLICATION,
           'subject_step': 'onsite_review',
           'applied_at': '2019-07-10T10:00:00+08:00',
       })
class HoldApplied(DataSchema):
    """A hold took effect at a step owner when the owner committed it."""
    hold_id = id_field()
    cycle_id = id_field()
    owner = choice_field(STEP_OWNERS)
    subject = optional(id_field)
    subject_step = optional(step_field, "the subject's step at the owner when the hold took effect")
    applied_at = instant_field()
