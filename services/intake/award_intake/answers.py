"""What the intake service's routes answer: one marshmallow schema per answer, declared on its
route (``@api(..., answer=answers.X())``) and stated in its ``/openapi.json`` (issue 32, item 8).
Written from the answers the service tests receive, which are held to them (award_testing.answers):
each field an answer may hold, none other (a field added to an answer without its schema fails the
tests); every value may be null, which no test can prove it never is."""
from marshmallow import Schema, fields









class OpenCycleAnswer(Schema):
    """What POST /v1/cycles answers (201)."""
    cycle_id = fields.String(required=True, allow_none=True)
    edition = fields.Integer(required=True, allow_none=True)
    ruleset_id = fields.String(required=True, allow_none=True)
    ruleset_sha256 = fields.String(required=True, allow_none=True)
    status = fields.String(required=True, allow_none=True)
    opened_at = fields.AwareDateTime(required=True, allow_none=True)
    opened_by = fields.String(required=True, allow_none=True)
    closed_at = fields.AwareDateTime(allow_none=True, required=True)
    schedule = fields.Dict(required=True, allow_none=True, metadata={"description": "the deadlines of the cycle's steps, by step"})
    outcome = fields.String(allow_none=True)
    ruleset = fields.Dict(allow_none=True, metadata={"description": "the cycle's rule set (Art. 31), as loaded"})
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
    key = fields.String(required=True, allow_none=True)
    description = fields.String(required=True, allow_none=True)
    bonus_points = fields.Integer(required=True, allow_none=True)
    requires_sme = fields.Boolean(allow_none=True)


class PublishNoticeTilt(Schema):
    """The ``tilt`` of PublishNoticeAnswer."""
    cycle_id = fields.String(required=True, allow_none=True)
    applies_to = fields.List(fields.String(), required=True, allow_none=True)
    kinds = fields.List(fields.Nested(PublishNoticeTiltKind), required=True, allow_none=True)
    max_total_bonus = fields.Integer(required=True, allow_none=True)
    decision = fields.String(required=True, allow_none=True)
    approved_by = fields.String(required=True, allow_none=True)
    approved_at = fields.AwareDateTime(required=True, allow_none=True)


class PublishNoticeReviewScheme(Schema):
    """The ``review_scheme`` of PublishNoticeAnswer."""
    scheme_sha256 = fields.String(required=True, allow_none=True)
    decision = fields.String(required=True, allow_none=True)
    approved_at = fields.AwareDateTime(required=True, allow_none=True)


class PublishNoticeAnswer(Schema):
    """What POST /v1/cycles/{cycle_id}/notice answers (201)."""
    cycle_id = fields.String(required=True, allow_none=True)
    text = fields.String(required=True, allow_none=True)
    deadline = fields.AwareDateTime(required=True, allow_none=True)
    recommendation_deadline = fields.AwareDateTime(required=True, allow_none=True)
    published_at = fields.AwareDateTime(required=True, allow_none=True)
    published_by = fields.String(allow_none=True)
    tilt = fields.Nested(PublishNoticeTilt, required=True, allow_none=True)
    review_scheme = fields.Nested(PublishNoticeReviewScheme, required=True, allow_none=True)
    districts = fields.List(fields.String(), required=True, allow_none=True)
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
    kind = fields.String(required=True, allow_none=True)
    evidence = fields.String(required=True, allow_none=True)


class CreateApplicationIncident(Schema):
    """One of the ``incidents`` of CreateApplicationAnswer."""
    kind = fields.String(required=True, allow_none=True)
    occurred_on = fields.Date(required=True, allow_none=True)
    description = fields.String(required=True, allow_none=True)


class CreateApplicationDeclaration(Schema):
    """One of the ``declarations`` of CreateApplicationAnswer."""
    item = fields.String(required=True, allow_none=True)
    affirmed = fields.Boolean(required=True, allow_none=True)
    statement = fields.String(required=True, allow_none=True)


class CreateApplicationDistrictReviewTiltConfirmation(Schema):
    """One of the ``tilt_confirmations`` of CreateApplicationDistrictReview."""
    kind = fields.String(required=True, allow_none=True)
    confirmed = fields.Boolean(required=True, allow_none=True)
    opinion = fields.String(required=True, allow_none=True)


