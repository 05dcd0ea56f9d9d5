"""What the revocation service's routes answer: one marshmallow schema per answer, declared on its
route (``@api(..., answer=answers.X())``) and stated in its ``/openapi.json`` (issue 32, item 8).
Written from the answers the service tests receive, which are held to them (award_testing.answers):
each field an answer may hold, none other (a field added to an answer without its schema fails the
tests); every value may be null, which no test can prove it never is."""
from marshmallow import Schema, fields, validate

from award_shared import answers as shared

from .domain.case_states import STATES
from .domain.duties import ALL_PURPOSES, DUES, REVIEWS, SHARING_FORMS
from .domain.winners import FILERS


class GetAwardAnswer(Schema):
    """What GET /v1/awards/{award_id} answers (200)."""
    award_id = fields.String(required=True, allow_none=True)
    cycle_id = fields.String(required=True, allow_none=True)
    category = fields.String(required=True, allow_none=True)
    kind = fields.String(required=True, allow_none=True)
    recipient_name = fields.String(required=True, allow_none=True)
    certificate_number = fields.String(required=True, allow_none=True)
    credit_code = fields.String(allow_none=True, required=True)
    items = fields.List(fields.String(), required=True, allow_none=True)
    prize_amount = fields.String(required=True, allow_none=True)
    granted_on = fields.Date(required=True, allow_none=True)
    edition = fields.Integer(allow_none=True, required=True)
    imported = fields.Boolean(required=True, allow_none=True)
    status = fields.String(required=True, allow_none=True)
    example = {'award_id': 'award-r1',
               'cycle_id': 'cycle-2019',
               'category': 'unit_award',
               'kind': 'unit',
               'recipient_name': '济南示例制造有限公司',
               'certificate_number': 'JNSZ-award-r1',
               'credit_code': '91370100MA3C4XXX1A',
               'items': ['trophy', 'certificate'],
               'prize_amount': '500000.00',
               'granted_on': '2019-12-20',
               'edition': None,
               'imported': False,
               'status': 'in_force'}


class FileReportAnswer(shared.Filed):
    """What POST /public/v1/reports answers (201)."""
    example = {'tracking_number': 'JJB-V76GHM86CMFT',
               'status': 'received',
               'status_zh': '已受理登记',
               'filed_at': '2021-06-01T01:00:00+00:00'}


class ListReportsReportReporter(shared.Identity):
    """The ``reporter`` of ListReportsReport."""


class ListReportsReport(Schema):
    """One of the ``reports`` of ListReportsAnswer."""
    report_id = fields.String(required=True, allow_none=True)
    tracking_number = fields.String(required=True, allow_none=True)
    kind = fields.String(required=True, allow_none=True)
    award_id = fields.String(allow_none=True, required=True)
    certificate_number = fields.String(allow_none=True, required=True)
    about = fields.String(allow_none=True, required=True)
    content = fields.String(required=True, allow_none=True)
    status = fields.String(required=True, allow_none=True)
    triaged_by = fields.String(allow_none=True, required=True)
    case_id = fields.String(allow_none=True, required=True)
    close_reason = fields.String(allow_none=True, required=True)
    article = fields.String(required=True, allow_none=True)
    kind_zh = fields.String(required=True, allow_none=True)
    status_zh = fields.String(required=True, allow_none=True)
    filed_at = fields.AwareDateTime(required=True, allow_none=True)
    triaged_at = fields.AwareDateTime(allow_none=True, required=True)
    reporter = fields.Nested(ListReportsReportReporter, required=True, allow_none=True)
    joined = fields.Boolean(allow_none=True)


