"""What the supervision service's routes answer: one marshmallow schema per answer, declared on its
route (``@api(..., answer=answers.X())``) and stated in its ``/openapi.json`` (issue 32, item 8).
Written from the answers the service tests receive, which are held to them (award_testing.answers):
each field an answer may hold, none other (a field added to an answer without its schema fails the
tests); every value may be null, which no test can prove it never is."""
from marshmallow import Schema, fields

from award_shared import answers as shared


class ProposeGroupMember(Schema):
    """One of the ``members`` of ProposeGroupAnswer."""
    person_id = fields.String(required=True, allow_none=True)
    kind = fields.String(required=True, allow_none=True)
    kind_text = fields.String(allow_none=True, required=True)
    name = fields.String(required=True, allow_none=True)
    new = fields.Boolean(required=True, allow_none=True)


class ProposeGroupRotation(Schema):
    """The ``rotation`` of ProposeGroupAnswer."""
    measured_against = fields.String(allow_none=True, required=True)
    exempt = fields.Boolean(required=True, allow_none=True)
    exempt_reason = fields.String(allow_none=True, required=True)
    previous_size = fields.Integer(required=True, allow_none=True)
    required_out = fields.Integer(required=True, allow_none=True)
    out = fields.Integer(required=True, allow_none=True)
    new = fields.Integer(required=True, allow_none=True)


class ProposeGroupAnswer(Schema):
    """What POST /v1/cycles/{cycle_id}/group answers (201)."""
    group_id = fields.String(required=True, allow_none=True)
    cycle_id = fields.String(required=True, allow_none=True)
    status = fields.String(required=True, allow_none=True)
    proposed_by = fields.String(required=True, allow_none=True)
    proposed_at = fields.AwareDateTime(required=True, allow_none=True)
    approved_by = fields.String(allow_none=True, required=True)
    approved_at = fields.AwareDateTime(allow_none=True, required=True)
    dissolved_at = fields.AwareDateTime(allow_none=True, required=True)
    previous_group_id = fields.String(allow_none=True, required=True)
    members = fields.List(fields.Nested(ProposeGroupMember), required=True, allow_none=True)
    rotation = fields.Nested(ProposeGroupRotation, required=True, allow_none=True)


class RecordFindingHoldEffect(Schema):
    """One of the ``effects`` of RecordFindingHold."""
    hold_id = fields.String(required=True, allow_none=True)
    owner = fields.String(required=True, allow_none=True)
    subject = fields.String(required=True, allow_none=True)
    subject_step = fields.String(allow_none=True, required=True)
    applied_at = fields.AwareDateTime(required=True, allow_none=True)


class RecordFindingHold(Schema):
    """The ``hold`` of RecordFindingAnswer."""
    hold_id = fields.String(required=True, allow_none=True)
    cycle_id = fields.String(required=True, allow_none=True)
    step = fields.String(required=True, allow_none=True)
    subject = fields.String(allow_none=True, required=True)
    placed_by = fields.String(required=True, allow_none=True)
    placed_by_service = fields.String(required=True, allow_none=True)
    reason = fields.String(required=True, allow_none=True)
    article = fields.String(required=True, allow_none=True)
    status = fields.String(required=True, allow_none=True)
    placed_at = fields.AwareDateTime(required=True, allow_none=True)
    released_at = fields.AwareDateTime(allow_none=True, required=True)
    released_by = fields.String(allow_none=True, required=True)
    release_reason = fields.String(allow_none=True, required=True)
    finding_id = fields.String(required=True, allow_none=True)
    effects = fields.List(fields.Nested(RecordFindingHoldEffect), required=True, allow_none=True)


class RecordFindingReferral(Schema):
    """The ``referral`` of RecordFindingAnswer."""
    referral_id = fields.String(required=True, allow_none=True)
    finding_id = fields.String(required=True, allow_none=True)
    cycle_id = fields.String(required=True, allow_none=True)
    staff_subject = fields.String(required=True, allow_none=True)
    staff_role = fields.String(required=True, allow_none=True)
    referred_to = fields.String(required=True, allow_none=True)
    referred_to_kind = fields.String(required=True, allow_none=True)
    document = fields.String(required=True, allow_none=True)
    note = fields.String(required=True, allow_none=True)
    referred_by = fields.String(required=True, allow_none=True)
    referred_at = fields.AwareDateTime(required=True, allow_none=True)


