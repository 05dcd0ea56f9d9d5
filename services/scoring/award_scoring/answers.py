"""What the scoring service's routes answer: one marshmallow schema per answer, declared on its
route (``@api(..., answer=answers.X())``) and stated in its ``/openapi.json`` (issue 32, item 8).
Written from the answers the service tests receive, which are held to them (award_testing.answers):
each field an answer may hold, none other (a field added to an answer without its schema fails the
tests); every value may be null, which no test can prove it never is."""
from marshmallow import Schema, fields


class AppointAgencyAnswer(Schema):
    """What POST /v1/cycles/{cycle_id}/third-party answers (201)."""
    cycle_id = fields.String(required=True, allow_none=True)
    name = fields.String(required=True, allow_none=True)
    credit_code = fields.String(required=True, allow_none=True)
    staff_subjects = fields.List(fields.String(), allow_none=True)
    appointed_at = fields.AwareDateTime(required=True, allow_none=True)
    appointed_by = fields.String(required=True, allow_none=True)
    status = fields.String(required=True, allow_none=True)
    approved_by = fields.String(allow_none=True, required=True)
    approved_at = fields.AwareDateTime(allow_none=True, required=True)
    decision = fields.String(allow_none=True, required=True)
    example = {'cycle_id': 'cycle-2019',
               'name': '山东示例质量评价中心',
               'credit_code': '913701007700000158',
               'staff_subjects': ['agency-zhang'],
               'appointed_at': '2019-07-01T01:00:00+00:00',
               'appointed_by': 'office-li',
               'status': 'proposed',
               'approved_by': None,
               'approved_at': None,
               'decision': None}


class RegisterExpertDeclaredConflict(Schema):
    """One of the ``declared_conflicts`` of RegisterExpertAnswer."""
    credit_code = fields.String(required=True, allow_none=True)
    person_key = fields.Raw(allow_none=True, required=True)
    application_id = fields.Raw(allow_none=True, required=True)
    reason = fields.String(required=True, allow_none=True)


class RegisterExpertAnswer(Schema):
    """What POST /v1/cycles/{cycle_id}/experts answers (201)."""
    subject = fields.String(required=True, allow_none=True)
    name = fields.String(required=True, allow_none=True)
    affiliation_kind = fields.String(required=True, allow_none=True)
    affiliation_detail = fields.String(allow_none=True, required=True)
    employer_name = fields.String(required=True, allow_none=True)
    employer_credit_code = fields.String(required=True, allow_none=True)
    former_employer_credit_codes = fields.List(fields.String(), required=True, allow_none=True)
    sectors = fields.List(fields.String(), required=True, allow_none=True)
    declared_conflicts = fields.List(fields.Nested(RegisterExpertDeclaredConflict), required=True, allow_none=True)
    status = fields.String(required=True, allow_none=True)
    registered_at = fields.AwareDateTime(required=True, allow_none=True)
    cycle_id = fields.String(required=True, allow_none=True)
    load = fields.Integer(required=True, allow_none=True)
    example = {'subject': 'exp-00',
               'name': '专家exp-00',
               'affiliation_kind': 'university',
               'affiliation_detail': None,
               'employer_name': '山东大学',
               'employer_credit_code': '91370100009000066A',
               'former_employer_credit_codes': [],
               'sectors': ['secondary'],
               'declared_conflicts': [],
               'status': 'active',
               'registered_at': '2019-07-01T01:00:00+00:00',
               'cycle_id': 'cycle-2019',
               'load': 0}


class OpenStageStage(Schema):
    """One of the ``stages`` of OpenStageAnswer."""
    stage = fields.String(required=True, allow_none=True)
    name = fields.String(required=True, allow_none=True)
    mode = fields.String(required=True, allow_none=True)
    status = fields.String(allow_none=True, required=True)
    opened_at = fields.AwareDateTime(allow_none=True, required=True)
    closed_at = fields.AwareDateTime(allow_none=True, required=True)