class ListReportsAnswer(Schema):
    """What GET /v1/reports answers (200): a page, oldest first; ``next`` the ``after`` of the next
    page, null on the last."""
    reports = fields.List(fields.Nested(ListReportsReport), required=True, allow_none=True)
    next = fields.String(required=True, allow_none=True)
    example = {'reports': [{'report_id': 'report-c99016bcc2e74076',
                            'tracking_number': 'JJB-V76GHM86CMFT',
                            'kind': 'misconduct',
                            'award_id': 'award-r1',
                            'certificate_number': None,
                            'about': '济南示例制造有限公司',
                            'content': '该获奖单位承建的工程发生重大质量问题，群众投诉后被住建部门查处。',
                            'status': 'received',
                            'triaged_by': None,
                            'case_id': None,
                            'close_reason': None,
                            'article': 'Art. 29',
                            'kind_zh': '获奖单位或个人发生撤销情形',
                            'status_zh': '已受理登记',
                            'filed_at': '2021-06-01T01:00:00+00:00',
                            'triaged_at': None,
                            'reporter': {'name': '王举报', 'contact': '13800000000'}}],
               'next': None}


# -- a winner's duties after the award (Art. 19-21, 24): written by hand from duties.py's views ----
#: the contract's Money string: yuan, always with its fen (``domain.recovery.to_yuan``)
MONEY = validate.Regexp(r"^\d+\.\d{2}$")


class Reversal(Schema):
    """One amount a recovery reversed of a payment (Art. 29, 30: 收回奖励资金)."""
    case_id = fields.String(required=True)
    amount = fields.String(required=True, validate=MONEY)
    returned_on = fields.Date(required=True)
    receipt_number = fields.String(required=True)


class Payment(Schema):
    """One payment of an award's prize money (Art. 19, 20), with what recoveries reversed of it."""
    payment_id = fields.String(required=True)
    award_id = fields.String(required=True)
    paid_on = fields.Date(required=True)
    amount = fields.String(required=True, validate=MONEY)
    reference = fields.String(required=True, metadata={"description": "the payment voucher or transfer reference"})
    budget_year = fields.Integer(required=True, metadata={"description": "the year of the city budget it is paid "
                                                                         "from (Art. 20)"})
    budget_line = fields.String(required=True)
    recorded_by = fields.String(required=True)
    reversed = fields.String(required=True, validate=MONEY, metadata={"description": "the sum of its reversals"})
    reversals = fields.List(fields.Nested(Reversal), required=True)


class Use(Schema):
    """One use of the prize money a use report states (Art. 21)."""
    purpose = fields.String(required=True, validate=validate.OneOf(ALL_PURPOSES))
    amount = fields.String(required=True, validate=MONEY)
    description = fields.String(required=True, allow_none=True, metadata={"description": "what it was (other: "
                                                                                          "always given)"})


class UseReport(Schema):
    """A winner's report of how the prize money was used (Art. 21), and the office's answer."""
    report_id = fields.String(required=True)
    award_id = fields.String(required=True)
    reported_on = fields.Date(required=True)
    period = fields.String(required=True, allow_none=True)
    uses = fields.List(fields.Nested(Use), required=True)
    status = fields.String(required=True, validate=validate.OneOf(("received",) + tuple(REVIEWS)))
    filed_by = fields.String(required=True, validate=validate.OneOf(FILERS), metadata={
        "description": "winner: filed by the winner's own account; office: a report the office received (on "
                       "paper) and recorded on the winner's behalf"})
    recorded_by = fields.String(required=True, metadata={"description": "the subject of the account that filed it"})
    review_note = fields.String(required=True, allow_none=True, metadata={"description": "null until reviewed"})
    reviewed_by = fields.String(required=True, allow_none=True, metadata={"description": "null until reviewed"})


class Sharing(Schema):
    """What a winner shared of its experience, and when (Art. 24)."""
    share_id = fields.String(required=True)
    award_id = fields.String(required=True)
    shared_on = fields.Date(required=True)
    form = fields.String(required=True, validate=validate.OneOf(tuple(SHARING_FORMS)))
    form_name = fields.String(required=True, metadata={"description": "the form, in Chinese"})
    what = fields.String(required=True)
    audience = fields.String(required=True, allow_none=True)