_HOLD = {'hold_id': 'hold-2228098cebcd4f0e',
         'cycle_id': 'cycle-2019',
         'step': 'district_review',
         'subject': 'app-1',
         'placed_by': 'p01',
         'placed_by_service': 'supervision',
         'reason': '区县推荐未按规定签署',
         'article': 'Art. 9(1)',
         'status': 'active',
         'placed_at': '2019-03-01T01:00:00+00:00',
         'released_at': None,
         'released_by': None,
         'release_reason': None,
         'finding_id': 'finding-978deececf904a46',
         'effects': []}


class RecordFindingAnswer(Schema):
    """What POST /v1/findings answers (201)."""
    finding_id = fields.String(required=True, allow_none=True)
    cycle_id = fields.String(required=True, allow_none=True)
    kind = fields.String(required=True, allow_none=True)
    step = fields.String(required=True, allow_none=True)
    subject = fields.String(allow_none=True, required=True)
    article = fields.String(required=True, allow_none=True)
    summary = fields.String(required=True, allow_none=True)
    evidence = fields.List(fields.String(), required=True, allow_none=True)
    author = fields.String(required=True, allow_none=True)
    recorded_at = fields.AwareDateTime(required=True, allow_none=True)
    hold_id = fields.String(allow_none=True, required=True)
    staff_subject = fields.String(allow_none=True, required=True)
    staff_role = fields.String(allow_none=True, required=True)
    misconduct = fields.String(allow_none=True, required=True)
    harm = fields.String(allow_none=True, required=True)
    complaint_id = fields.String(allow_none=True, required=True)
    hold = fields.Nested(RecordFindingHold, allow_none=True, required=True)
    referral = fields.Nested(RecordFindingReferral, allow_none=True)
    example = {'finding_id': 'finding-978deececf904a46',
               'cycle_id': 'cycle-2019',
               'kind': 'procedural',
               'step': 'district_review',
               'subject': 'app-1',
               'article': 'Art. 9(1)',
               'summary': '区县推荐未按规定签署',
               'evidence': ['推荐表复印件'],
               'author': 'p01',
               'recorded_at': '2019-03-01T01:00:00+00:00',
               'hold_id': 'hold-2228098cebcd4f0e',
               'staff_subject': None,
               'staff_role': None,
               'misconduct': None,
               'harm': None,
               'complaint_id': None,
               'hold': _HOLD}


_OPINION = {'opinion_id': 'opinion-5b895d7e4cf8',
            'cycle_id': 'cycle-2019',
            'application_id': 'app-1',
            'opinion': '评审程序规范，无异议',
            'author': 'p01',
            'recorded_at': '2019-03-01T01:00:00+00:00'}


class RecordOpinionAnswer(Schema):
    """What POST /v1/opinions answers (201)."""
    opinion_id = fields.String(required=True, allow_none=True)
    cycle_id = fields.String(required=True, allow_none=True)
    application_id = fields.String(required=True, allow_none=True)
    opinion = fields.String(required=True, allow_none=True)
    author = fields.String(required=True, allow_none=True)
    recorded_at = fields.AwareDateTime(required=True, allow_none=True)
    example = _OPINION


class FileComplaintAnswer(shared.Filed):
    """What POST /public/v1/complaints answers (201)."""
    example = {'tracking_number': 'JZ2019-976Z4SS9F6',
               'status': 'received',
               'status_zh': '已受理登记',
               'filed_at': '2019-03-01T01:00:00+00:00'}


class ListComplaintsComplaintComplainant(shared.Identity):
    """The ``complainant`` of ListComplaintsComplaint."""


class ListComplaintsComplaint(Schema):
    """One of the ``complaints`` of ListComplaintsAnswer."""
    complaint_id = fields.String(required=True, allow_none=True)
    tracking_number = fields.String(required=True, allow_none=True)
    cycle_id = fields.String(required=True, allow_none=True)
    kind = fields.String(required=True, allow_none=True)
    about_step = fields.Raw(allow_none=True, required=True)
    about_subject = fields.Raw(allow_none=True, required=True)
    content = fields.String(required=True, allow_none=True)
    status = fields.String(required=True, allow_none=True)
    filed_at = fields.AwareDateTime(required=True, allow_none=True)
    triaged_by = fields.String(allow_none=True, required=True)
    triaged_at = fields.AwareDateTime(allow_none=True, required=True)
    triage_note = fields.String(allow_none=True, required=True)
    handled_by = fields.String(allow_none=True, required=True)
    handled_at = fields.AwareDateTime(allow_none=True, required=True)
    result = fields.String(allow_none=True, required=True)
    finding_id = fields.String(allow_none=True, required=True)
    status_zh = fields.String(required=True, allow_none=True)
    complainant = fields.Nested(ListComplaintsComplaintComplainant, allow_none=True)