class OpenStageAnswer(Schema):
    """What POST /v1/cycles/{cycle_id}/stages/{stage}/open answers (200)."""
    cycle_id = fields.String(required=True, allow_none=True)
    stages = fields.List(fields.Nested(OpenStageStage), required=True, allow_none=True)
    example = {'cycle_id': 'cycle-2019',
               'stages': [{'stage': 'qualification_review',
                           'name': '资格审查',
                           'mode': 'pass_fail',
                           'status': 'open',
                           'opened_at': '2019-07-01T01:00:00+00:00',
                           'closed_at': None},
                          {'stage': 'material_review',
                           'name': '材料评审',
                           'mode': 'scored',
                           'status': None,
                           'opened_at': None,
                           'closed_at': None},
                          {'stage': 'onsite_review',
                           'name': '现场评审',
                           'mode': 'scored',
                           'status': None,
                           'opened_at': None,
                           'closed_at': None},
                          {'stage': 'defense',
                           'name': '陈述答辩',
                           'mode': 'scored',
                           'status': None,
                           'opened_at': None,
                           'closed_at': None}]}


class RecordReviewCondition(Schema):
    """One of the ``conditions`` of RecordReviewAnswer."""
    item = fields.String(required=True, allow_none=True)
    met = fields.Boolean(required=True, allow_none=True)
    reason = fields.String(required=True, allow_none=True)
    summary = fields.String(required=True, allow_none=True)


class RecordReviewAnswer(Schema):
    """What POST /v1/applications/{application_id}/reviews/{stage} answers (201)."""
    review_id = fields.String(required=True, allow_none=True)
    application_id = fields.String(required=True, allow_none=True)
    stage = fields.String(required=True, allow_none=True)
    outcome = fields.String(allow_none=True)
    article = fields.String(allow_none=True)
    conditions = fields.List(fields.Nested(RecordReviewCondition), allow_none=True)
    tilts_confirmed = fields.List(fields.String(), allow_none=True)
    supersedes = fields.String(allow_none=True, required=True)
    recorded_at = fields.AwareDateTime(required=True, allow_none=True)
    reviewer = fields.String(allow_none=True)
    total = fields.Float(allow_none=True)


class TranscribedSheet(Schema):
    """One of the ``sheets`` of TranscribePaperSheetsAnswer."""
    review_id = fields.String(required=True, allow_none=True)
    reviewer = fields.String(required=True, allow_none=True)
    total = fields.Float(required=True, allow_none=True)
    paper_reference = fields.String(required=True, allow_none=True)


class TranscribePaperSheetsAnswer(Schema):
    """What POST /v1/applications/{application_id}/reviews/{stage}/paper-sheets answers (201)."""
    application_id = fields.String(required=True, allow_none=True)
    stage = fields.String(required=True, allow_none=True)
    transcribed_by = fields.String(required=True, allow_none=True)
    recorded_at = fields.AwareDateTime(required=True, allow_none=True)
    sheets = fields.List(fields.Nested(TranscribedSheet), required=True, allow_none=True)
    example = {'application_id': 'app-1',
               'stage': 'onsite_review',
               'transcribed_by': 'agency-zhang',
               'recorded_at': '2019-08-20T01:00:00+00:00',
               'sheets': [{'review_id': '6f1c2d1e-8a4b-4c55-9a7e-0b6f3f1f2a10', 'reviewer': 'exp-00',
                           'total': 800.0, 'paper_reference': '现场评审表 2019-031（照片 IMG_0412）'}]}


class AssignPanelSeat(Schema):
    """One of the ``seats`` of AssignPanelAnswer."""
    expert_subject = fields.String(required=True, allow_none=True)
    status = fields.String(required=True, allow_none=True)
    mode = fields.String(required=True, allow_none=True)
    assigned_at = fields.AwareDateTime(required=True, allow_none=True)
    assigned_by = fields.String(required=True, allow_none=True)
    ended_at = fields.AwareDateTime(allow_none=True, required=True)
    end_reason = fields.String(allow_none=True, required=True)


