"""Payloads supervision publishes (Art. 9, 16, 26, 27): group, findings, opinions, experts.

Holds, which supervision shares with publicity, are in :mod:`.payloads_holds`.
"""
from marshmallow import fields, validate

from award_shared.events.declare import event
from award_shared.events.examples import CYCLE, UNIT_APPLICATION
from award_shared.events.fields import (
    DataSchema, Pattern, article_field, choice_field, id_field, optional, step_field, text_field)
from award_rules.vocabulary import MEMBER_KINDS, STAFF_ROLES

# -- supervision (Art. 9, 16, 26, 27) ------------------------------------------------------

@event("supervision.group_appointed", publishers=('supervision',), subject="cycle_id",
       invalid=('members', {'celebrity': ['某某']}),
       sample={
           'cycle_id': CYCLE,
           'members': {
               'npc_deputy': ['王代表'],
               'cppcc_member': ['李委员'],
               'government': ['赵科长'],
               'media': ['钱记者'],
               'lawyer': ['孙律师'],
           },
       })
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


@event("supervision.group_dissolved", publishers=('supervision',), subject="cycle_id",
       invalid=('members', {}),
       sample={
           'cycle_id': CYCLE,
           'members': {
               'npc_deputy': ['王代表'],
               'cppcc_member': ['李委员'],
               'government': ['赵科长'],
               'media': ['钱记者'],
               'lawyer': ['孙律师'],
           },
       })
class GroupDissolved(GroupAppointed.Schema):
    """The supervision group is dissolved when the cycle ends (Art. 9)."""


@event("finding.recorded", publishers=('supervision',), subject="finding_id",
       invalid=('kind', 'Bad Kind'),
       sample={
           'finding_id': 'finding-01',
           'cycle_id': CYCLE,
           'kind': 'review_staff',
           'step': 'onsite_review',
           'subject': UNIT_APPLICATION,
           'article': 'Art. 26',
           'summary': '现场评审记录不完整',
           'hold_id': 'hold-01',
       })
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


@event("opinion.recorded", publishers=('supervision',), subject="application_id",
       invalid=('application_id', 17),
       sample={'application_id': UNIT_APPLICATION, 'cycle_id': CYCLE, 'opinion': '评审过程规范，无异议。'})
class OpinionRecorded(DataSchema):
    """The supervision group's opinion on an application, for the candidate list (Art. 16)."""
    application_id = id_field()
    cycle_id = id_field()
    opinion = text_field()


@event("expert.disqualified", publishers=('supervision',), subject="expert_subject",
       invalid=('harm', ''),
       sample={
           'expert_subject': 'expert-02',
           'cycle_id': CYCLE,
           'reason': '与申报单位存在未申报的利害关系',
           'harm': '评分失实，影响评审结果',
           'finding_id': 'finding-02',
       })
class ExpertDisqualified(DataSchema):
    """A reviewer is disqualified (Art. 27: abuse of power, neglect of duty, favouritism, or
    conduct that caused harm — four alternatives)."""
    expert_subject = id_field()
    cycle_id = id_field()
    reason = text_field()
    harm = text_field("the harm recorded (造成不良后果); when the ground is one of the other three "
                      "behaviours, which need none, a text saying none was found and naming the behaviour")
    finding_id = optional(id_field)


@event("staff.disqualified", publishers=('supervision',), subject="cycle_id",
       invalid=('staff_role', 'applicant'),
       sample={
           'cycle_id': CYCLE,
           'staff_subject': 'agency-li',
           'staff_role': 'third_party',
           'reason': '向申报单位泄露评审信息',
           'finding_id': 'finding-03',
       })
class StaffDisqualified(DataSchema):
    """A member of the review staff — an expert, the third party's or the office's staff, or
    another — is disqualified from the cycle (Art. 27): every service stops them reading the
    cycle's data. Published beside ``expert.disqualified`` for an expert."""
    cycle_id = id_field()
    staff_subject = id_field("the person's subject (token `sub`)")
    staff_role = choice_field(STAFF_ROLES, "the role they held in the review")
    reason = text_field()
    finding_id = optional(id_field)
