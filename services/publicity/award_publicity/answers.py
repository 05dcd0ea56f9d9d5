"""What the publicity service's routes answer: one marshmallow schema per answer, declared on its
route (``@api(..., answer=answers.X())``) and stated in its ``/openapi.json`` (issue 32, item 8).
Written from the answers the service tests receive, which are held to them (award_testing.answers):
each field an answer may hold, none other (a field added to an answer without its schema fails the
tests); every value may be null, which no test can prove it never is."""
from marshmallow import Schema, fields, validate

from award_rules.vocabulary import CATEGORIES

from .domain.seats import KINDS


class DeliberateCandidate(Schema):
    """One of the ``candidates`` of DeliberateAnswer."""
    application_id = fields.String(required=True, allow_none=True)
    category = fields.String(required=True, allow_none=True)
    decision = fields.String(allow_none=True)
    reason = fields.String(allow_none=True)


class DeliberateAnswer(Schema):
    """What POST /v1/cycles/{cycle_id}/deliberation answers (201)."""
    cycle_id = fields.String(required=True, allow_none=True)
    deliberation_id = fields.String(required=True, allow_none=True)
    list_id = fields.String(required=True, allow_none=True)
    meeting_date = fields.Date(required=True, allow_none=True)
    returned = fields.Boolean(required=True, allow_none=True)
    candidates = fields.List(fields.Nested(DeliberateCandidate), required=True, allow_none=True)
    reason = fields.String(allow_none=True, required=True)
    example = {'cycle_id': 'cycle-2019',
               'deliberation_id': 'deliberation-007f5948e6fd',
               'list_id': 'list-1',
               'meeting_date': '2019-09-20',
               'returned': False,
               'candidates': [{'application_id': 'u-1', 'category': 'unit_award', 'decision': 'adopted'},
                              {'application_id': 'u-3', 'category': 'unit_nomination', 'decision': 'adopted'},
                              {'application_id': 'p-1', 'category': 'individual_award', 'decision': 'adopted'},
                              {'application_id': 'u-2',
                               'category': 'unit_award',
                               'decision': 'struck',
                               'reason': '综合评议未获通过'}],
               'reason': None}


class GetCandidatesCandidate(Schema):
    """One of the ``candidates`` of GetCandidatesAnswer."""
    application_id = fields.String(required=True, allow_none=True)
    category = fields.String(required=True, allow_none=True)
    rank = fields.Integer(required=True, allow_none=True)
    score = fields.Float(required=True, allow_none=True)
    applicant_name = fields.String(required=True, allow_none=True)
    status = fields.String(required=True, allow_none=True)
    status_name = fields.String(required=True, allow_none=True)
    reason = fields.String(allow_none=True, required=True)
    notice_id = fields.String(allow_none=True, required=True)


class GetCandidatesAnswer(Schema):
    """What GET /v1/cycles/{cycle_id}/candidates answers (200)."""
    cycle_id = fields.String(required=True, allow_none=True)
    list_id = fields.String(required=True, allow_none=True)
    list_status = fields.String(required=True, allow_none=True)
    supersedes = fields.String(allow_none=True, required=True)
    received_at = fields.AwareDateTime(required=True, allow_none=True)
    candidates = fields.List(fields.Nested(GetCandidatesCandidate), required=True, allow_none=True)
    example = {'cycle_id': 'cycle-2019',
               'list_id': 'list-1',
               'list_status': 'current',
               'supersedes': None,
               'received_at': '2019-09-27T02:00:01.620671+00:00',
               'candidates': [{'application_id': 'p-1',
                               'category': 'individual_award',
                               'rank': 1,
                               'score': 900.0,
                               'applicant_name': '张示例',
                               'status': 'adopted',
                               'status_name': '已通过审议',
                               'reason': None,
                               'notice_id': None},
                              {'application_id': 'u-1',
                               'category': 'unit_award',
                               'rank': 1,
                               'score': 900.0,
                               'applicant_name': '济南示例精密机械有限公司',
                               'status': 'adopted',
                               'status_name': '已通过审议',
                               'reason': None,
                               'notice_id': None},
                              {'application_id': 'u-2',
                               'category': 'unit_award',
                               'rank': 2,
                               'score': 890.0,
                               'applicant_name': '济南泉城智能装备股份有限公司',
                               'status': 'struck',
                               'status_name': '未通过审议',
                               'reason': '综合评议未获通过',
                               'notice_id': None},
                              {'application_id': 'u-3',
                               'category': 'unit_nomination',
                               'rank': 1,
                               'score': 900.0,
                               'applicant_name': '山东历城食品有限公司',
                               'status': 'adopted',
                               'status_name': '已通过审议',
                               'reason': None,
                               'notice_id': None}]}