class AssignPanelAnswer(Schema):
    """What POST /v1/applications/{application_id}/assignments answers (201)."""
    application_id = fields.String(required=True, allow_none=True)
    panel = fields.List(fields.String(), allow_none=True, required=True)
    seats = fields.List(fields.Nested(AssignPanelSeat), required=True, allow_none=True)
    example = {'application_id': 'word',
               'panel': ['exp-00', 'exp-01', 'exp-02'],
               'seats': [{'expert_subject': 'exp-00',
                          'status': 'active',
                          'mode': 'auto',
                          'assigned_at': '2019-07-01T01:00:00+00:00',
                          'assigned_by': 'agency-zhang',
                          'ended_at': None,
                          'end_reason': None},
                         {'expert_subject': 'exp-01',
                          'status': 'active',
                          'mode': 'auto',
                          'assigned_at': '2019-07-01T01:00:00+00:00',
                          'assigned_by': 'agency-zhang',
                          'ended_at': None,
                          'end_reason': None},
                         {'expert_subject': 'exp-02',
                          'status': 'active',
                          'mode': 'auto',
                          'assigned_at': '2019-07-01T01:00:00+00:00',
                          'assigned_by': 'agency-zhang',
                          'ended_at': None,
                          'end_reason': None}]}


class CloseStageAnswer(Schema):
    """What POST /v1/cycles/{cycle_id}/stages/{stage}/close answers (200)."""
    cycle_id = fields.String(required=True, allow_none=True)
    stage = fields.String(required=True, allow_none=True)
    status = fields.String(required=True, allow_none=True)
    closed_at = fields.AwareDateTime(required=True, allow_none=True)
    completed = fields.List(fields.String(), required=True, allow_none=True)
    pending_hold = fields.List(fields.String(), required=True, allow_none=True)
    incomplete = fields.List(fields.Raw(), required=True, allow_none=True)
    example = {'cycle_id': 'cycle-2019',
               'stage': 'qualification_review',
               'status': 'closed',
               'closed_at': '2019-07-01T01:00:00+00:00',
               'completed': ['word'],
               'pending_hold': [],
               'incomplete': []}



class ReadResultsTiltLine(Schema):
    """One of the ``lines`` of ReadResultsTilt."""
    key = fields.String(required=True, allow_none=True)
    description = fields.String(required=True, allow_none=True)
    bonus_points = fields.Integer(required=True, allow_none=True)
    district_confirmed = fields.Boolean(required=True, allow_none=True)
    third_party_confirmed = fields.Boolean(required=True, allow_none=True)
    counts = fields.Boolean(required=True, allow_none=True)


class ReadResultsTilt(Schema):
    """The ``tilt`` of ReadResultsAnswer."""
    points = fields.Float(required=True, allow_none=True)
    lines = fields.List(fields.Nested(ReadResultsTiltLine), required=True, allow_none=True)
    capped = fields.Boolean(required=True, allow_none=True)
    claimed = fields.List(fields.String(), required=True, allow_none=True)
    confirmed = fields.List(fields.String(), required=True, allow_none=True)
    claimed_points = fields.Float(required=True, allow_none=True)
    not_applicable = fields.List(fields.String(), required=True, allow_none=True)


class ReadResultsFinalStage(Schema):
    """One of the ``stages`` of ReadResultsFinal."""
    stage = fields.String(required=True, allow_none=True)
    score = fields.Float(required=True, allow_none=True)
    weight = fields.Float(required=True, allow_none=True)
    weighted = fields.Float(required=True, allow_none=True)


class ReadResultsFinal(Schema):
    """The ``final`` of ReadResultsAnswer."""
    stages = fields.List(fields.Nested(ReadResultsFinalStage), required=True, allow_none=True)
    review_score = fields.Float(required=True, allow_none=True)
    tilt_points = fields.Float(required=True, allow_none=True)
    total = fields.Float(required=True, allow_none=True)