_PAYMENT = {'payment_id': 'pay-bf5f1e5c78a949f1',
            'award_id': 'award-d1',
            'paid_on': '2020-01-15',
            'amount': '300000.00',
            'reference': '付款凭证 2020-0015',
            'budget_year': 2020,
            'budget_line': '市长质量奖奖励资金（质量发展专项）',
            'recorded_by': 'office-test',
            'reversed': '0.00',
            'reversals': []}
_USE_REPORT = {'report_id': 'use-1bff953735f14c7f',
               'award_id': 'award-d1',
               'reported_on': '2020-12-20',
               'period': '2020年度',
               'uses': [{'purpose': 'research', 'amount': '250000.00', 'description': None},
                        {'purpose': 'other', 'amount': '20000.00', 'description': '质量管理体系认证'}],
               'status': 'received',
               'filed_by': 'winner',
               'recorded_by': 'applicant-jinan-precision',
               'review_note': None,
               'reviewed_by': None}
_SHARING = {'share_id': 'share-d5792a0dfca046ee',
            'award_id': 'award-d1',
            'shared_on': '2020-05-12',
            'form': 'exchange_meeting',
            'form_name': '经验交流会',
            'what': '卓越绩效模式导入经验',
            'audience': '全市质量工作会议'}


class RecordPaymentAnswer(Payment):
    """What POST /v1/awards/{award_id}/payments answers (201): the payment recorded."""
    example = _PAYMENT


class RecordUseReportAnswer(UseReport):
    """What POST /v1/awards/{award_id}/fund-use-reports answers (201): the report received."""
    example = _USE_REPORT


class ReviewUseReportAnswer(UseReport):
    """What POST /v1/fund-use-reports/{report_id}/review answers (200): the report, accepted or queried."""
    example = {**_USE_REPORT, 'status': 'queried', 'review_note': '请说明质量管理体系认证支出的凭证',
               'reviewed_by': 'office-test'}


class RecordSharingAnswer(Sharing):
    """What POST /v1/awards/{award_id}/experience-sharing answers (201): the sharing recorded."""
    example = _SHARING


class DutyRecord(Schema):
    """An award's duty record (Art. 19-21, 24), each list oldest first."""
    award_id = fields.String(required=True)
    payments = fields.List(fields.Nested(Payment), required=True)
    use_reports = fields.List(fields.Nested(UseReport), required=True)
    experience_shared = fields.List(fields.Nested(Sharing), required=True)


class AwardDutiesAnswer(DutyRecord):
    """What GET /v1/awards/{award_id}/duties answers (200): the award's duty record (Art. 19-21, 24),
    each list oldest first."""
    example = {'award_id': 'award-d1', 'payments': [_PAYMENT], 'use_reports': [_USE_REPORT],
               'experience_shared': [_SHARING]}


class GetCaseGround(Schema):
    """One of the ``grounds`` of GetCaseAnswer."""
    item = fields.String(required=True, allow_none=True)
    fact = fields.String(required=True, allow_none=True)
    fact_date = fields.Date(required=True, allow_none=True)


class GetCaseEvidenceitem(Schema):
    """One of the ``evidence`` of GetCaseAnswer."""
    evidence_id = fields.String(required=True, allow_none=True)
    filename = fields.String(allow_none=True, required=True)
    media_type = fields.String(allow_none=True, required=True)
    size = fields.Integer(allow_none=True, required=True)
    sha256 = fields.String(allow_none=True, required=True)
    report_number = fields.String(allow_none=True, required=True)


