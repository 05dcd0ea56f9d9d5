"""What the intake service's routes answer: one marshmallow schema per answer, declared on its
route (``@api(..., answer=answers.X())``) and stated in its ``/openapi.json`` (issue 32, item 8).
Written from the answers the service tests receive, which are held to them (award_testing.answers)."""
from marshmallow import Schema, fields


class OpenCycleSchedule(Schema):
    """The ``schedule`` of OpenCycleAnswer."""
    application = fields.AwareDateTime(required=True)
    district_review = fields.AwareDateTime()


class OpenCycleRulesetCategories(Schema):
    """The ``categories`` of OpenCycleRuleset."""
    unit_award = fields.Dict(required=True)
    individual_award = fields.Dict(required=True)
    unit_nomination = fields.Dict(required=True)
    individual_nomination = fields.Dict(required=True)


class OpenCycleRulesetEligibility(Schema):
    """The ``eligibility`` of OpenCycleRuleset."""
    unit = fields.Raw(required=True)
    individual = fields.Raw(required=True)


class OpenCycleRulesetReview(Schema):
    """The ``review`` of OpenCycleRuleset."""
    panel_size = fields.Integer(required=True)
    gbt19580 = fields.Dict(required=True)
    individual_rubric = fields.Dict(required=True)
    stages = fields.List(fields.Dict(), required=True)
    stage_weights = fields.Dict(required=True)
    aggregation = fields.Dict(required=True)
    spread_flag_points = fields.Dict(required=True)


class OpenCycleRulesetTilt(Schema):
    """The ``tilt`` of OpenCycleRuleset."""
    applies_to = fields.List(fields.String(), required=True)
    kinds = fields.List(fields.Dict(), required=True)
    max_total_bonus = fields.Integer(required=True)


class OpenCycleRulesetPublicNotice(Schema):
    """The ``public_notice`` of OpenCycleRuleset."""
    working_days = fields.Integer(required=True)
    calendar = fields.String(required=True)
    objections_signed = fields.Boolean(required=True)


class OpenCycleRulesetDistrict(Schema):
    """One of the ``districts`` of OpenCycleRuleset."""
    name = fields.String(required=True)
    kind = fields.String(required=True)


class OpenCycleRuleset(Schema):
    """The ``ruleset`` of OpenCycleAnswer."""
    id = fields.String(required=True)
    title = fields.String(required=True)
    supersedes = fields.String(required=True)
    in_force_from = fields.Date(required=True)
    in_force_to = fields.Date(required=True)
    cycle_interval_years = fields.Integer(required=True)
    categories = fields.Nested(OpenCycleRulesetCategories, required=True)
    eligibility = fields.Nested(OpenCycleRulesetEligibility, required=True)
    review = fields.Nested(OpenCycleRulesetReview, required=True)
    tilt = fields.Nested(OpenCycleRulesetTilt, required=True)
    public_notice = fields.Nested(OpenCycleRulesetPublicNotice, required=True)
    revocation_grounds = fields.Nested(OpenCycleRulesetEligibility, required=True)
    districts = fields.List(fields.Nested(OpenCycleRulesetDistrict), required=True)
    evidence = fields.Nested(OpenCycleRulesetEligibility, required=True)


class OpenCycleAnswer(Schema):
    """What POST /v1/cycles answers (201)."""
    cycle_id = fields.String(required=True)
    edition = fields.Integer(required=True)
    ruleset_id = fields.String(required=True)
    ruleset_sha256 = fields.String(required=True)
    status = fields.String(required=True)
    opened_at = fields.AwareDateTime(required=True)
    opened_by = fields.String(required=True)
    closed_at = fields.AwareDateTime(allow_none=True, required=True)
    schedule = fields.Nested(OpenCycleSchedule, required=True)
    outcome = fields.String()
    ruleset = fields.Nested(OpenCycleRuleset)
    example = {'cycle_id': 'cycle-2019',
               'edition': 2019,
               'ruleset_id': 'jinan-2018',
               'ruleset_sha256': '29fe08122a8c45f3768d30665acf4b067d1ff6586e4cb0feb41681f4f9fda46f',
               'status': 'open',
               'opened_at': '2019-03-01T01:00:00+00:00',
               'opened_by': 'office-test',
               'closed_at': None,
               'schedule': {'application': '2019-05-31T17:00:00+08:00',
                            'district_review': '2019-06-30T17:00:00+08:00'}}