class ReadResultsAnswer(Schema):
    """What GET /v1/applications/{application_id}/results answers (200)."""
    application_id = fields.String(required=True, allow_none=True)
    kind = fields.String(required=True, allow_none=True)
    stages = fields.Dict(required=True, allow_none=True, metadata={"description": "by stage of the review scheme"})
    tilt = fields.Nested(ReadResultsTilt, required=True, allow_none=True)
    final = fields.Nested(ReadResultsFinal, allow_none=True, required=True)



class ReadReviewsReview(Schema):
    """One of the ``reviews`` of ReadReviewsAnswer."""
    review_id = fields.String(required=True, allow_none=True)
    stage = fields.String(required=True, allow_none=True)
    reviewer = fields.String(required=True, allow_none=True)
    reviewer_role = fields.String(required=True, allow_none=True)
    outcome = fields.String(allow_none=True, required=True)
    scores = fields.Dict(allow_none=True, required=True, metadata={"description": "by criterion of the category's rubric"})
    total = fields.Float(allow_none=True, required=True)
    conditions = fields.List(fields.Nested(RecordReviewCondition), allow_none=True, required=True)
    comments = fields.String(allow_none=True, required=True)
    supersedes = fields.String(allow_none=True, required=True)
    correction_reason = fields.String(allow_none=True, required=True)
    recorded_at = fields.AwareDateTime(required=True, allow_none=True)
    superseded_by = fields.String(allow_none=True, required=True)
    counts = fields.Boolean(required=True, allow_none=True)
    transcribed_by = fields.String(allow_none=True, required=True, metadata={
        "description": "a paper sheet the panel signed: the agency's staff account that transcribed it; null: "
                       "entered by its reviewer"})
    paper_reference = fields.String(allow_none=True, required=True, metadata={
        "description": "the paper sheet it was transcribed from (its number or photo id)"})


class ReadReviewsAnswer(Schema):
    """What GET /v1/applications/{application_id}/reviews answers (200)."""
    application_id = fields.String(required=True, allow_none=True)
    scope = fields.String(required=True, allow_none=True)
    reviews = fields.List(fields.Nested(ReadReviewsReview), required=True, allow_none=True)


class ProposeCandidatesCategorieCandidate(Schema):
    """One of the ``candidates`` of ProposeCandidatesCategorie."""
    rank = fields.Integer(required=True, allow_none=True)
    application_id = fields.String(required=True, allow_none=True)
    applicant_name = fields.String(required=True, allow_none=True)
    score = fields.Float(required=True, allow_none=True)
    pending = fields.Boolean(required=True, allow_none=True)
    review_score = fields.Float(required=True, allow_none=True)
    tilt_points = fields.Float(required=True, allow_none=True)
    opinions = fields.List(fields.String(), required=True, allow_none=True)


class UnresolvedTie(Schema):
    """Candidates tied at the last seat that the tie rule cannot separate: the leading group
    decides among them (Art. 7 LG(1), 16; POST /v1/cycles/{cycle_id}/seats at publicity)."""
    score = fields.Float(required=True)
    seats = fields.Integer(required=True)
    application_ids = fields.List(fields.String(), required=True)
    candidates = fields.List(fields.Nested(ProposeCandidatesCategorieCandidate), required=True)


class ProposeCandidatesCategorie(Schema):
    """One of the ``categories`` of ProposeCandidatesAnswer: its ``reserves`` are the next in
    rank reaching the bar, who may take a seat a strike or an upheld objection empties (Art. 2, 16)."""
    category = fields.String(required=True, allow_none=True)
    name = fields.String(required=True, allow_none=True)
    quota = fields.Integer(required=True, allow_none=True)
    min_score = fields.Integer(required=True, allow_none=True)
    candidates = fields.List(fields.Nested(ProposeCandidatesCategorieCandidate), required=True, allow_none=True)
    vacancies = fields.Integer(required=True, allow_none=True)
    unresolved_tie = fields.Nested(UnresolvedTie, allow_none=True, required=True)
    reserves = fields.List(fields.Nested(ProposeCandidatesCategorieCandidate))


