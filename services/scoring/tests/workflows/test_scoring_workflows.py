"""Scoring's workflows on the fast rung (Art. 7, 8, 14, 15, 16, 27): each runs the module the
service runs, on a real unit of work over SQLite in memory, and checks the state it leaves, the
events it commits to the outbox and what it audits."""
import pytest

from award_scoring import (agency, assignment, candidates, queries, replicas, result_reports, results, reviews,
                           work_plans)
from award_scoring import tables as t
from award_shared import errors, events, holds, tables
from award_testing.workflows import audited, published
from scoring_scene import AGENCY_CODE, AGENCY_STAFF, CYCLE, EXPERTS, OFFICE, SCORED, THIRD_PARTY


def rows(scene, table, **where):
    query = table.select()
    for key, value in where.items():
        query = query.where(table.c[key] == value)
    with scene.tx:
        return [dict(r) for r in scene.tx.all(query)]


def types(scene):
    return [e["type"] for e in published(scene.tx)]


def test_art7_the_leading_group_entrusts_the_agency_and_scoring_records_its_roster_in_the_same_transaction(scene):
    scene.run(agency.appoint, CYCLE, {"name": "山东示例质量评价中心", "credit_code": AGENCY_CODE,
                                      "staff_subjects": [AGENCY_STAFF, AGENCY_STAFF]}, "office-li")
    assert rows(scene, t.agencies)[0]["status"] == "proposed" and published(scene.tx) == []

    found = scene.run(agency.approve, CYCLE, {"decision": "领导小组审定委托"}, "leading-group-wang")

    assert found["status"] == "appointed" and found["staff_subjects"] == [AGENCY_STAFF]
    [appointed] = published(scene.tx, events.AgencyAppointed.type)
    assert appointed["subject"] == CYCLE and appointed["cycleid"] == CYCLE
    assert appointed["data"] == {"cycle_id": CYCLE, "name": "山东示例质量评价中心", "credit_code": AGENCY_CODE,
                                 "staff_subjects": [AGENCY_STAFF], "approved_by": "leading-group-wang",
                                 "appointed_at": "2019-06-03T01:00:00+00:00"}
    with scene.tx:  # the roster at once, with the envelope's sequence: scoring does not wait for its echo
        assert scene.tx.first(tables.KIT.tables["cycle_rosters"].select())["sequence"] == appointed["sequence"]
    assert [a["action"] for a in audited(scene.tx)] == ["agency.propose", "agency.appoint"]


def test_art15_a_stage_opens_under_the_group_and_closes_completing_each_application(scene):
    scene.agency().experts().application("app-1")
    with pytest.raises(errors.RuleViolation) as unsupervised:
        scene.stage("qualification_review", "open")
    assert unsupervised.value.code == "no_supervision_group" and types(scene) == [events.AgencyAppointed.type]
    scene.group()

    opened = scene.stage("qualification_review", "open")

    assert opened["stages"][0] == {"stage": "qualification_review", "name": "资格审查", "mode": "pass_fail",
                                   "status": "open", "opened_at": opened["stages"][0]["opened_at"],
                                   "closed_at": None}
    assert [s["status"] for s in opened["stages"][1:]] == [None, None, None]
    [step_opened] = published(scene.tx, events.CycleStepOpened.type)
    assert step_opened["data"] == {"cycle_id": CYCLE, "step": "qualification_review", "at": "2019-06-03T01:00:00+00:00"}

    scene.tx.clock.advance(days=10)
    closed = scene.stage("qualification_review", "close")

    assert closed["status"] == "closed" and closed["incomplete"] == ["app-1"] and closed["completed"] == []
    assert rows(scene, t.stage_results, application_id="app-1")[0]["status"] == "incomplete"
    [step_closed] = published(scene.tx, events.CycleStepClosed.type)
    assert step_closed["data"]["at"] == "2019-06-13T01:00:00+00:00"
    assert audited(scene.tx, "stage.close")[0]["detail"] == '{"completed": 0, "pending_hold": 0, "incomplete": 1}'
    with pytest.raises(errors.RuleViolation) as again:
        scene.stage("qualification_review", "close")
    assert again.value.code == "stage_state" and len(published(scene.tx, events.CycleStepClosed.type)) == 1