class PublishNoticeTiltKind(Schema):
    """One of the ``kinds`` of PublishNoticeTilt."""
    key = fields.String(required=True)
    description = fields.String(required=True)
    bonus_points = fields.Integer(required=True)
    requires_sme = fields.Boolean()


class PublishNoticeTilt(Schema):
    """The ``tilt`` of PublishNoticeAnswer."""
    cycle_id = fields.String(required=True)
    applies_to = fields.List(fields.String(), required=True)
    kinds = fields.List(fields.Nested(PublishNoticeTiltKind), required=True)
    max_total_bonus = fields.Integer(required=True)
    decision = fields.String(required=True)
    approved_by = fields.String(required=True)
    approved_at = fields.AwareDateTime(required=True)


class PublishNoticeReviewScheme(Schema):
    """The ``review_scheme`` of PublishNoticeAnswer."""
    scheme_sha256 = fields.String(required=True)
    decision = fields.String(required=True)
    approved_at = fields.AwareDateTime(required=True)


class PublishNoticeAnswer(Schema):
    """What POST /v1/cycles/{cycle_id}/notice answers (201)."""
    cycle_id = fields.String(required=True)
    text = fields.String(required=True)
    deadline = fields.AwareDateTime(required=True)
    recommendation_deadline = fields.AwareDateTime(required=True)
    published_at = fields.AwareDateTime(required=True)
    published_by = fields.String()
    tilt = fields.Nested(PublishNoticeTilt, required=True)
    review_scheme = fields.Nested(PublishNoticeReviewScheme, required=True)
    districts = fields.List(fields.String(), required=True)
    example = {'cycle_id': 'cycle-2019',
               'text': '关于组织申报2019年度济南市市长质量奖的通知',
               'deadline': '2019-05-31T09:00:00+00:00',
               'recommendation_deadline': '2019-06-30T09:00:00+00:00',
               'published_at': '2019-03-01T01:00:00+00:00',
               'published_by': 'office-test',
               'tilt': {'cycle_id': 'cycle-2019',
                        'applies_to': ['unit'],
                        'kinds': [{'key': 'sme_innovation',
                                   'description': '具有自主知识产权的中小型单位',
                                   'bonus_points': 10,
                                   'requires_sme': True},
                                  {'key': 'ten_major_industries', 'description': '“十大产业”单位', 'bonus_points': 10}],
                        'max_total_bonus': 15,
                        'decision': '市质量强市领导小组2019年第1次会议纪要',
                        'approved_by': 'leading_group-test',
                        'approved_at': '2019-03-01T01:00:00+00:00'},
               'review_scheme': {'scheme_sha256': '2e562ec015bfdca95d112a88128a68b1bce53c4949b6e1713a51e2ef7ba5b58b',
                                 'decision': '市质量强市领导小组2019年第1次会议纪要',
                                 'approved_at': '2019-03-01T01:00:00+00:00'},
               'districts': ['历下区',
                             '市中区',
                             '槐荫区',
                             '天桥区',
                             '历城区',
                             '长清区',
                             '章丘区',
                             '济阳区',
                             '莱芜区',
                             '钢城区',
                             '平阴县',
                             '商河县',
                             '济南高新技术产业开发区',
                             '南部山区',
                             '济南新旧动能转换先行区']}



class CreateApplicationTiltClaim(Schema):
    """One of the ``tilt_claims`` of CreateApplicationAnswer."""
    kind = fields.String(required=True)
    evidence = fields.String(required=True)


class CreateApplicationIncident(Schema):
    """One of the ``incidents`` of CreateApplicationAnswer."""
    kind = fields.String(required=True)
    occurred_on = fields.Date(required=True)
    description = fields.String(required=True)


class CreateApplicationDeclaration(Schema):
    """One of the ``declarations`` of CreateApplicationAnswer."""
    item = fields.String(required=True)
    affirmed = fields.Boolean(required=True)
    statement = fields.String(required=True)