class ProposeCandidatesNotListeditem(Schema):
    """One of the ``not_listed`` of ProposeCandidatesAnswer."""
    application_id = fields.String(required=True, allow_none=True)
    status = fields.String(required=True, allow_none=True)
    pending = fields.Boolean(required=True, allow_none=True)
    score = fields.Float(allow_none=True, required=True)
    reason = fields.String(required=True, allow_none=True)
    reason_en = fields.String(required=True, allow_none=True)


class ProposeCandidatesAnswer(Schema):
    """What POST /v1/cycles/{cycle_id}/candidates answers (201)."""
    list_id = fields.Integer(required=True, allow_none=True)
    cycle_id = fields.String(required=True, allow_none=True)
    proposed_at = fields.AwareDateTime(required=True, allow_none=True)
    proposed_by = fields.String(required=True, allow_none=True)
    status = fields.String(required=True, allow_none=True)
    supersedes = fields.Integer(allow_none=True, required=True)
    stale_reason = fields.String(allow_none=True, required=True)
    categories = fields.List(fields.Nested(ProposeCandidatesCategorie), required=True, allow_none=True)
    not_listed = fields.List(fields.Nested(ProposeCandidatesNotListeditem), required=True, allow_none=True)
    tie_rule = fields.String(required=True, allow_none=True)


class ReportResultsSnapshotitem(Schema):
    """One of the ``snapshot`` of ReportResultsAnswer."""
    application_id = fields.String(required=True, allow_none=True)
    applicant_name = fields.String(required=True, allow_none=True)
    kind = fields.String(required=True, allow_none=True)
    status = fields.String(required=True, allow_none=True)
    total = fields.Float(allow_none=True, required=True)
    review_score = fields.Float(allow_none=True, required=True)
    stage_scores = fields.Dict(required=True, allow_none=True, metadata={"description": "by stage of the review scheme"})
    tilt_points = fields.Float(required=True, allow_none=True)


#: one report of the results, as POST answers it and GET lists it
_RESULTS_REPORT = {'report_id': '29c92616-51e9-4272-98ae-ccd3a4590d98',
                   'cycle_id': 'cycle-2019',
                   'version': 1,
                   'summary': '四个评审环节已结束，评审结果汇总如下。',
                   'document_reference': '鲁质评〔2019〕30号',
                   'snapshot': [{'application_id': 'app-1',
                                 'applicant_name': '申报app-1',
                                 'kind': 'unit',
                                 'status': 'eligible',
                                 'total': 800.0,
                                 'review_score': 800.0,
                                 'stage_scores': {'material_review': 800.0, 'onsite_review': 800.0, 'defense': 800.0},
                                 'tilt_points': 0.0}],
                   'supersedes': None,
                   'agency_name': '山东示例质量评价中心',
                   'reported_by': 'agency-zhang',
                   'reported_at': '2019-07-01T01:00:00+00:00'}


class ReportResultsAnswer(Schema):
    """What POST /v1/cycles/{cycle_id}/results-report answers (201)."""
    report_id = fields.String(required=True, allow_none=True)
    cycle_id = fields.String(required=True, allow_none=True)
    version = fields.Integer(required=True, allow_none=True)
    summary = fields.String(required=True, allow_none=True)
    document_reference = fields.String(allow_none=True, required=True)
    snapshot = fields.List(fields.Nested(ReportResultsSnapshotitem), required=True, allow_none=True)
    supersedes = fields.String(allow_none=True, required=True)
    agency_name = fields.String(required=True, allow_none=True)
    reported_by = fields.String(required=True, allow_none=True)
    reported_at = fields.AwareDateTime(required=True, allow_none=True)
    example = _RESULTS_REPORT


class GetApplicationRecommendation(Schema):
    """The ``recommendation`` of GetApplicationAnswer."""
    district = fields.String(required=True, allow_none=True)
    reviewer = fields.String(required=True, allow_none=True)
    opinion = fields.String(required=True, allow_none=True)



