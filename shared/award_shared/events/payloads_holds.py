"""Payloads of holds (domain.md: "Halting a step").

Not one service's: ``hold.placed`` / ``hold.released`` come from supervision or publicity,
``hold.applied`` from each step owner (``PUBLISHERS``).
"""
from .fields import (
    DataSchema, article_field, choice_field, id_field, instant_field, optional, step_field,
    text_field)
from .vocabulary import STEP_OWNERS

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