class CreateApplicationDistrictReviewTiltConfirmation(Schema):
    """One of the ``tilt_confirmations`` of CreateApplicationDistrictReview."""
    kind = fields.String(required=True)
    confirmed = fields.Boolean(required=True)
    opinion = fields.String(required=True)


class CreateApplicationDistrictReview(Schema):
    """One of the ``district_reviews`` of CreateApplicationAnswer."""
    decision = fields.String(required=True)
    district = fields.String(required=True)
    reviewer_sub = fields.String(required=True)
    signatory = fields.String(allow_none=True, required=True)
    opinion = fields.String(required=True)
    workplace_confirmed = fields.Boolean(allow_none=True, required=True)
    reviewed_at = fields.AwareDateTime(required=True)
    member_units = fields.List(fields.String(), required=True)
    tilt_confirmations = fields.List(fields.Nested(CreateApplicationDistrictReviewTiltConfirmation), required=True)


class CreateApplicationAnswer(Schema):
    """What POST /v1/cycles/{cycle_id}/applications answers (201)."""
    application_id = fields.String(required=True)
    cycle_id = fields.String(required=True)
    status = fields.String(required=True)
    step = fields.String(allow_none=True, required=True)
    applicant = fields.String(required=True)
    kind = fields.String(required=True)
    name = fields.String(required=True)
    credit_code = fields.String(allow_none=True, required=True)
    resident_id = fields.String(allow_none=True, required=True)
    employer_name = fields.String(allow_none=True, required=True)
    employer_credit_code = fields.String(allow_none=True, required=True)
    district = fields.String(required=True)
    sector = fields.String(required=True)
    main_business_since = fields.Date(allow_none=True, required=True)
    quality_work_since = fields.Date(allow_none=True, required=True)
    sme = fields.Boolean(allow_none=True, required=True)
    person_key = fields.String(allow_none=True, required=True)
    tilt_claims = fields.List(fields.Nested(CreateApplicationTiltClaim), required=True)
    incidents = fields.List(fields.Nested(CreateApplicationIncident), required=True)
    declarations = fields.List(fields.Nested(CreateApplicationDeclaration), required=True)
    created_at = fields.AwareDateTime(required=True)
    updated_at = fields.AwareDateTime(required=True)
    submitted_at = fields.AwareDateTime(allow_none=True, required=True)
    withdrawn_at = fields.AwareDateTime(allow_none=True, required=True)
    withdrawal_reason = fields.String(allow_none=True, required=True)
    ineligible_article = fields.String(allow_none=True, required=True)
    ineligible_reason = fields.String(allow_none=True, required=True)
    district_reviews = fields.List(fields.Nested(CreateApplicationDistrictReview))


class UploadDocumentAnswer(Schema):
    """What POST /v1/applications/{application_id}/documents answers (201)."""
    document_id = fields.String(required=True)
    application_id = fields.String(required=True)
    kind = fields.String(required=True)
    filename = fields.String(required=True)
    media_type = fields.String(required=True)
    size = fields.Integer(required=True)
    sha256 = fields.String(required=True)
    relates_to = fields.String(allow_none=True, required=True)
    uploaded_at = fields.AwareDateTime(required=True)
    uploaded_by = fields.String(required=True)
    example = {'document_id': 'doc-9dc35fc227e84924',
               'application_id': 'app-2019-a6c91efbca5c',
               'kind': 'application_form',
               'filename': 'application_form.pdf',
               'media_type': 'application/pdf',
               'size': 19,
               'sha256': '3e078e546cdc65377eeb32f676b1f9ea6bda9debde34526ec524705794a27665',
               'relates_to': None,
               'uploaded_at': '2019-03-01T01:00:00+00:00',
               'uploaded_by': 'unit-a'}