class GetCaseRecoveryReturn(Schema):
    """One of the ``returns`` of GetCaseRecovery."""
    item = fields.String(allow_none=True, required=True)
    amount = fields.String(allow_none=True, required=True)
    returned_on = fields.Date(required=True, allow_none=True)
    receipt_number = fields.String(required=True, allow_none=True)
    received_by = fields.String(required=True, allow_none=True)
    payment_id = fields.String(required=True, allow_none=True, metadata={
        "description": "the payment an amount reverses (null: an item, or no payment on record)"})


class GetCaseRecovery(Schema):
    """The ``recovery`` of GetCaseAnswer."""
    items_due = fields.List(fields.String(), required=True, allow_none=True)
    items_returned = fields.List(fields.String(), required=True, allow_none=True)
    money_due = fields.String(required=True, allow_none=True)
    money_returned = fields.String(required=True, allow_none=True)
    returns = fields.List(fields.Nested(GetCaseRecoveryReturn), required=True, allow_none=True)


class GetCaseAnswer(Schema):
    """What GET /v1/cases/{case_id} answers (200)."""
    case_id = fields.String(required=True, allow_none=True)
    award_id = fields.String(required=True, allow_none=True)
    state = fields.String(required=True, allow_none=True)
    closed = fields.Boolean(required=True, allow_none=True)
    opened_by = fields.String(required=True, allow_none=True)
    opened_at = fields.AwareDateTime(required=True, allow_none=True)
    findings = fields.String(allow_none=True, required=True)
    reasons = fields.String(allow_none=True, required=True)
    decision_number = fields.String(allow_none=True, required=True)
    decision_date = fields.Date(allow_none=True, required=True)
    grounds = fields.List(fields.Nested(GetCaseGround), required=True, allow_none=True)
    evidence = fields.List(fields.Nested(GetCaseEvidenceitem), required=True, allow_none=True)
    recovery = fields.Nested(GetCaseRecovery, required=True, allow_none=True)
    duty_record = fields.Nested(DutyRecord, metadata={
        "description": "only on a case on Art. 29(7) or 30(8): the award's duty record, the evidence"})
    joined = fields.Boolean(allow_none=True)
    example = {'case_id': 'case-e0d77da6d3f34a82',
               'award_id': 'award-r1',
               'state': 'opened',
               'closed': False,
               'opened_by': 'office-test',
               'opened_at': '2021-06-01T01:00:00+00:00',
               'findings': None,
               'reasons': None,
               'decision_number': None,
               'decision_date': None,
               'grounds': [{'item': 'Art. 29(5)', 'fact': '工程质量发生重大问题，被群众投诉举报并查处属实', 'fact_date': '2020-08-01'}],
               'evidence': [{'evidence_id': 'ev-009a14ddc63c4bb5',
                             'filename': None,
                             'media_type': None,
                             'size': None,
                             'sha256': None,
                             'report_number': 'JJB-V76GHM86CMFT'}],
               'recovery': {'items_due': ['trophy', 'certificate'],
                            'items_returned': [],
                            'money_due': '500000.00',
                            'money_returned': '0.00',
                            'returns': []}}


class PublicRevocationsRevocationGround(Schema):
    """One of the ``grounds`` of PublicRevocationsRevocation."""
    item = fields.String(required=True, allow_none=True)
    text = fields.String(required=True, allow_none=True)
    summary = fields.String(required=True, allow_none=True)


class PublicRevocationsRevocation(Schema):
    """One of the ``revocations`` of PublicRevocationsAnswer."""
    recipient_name = fields.String(required=True, allow_none=True)
    award_id = fields.String(required=True, allow_none=True)
    category = fields.String(required=True, allow_none=True)
    category_name = fields.String(required=True, allow_none=True)
    cycle_id = fields.String(required=True, allow_none=True)
    kind = fields.String(required=True, allow_none=True)
    certificate_number = fields.String(required=True, allow_none=True)
    grounds = fields.List(fields.Nested(PublicRevocationsRevocationGround), required=True, allow_none=True)
    recovered = fields.String(required=True, allow_none=True)
    decision_number = fields.String(required=True, allow_none=True)
    decision_date = fields.Date(required=True, allow_none=True)