class GetApplicationAnswer(Schema):
    """What GET /v1/applications/{application_id} answers (200)."""
    application_id = fields.String(required=True, allow_none=True)
    cycle_id = fields.String(required=True, allow_none=True)
    kind = fields.String(allow_none=True, required=True)
    applicant_name = fields.String(allow_none=True, required=True)
    credit_code = fields.String(allow_none=True, required=True)
    employer_credit_code = fields.Raw(allow_none=True, required=True)
    district = fields.String(allow_none=True, required=True)
    sector = fields.String(allow_none=True, required=True)
    tilt_claims = fields.List(fields.Raw(), required=True, allow_none=True)
    tilt_district_confirmed = fields.List(fields.Raw(), required=True, allow_none=True)
    submitted_at = fields.AwareDateTime(allow_none=True, required=True)
    recommended_at = fields.AwareDateTime(required=True, allow_none=True)
    recommendation = fields.Nested(GetApplicationRecommendation, required=True, allow_none=True)
    withdrawn_at = fields.Raw(allow_none=True, required=True)
    withdrawal_reason = fields.Raw(allow_none=True, required=True)
    ineligible_article = fields.Raw(allow_none=True, required=True)
    ineligible_reason = fields.Raw(allow_none=True, required=True)
    status = fields.String(required=True, allow_none=True)
    stages = fields.Dict(required=True, allow_none=True, metadata={"description": "by stage of the review scheme"})
    example = {'application_id': 'app-1',
               'cycle_id': 'cycle-2019',
               'kind': 'unit',
               'applicant_name': '申报app-1',
               'credit_code': '913701004306252110',
               'employer_credit_code': None,
               'district': '历下区',
               'sector': 'secondary',
               'tilt_claims': [],
               'tilt_district_confirmed': [],
               'submitted_at': '2019-05-20T10:00:00+08:00',
               'recommended_at': '2026-12-07T13:53:06.946377+00:00',
               'recommendation': {'district': '历下区', 'reviewer': 'lixia-coordinator', 'opinion': '经初审，同意推荐。'},
               'withdrawn_at': None,
               'withdrawal_reason': None,
               'ineligible_article': None,
               'ineligible_reason': None,
               'status': 'recommended',
               'stages': {'qualification_review': {'status': 'completed', 'outcome': 'passed', 'score': None}}}


class MyAssignmentsAssignment(Schema):
    """One of the ``assignments`` of MyAssignmentsAnswer."""
    application_id = fields.String(required=True, allow_none=True)
    cycle_id = fields.String(required=True, allow_none=True)
    applicant_name = fields.String(required=True, allow_none=True)
    kind = fields.String(required=True, allow_none=True)
    sector = fields.String(required=True, allow_none=True)
    status = fields.String(required=True, allow_none=True)
    assigned_at = fields.AwareDateTime(required=True, allow_none=True)


class MyAssignmentsAnswer(Schema):
    """What GET /v1/experts/me/assignments answers (200)."""
    assignments = fields.List(fields.Nested(MyAssignmentsAssignment), required=True, allow_none=True)
    example = {'assignments': [{'application_id': 'app-1',
                                'cycle_id': 'cycle-2019',
                                'applicant_name': '申报app-1',
                                'kind': 'unit',
                                'sector': 'secondary',
                                'status': 'active',
                                'assigned_at': '2019-07-01T01:00:00+00:00'}]}


class CandidateListsAnswer(Schema):
    """What GET /v1/cycles/{cycle_id}/candidate-lists answers (200)."""
    cycle_id = fields.String(required=True, allow_none=True)
    lists = fields.List(fields.Nested(ProposeCandidatesAnswer), required=True, allow_none=True)


