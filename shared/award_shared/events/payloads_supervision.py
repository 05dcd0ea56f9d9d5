"""Payloads supervision publishes (Art. 9, 16, 26, 27): group, findings, opinions, experts.

Holds, which supervision shares with publicity, are in :mod:`.payloads_holds`.
"""
from marshmallow import fields, validate

from .fields import (
    DataSchema, Pattern, article_field, choice_field, id_field, optional, step_field, text_field)
from .vocabulary import MEMBER_KINDS

# -- supervision (Art. 9, 16, 26, 27) ------------------------------------------------------

class GroupAppointed(DataSchema):
    """The supervision group of the cycle is appointed (Art. 9); members by kind, names only."""
    cycle_id = id_field()
    members = fields.Dict(keys=choice_field(MEMBER_KINDS),
                          values=fields.List(text_field(max_length=100)), required=True, validate=validate.Length(min=1))
    group_id = optional(id_field)
    other_members = fields.List(fields.Dict(keys=fields.String(), values=text_field(max_length=100)),
                                load_default=list, metadata={
        "description": "members of kinds Art. 9 does not list (等有关人员): {kind (in words), name}"})
    member_subjects = fields.List(id_field(), load_default=list, metadata={
        "description": "each member's subject (token `sub`), so other services recognise them (Art. 17: "
                       "the group alone, with the office, sees an objector's identity)"})


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