class ComplaintSummaryAnswer(Schema):
    """What GET /v1/cycles/{cycle_id}/complaints/summary answers (200): how many of the cycle's
    complaints stand in each status (a status with none left out), and how many wait for the group
    (received or under review)."""
    cycle_id = fields.String(required=True)
    total = fields.Integer(required=True)
    by_status = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)
    waiting = fields.Integer(required=True)
    example = {'cycle_id': 'cycle-2019', 'total': 3, 'by_status': {'handled': 1, 'received': 2}, 'waiting': 2}


class ListComplaintsAnswer(Schema):
    """What GET /v1/complaints answers (200): a page, oldest first; ``next`` the ``after`` of the next page,
    null on the last."""
    complaints = fields.List(fields.Nested(ListComplaintsComplaint), required=True, allow_none=True)
    next = fields.String(required=True, allow_none=True)
    example = {'complaints': [{'complaint_id': 'complaint-bcc7296d8e2f468b',
                               'tracking_number': 'JZ2019-976Z4SS9F6',
                               'cycle_id': 'cycle-2019',
                               'kind': 'complaint',
                               'about_step': None,
                               'about_subject': None,
                               'content': '评审不公',
                               'status': 'received',
                               'filed_at': '2019-03-01T01:00:00+00:00',
                               'triaged_by': None,
                               'triaged_at': None,
                               'triage_note': None,
                               'handled_by': None,
                               'handled_at': None,
                               'result': None,
                               'finding_id': None,
                               'status_zh': '已受理登记',
                               'complainant': {'name': None, 'contact': None}}],
               'next': None}


class ListFindingsAnswer(Schema):
    """What GET /v1/findings answers (200): a page, oldest first; ``next`` the ``after`` of the next page,
    null on the last."""
    findings = fields.List(fields.Nested(RecordFindingAnswer), required=True, allow_none=True)
    next = fields.String(required=True, allow_none=True)


class ListOpinionsAnswer(Schema):
    """What GET /v1/opinions answers (200): a page, oldest first; ``next`` the ``after`` of the next page,
    null on the last."""
    opinions = fields.List(fields.Nested(RecordOpinionAnswer), required=True, allow_none=True)
    next = fields.String(required=True, allow_none=True)
    example = {'opinions': [{'opinion_id': 'opinion-33d3236dbc49',
                             'cycle_id': 'cycle-2021',
                             'application_id': 'app-1',
                             'opinion': '评审程序规范，无异议',
                             'author': 'q1',
                             'recorded_at': '2019-03-01T01:00:00+00:00'},
                            _OPINION],
               'next': None}


class ListSupervisionHoldsAnswer(Schema):
    """What GET /v1/holds answers (200): a page, by hold id; ``next`` the ``after`` of the next page,
    null on the last."""
    holds = fields.List(fields.Nested(RecordFindingHold), required=True, allow_none=True)
    next = fields.String(required=True, allow_none=True)
    example = {'holds': [_HOLD, {**_HOLD, 'hold_id': 'hold-47e1776fd5a54687', 'cycle_id': 'cycle-2021',
                                  'placed_by': 'q1', 'finding_id': 'finding-9f80f9bdc2bb4752'}],
               'next': None}


class ListReportsReport(Schema):
    """One of the ``reports`` of ListReportsAnswer."""
    report_id = fields.String(required=True, allow_none=True)
    cycle_id = fields.String(required=True, allow_none=True)
    kind = fields.String(required=True, allow_none=True)
    ref_id = fields.String(required=True, allow_none=True)
    summary = fields.String(required=True, allow_none=True)
    reported_by = fields.String(required=True, allow_none=True)
    reported_at = fields.AwareDateTime(required=True, allow_none=True)


class ListReportsAnswer(Schema):
    """What GET /v1/reports answers (200): a page, oldest first; ``next`` the ``after`` of the next page,
    null on the last."""
    reports = fields.List(fields.Nested(ListReportsReport), required=True, allow_none=True)
    next = fields.String(required=True, allow_none=True)
    example = {'reports': [{'report_id': 'report-371ee7945ce2',
                            'cycle_id': 'cycle-2019',
                            'kind': 'complaint_result',
                            'ref_id': 'complaint-bcc7296d8e2f468b',
                            'summary': '不属于受理范围',
                            'reported_by': 'p01',
                            'reported_at': '2019-03-01T01:00:00+00:00'},
                           {'report_id': 'report-469878de6f75',
                            'cycle_id': 'cycle-2021',
                            'kind': 'complaint_result',
                            'ref_id': 'complaint-9f7999e90b4b4266',
                            'summary': '不属于受理范围',
                            'reported_by': 'q1',
                            'reported_at': '2019-03-01T01:00:00+00:00'}],
               'next': None}