class PublicRevocationsAnswer(Schema):
    """What GET /public/v1/revocations answers (200)."""
    revocations = fields.List(fields.Nested(PublicRevocationsRevocation), required=True, allow_none=True)
    example = {'revocations': [{'recipient_name': '济南示例制造有限公司',
                                'award_id': 'award-p1',
                                'category': 'unit_award',
                                'category_name': '市长质量奖（单位）',
                                'cycle_id': 'cycle-2019',
                                'kind': 'unit',
                                'certificate_number': 'JNSZ-award-p1',
                                'grounds': [{'item': 'Art. 29(2)',
                                             'text': '发生较大及以上生产安全事故，发生重大质量、环保、卫生等事故的',
                                             'summary': 'Larger-or-above safety accident, or major '
                                                        'quality/environmental/health incident'}],
                                'recovered': '奖杯、荣誉证书和奖励资金',
                                'decision_number': '济政字〔2021〕12号',
                                'decision_date': '2021-05-20'}]}


class RecordSpotCheckCase(Schema):
    """One of the ``cases`` of RecordSpotCheckAnswer."""
    award_id = fields.String(required=True, allow_none=True)
    case_id = fields.String(required=True, allow_none=True)
    joined = fields.Boolean(required=True, allow_none=True)


class RecordSpotCheckAnswer(Schema):
    """What POST /v1/spot-checks answers (200)."""
    report_number = fields.String(required=True, allow_none=True)
    credit_code = fields.String(required=True, allow_none=True)
    checked_on = fields.Date(required=True, allow_none=True)
    level = fields.String(required=True, allow_none=True)
    result = fields.String(required=True, allow_none=True)
    duplicate = fields.Boolean(required=True, allow_none=True)
    counts_toward_art29_4 = fields.Boolean(required=True, allow_none=True)
    cases = fields.List(fields.Nested(RecordSpotCheckCase), required=True, allow_none=True)
    note = fields.List(fields.String(), allow_none=True)
    example = {'report_number': 'SC-E1',
               'credit_code': '91370100MA3C4XXX1A',
               'checked_on': '2020-03-01',
               'level': 'municipal',
               'result': 'fail',
               'duplicate': True,
               'counts_toward_art29_4': True,
               'cases': []}


class OverdueRecoveriesOverdueitem(Schema):
    """One of the ``overdue`` of OverdueRecoveriesAnswer."""
    case_id = fields.String(required=True, allow_none=True)
    award_id = fields.String(required=True, allow_none=True)
    recipient_name = fields.String(required=True, allow_none=True)
    decision_number = fields.String(required=True, allow_none=True)
    decision_date = fields.Date(required=True, allow_none=True)
    days_since_decision = fields.Integer(required=True, allow_none=True)
    days_overdue = fields.Integer(required=True, allow_none=True)
    items_outstanding = fields.List(fields.String(), required=True, allow_none=True)
    money_outstanding = fields.String(required=True, allow_none=True)


class OverdueRecoveriesAnswer(Schema):
    """What GET /v1/recoveries/overdue answers (200)."""
    due_days = fields.Integer(required=True, allow_none=True)
    overdue = fields.List(fields.Nested(OverdueRecoveriesOverdueitem), required=True, allow_none=True)
    example = {'due_days': 30, 'overdue': []}


# DECLARATIONS
# not recorded: ['get_report']


# -- the lists of issue 35: an edition's awards with what is due, the cases by state ----------------