class ListDocumentsAnswer(Schema):
    """What GET /v1/applications/{application_id}/documents answers (200)."""
    documents = fields.List(fields.Nested(UploadDocumentAnswer), required=True)
    example = {'documents': [{'document_id': 'doc-3b3c336023ef4800',
                              'application_id': 'app-2019-8c64eb0ff62a',
                              'kind': 'self_evaluation',
                              'filename': 'self_evaluation.pdf',
                              'media_type': 'application/pdf',
                              'size': 19,
                              'sha256': '3e078e546cdc65377eeb32f676b1f9ea6bda9debde34526ec524705794a27665',
                              'relates_to': None,
                              'uploaded_at': '2019-03-01T01:00:00+00:00',
                              'uploaded_by': 'unit-a'},
                             {'document_id': 'doc-bef2c0513573404d',
                              'application_id': 'app-2019-8c64eb0ff62a',
                              'kind': 'application_form',
                              'filename': 'application_form.pdf',
                              'media_type': 'application/pdf',
                              'size': 19,
                              'sha256': '3e078e546cdc65377eeb32f676b1f9ea6bda9debde34526ec524705794a27665',
                              'relates_to': None,
                              'uploaded_at': '2019-03-01T01:00:00+00:00',
                              'uploaded_by': 'unit-a'},
                             {'document_id': 'doc-d78c42e6f2ae47ed',
                              'application_id': 'app-2019-8c64eb0ff62a',
                              'kind': 'evidence',
                              'filename': '营业执照.pdf',
                              'media_type': 'application/pdf',
                              'size': 19,
                              'sha256': '3e078e546cdc65377eeb32f676b1f9ea6bda9debde34526ec524705794a27665',
                              'relates_to': 'registration',
                              'uploaded_at': '2019-03-01T01:00:00+00:00',
                              'uploaded_by': 'unit-a'}]}


class ListPastWinnersPastWinner(Schema):
    """One of the ``past_winners`` of ListPastWinnersAnswer."""
    award_id = fields.String(allow_none=True, required=True)
    kind = fields.String(allow_none=True, required=True)
    name = fields.String(allow_none=True, required=True)
    credit_code = fields.String(allow_none=True, required=True)
    person_key = fields.String(allow_none=True, required=True)
    category = fields.String(allow_none=True, required=True)
    cycle_id = fields.String(allow_none=True, required=True)
    edition = fields.Integer(allow_none=True, required=True)
    certificate_number = fields.String(allow_none=True, required=True)
    source = fields.String(required=True)
    recorded_at = fields.AwareDateTime(required=True)
    revoked_on = fields.Date(allow_none=True, required=True)
    revocation_grounds = fields.List(fields.String(), allow_none=True, required=True)


class ListPastWinnersAnswer(Schema):
    """What GET /v1/past-winners answers (200)."""
    past_winners = fields.List(fields.Nested(ListPastWinnersPastWinner), required=True)
    example = {'past_winners': []}


class ListApplicationsAnswer(Schema):
    """What GET /v1/cycles/{cycle_id}/applications answers (200)."""
    applications = fields.List(fields.Nested(CreateApplicationAnswer), required=True)
    example = {'applications': []}


class ImportPastWinnersAnswer(Schema):
    """What POST /v1/past-winners answers (201)."""
    received = fields.Integer(required=True)
    added = fields.Integer(required=True)
    example = {'received': 2, 'added': 2}


# DECLARATIONS
# not recorded: ['list_cycles']


class CyclesAnswer(Schema):
    """Every cycle, oldest first."""
    cycles = fields.List(fields.Nested(OpenCycleAnswer), required=True)


class ReviewSchemeAnswer(Schema):
    """The review scheme of a cycle (Art. 7): proposed by the office, decided by the leading group,
    with its earlier proposals in ``history``."""
    cycle_id = fields.String(required=True)
    status = fields.String(required=True)
    scheme_sha256 = fields.String(required=True)
    text = fields.String(allow_none=True, required=True)
    proposed_by = fields.String(required=True)
    proposed_at = fields.AwareDateTime(required=True)
    decided_by = fields.String(allow_none=True, required=True)
    decided_at = fields.AwareDateTime(allow_none=True, required=True)
    decision = fields.String(allow_none=True, required=True)
    reason = fields.String(allow_none=True, required=True)
    scheme = fields.Dict(metadata={"description": "the scheme: its rule set's id and digest, review and tilt"})
    history = fields.List(fields.Dict())