def test_art8_art25_the_third_party_assigns_the_least_loaded_panel(scene):
    scene.agency().group().experts().application("app-1")

    answer = scene.run(assignment.assign, "app-1", {"mode": "auto"}, THIRD_PARTY)

    assert answer["panel"] == list(EXPERTS[:3])
    assert [(s["expert_subject"], s["status"], s["mode"]) for s in rows(scene, t.assignments)] == [
        (subject, "active", "auto") for subject in EXPERTS[:3]]
    [assigned] = published(scene.tx, events.PanelAssigned.type)
    assert assigned["subject"] == "app-1"
    assert assigned["data"] == {"application_id": "app-1", "cycle_id": CYCLE, "expert_subjects": list(EXPERTS[:3]),
                                "sector": "secondary"}
    [audit] = audited(scene.tx, "panel.assign")
    assert audit["target"] == "app-1" and audit["actor"] == "system:scoring"


def test_art15_score_sheets_close_into_review_stage_completed(ready):
    ready.stage("qualification_review", "open")
    ready.qualify("app-1")
    ready.stage("qualification_review", "close")
    panel = ready.run(queries.panel, "app-1")

    ready.stage("material_review", "open")
    for subject, fraction in zip(panel, (0.80, 0.82, 0.84)):
        ready.sheet(subject, "app-1", "material_review", fraction)
    closed = ready.stage("material_review", "close")

    assert closed["completed"] == ["app-1"]
    [result] = rows(ready, t.stage_results, application_id="app-1", stage="material_review")
    assert (result["status"], result["outcome"]) == ("completed", "passed") and result["score"] == pytest.approx(820.0)
    qualification, material = published(ready.tx, events.ReviewStageCompleted.type)
    assert qualification["data"] == {"application_id": "app-1", "cycle_id": CYCLE, "stage": "qualification_review",
                                     "outcome": "passed", "aggregated_score": None, "tilt_points": None}
    assert material["data"]["stage"] == "material_review" and material["data"]["tilt_points"] is None
    assert material["data"]["aggregated_score"] == pytest.approx(820.0) and "final" not in material["data"]
    assert len(audited(ready.tx, "review.record")) == 3
    with pytest.raises(errors.RuleViolation) as late:  # closed: no sheet after it
        ready.sheet(panel[0], "app-1", "material_review", 0.9)
    assert late.value.code == "stage_closed"


def test_art10_art15_a_failed_qualification_makes_the_application_ineligible(ready):
    ready.stage("qualification_review", "open")
    item = ready.ruleset["eligibility"]["unit"]["conditions"][0]["item"]

    answer = ready.qualify("app-1", failed=(item, "主营业务持续经营不足5年"))

    assert answer["outcome"] == "failed"
    [app] = rows(ready, t.applications, application_id="app-1")
    assert app["ineligible_article"] == answer["article"] == "Art. 10(1)"
    assert app["ineligible_reason"] == "Art. 10(1)：主营业务持续经营不足5年"
    assert rows(ready, t.stage_results)[0]["status"] == "completed"
    assert types(ready)[-2:] == [events.ReviewStageCompleted.type, events.ApplicationIneligible.type]
    [ineligible] = published(ready.tx, events.ApplicationIneligible.type)
    assert ineligible["subject"] == "app-1"
    assert ineligible["data"] == {"application_id": "app-1", "cycle_id": CYCLE, "article": "Art. 10(1)",
                                  "reason": app["ineligible_reason"]}
    assert audited(ready.tx, "decision.record")[0]["target"] == "app-1"
    with pytest.raises(errors.RuleViolation) as final:  # a fail is final, even corrected
        ready.run(reviews.record, "app-1", "qualification_review",
                  dict(ready.conditions(), supersedes=answer["review_id"], reason="复核"), THIRD_PARTY)
    assert final.value.code == "ineligible"