class PublishNoticeMediaitem(Schema):
    """One of the ``media`` of PublishNoticeAnswer."""
    name = fields.String(required=True, allow_none=True)
    date = fields.Date(required=True, allow_none=True)
    link = fields.String(allow_none=True, required=True)
    page = fields.String(allow_none=True, required=True)


class PublishNoticeCandidate(Schema):
    """One of the ``candidates`` of PublishNoticeAnswer."""
    application_id = fields.String(required=True, allow_none=True)
    category = fields.String(required=True, allow_none=True)
    rank = fields.Integer(required=True, allow_none=True)
    applicant_name = fields.String(required=True, allow_none=True)
    removed = fields.Boolean(required=True, allow_none=True)


_NOTICE = {'notice_id': 'notice-3e030a29e07a',
           'cycle_id': 'cycle-2019',
           'kind': 'main',
           'working_days': 5,
           'provisional': False,
           'status': 'open',
           'published_at': '2019-09-27T10:00:02.488342+08:00',
           'window_start': '2019-09-27T10:00:02.488342+08:00',
           'window_end': '2019-10-11T00:00:00+08:00',
           'closed_at': None,
           'missing_years': [],
           'media': [{'name': '济南日报', 'date': '2019-09-27', 'link': None, 'page': 'A3'},
                     {'name': '舜网', 'date': '2019-09-27', 'link': 'http://news.e23.cn/example', 'page': None}],
           'candidates': [{'application_id': 'p-1',
                           'category': 'individual_award',
                           'rank': 1,
                           'applicant_name': '张示例',
                           'removed': False},
                          {'application_id': 'u-1',
                           'category': 'unit_award',
                           'rank': 1,
                           'applicant_name': '济南示例精密机械有限公司',
                           'removed': False},
                          {'application_id': 'u-2',
                           'category': 'unit_award',
                           'rank': 2,
                           'applicant_name': '济南泉城智能装备股份有限公司',
                           'removed': False},
                          {'application_id': 'u-3',
                           'category': 'unit_nomination',
                           'rank': 1,
                           'applicant_name': '山东历城食品有限公司',
                           'removed': False}]}


class PublishNoticeAnswer(Schema):
    """What POST /v1/cycles/{cycle_id}/public-notice answers (201)."""
    notice_id = fields.String(required=True, allow_none=True)
    cycle_id = fields.String(required=True, allow_none=True)
    kind = fields.String(required=True, allow_none=True)
    working_days = fields.Integer(required=True, allow_none=True)
    provisional = fields.Boolean(required=True, allow_none=True)
    status = fields.String(required=True, allow_none=True)
    published_at = fields.AwareDateTime(required=True, allow_none=True)
    window_start = fields.AwareDateTime(required=True, allow_none=True)
    window_end = fields.AwareDateTime(required=True, allow_none=True)
    closed_at = fields.Raw(allow_none=True, required=True)
    missing_years = fields.List(fields.Integer(), required=True, allow_none=True)
    media = fields.List(fields.Nested(PublishNoticeMediaitem), required=True, allow_none=True)
    candidates = fields.List(fields.Nested(PublishNoticeCandidate), required=True, allow_none=True)
    example = _NOTICE