class FileWorkPlanAnswer(Schema):
    """What POST /v1/cycles/{cycle_id}/work-plan answers (201)."""
    plan_id = fields.String(required=True, allow_none=True)
    cycle_id = fields.String(required=True, allow_none=True)
    version = fields.Integer(required=True, allow_none=True)
    title = fields.String(required=True, allow_none=True)
    content = fields.String(required=True, allow_none=True)
    document_reference = fields.String(required=True, allow_none=True)
    ruleset_sha256 = fields.String(required=True, allow_none=True)
    supersedes = fields.String(allow_none=True, required=True)
    reason = fields.String(allow_none=True, required=True)
    agency_name = fields.String(required=True, allow_none=True)
    filed_by = fields.String(required=True, allow_none=True)
    filed_at = fields.AwareDateTime(required=True, allow_none=True)
    example = {'plan_id': 'dd9d704e-4e70-4453-bc6f-02f649f29ded',
               'cycle_id': 'cycle-2019',
               'version': 1,
               'title': '2019年度济南市市长质量奖评审实施方案',
               'content': '一、评审依据：2019年度评审方案。二、资格审查6月，材料评审7月，现场评审8月，陈述答辩9月。',
               'document_reference': '鲁质评〔2019〕12号',
               'ruleset_sha256': 'a1de81803774fbd0e87e861e93b039836363682669c529632b2916798445535b',
               'supersedes': None,
               'reason': None,
               'agency_name': '山东示例质量评价中心',
               'filed_by': 'agency-zhang',
               'filed_at': '2019-07-01T01:00:00+00:00'}


class ReadWorkPlanAnswer(Schema):
    """What GET /v1/cycles/{cycle_id}/work-plan answers (200)."""
    cycle_id = fields.String(required=True, allow_none=True)
    current = fields.Nested(FileWorkPlanAnswer, required=True, allow_none=True)
    versions = fields.List(fields.Nested(FileWorkPlanAnswer), required=True, allow_none=True)


_GUIDANCE = {'guidance_id': '6ccaa4bf-3ada-4618-9ad3-8e592f8e7f03',
             'cycle_id': 'cycle-2019',
             'stage': 'onsite_review',
             'application_id': 'app-1',
             'text': '现场评审须覆盖申报单位主要生产场所，并留存影像记录。',
             'document_reference': None,
             'issued_by': 'office-li',
             'issued_at': '2019-07-01T01:00:00+00:00',
             'executed_by': None,
             'executed_at': None,
             'execution_note': None}


class IssueGuidanceAnswer(Schema):
    """What POST /v1/cycles/{cycle_id}/guidance answers (201)."""
    guidance_id = fields.String(required=True, allow_none=True)
    cycle_id = fields.String(required=True, allow_none=True)
    stage = fields.String(required=True, allow_none=True)
    application_id = fields.String(required=True, allow_none=True)
    text = fields.String(required=True, allow_none=True)
    document_reference = fields.Raw(allow_none=True, required=True)
    issued_by = fields.String(required=True, allow_none=True)
    issued_at = fields.AwareDateTime(required=True, allow_none=True)
    executed_by = fields.String(allow_none=True, required=True)
    executed_at = fields.AwareDateTime(allow_none=True, required=True)
    execution_note = fields.String(allow_none=True, required=True)
    example = _GUIDANCE


class ReadGuidanceAnswer(Schema):
    """What GET /v1/cycles/{cycle_id}/guidance answers (200)."""
    cycle_id = fields.String(required=True, allow_none=True)
    guidance = fields.List(fields.Nested(IssueGuidanceAnswer), required=True, allow_none=True)
    example = {'cycle_id': 'cycle-2019',
               'guidance': [{**_GUIDANCE, 'executed_by': 'agency-zhang', 'executed_at': '2019-07-01T01:00:00+00:00',
                             'execution_note': '已安排两名专家现场核查并录像。'}]}