class AwardDutyFigures(Schema):
    """An award's duty record in figures (Art. 19-21, 24)."""
    payments = fields.Integer(required=True, metadata={"description": "payments of the prize money recorded"})
    paid = fields.String(required=True, validate=MONEY, metadata={"description": "the sum of those payments"})
    unpaid = fields.String(required=True, validate=MONEY, metadata={"description": "the prize money not yet paid"})
    use_reports = fields.Dict(keys=fields.String(validate=validate.OneOf(("received",) + tuple(REVIEWS))),
                              values=fields.Integer(), required=True,
                              metadata={"description": "use reports by status: received (to review), queried, "
                                                       "accepted"})
    experience_shared = fields.Integer(required=True, metadata={"description": "times experience was shared"})
    last_shared_on = fields.Date(required=True, allow_none=True)


class AwardDue(Schema):
    """One thing due on an award in force, with the article that asks it."""
    duty = fields.String(required=True, validate=validate.OneOf(tuple(d[0] for d in DUES)))
    article = fields.String(required=True)
    duty_zh = fields.String(required=True)


class ListedAward(GetAwardAnswer):
    """One of the ``awards`` of ListAwardsAnswer: the award, its duty figures and what is due."""
    duties = fields.Nested(AwardDutyFigures, required=True)
    due = fields.List(fields.Nested(AwardDue), required=True)


class ListAwardsAnswer(Schema):
    """What GET /v1/cycles/{cycle_id}/awards answers (200): a page by award id; ``next`` the
    ``after`` of the next page, null on the last."""
    cycle_id = fields.String(required=True)
    awards = fields.List(fields.Nested(ListedAward), required=True)
    next = fields.String(required=True, allow_none=True)
    example = {'cycle_id': 'cycle-2019',
               'awards': [{**GetAwardAnswer.example,
                           'duties': {'payments': 1, 'paid': '300000.00', 'unpaid': '200000.00',
                                      'use_reports': {'received': 0, 'queried': 0, 'accepted': 0},
                                      'experience_shared': 0, 'last_shared_on': None},
                           'due': [{'duty': 'payment', 'article': 'Art. 19', 'duty_zh': '奖励资金未付清'},
                                   {'duty': 'fund_use_report', 'article': 'Art. 21',
                                    'duty_zh': '待报送奖励资金使用情况'},
                                   {'duty': 'experience_sharing', 'article': 'Art. 24',
                                    'duty_zh': '尚未开展经验交流'}]}],
               'next': None}


class ListedCase(Schema):
    """One of the ``cases`` of ListCasesAnswer: the case, the award it is on, its grounds' items."""
    case_id = fields.String(required=True)
    award_id = fields.String(required=True)
    cycle_id = fields.String(required=True)
    recipient_name = fields.String(required=True)
    category = fields.String(required=True)
    kind = fields.String(required=True)
    certificate_number = fields.String(required=True)
    state = fields.String(required=True, validate=validate.OneOf(STATES))
    closed = fields.Boolean(required=True)
    grounds = fields.List(fields.String(), required=True, metadata={"description": "the items of Art. 29 or 30"})
    opened_at = fields.AwareDateTime(required=True)
    updated_at = fields.AwareDateTime(required=True)
    decision_number = fields.String(required=True, allow_none=True)
    decision_date = fields.Date(required=True, allow_none=True)


class ListCasesAnswer(Schema):
    """What GET /v1/cases answers (200): a page, oldest first; ``next`` the ``after`` of the next
    page, null on the last."""
    cases = fields.List(fields.Nested(ListedCase), required=True)
    next = fields.String(required=True, allow_none=True)
    example = {'cases': [{'case_id': 'case-1f0c2a9d3b4e4f5a', 'award_id': 'award-r1', 'cycle_id': 'cycle-2019',
                          'recipient_name': '济南示例制造有限公司', 'category': 'unit_award', 'kind': 'unit',
                          'certificate_number': 'JNSZ-award-r1', 'state': 'proposed', 'closed': False,
                          'grounds': ['Art. 29(2)'], 'opened_at': '2021-06-01T01:00:00+00:00',
                          'updated_at': '2021-06-03T01:00:00+00:00', 'decision_number': None,
                          'decision_date': None}],
               'next': None}