class RaiseObjectionAnswer(Schema):
    """What POST /public/v1/objections answers (200)."""
    tracking_number = fields.String(required=True, allow_none=True)
    status = fields.String(required=True, allow_none=True)
    status_name = fields.String(required=True, allow_none=True)
    received_at = fields.AwareDateTime(required=True, allow_none=True)
    duplicate = fields.Boolean(required=True, allow_none=True)
    example = {'tracking_number': 'YYC8F98F635D7E',
               'status': 'received',
               'status_name': '已受理',
               'received_at': '2019-09-27T02:00:02.393378+00:00',
               'duplicate': True}


class ListObjectionsObjectionActionDetail(Schema):
    """The ``action_detail`` of ListObjectionsObjection."""
    from_category = fields.String(allow_none=True)
    to_category = fields.String(allow_none=True)
    record = fields.String(allow_none=True)
    from_name = fields.String(allow_none=True)
    applicant_name = fields.String(allow_none=True)


class ListObjectionsObjectionInvestigation(Schema):
    """The ``investigation`` of ListObjectionsObjection."""
    investigators = fields.List(fields.String(), required=True, allow_none=True)
    checked = fields.String(required=True, allow_none=True)
    conclusion = fields.String(required=True, allow_none=True)
    recorded_by = fields.String(required=True, allow_none=True)
    recorded_at = fields.AwareDateTime(required=True, allow_none=True)


class ListObjectionsObjectionObjector(Schema):
    """The ``objector`` of ListObjectionsObjection."""
    name = fields.String(required=True, allow_none=True)
    contact = fields.String(required=True, allow_none=True)
    erased_at = fields.Raw(allow_none=True, required=True)


class ListObjectionsObjection(Schema):
    """One of the ``objections`` of ListObjectionsAnswer."""
    objection_id = fields.String(required=True, allow_none=True)
    tracking_number = fields.String(required=True, allow_none=True)
    cycle_id = fields.String(required=True, allow_none=True)
    application_id = fields.String(required=True, allow_none=True)
    notice_id = fields.String(required=True, allow_none=True)
    content = fields.String(required=True, allow_none=True)
    received_at = fields.AwareDateTime(required=True, allow_none=True)
    status = fields.String(required=True, allow_none=True)
    hold_id = fields.String(required=True, allow_none=True)
    proposed_outcome = fields.String(allow_none=True, required=True)
    handling_opinion = fields.String(allow_none=True, required=True)
    proposed_by = fields.String(allow_none=True, required=True)
    outcome = fields.String(allow_none=True, required=True)
    approved_by = fields.String(allow_none=True, required=True)
    resolved_at = fields.AwareDateTime(allow_none=True, required=True)
    proposed_action = fields.String(allow_none=True, required=True)
    action_detail = fields.Nested(ListObjectionsObjectionActionDetail, allow_none=True, required=True)
    investigation = fields.Nested(ListObjectionsObjectionInvestigation, allow_none=True, required=True)
    objector = fields.Nested(ListObjectionsObjectionObjector, allow_none=True)


class ObjectionSummaryAnswer(Schema):
    """What GET /v1/cycles/{cycle_id}/objections/summary answers (200): how many of the cycle's
    objections stand in each status (a status with none left out), and how many are not resolved."""
    cycle_id = fields.String(required=True)
    total = fields.Integer(required=True)
    by_status = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)
    unresolved = fields.Integer(required=True)
    example = {'cycle_id': 'cycle-2019', 'total': 2, 'by_status': {'received': 1, 'resolved': 1}, 'unresolved': 1}