def test_art2_art16_the_office_proposes_the_candidates_after_every_stage(ready):
    ready.application("app-2")
    ready.panel("app-2")
    ready.stage("qualification_review", "open")
    ready.qualify("app-1")
    ready.qualify("app-2")
    ready.stage("qualification_review", "close")
    for step in SCORED:
        ready.scored(step, {"app-1": 0.86, "app-2": 0.80})
    last = published(ready.tx, events.ReviewStageCompleted.type)[-1]
    assert last["data"]["stage"] == "defense" and last["data"]["final"]["total"] > 0  # the final travels with it

    with pytest.raises(errors.RuleViolation) as unreported:  # Art. 8(3): the agency reports first
        ready.run(candidates.propose, CYCLE, {"reason": "评审结束"}, OFFICE)
    assert unreported.value.code == "results_not_reported" and unreported.value.article == "Art. 8, 16"
    report = ready.run(result_reports.report, CYCLE, {"summary": "评审结果汇总报告"}, THIRD_PARTY)
    assert [(e["application_id"], e["status"]) for e in report["snapshot"]] == [("app-1", "eligible"),
                                                                                ("app-2", "eligible")]

    proposed = ready.run(candidates.propose, CYCLE, {"reason": "评审结束"}, OFFICE)

    assert proposed["status"] == "current" and proposed["supersedes"] is None
    [lists] = rows(ready, t.candidate_lists)
    assert lists["status"] == "current"
    [event] = published(ready.tx, events.CandidatesProposed.type)
    assert event["subject"] == CYCLE and event["data"]["list_id"] == str(lists["id"])
    units = next(c for c in event["data"]["categories"] if c["category"] == "unit_award")
    assert [c["application_id"] for c in units["candidates"]] == ["app-1", "app-2"]
    [audit] = audited(ready.tx, "candidates.propose")
    assert audit["target"] == CYCLE and '"listed": 2' in audit["detail"]
    assert report["report_id"] in audit["detail"]  # the list names the report it follows


def test_art14_intake_events_are_recorded_in_the_replica_and_a_withdrawal_frees_the_seats(ready):
    ready.consume(replicas.record_event, ready.submitted("app-9", applicant_name="济南示例精密机械有限公司"))

    [app] = rows(ready, t.applications, application_id="app-9")
    assert (app["applicant_name"], app["submitted_sequence"], app["recommended_at"]) == (
        "济南示例精密机械有限公司", 1, None)
    with ready.tx:
        assert replicas.step_of(ready.tx, CYCLE, "app-9") == "qualification_review"
    before = len(published(ready.tx))

    ready.consume(replicas.record_event, events.ApplicationWithdrawn(application_id="app-1", cycle_id=CYCLE,
                                                                     reason="企业自愿撤回"))

    assert {s["status"] for s in rows(ready, t.assignments, application_id="app-1")} == {"ended"}
    assert rows(ready, t.applications, application_id="app-1")[0]["withdrawal_reason"] == "企业自愿撤回"
    assert len(published(ready.tx)) == before  # intake's facts publish nothing here
    [ended] = audited(ready.tx, "panel.ended")
    assert ended["target"] == "app-1" and ended["detail"] == '{"seats": 3}'


def test_art27_a_disqualified_expert_leaves_the_panel_and_the_seat_is_filled_again(ready):
    panel = ready.run(queries.panel, "app-1")

    ready.consume(replicas.record_disqualified, events.ExpertDisqualified(
        expert_subject=panel[0], cycle_id=CYCLE, reason="徇私舞弊", harm="评分失实"))

    assert ready.run(queries.panel, "app-1") == panel[1:] + [EXPERTS[3]]
    assert rows(ready, t.experts, subject=panel[0])[0]["status"] == "disqualified"
    assert published(ready.tx, events.PanelAssigned.type)[-1]["data"]["expert_subjects"] == panel[1:] + [EXPERTS[3]]
    assert [a["action"] for a in audited(ready.tx)][-2:] == [events.ExpertDisqualified.type, "panel.reassign"]
    with pytest.raises(errors.RuleViolation):  # nor can it be registered again in this cycle
        ready.experts((panel[0],))