class CreateApplicationDistrictReview(Schema):
    """One of the ``district_reviews`` of CreateApplicationAnswer."""
    decision = fields.String(required=True, allow_none=True)
    district = fields.String(required=True, allow_none=True)
    reviewer_sub = fields.String(required=True, allow_none=True)
    signatory = fields.String(allow_none=True, required=True)
    opinion = fields.String(required=True, allow_none=True)
    workplace_confirmed = fields.Boolean(allow_none=True, required=True)
    reviewed_at = fields.AwareDateTime(required=True, allow_none=True)
    member_units = fields.List(fields.String(), required=True, allow_none=True)
    tilt_confirmations = fields.List(fields.Nested(CreateApplicationDistrictReviewTiltConfirmation), required=True, allow_none=True)


class CreateApplicationAnswer(Schema):
    """What POST /v1/cycles/{cycle_id}/applications answers (201)."""
    application_id = fields.String(required=True, allow_none=True)
    cycle_id = fields.String(required=True, allow_none=True)
    status = fields.String(required=True, allow_none=True)
    step = fields.String(allow_none=True, required=True)
    applicant = fields.String(required=True, allow_none=True)
    kind = fields.String(required=True, allow_none=True)
    name = fields.String(required=True, allow_none=True)
    credit_code = fields.String(allow_none=True, required=True)
    resident_id = fields.String(allow_none=True, required=True)
    employer_name = fields.String(allow_none=True, required=True)
    employer_credit_code = fields.String(allow_none=True, required=True)
    district = fields.String(required=True, allow_none=True)
    sector = fields.String(required=True, allow_none=True)
    main_business_since = fields.Date(allow_none=True, required=True)
    quality_work_since = fields.Date(allow_none=True, required=True)
    sme = fields.Boolean(allow_none=True, required=True)
    person_key = fields.String(allow_none=True, required=True)
    tilt_claims = fields.List(fields.Nested(CreateApplicationTiltClaim), required=True, allow_none=True)
    incidents = fields.List(fields.Nested(CreateApplicationIncident), required=True, allow_none=True)
    declarations = fields.List(fields.Nested(CreateApplicationDeclaration), required=True, allow_none=True)
    created_at = fields.AwareDateTime(required=True, allow_none=True)
    updated_at = fields.AwareDateTime(required=True, allow_none=True)
    submitted_at = fields.AwareDateTime(allow_none=True, required=True)
    withdrawn_at = fields.AwareDateTime(allow_none=True, required=True)
    withdrawal_reason = fields.String(allow_none=True, required=True)
    ineligible_article = fields.String(allow_none=True, required=True)
    ineligible_reason = fields.String(allow_none=True, required=True)
    district_reviews = fields.List(fields.Nested(CreateApplicationDistrictReview), allow_none=True)


_DOCUMENT = {'document_id': 'doc-9dc35fc227e84924',
             'application_id': 'app-2019-a6c91efbca5c',
             'kind': 'application_form',
             'filename': 'application_form.pdf',
             'media_type': 'application/pdf',
             'size': 19,
             'sha256': '3e078e546cdc65377eeb32f676b1f9ea6bda9debde34526ec524705794a27665',
             'relates_to': None,
             'uploaded_at': '2019-03-01T01:00:00+00:00',
             'uploaded_by': 'unit-a'}


class UploadDocumentAnswer(Schema):
    """What POST /v1/applications/{application_id}/documents answers (201)."""
    document_id = fields.String(required=True, allow_none=True)
    application_id = fields.String(required=True, allow_none=True)
    kind = fields.String(required=True, allow_none=True)
    filename = fields.String(required=True, allow_none=True)
    media_type = fields.String(required=True, allow_none=True)
    size = fields.Integer(required=True, allow_none=True)
    sha256 = fields.String(required=True, allow_none=True)
    relates_to = fields.String(allow_none=True, required=True)
    uploaded_at = fields.AwareDateTime(required=True, allow_none=True)
    uploaded_by = fields.String(required=True, allow_none=True)
    example = _DOCUMENT