class ListObjectionsAnswer(Schema):
    """What GET /v1/objections answers (200): a page, oldest first; ``next`` the ``after`` of the
    next page, null on the last."""
    objections = fields.List(fields.Nested(ListObjectionsObjection), required=True, allow_none=True)
    next = fields.String(required=True, allow_none=True)
    example = {'objections': [{'objection_id': 'objection-53af5c8c2c42',
                               'tracking_number': 'YY12A66D405471',
                               'cycle_id': 'cycle-2019',
                               'application_id': 'u-2',
                               'notice_id': 'notice-3e030a29e07a',
                               'content': '反映问题',
                               'received_at': '2019-09-27T02:00:02.728859+00:00',
                               'status': 'received',
                               'hold_id': 'hold-5852b4902eac4c60',
                               'proposed_outcome': None,
                               'handling_opinion': None,
                               'proposed_by': None,
                               'outcome': None,
                               'approved_by': None,
                               'resolved_at': None,
                               'proposed_action': None,
                               'action_detail': None,
                               'investigation': None,
                               'objector': {'name': '钱某', 'contact': '13600000000', 'erased_at': None}}],
               'next': None}


_ANSWERED_OPINION = {'opinion_id': '01a250c2-8244-7137-babf-a0c48ee64bb9',
                     'cycle_id': 'cycle-2019',
                     'application_id': 'u-2',
                     'opinion': '建议核实该单位2018年质量事故的整改情况',
                     'received_at': '2019-09-27T02:00:02.335626+00:00',
                     'status': 'accepted',
                     'change': '已调阅整改报告，补充至候选名单说明',
                     'reason': None,
                     'list_id': 'list-1',
                     'answered_by': 'office-test',
                     'answered_at': '2019-09-27T02:00:03.310028+00:00',
                     'status_name': '已采纳'}


class AnswerOpinionAnswer(Schema):
    """What POST /v1/opinions/{opinion_id}/answer answers (200)."""
    opinion_id = fields.String(required=True, allow_none=True)
    cycle_id = fields.String(required=True, allow_none=True)
    application_id = fields.String(required=True, allow_none=True)
    opinion = fields.String(required=True, allow_none=True)
    received_at = fields.AwareDateTime(required=True, allow_none=True)
    status = fields.String(required=True, allow_none=True)
    change = fields.String(allow_none=True, required=True)
    reason = fields.String(allow_none=True, required=True)
    list_id = fields.String(allow_none=True, required=True)
    answered_by = fields.String(required=True, allow_none=True)
    answered_at = fields.AwareDateTime(required=True, allow_none=True)
    status_name = fields.String(required=True, allow_none=True)
    example = _ANSWERED_OPINION


class OpinionSummaryAnswer(Schema):
    """What GET /v1/cycles/{cycle_id}/opinions/summary answers (200): how many of the supervision
    group's opinions on the cycle stand in each status (a status with none left out), and how many
    wait for the office's answer."""
    cycle_id = fields.String(required=True)
    total = fields.Integer(required=True)
    by_status = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)
    unanswered = fields.Integer(required=True)
    example = {'cycle_id': 'cycle-2019', 'total': 2, 'by_status': {'accepted': 1, 'received': 1}, 'unanswered': 1}


class GetOpinionsAnswer(Schema):
    """What GET /v1/cycles/{cycle_id}/opinions answers (200): a page, oldest first; ``next`` the
    ``after`` of the next page, null on the last."""
    cycle_id = fields.String(required=True, allow_none=True)
    opinions = fields.List(fields.Nested(AnswerOpinionAnswer), required=True, allow_none=True)
    next = fields.String(required=True, allow_none=True)
    example = {'cycle_id': 'cycle-2019',
               'opinions': [_ANSWERED_OPINION,
                            {'opinion_id': '01a250c2-82b9-7053-b77e-64253740f755',
                             'cycle_id': 'cycle-2019',
                             'application_id': 'p-1',
                             'opinion': '评审过程规范，无异议',
                             'received_at': '2019-09-27T02:00:02.471142+00:00',
                             'status': 'not_accepted',
                             'change': None,
                             'reason': '该意见认为无异议，无需调整名单',
                             'list_id': None,
                             'answered_by': 'office-test',
                             'answered_at': '2019-09-27T02:00:03.705290+00:00',
                             'status_name': '未采纳'}],
               'next': None}


