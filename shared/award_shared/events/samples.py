"""One valid ``data`` payload per event type, for tests across the suite.

The people and units are invented; ``person_key`` values are digests of made-up strings,
so no resident ID number appears here either. Copy before changing one:
``dict(SAMPLES[t])`` or ``copy.deepcopy(SAMPLES[t])``.
"""
import hashlib

CYCLE = "cycle-2019"
UNIT_APPLICATION = "app-2019-0001"
PERSON_APPLICATION = "app-2019-0002"
UNIT_CREDIT_CODE = "91370100MA3C4XYD8F"  # valid per GB 32100 (both check characters)
EMPLOYER_CREDIT_CODE = "91370100163051232N"
PERSON_KEY = hashlib.sha256(b"sample person, not an ID number").hexdigest()
RULESET = {
    "id": "jinan-2018",
    "in_force": {"from": "2018-12-07", "to": "2021-12-06"},
    "quotas": {"unit_award": 5, "individual_award": 3,
               "unit_nomination": 3, "individual_nomination": 2},
    "public_notice_working_days": 5,
}
RULESET_SHA256 = hashlib.sha256(b"jinan-2018 rule set").hexdigest()

SAMPLES = {
    "cycle.opened": {
        "cycle_id": CYCLE, "edition": 2019, "ruleset": RULESET, "ruleset_id": "jinan-2018",
        "ruleset_sha256": RULESET_SHA256,
        "schedule": {"notice": "2019-03-01T09:00:00+08:00",
                     "application": "2019-04-30T17:00:00+08:00",
                     "district_review": "2019-05-20T17:00:00+08:00"},
        "opened_at": "2019-03-01T08:00:00+08:00",
    },
    "cycle.closed": {"cycle_id": CYCLE, "closed_at": "2019-12-20T10:00:00+08:00"},
    "cycle.step_opened": {"cycle_id": CYCLE, "step": "material_review",
                          "at": "2019-06-01T09:00:00+08:00"},
    "cycle.step_closed": {"cycle_id": CYCLE, "step": "material_review",
                          "at": "2019-07-01T17:00:00+08:00"},
    "notice.published": {
        "cycle_id": CYCLE, "deadline": "2019-04-30T17:00:00+08:00",
        "text": "关于组织申报2019年度济南市市长质量奖的通知", "published_at": "2019-03-01T09:00:00+08:00",
    },
    "application.submitted": {
        "application_id": UNIT_APPLICATION, "cycle_id": CYCLE, "kind": "unit",
        "applicant_name": "济南示例精密机械有限公司", "credit_code": UNIT_CREDIT_CODE,
        "district": "历下区", "sector": "secondary", "tilt_claims": ["ten_major_industries"],
        "submitted_at": "2019-04-20T15:30:00+08:00",
    },
    "application.withdrawn": {"application_id": UNIT_APPLICATION, "cycle_id": CYCLE,
                              "reason": "企业主动撤回申报"},
    "application.ineligible": {"application_id": UNIT_APPLICATION, "cycle_id": CYCLE,
                               "article": "Art. 10(1)", "reason": "主营业务持续经营不足5年"},
    "application.recommended": {
        "application_id": UNIT_APPLICATION, "cycle_id": CYCLE, "district": "历下区",
        "reviewer": "lixia-coordinator", "opinion": "经初审，同意推荐。",
    },
    "agency.appointed": {"cycle_id": CYCLE, "name": "山东示例质量评价中心", "credit_code": "91370100MA3C4XYD8F",
                         "staff_subjects": ["agency-zhang"], "approved_by": "leading-group-wang"},
    "panel.assigned": {"application_id": UNIT_APPLICATION, "cycle_id": CYCLE,
                       "expert_subjects": ["expert-01", "expert-02", "expert-03"],
                       "stage": "material_review", "sector": "secondary"},
    "review.stage_completed": {"application_id": UNIT_APPLICATION, "cycle_id": CYCLE,
                               "stage": "material_review", "outcome": "passed",
                               "aggregated_score": 812.5, "tilt_points": 10.0},
    "candidates.proposed": {"cycle_id": CYCLE, "categories": [
        {"category": "unit_award", "vacancies": 4, "candidates": [
            {"rank": 1, "application_id": UNIT_APPLICATION,
             "applicant_name": "济南示例精密机械有限公司", "score": 861.0}]},
        {"category": "individual_award", "vacancies": 2, "candidates": [
            {"rank": 1, "application_id": PERSON_APPLICATION, "applicant_name": "张示例",
             "score": 88.0, "pending": True}]},
    ]},
    "supervision.group_appointed": {"cycle_id": CYCLE, "members": {
        "npc_deputy": ["王代表"], "cppcc_member": ["李委员"], "government": ["赵科长"],
        "media": ["钱记者"], "lawyer": ["孙律师"]}},
    "supervision.group_dissolved": {"cycle_id": CYCLE, "members": {
        "npc_deputy": ["王代表"], "cppcc_member": ["李委员"], "government": ["赵科长"],
        "media": ["钱记者"], "lawyer": ["孙律师"]}},
    "finding.recorded": {"finding_id": "finding-01", "cycle_id": CYCLE, "kind": "review_staff",
                         "step": "onsite_review", "subject": UNIT_APPLICATION, "article": "Art. 26",
                         "summary": "现场评审记录不完整", "hold_id": "hold-01"},
    "opinion.recorded": {"application_id": UNIT_APPLICATION, "cycle_id": CYCLE,
                         "opinion": "评审过程规范，无异议。"},
    "hold.placed": {"hold_id": "hold-01", "cycle_id": CYCLE, "step": "onsite_review",
                    "subject": UNIT_APPLICATION, "placed_by": "supervisor-wang",
                    "placed_by_service": "supervision", "reason": "现场评审记录待核实",
                    "article": "Art. 9"},
    "hold.released": {"hold_id": "hold-01", "cycle_id": CYCLE, "step": "onsite_review",
                      "subject": UNIT_APPLICATION, "released_by": "supervisor-wang",
                      "reason": "经核实，记录已补正"},
    "hold.applied": {"hold_id": "hold-01", "cycle_id": CYCLE, "owner": "scoring",
                     "subject": UNIT_APPLICATION, "subject_step": "onsite_review",
                     "applied_at": "2019-07-10T10:00:00+08:00"},
    "expert.disqualified": {"expert_subject": "expert-02", "cycle_id": CYCLE,
                            "reason": "与申报单位存在未申报的利害关系", "harm": "评分失实，影响评审结果",
                            "finding_id": "finding-02"},
    "deliberation.decided": {"cycle_id": CYCLE, "deliberation_id": "deliberation-01",
                             "meeting_date": "2019-09-20", "candidates": [
                                 {"application_id": UNIT_APPLICATION, "category": "unit_award",
                                  "decision": "adopted"},
                                 {"application_id": PERSON_APPLICATION, "category": "individual_award",
                                  "decision": "pending"}]},
    "notice.opened": {"cycle_id": CYCLE, "window_start": "2019-10-08T09:00:00+08:00",
                      "window_end": "2019-10-14T17:00:00+08:00", "media": ["济南日报"]},
    "notice.closed": {"cycle_id": CYCLE, "window_start": "2019-10-08T09:00:00+08:00",
                      "window_end": "2019-10-14T17:00:00+08:00"},
    "objection.received": {"objection_id": "objection-01", "cycle_id": CYCLE,
                           "application_id": UNIT_APPLICATION},
    "objection.resolved": {"objection_id": "objection-01", "cycle_id": CYCLE,
                           "application_id": UNIT_APPLICATION, "outcome": "dismissed",
                           "handling_opinion": "经调查，反映问题不属实。"},
    "award.approved": {"cycle_id": CYCLE, "final_list": [
        {"application_id": UNIT_APPLICATION, "category": "unit_award",
         "recipient_name": "济南示例精密机械有限公司"},
        {"application_id": PERSON_APPLICATION, "category": "individual_award",
         "recipient_name": "张示例"}]},
    "award.granted": {
        "award_id": "award-2019-01", "application_id": PERSON_APPLICATION, "cycle_id": CYCLE,
        "certificate_number": "JNSZ-2019-I-001", "recipient_name": "张示例",
        "person_key": PERSON_KEY, "category": "individual_award",
        "items": ["medal", "certificate"], "prize_amount": "100000.00",
    },
    "award.revoked": {"award_id": "award-2019-01", "cycle_id": CYCLE, "grounds": ["Art. 30(1)"],
                      "decision_date": "2020-06-30", "items_to_recover": ["medal", "certificate"],
                      "money_to_recover": "100000.00", "case_id": "case-01"},
    "revocation.recovery_completed": {"award_id": "award-2019-01", "cycle_id": CYCLE},
}
