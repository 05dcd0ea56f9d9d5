"""Payloads scoring publishes (Art. 8, 15, 16, 25): panels, reviews, the candidate list.

``application.ineligible`` is here too: qualification review, the first stage, is scoring's.
"""
from marshmallow import fields, validate

from award_shared.events.declare import event
from award_shared.events.examples import CYCLE, UNIT_APPLICATION, PERSON_APPLICATION, UNIT_CREDIT_CODE
from award_shared.events.fields import (
    DataSchema, StrictFloat, article_field, choice_field, credit_code_field, id_field, instant_field, optional,
    text_field)
from award_rules.vocabulary import CATEGORIES, REVIEW_STAGES, SECTORS

# -- scoring: panels, reviews, the candidate list (Art. 8, 15, 16, 25) -------------------

@event("agency.appointed", publishers=('scoring',), subject="cycle_id",
       invalid=('staff_subjects', []),
       sample={
           'cycle_id': CYCLE,
           'name': '山东示例质量评价中心',
           'credit_code': UNIT_CREDIT_CODE,
           'staff_subjects': ['agency-zhang'],
           'approved_by': 'leading-group-wang',
       })
class AgencyAppointed(DataSchema):
    """The leading group entrusts the cycle's third-party agency (Art. 7 LG(3), 8) on the
    office's proposal; its staff subjects are the only third-party accounts other services let
    read the cycle's application material (the access design; Art. 25 binds them to keep its secrets)."""
    cycle_id = id_field()
    name = text_field(max_length=200)
    credit_code = credit_code_field("the agency's unified social credit code")
    staff_subjects = fields.List(id_field(), required=True, validate=validate.Length(min=1),
                                 metadata={"description": "token subjects of the agency's staff"})
    approved_by = optional(id_field, "the leading-group account that approved it")
    appointed_at = optional(instant_field)


@event("application.ineligible", publishers=('scoring',), subject="application_id",
       invalid=('article', 'Article 10'),
       sample={
           'application_id': UNIT_APPLICATION,
           'cycle_id': CYCLE,
           'article': 'Art. 10(1)',
           'reason': '主营业务持续经营不足5年',
       })
class ApplicationIneligible(DataSchema):
    """Qualification review fails the application under Art. 6, 10 or 12 (Art. 15)."""
    application_id = id_field()
    cycle_id = id_field()
    article = article_field(required=True)
    reason = text_field()


@event("panel.assigned", publishers=('scoring',), subject="application_id",
       invalid=('expert_subjects', []),
       sample={
           'application_id': UNIT_APPLICATION,
           'cycle_id': CYCLE,
           'expert_subjects': ['expert-01', 'expert-02', 'expert-03'],
           'stage': 'material_review',
           'sector': 'secondary',
       })
class PanelAssigned(DataSchema):
    """Experts are assigned to an application's panel (Art. 8); only they, of the experts, read it.

    That they read its material is the access design's; Art. 25 binds them to keep its secrets.

    ``expert_subjects`` is the whole panel as it now stands: a later event replaces it.
    """
    application_id = id_field()
    cycle_id = id_field()
    expert_subjects = fields.List(id_field(), required=True, validate=validate.Length(min=1))
    stage = optional(choice_field, REVIEW_STAGES)
    sector = optional(choice_field, SECTORS)


class WeightedStage(DataSchema):
    """One scored stage in the final score: its score, its weight in the rule set and the product."""
    stage = choice_field(REVIEW_STAGES)
    score = StrictFloat(required=True, allow_nan=False)
    weight = StrictFloat(required=True, allow_nan=False)
    weighted = StrictFloat(required=True, allow_nan=False)


class FinalScore(DataSchema):
    """The final score (Art. 15): the stages weighted by the rule set, the tilt (Art. 11), the total."""
    stages = fields.List(fields.Nested(WeightedStage), required=True)
    review_score = StrictFloat(required=True, allow_nan=False)
    tilt_points = StrictFloat(required=True, allow_nan=False)
    total = StrictFloat(required=True, allow_nan=False)


@event("review.stage_completed", publishers=('scoring',), subject="application_id",
       invalid=('aggregated_score', '812.5'),
       sample={
           'application_id': UNIT_APPLICATION,
           'cycle_id': CYCLE,
           'stage': 'material_review',
           'outcome': 'passed',
           'aggregated_score': 812.5,
           'tilt_points': 10.0,
       })
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
    final = fields.Nested(FinalScore, required=False, allow_none=True, load_default=None, metadata={
        "description": "on the last scored stage: the final score (sent since the first release)"})


class Candidate(DataSchema):
    """One ranked candidate; a held one is shown as pending."""
    rank = fields.Integer(required=True, strict=True, validate=validate.Range(min=1))
    application_id = id_field()
    applicant_name = text_field(max_length=200)
    score = StrictFloat(required=True, allow_nan=False, validate=validate.Range(min=0))
    pending = fields.Boolean(load_default=False, truthy={True}, falsy={False})


class UnresolvedTie(DataSchema):
    """Candidates tied at the last seat(s) whom the tie rule cannot separate: the leading group
    decides (Art. 7 LG(1))."""
    score = StrictFloat(required=True, allow_nan=False, validate=validate.Range(min=0))
    seats = fields.Integer(required=True, strict=True, validate=validate.Range(min=1))
    application_ids = fields.List(id_field(), required=True, validate=validate.Length(min=2))
    candidates = fields.List(fields.Nested(Candidate), required=False, metadata={
        "description": "the tied candidates, at the rank of the last seat (sent since issue 31)"})


class CategoryCandidates(DataSchema):
    """The candidates of one Art. 2 category; ``vacancies`` are places left unfilled."""
    category = choice_field(CATEGORIES)
    candidates = fields.List(fields.Nested(Candidate), required=True)
    vacancies = fields.Integer(required=True, strict=True, validate=validate.Range(min=0))
    unresolved_tie = fields.Nested(UnresolvedTie, required=False, allow_none=True, metadata={
        "description": "a tie at the last seat the tie rule cannot break; null when none"})
    reserves = fields.List(fields.Nested(Candidate), required=False, metadata={
        "description": "the next in rank after the seats, reaching the bar (at most the quota): who may take a "
                       "seat a strike or an upheld objection empties, if the leading group decides (Art. 2, 16)"})


@event("candidates.proposed", publishers=('scoring',), subject="cycle_id",
       invalid=('categories', [{'category': 'best_in_show', 'vacancies': 0, 'candidates': []}]),
       sample={
           'cycle_id': CYCLE,
           'categories': [
               {
                   'category': 'unit_award',
                   'vacancies': 4,
                   'candidates': [
                       {
                           'rank': 1,
                           'application_id': UNIT_APPLICATION,
                           'applicant_name': '济南示例精密机械有限公司',
                           'score': 861.0,
                       },
                   ],
               },
               {
                   'category': 'individual_award',
                   'vacancies': 2,
                   'candidates': [
                       {
                           'rank': 1,
                           'application_id': PERSON_APPLICATION,
                           'applicant_name': '张示例',
                           'score': 88.0,
                           'pending': True,
                       },
                   ],
               },
           ],
       })
class CandidatesProposed(DataSchema):
    """The office proposes the candidate list from reviews and supervision opinions (Art. 16)."""
    cycle_id = id_field()
    list_id = optional(id_field, "this list's id")
    supersedes = optional(id_field, "the list this one replaces (after results changed, Art. 27)")
    categories = fields.List(fields.Nested(CategoryCandidates), required=True,
                             validate=validate.Length(min=1))