class SubmitListCandidate(Schema):
    """One of the ``candidates`` of SubmitListAnswer."""
    application_id = fields.String(required=True, allow_none=True)
    category = fields.String(required=True, allow_none=True)
    rank = fields.Integer(required=True, allow_none=True)
    recipient_name = fields.String(required=True, allow_none=True)


class SubmitListAward(Schema):
    """One of the ``awards`` of SubmitListAnswer."""
    application_id = fields.String(required=True, allow_none=True)
    category = fields.String(required=True, allow_none=True)
    rank = fields.Integer(required=True, allow_none=True)
    recipient_name = fields.String(required=True, allow_none=True)
    category_name = fields.String(required=True, allow_none=True)
    certificate_number = fields.Raw(allow_none=True, required=True)
    award_status = fields.Raw(allow_none=True, required=True)



class SubmitListAnswer(Schema):
    """What POST /v1/cycles/{cycle_id}/submission answers (201)."""
    submission_id = fields.String(allow_none=True)
    cycle_id = fields.String(required=True, allow_none=True)
    status = fields.String(allow_none=True)
    status_name = fields.String(allow_none=True)
    submitted_on = fields.Date(allow_none=True)
    document_number = fields.String(required=True, allow_none=True)
    candidates = fields.List(fields.Nested(SubmitListCandidate), allow_none=True)
    reason = fields.Raw(allow_none=True)
    submitted_by = fields.String(allow_none=True)
    submitted_at = fields.AwareDateTime(allow_none=True)
    decided_by = fields.String(allow_none=True)
    decided_at = fields.AwareDateTime(allow_none=True)
    decision_reason = fields.String(allow_none=True)
    edition = fields.Integer(allow_none=True)
    approved_on = fields.Date(allow_none=True)
    awards = fields.List(fields.Nested(SubmitListAward), allow_none=True)
    vacancies = fields.Dict(allow_none=True, metadata={"description": "by category"})
    example = {'submission_id': 'submission-9db35c795bb7',
               'cycle_id': 'cycle-2019',
               'status': 'submitted',
               'status_name': '已提报市政府，待审定',
               'submitted_on': '2019-10-15',
               'document_number': '济质强领字〔2019〕5号',
               'candidates': [{'application_id': 'p-1',
                               'category': 'individual_award',
                               'rank': 1,
                               'recipient_name': '张示例'},
                              {'application_id': 'u-1',
                               'category': 'unit_award',
                               'rank': 1,
                               'recipient_name': '济南示例精密机械有限公司'},
                              {'application_id': 'u-3',
                               'category': 'unit_nomination',
                               'rank': 1,
                               'recipient_name': '山东历城食品有限公司'},
                              {'application_id': 'u-2',
                               'category': 'unit_nomination',
                               'rank': 2,
                               'recipient_name': '济南泉城智能装备股份有限公司'}],
               'reason': None,
               'submitted_by': 'leading_group-test',
               'submitted_at': '2019-10-11T01:00:00.181808+00:00',
               'decided_by': None,
               'decided_at': None,
               'decision_reason': None}


class CurrentNoticeAnswer(Schema):
    """What GET /public/v1/notices/current answers (200)."""
    cycle_id = fields.String(required=True, allow_none=True)
    notices = fields.List(fields.Nested(PublishNoticeAnswer), required=True, allow_none=True)
    objections_signed = fields.Boolean(required=True, allow_none=True)
    example = {'cycle_id': 'cycle-2019', 'notices': [_NOTICE], 'objections_signed': True}


class ObjectionStatusAnswer(Schema):
    """What GET /public/v1/objections/{tracking_number} answers (200)."""
    tracking_number = fields.String(required=True, allow_none=True)
    status = fields.String(required=True, allow_none=True)
    status_name = fields.String(required=True, allow_none=True)
    received_at = fields.AwareDateTime(required=True, allow_none=True)
    outcome = fields.String(allow_none=True)
    outcome_name = fields.String(allow_none=True)
    resolved_at = fields.AwareDateTime(allow_none=True)
    example = {'tracking_number': 'YY7AE78B92BD8B',
               'status': 'received',
               'status_name': '已受理',
               'received_at': '2019-09-27T02:00:01.548645+00:00'}