class ListExpertsAnswer(Schema):
    """What GET /v1/cycles/{cycle_id}/experts answers (200): a page by subject; ``next`` the
    ``after`` of the next page, null on the last."""
    experts = fields.List(fields.Nested(RegisterExpertAnswer), required=True, allow_none=True)
    next = fields.String(required=True, allow_none=True)
    example = {'experts': [{'subject': 'exp-x',
                            'name': '王教授',
                            'affiliation_kind': 'research_institute',
                            'affiliation_detail': None,
                            'employer_name': '山东省质量研究院',
                            'employer_credit_code': '91370100000000019N',
                            'former_employer_credit_codes': ['91370100000000027H'],
                            'sectors': ['primary'],
                            'declared_conflicts': [{'credit_code': '91370100000000035C',
                                                    'person_key': None,
                                                    'application_id': None,
                                                    'reason': '配偶任职'}],
                            'status': 'active',
                            'registered_at': '2019-07-01T01:00:00+00:00',
                            'cycle_id': 'cycle-2019',
                            'load': 0}],
               'next': None}


class ApplicationSummaryAnswer(Schema):
    """What GET /v1/cycles/{cycle_id}/applications/summary answers (200): how many of the cycle's
    applications stand in each status (a status with none left out); of the recommended ones, how
    many have no stage result yet and how many no supervision opinion yet (Art. 16)."""
    cycle_id = fields.String(required=True)
    total = fields.Integer(required=True)
    by_status = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)
    recommended_unstarted = fields.Integer(required=True)
    recommended_without_opinion = fields.Integer(required=True)
    example = {'cycle_id': 'cycle-2019', 'total': 3, 'by_status': {'recommended': 2, 'withdrawn': 1},
               'recommended_unstarted': 1, 'recommended_without_opinion': 2}


class ListApplicationsAnswer(Schema):
    """What GET /v1/cycles/{cycle_id}/applications answers (200): a page by id; ``next`` the
    ``after`` of the next page, null on the last."""
    applications = fields.List(fields.Nested(GetApplicationAnswer), required=True, allow_none=True)
    next = fields.String(required=True, allow_none=True)
    example = {'applications': [{'application_id': 'early',
                                 'cycle_id': 'cycle-2019',
                                 'kind': None,
                                 'applicant_name': None,
                                 'credit_code': None,
                                 'employer_credit_code': None,
                                 'district': None,
                                 'sector': None,
                                 'tilt_claims': [],
                                 'tilt_district_confirmed': [],
                                 'submitted_at': None,
                                 'recommended_at': '2026-12-07T13:54:00.968524+00:00',
                                 'recommendation': {'district': '历城区', 'reviewer': 'r', 'opinion': '同意推荐'},
                                 'withdrawn_at': None,
                                 'withdrawal_reason': None,
                                 'ineligible_article': None,
                                 'ineligible_reason': None,
                                 'status': 'awaiting_submission',
                                 'stages': {}}],
               'next': None}


class ReadResultsReportsAnswer(Schema):
    """What GET /v1/cycles/{cycle_id}/results-report answers (200)."""
    cycle_id = fields.String(required=True, allow_none=True)
    current = fields.Nested(ReportResultsAnswer, required=True, allow_none=True)
    reports = fields.List(fields.Nested(ReportResultsAnswer), required=True, allow_none=True)
    example = {'cycle_id': 'cycle-2019', 'current': _RESULTS_REPORT, 'reports': [_RESULTS_REPORT]}


# DECLARATIONS
# not recorded: ['assign_all_panels']


class AssignedPanel(Schema):
    """An application given its experts, and how many."""
    application_id = fields.String(required=True, allow_none=True)
    added = fields.Raw(required=True, allow_none=True)


class SkippedApplication(Schema):
    """An application left without its panel, and why (a hold, a rule of Art. 8)."""
    application_id = fields.String(required=True, allow_none=True)
    reason = fields.String(required=True, allow_none=True)


class AssignAllAnswer(Schema):
    """The applications given their panels, and those skipped with the reason (Art. 8)."""
    assigned = fields.List(fields.Nested(AssignedPanel), required=True, allow_none=True)
    skipped = fields.List(fields.Nested(SkippedApplication), required=True, allow_none=True)