class ListDocumentsAnswer(Schema):
    """What GET /v1/applications/{application_id}/documents answers (200)."""
    documents = fields.List(fields.Nested(UploadDocumentAnswer), required=True, allow_none=True)
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
                             {**_DOCUMENT, 'document_id': 'doc-bef2c0513573404d',
                              'application_id': 'app-2019-8c64eb0ff62a'},
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
    source = fields.String(required=True, allow_none=True)
    recorded_at = fields.AwareDateTime(required=True, allow_none=True)
    revoked_on = fields.Date(allow_none=True, required=True)
    revocation_grounds = fields.List(fields.String(), allow_none=True, required=True)


class ListPastWinnersAnswer(Schema):
    """What GET /v1/past-winners answers (200)."""
    past_winners = fields.List(fields.Nested(ListPastWinnersPastWinner), required=True, allow_none=True)
    example = {'past_winners': []}


class ApplicationSummaryAnswer(Schema):
    """What GET /v1/cycles/{cycle_id}/applications/summary answers (200): how many of the cycle's
    applications the caller may list stand in each status (a status with none is left out)."""
    cycle_id = fields.String(required=True)
    total = fields.Integer(required=True)
    by_status = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)
    example = {'cycle_id': 'cycle-2019', 'total': 3, 'by_status': {'draft': 1, 'recommended': 2}}


class ListApplicationsAnswer(Schema):
    """What GET /v1/cycles/{cycle_id}/applications answers (200): a page, oldest first; ``next``
    the ``after`` of the next page, null on the last."""
    applications = fields.List(fields.Nested(CreateApplicationAnswer), required=True, allow_none=True)
    next = fields.String(required=True, allow_none=True)
    example = {'applications': [], 'next': None}


class ImportPastWinnersAnswer(Schema):
    """What POST /v1/past-winners answers (201)."""
    received = fields.Integer(required=True, allow_none=True)
    added = fields.Integer(required=True, allow_none=True)
    example = {'received': 2, 'added': 2}


# DECLARATIONS
# not recorded: ['list_cycles']


class CyclesAnswer(Schema):
    """Every cycle, oldest first."""
    cycles = fields.List(fields.Nested(OpenCycleAnswer), required=True, allow_none=True)


class ReviewSchemeAnswer(Schema):
    """The review scheme of a cycle (Art. 7): proposed by the office, decided by the leading group,
    with its earlier proposals in ``history``."""
    cycle_id = fields.String(required=True, allow_none=True)
    status = fields.String(required=True, allow_none=True)
    scheme_sha256 = fields.String(required=True, allow_none=True)
    text = fields.String(allow_none=True, required=True)
    proposed_by = fields.String(required=True, allow_none=True)
    proposed_at = fields.AwareDateTime(required=True, allow_none=True)
    decided_by = fields.String(allow_none=True, required=True)
    decided_at = fields.AwareDateTime(allow_none=True, required=True)
    decision = fields.String(allow_none=True, required=True)
    reason = fields.String(allow_none=True, required=True)
    scheme = fields.Dict(metadata={"description": "the scheme: its rule set's id and digest, review and tilt"}, allow_none=True)
    history = fields.List(fields.Dict(), allow_none=True)


class NoAwardDecisionAnswer(Schema):
    """What POST /v1/cycles/{cycle_id}/no-award answers (201): the leading group's decision that
    the edition gives no award (Art. 7 LG(1)), who of it decided and when. Written by hand from
    ``cycles.decide_no_award``: no value of it is ever null."""
    cycle_id = fields.String(required=True)
    decision = fields.String(required=True, metadata={"description": "the leading group's decision: meeting minute "
                                                                     "or document"})
    decided_by = fields.String(required=True, metadata={"description": "the member of the leading group who called"})
    decided_at = fields.AwareDateTime(required=True)
    example = {'cycle_id': 'cycle-2019',
               'decision': '市质量强市领导小组决定：本届各类别均空缺，不予评奖',
               'decided_by': 'lg-wang',
               'decided_at': '2019-03-01T01:00:00+00:00'}