class LoadCalendarRecomputeditem(Schema):
    """One of the ``recomputed`` of LoadCalendarAnswer."""
    notice_id = fields.String(required=True, allow_none=True)
    window_end = fields.AwareDateTime(required=True, allow_none=True)
    provisional = fields.Boolean(required=True, allow_none=True)


class LoadCalendarAnswer(Schema):
    """What PUT /admin/v1/calendar/{year} answers (200)."""
    year = fields.Integer(required=True, allow_none=True)
    recomputed = fields.List(fields.Nested(LoadCalendarRecomputeditem), required=True, allow_none=True)
    example = {'year': 2027,
               'recomputed': [{'notice_id': 'notice-928c3e4dafb5',
                               'window_end': '2027-01-07T00:00:00+08:00',
                               'provisional': False}]}


class ConferAward(Schema):
    """One of the ``awards`` of ConferAnswer."""
    award_id = fields.String(required=True, allow_none=True)
    certificate_number = fields.String(required=True, allow_none=True)
    cycle_id = fields.String(required=True, allow_none=True)
    edition = fields.Integer(required=True, allow_none=True)
    application_id = fields.String(required=True, allow_none=True)
    category = fields.String(required=True, allow_none=True)
    rank = fields.Integer(allow_none=True, required=True)
    recipient_name = fields.String(required=True, allow_none=True)
    credit_code = fields.String(allow_none=True, required=True)
    granted_on = fields.Date(required=True, allow_none=True)
    imported = fields.Boolean(required=True, allow_none=True)
    status = fields.String(required=True, allow_none=True)
    items = fields.List(fields.String(), required=True, allow_none=True)
    prize_amount = fields.String(required=True, allow_none=True)
    revoked_on = fields.Raw(allow_none=True, required=True)


class ConferAnswer(Schema):
    """What POST /v1/cycles/{cycle_id}/conferral answers (201)."""
    cycle_id = fields.String(required=True, allow_none=True)
    awards = fields.List(fields.Nested(ConferAward), required=True, allow_none=True)


class PublishedAwardsAnswer(Schema):
    """What GET /public/v1/cycles/{cycle_id}/awards answers (200)."""
    cycle_id = fields.String(required=True, allow_none=True)
    edition = fields.Integer(required=True, allow_none=True)
    document_number = fields.String(required=True, allow_none=True)
    approved_on = fields.Date(required=True, allow_none=True)
    awards = fields.List(fields.Nested(SubmitListAward), required=True, allow_none=True)
    vacancies = fields.Dict(required=True, allow_none=True, metadata={"description": "by category"})
    example = {'cycle_id': 'cycle-2019',
               'edition': 2019,
               'document_number': '济政字〔2019〕88号',
               'approved_on': '2019-10-25',
               'awards': [{'application_id': 'p-1',
                           'category': 'individual_award',
                           'rank': 1,
                           'recipient_name': '张示例',
                           'category_name': '市长质量奖（个人）',
                           'certificate_number': None,
                           'award_status': None},
                          {'application_id': 'u-1',
                           'category': 'unit_award',
                           'rank': 1,
                           'recipient_name': '济南示例精密机械有限公司',
                           'category_name': '市长质量奖（单位）',
                           'certificate_number': None,
                           'award_status': None},
                          {'application_id': 'u-2',
                           'category': 'unit_award',
                           'rank': 2,
                           'recipient_name': '济南泉城智能装备股份有限公司',
                           'category_name': '市长质量奖（单位）',
                           'certificate_number': None,
                           'award_status': None},
                          {'application_id': 'u-3',
                           'category': 'unit_nomination',
                           'rank': 1,
                           'recipient_name': '山东历城食品有限公司',
                           'category_name': '市长质量奖提名奖（单位）',
                           'certificate_number': None,
                           'award_status': None}],
               'vacancies': {'unit_award': 3,
                             'individual_award': 2,
                             'unit_nomination': 2,
                             'individual_nomination': 2}}