def test_art15_a_held_application_waits_at_the_close_and_completes_when_the_hold_is_released(ready):
    ready.stage("qualification_review", "open")
    ready.qualify("app-1")
    ready.stage("qualification_review", "close")
    ready.stage("material_review", "open")
    for subject in ready.run(queries.panel, "app-1"):
        ready.sheet(subject, "app-1", "material_review", 0.8)
    hold = {"hold_id": "hold-1", "cycle_id": CYCLE, "step": "material_review", "subject": "app-1",
            "placed_by": "supervisor-wang", "placed_by_service": "supervision", "reason": "核查举报",
            "article": "Art. 26"}
    ready.run(holds.record_placed, hold, subject_step=replicas.step_of)  # as the kit's consumer does
    assert published(ready.tx, events.HoldApplied.type)[0]["data"]["subject_step"] == "material_review"

    closed = ready.stage("material_review", "close")

    assert closed["pending_hold"] == ["app-1"] and closed["completed"] == []
    assert rows(ready, t.stage_results, stage="material_review")[0]["status"] == "pending_hold"
    assert [e["data"]["stage"] for e in published(ready.tx, events.ReviewStageCompleted.type)] == [
        "qualification_review"]

    ready.run(holds.record_released, {"hold_id": "hold-1", "cycle_id": CYCLE, "step": "material_review",
                                      "subject": "app-1", "released_by": "supervisor-wang", "reason": "核查完毕"})
    done = ready.run(results.complete_pending, CYCLE)  # ScoringService.hold_released

    assert done == [{"application_id": "app-1", "stage": "material_review", "status": "completed"}]
    assert rows(ready, t.stage_results, stage="material_review")[0]["status"] == "completed"
    assert published(ready.tx, events.ReviewStageCompleted.type)[-1]["data"]["stage"] == "material_review"
    assert audited(ready.tx, "results.completed_after_release")[0]["target"] == CYCLE


PLAN = {"title": "评审实施方案", "content": "资格审查、材料评审、现场评审、陈述答辩的安排。"}


def test_art8_a_work_plan_waits_for_the_entrusted_agency_and_a_revision_supersedes_the_current_one(scene):
    with pytest.raises(errors.RuleViolation) as early:
        scene.run(work_plans.file_plan, CYCLE, PLAN, THIRD_PARTY)
    assert early.value.article == "Art. 8" and early.value.code == "no_agency"
    scene.agency()
    first = scene.run(work_plans.file_plan, CYCLE, PLAN, THIRD_PARTY)
    with pytest.raises(errors.Conflict) as twice:
        scene.run(work_plans.file_plan, CYCLE, PLAN, THIRD_PARTY)
    assert twice.value.code == "plan_filed"
    revised = scene.run(work_plans.file_plan, CYCLE, dict(PLAN, supersedes=first["plan_id"], reason="日程调整"),
                        THIRD_PARTY)
    assert (first["version"], revised["version"], revised["supersedes"]) == (1, 2, first["plan_id"])
    assert [a["action"] for a in audited(scene.tx) if a["action"].startswith("work_plan")] == [
        "work_plan.file", "work_plan.revise"]


def test_art15_art16_the_counts_and_the_filters_agree_with_where_each_application_stands(ready):
    """The count route's ``GROUP BY`` and the list's filters are SQL; where an application stands
    is ``replica.status`` in Python: they agree on every status, on "no stage result yet" and on
    "no supervision opinion yet" (what the console shows instead of filtering every row)."""
    from award_scoring.domain import replica

    for app_id in ("app-2", "app-3"):
        ready.application(app_id)
    ready.consume(replicas.record_event, ready.submitted("app-4"))  # submitted, never recommended
    ready.consume(replicas.record_event, ready.submitted("app-5"))
    ready.consume(replicas.record_event, events.ApplicationWithdrawn(
        application_id="app-5", cycle_id=CYCLE, reason="自愿撤回"))
    ready.consume(replicas.record_opinion, events.OpinionRecorded(
        application_id="app-2", cycle_id=CYCLE, opinion="评审过程规范，无异议。"))
    ready.stage("qualification_review", "open")
    ready.qualify("app-1")

    with ready.tx:
        counted, unstarted, without_opinion = queries.application_counts(ready.tx, CYCLE)
        every = ready.tx.all(t.applications.select().where(t.applications.c.cycle_id == CYCLE))
        by_python = {}
        for row in every:
            by_python[replica.status(dict(row))] = by_python.get(replica.status(dict(row)), 0) + 1

        def page(**filters):
            found, following = queries.applications_page(ready.tx, CYCLE, None, 100, **filters)
            assert following is None
            return [r["application_id"] for r in found]
        assert counted == by_python == {"recommended": 3, "submitted": 1, "withdrawn": 1}
        assert (unstarted, without_opinion) == (2, 2)
        assert page(status="recommended", unstarted=True) == ["app-2", "app-3"]
        assert page(unstarted=False) == ["app-1"]
        assert page(status="recommended", with_opinion=False) == ["app-1", "app-3"]
        assert page(with_opinion=True) == ["app-2"]
        assert page(status="withdrawn") == ["app-5"] and page(status="submitted") == ["app-4"]