class ApproveReleaseAnswer(Schema):
    """What POST /v1/cycles/{cycle_id}/group/release-approval answers (201)."""
    approval_id = fields.String(required=True, allow_none=True)
    cycle_id = fields.String(required=True, allow_none=True)
    group_id = fields.String(required=True, allow_none=True)
    approved_by = fields.String(required=True, allow_none=True)
    remaining_holds = fields.List(fields.String(), required=True, allow_none=True)
    example = {'approval_id': 'approval-5106ce365ad2',
               'cycle_id': 'cycle-2019',
               'group_id': 'group-2a33da4d226f',
               'approved_by': 'leading_group-test',
               'remaining_holds': ['hold-41812c30f3f44675']}


class ReleaseRemainingHoldsAnswer(Schema):
    """What POST /v1/cycles/{cycle_id}/holds/release answers (200)."""
    cycle_id = fields.String(required=True, allow_none=True)
    released = fields.List(fields.Nested(RecordFindingHold), required=True, allow_none=True)
    example = {'cycle_id': 'cycle-2019',
               'released': [{'hold_id': 'hold-6c7c26314a5942ac',
                             'cycle_id': 'cycle-2019',
                             'step': 'qualification_review',
                             'subject': 'app-2',
                             'placed_by': 'p01',
                             'placed_by_service': 'supervision',
                             'reason': '资格审查程序存疑',
                             'article': 'Art. 9(1)',
                             'status': 'released',
                             'placed_at': '2019-03-01T01:00:00+00:00',
                             'released_at': '2019-03-01T01:00:00+00:00',
                             'released_by': 'office-1',
                             'release_reason': '经批准解除其余',
                             'finding_id': 'finding-505720f2e1b34bb1',
                             'effects': []}]}


class HoldEffectsAnswer(Schema):
    """What GET /v1/holds/{hold_id}/effects answers (200)."""
    hold_id = fields.String(required=True, allow_none=True)
    effects = fields.List(fields.Nested(RecordFindingHoldEffect), required=True, allow_none=True)
    example = {'hold_id': 'hold-1106b95569c64fa5',
               'effects': [{'hold_id': 'hold-1106b95569c64fa5',
                            'owner': 'intake',
                            'subject': 'app-1',
                            'subject_step': 'district_review',
                            'applied_at': '2019-03-01T01:00:05+00:00'},
                           {'hold_id': 'hold-1106b95569c64fa5',
                            'owner': 'scoring',
                            'subject': 'app-1',
                            'subject_step': None,
                            'applied_at': '2019-03-01T01:00:05+00:00'}]}


_SUPERVISION_REPORT = {'report_id': 'supervision-report-753e1c9f44bb',
                       'cycle_id': 'cycle-2019',
                       'title': '2019年度市长质量奖材料评审阶段监督情况报告',
                       'content': '监督小组全程参加材料评审，未发现违规。',
                       'steps': ['material_review', 'district_review'],
                       'document': '监督小组报告第1号',
                       'reported_by': 'p03',
                       'reported_at': '2019-03-01T01:00:00+00:00'}


class ReportSupervisionAnswer(Schema):
    """What POST /v1/cycles/{cycle_id}/supervision-reports answers (201)."""
    report_id = fields.String(required=True, allow_none=True)
    cycle_id = fields.String(required=True, allow_none=True)
    title = fields.String(required=True, allow_none=True)
    content = fields.String(required=True, allow_none=True)
    steps = fields.List(fields.String(), required=True, allow_none=True)
    document = fields.String(required=True, allow_none=True)
    reported_by = fields.String(required=True, allow_none=True)
    reported_at = fields.AwareDateTime(required=True, allow_none=True)
    example = _SUPERVISION_REPORT


class ListSupervisionReportsAnswer(Schema):
    """What GET /v1/cycles/{cycle_id}/supervision-reports answers (200)."""
    cycle_id = fields.String(required=True, allow_none=True)
    supervision_reports = fields.List(fields.Nested(ReportSupervisionAnswer), required=True, allow_none=True)
    example = {'cycle_id': 'cycle-2019', 'supervision_reports': [_SUPERVISION_REPORT]}


# DECLARATIONS
# not recorded: []