class SetPrizeAmountsAnswer(Schema):
    """What PUT /v1/cycles/{cycle_id}/prize-amounts answers (200)."""
    cycle_id = fields.String(required=True, allow_none=True)
    amounts = fields.Dict(required=True, allow_none=True, metadata={"description": "the prize money, by category"})
    policy = fields.String(required=True, allow_none=True)
    example = {'cycle_id': 'cycle-2019',
               'amounts': {'individual_award': '100000.00',
                           'individual_nomination': '50000.00',
                           'unit_award': '500000.00',
                           'unit_nomination': '200000.00'},
               'policy': '济政发〔2017〕9号'}


class VerifiedItem(Schema):
    """One item an award conferred (Art. 28): its number where the edition numbers it."""
    item = fields.String(required=True, validate=validate.OneOf(("certificate", "trophy", "plaque", "medal")))
    item_name = fields.String(required=True)
    number = fields.String(required=True, allow_none=True)


class VerifyCertificateAnswer(Schema):
    """What GET /public/v1/certificates/{number} answers (200): a certificate's, or a numbered
    trophy's, plaque's or medal's (Art. 28), with the items the award conferred."""
    number_kind = fields.String(validate=validate.OneOf(("certificate", "trophy", "plaque", "medal")))
    item = fields.String(validate=validate.OneOf(("trophy", "plaque", "medal")))
    item_name = fields.String()
    item_number = fields.String()
    items = fields.List(fields.Nested(VerifiedItem))
    items_note = fields.String()
    certificate_number = fields.String(required=True, allow_none=True)
    recipient_name = fields.String(allow_none=True)
    category = fields.String(allow_none=True)
    cycle_id = fields.String(allow_none=True)
    edition = fields.Integer(allow_none=True)
    granted_on = fields.Date(allow_none=True)
    status = fields.String(required=True, allow_none=True)
    status_name = fields.String(required=True, allow_none=True)
    message = fields.String(allow_none=True)
    revoked_on = fields.Date(allow_none=True)
    example = {'certificate_number': 'JNQA-2019-C62CRPRB-C',
               'recipient_name': '济南示例精密机械有限公司',
               'category': 'unit_award',
               'cycle_id': 'cycle-2019',
               'edition': 2019,
               'granted_on': '2019-11-01',
               'status': 'in_force',
               'status_name': '真实有效'}


class ImportAwardsAnswer(Schema):
    """What POST /v1/awards/import answers (201)."""
    imported = fields.List(fields.Nested(ConferAward), required=True, allow_none=True)
    example = {'imported': [{'award_id': 'award-2017-154afedf99',
                             'certificate_number': '济质奖〔2017〕第003号',
                             'cycle_id': 'cycle-2017',
                             'edition': 2017,
                             'application_id': 'imported-b96c9acdfc',
                             'category': 'unit_award',
                             'rank': None,
                             'recipient_name': '济南老字号示例集团',
                             'credit_code': '91370100MA3C009947',
                             'granted_on': '2017-12-20',
                             'imported': True,
                             'status': 'in_force',
                             'items': ['trophy', 'plaque', 'certificate'],
                             'prize_amount': '300000.00',
                             'revoked_on': None}]}


class GetSubmissionsAnswer(Schema):
    """What GET /v1/cycles/{cycle_id}/submissions answers (200)."""
    cycle_id = fields.String(required=True, allow_none=True)
    submissions = fields.List(fields.Nested(SubmitListAnswer), required=True, allow_none=True)
    excluded = fields.List(fields.Nested(DeliberateCandidate), required=True, allow_none=True)


# DECLARATIONS
# not recorded: ['get_calendar', 'get_deliberations']


class Deliberation(Schema):
    """One meeting of the leading group on a list (Art. 16)."""
    deliberation_id = fields.String(required=True, allow_none=True)
    list_id = fields.String(required=True, allow_none=True)
    meeting_date = fields.Date(required=True, allow_none=True)
    minute = fields.String(required=True, allow_none=True)
    returned = fields.Boolean(required=True, allow_none=True)
    decided_by = fields.String(required=True, allow_none=True)
    decided_at = fields.AwareDateTime(required=True, allow_none=True)
    members_present = fields.List(fields.Raw(), required=True, allow_none=True)
    decisions = fields.List(fields.Raw(), required=True, allow_none=True)


class DeliberationsAnswer(Schema):
    """The leading group's meetings on the cycle's list (Art. 16)."""
    deliberations = fields.List(fields.Nested(Deliberation), required=True, allow_none=True)


class CalendarYear(Schema):
    """A year of the official calendar: its State Council notice, seeded or loaded by an operator."""
    year = fields.Integer(required=True, allow_none=True)
    notice = fields.String(required=True, allow_none=True)
    source = fields.String(required=True, metadata={"description": "`seed` or `operator`"}, allow_none=True)


class CalendarAnswer(Schema):
    """The official working-day calendars known (Art. 17)."""
    years = fields.List(fields.Nested(CalendarYear), required=True, allow_none=True)


# -- the seats the leading group decides (Art. 2, 7 LG(1), 16): written by hand from seats.view ----
class SeatDecision(Schema):
    """One decision of the leading group on seats: a tie at the last seat or a seat refilled by the
    next in rank; who takes the seats, who left another category for it, who decided and why. No
    value of it is ever null."""
    decision_id = fields.String(required=True)
    list_id = fields.String(required=True, metadata={"description": "the candidate list it was decided on"})
    kind = fields.String(required=True, validate=validate.OneOf(KINDS),
                         metadata={"description": "tie: a tie at the last seat; refill: a seat emptied, refilled"})
    category = fields.String(required=True, validate=validate.OneOf(CATEGORIES))
    application_ids = fields.List(fields.String(), required=True,
                                  metadata={"description": "who takes the seats, adopted and to be noticed (Art. 17)"})
    moved_from = fields.Dict(keys=fields.String(), values=fields.String(validate=validate.OneOf(CATEGORIES)),
                             required=True, metadata={"description": "the category each one listed in another left, "
                                                                     "by application id (none: {})"})
    meeting_date = fields.Date(required=True)
    members_present = fields.List(fields.String(), required=True,
                                  metadata={"description": "the members of the leading group who decided"})
    reason = fields.String(required=True)
    decided_by = fields.String(required=True)
    decided_at = fields.AwareDateTime(required=True)


class DecideSeatsAnswer(SeatDecision):
    """What POST /v1/cycles/{cycle_id}/seats answers (201): the decision recorded."""
    example = {'decision_id': 'seats-7ab112dce438',
               'list_id': 'list-1',
               'kind': 'tie',
               'category': 'unit_award',
               'application_ids': ['t-a'],
               'moved_from': {'t-a': 'unit_nomination'},
               'meeting_date': '2019-09-23',
               'members_present': ['组长', '副组长', '成员甲'],
               'reason': 't-a 的质量效益指标更优，经表决决定',
               'decided_by': 'lg-wang',
               'decided_at': '2019-09-27T02:00:00+00:00'}


class GetSeatDecisionsAnswer(Schema):
    """What GET /v1/cycles/{cycle_id}/seats answers (200): the cycle's seat decisions, oldest first."""
    cycle_id = fields.String(required=True)
    seat_decisions = fields.List(fields.Nested(SeatDecision), required=True)
    example = {'cycle_id': 'cycle-2019',
               'seat_decisions': [{'decision_id': 'seats-db6d587e500f',
                                   'list_id': 'list-1',
                                   'kind': 'refill',
                                   'category': 'unit_nomination',
                                   'application_ids': ['u-3'],
                                   'moved_from': {},
                                   'meeting_date': '2019-09-23',
                                   'members_present': ['组长', '副组长', '成员甲'],
                                   'reason': '领导小组会议研究决定',
                                   'decided_by': 'lg-wang',
                                   'decided_at': '2019-09-27T02:00:00+00:00'}]}
