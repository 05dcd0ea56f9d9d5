"""Service tests, Art. 10-12 and 15: the four stages in order, the qualification review,
score sheets under the GB/T 19580 caps, immutability, aggregation, weights and the tilt line."""
import sqlalchemy as sa

from award_scoring import tables
from scoring_testkit import SCORED, all_conditions_met, individual_sheet, unit_sheet


def test_art15_stages_open_in_order_once_each_and_are_announced(desk):
    early = desk.as_agency("POST", f"/v1/cycles/{desk.cycle_id}/stages/material_review/open", {})
    assert early.status_code == 409 and early.json()["error"]["article"] == "Art. 15"
    desk.stage("qualification_review", "open")
    assert desk.as_agency("POST", f"/v1/cycles/{desk.cycle_id}/stages/qualification_review/open", {}).status_code == 409
    assert desk.as_agency("POST", f"/v1/cycles/{desk.cycle_id}/stages/interview/open", {}).status_code == 404
    desk.stage("qualification_review", "close")
    stages = desk.as_office("GET", f"/v1/cycles/{desk.cycle_id}/stages").json()["stages"]
    assert [(s["stage"], s["status"]) for s in stages] == [
        ("qualification_review", "closed"), ("material_review", None), ("onsite_review", None), ("defense", None)]
    steps = [(e["type"], e["data"]["step"]) for e in desk.outbox() if e["type"].startswith("cycle.step")]
    assert steps == [("cycle.step_opened", "qualification_review"), ("cycle.step_closed", "qualification_review")]


def test_art10_a_failed_condition_publishes_application_ineligible_and_ends_the_review(desk):
    desk.experts(3)
    desk.application("bad")
    desk.stage("qualification_review", "open")
    body = all_conditions_met(desk.ruleset, "unit")
    body["conditions"][4] = {"item": "Art. 10(5)", "met": False, "reason": "2017年发生较大生产安全事故"}
    by_expert = desk.as_expert("exp-00", "POST", "/v1/applications/bad/reviews/qualification_review", body)
    assert by_expert.status_code == 403
    missing = desk.as_agency("POST", "/v1/applications/bad/reviews/qualification_review",
                             {"conditions": body["conditions"][:3]})
    assert missing.status_code == 422 and "conditions" in missing.json()["error"]["fields"]
    decided = desk.as_agency("POST", "/v1/applications/bad/reviews/qualification_review", body)
    assert decided.status_code == 201, decided.text
    assert decided.json()["outcome"] == "failed" and decided.json()["article"] == "Art. 10(5)"
    [ineligible] = desk.outbox("application.ineligible")
    assert ineligible["data"] == {"application_id": "bad", "cycle_id": desk.cycle_id, "article": "Art. 10(5)",
                                  "reason": "Art. 10(5)：2017年发生较大生产安全事故"}
    [completed] = desk.outbox("review.stage_completed")
    assert completed["data"]["outcome"] == "failed" and completed["data"]["aggregated_score"] is None
    final = desk.as_agency("POST", "/v1/applications/bad/reviews/qualification_review",
                           all_conditions_met(desk.ruleset, "unit") | {"supersedes": decided.json()["review_id"],
                                                                       "reason": "复核"})
    assert final.status_code == 409 and final.json()["error"]["article"] == "Art. 15"  # a fail is final
    refused = desk.assign("bad")
    assert refused.status_code == 409 and refused.json()["error"]["article"] == "Art. 15"


def test_art15_gbt19580_caps_comments_assignment_and_the_stage_window(desk):
    desk.experts(4)
    desk.application("app-1")
    desk.application("person-1", kind="individual")
    panel = desk.assign("app-1").json()["panel"]
    person_panel = desk.assign("person-1").json()["panel"]
    outsider = ({"exp-00", "exp-01", "exp-02", "exp-03"} - set(panel)).pop()
    desk.stage("qualification_review", "open")
    desk.qualify("app-1")
    desk.qualify("person-1", kind="individual")
    desk.stage("qualification_review", "close")
    early = desk.sheet(panel[0], "app-1", "onsite_review", 0.8)
    assert early.status_code == 409 and early.json()["error"]["code"] == "stage_not_open"
    desk.stage("material_review", "open")
    path = "/v1/applications/app-1/reviews/material_review"
    sheet = unit_sheet(desk.ruleset, 0.8)
    over = desk.as_expert(panel[0], "POST", path, sheet | {"scores": sheet["scores"] | {"leadership": 111}})
    assert over.status_code == 422 and list(over.json()["error"]["fields"]) == ["scores.leadership"]
    below = desk.as_expert(panel[0], "POST", path, sheet | {"scores": sheet["scores"] | {"results": -5}})
    assert below.status_code == 422 and list(below.json()["error"]["fields"]) == ["scores.results"]
    silent = desk.as_expert(panel[0], "POST", path, sheet | {"comments": ""})
    assert silent.status_code == 422 and list(silent.json()["error"]["fields"]) == ["comments"]
    stranger = desk.as_expert(outsider, "POST", path, sheet)
    assert stranger.status_code == 403 and stranger.json()["error"]["article"] == "Art. 8"  # panels, not Art. 25
    assert stranger.json()["error"]["code"] == "not_assigned" and "第二十五条" not in stranger.json()["error"]["message"]
    assert desk.as_agency("POST", path, sheet).status_code == 403  # scores come from the experts
    ok = desk.as_expert(panel[0], "POST", path, sheet)
    assert ok.status_code == 201 and ok.json()["total"] == 800.0
    rubric = desk.as_expert(person_panel[0], "POST", "/v1/applications/person-1/reviews/material_review",
                            individual_sheet(desk.ruleset, 0.9))
    assert rubric.status_code == 201 and rubric.json()["total"] == 90.0
    desk.stage("material_review", "close")
    late = desk.as_expert(panel[1], "POST", path, sheet)
    assert late.status_code == 409 and late.json()["error"]["article"] == "Art. 15"
    assert late.json()["error"]["code"] == "stage_closed"


def test_art15_a_sheet_is_never_edited_a_correction_supersedes_it_and_is_audited(desk):
    panel = desk.qualified_panel(3)
    desk.stage("material_review", "open")
    first = desk.sheet(panel[0], "app-1", "material_review", 0.5).json()
    again = desk.sheet(panel[0], "app-1", "material_review", 0.6)
    assert again.status_code == 409 and again.json()["error"]["code"] == "already_recorded"
    no_reason = desk.sheet(panel[0], "app-1", "material_review", 0.6, supersedes=first["review_id"])
    assert no_reason.status_code == 422 and "reason" in no_reason.json()["error"]["fields"]
    corrected = desk.sheet(panel[0], "app-1", "material_review", 0.6, supersedes=first["review_id"],
                           reason="误将结果类得分少计")
    assert corrected.status_code == 201, corrected.text
    stale = desk.sheet(panel[0], "app-1", "material_review", 0.7, supersedes=first["review_id"], reason="x")
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "not_current"
    with desk.svc.engine.connect() as conn:
        original = conn.execute(sa.select(tables.reviews).where(
            tables.reviews.c.review_id == first["review_id"])).mappings().one()
    assert original["total"] == 500.0 and original["supersedes"] is None
    sheets = {r["review_id"]: r for r in desk.as_office("GET", "/v1/applications/app-1/reviews").json()["reviews"]}
    assert sheets[first["review_id"]]["superseded_by"] == corrected.json()["review_id"]
    assert not sheets[first["review_id"]]["counts"] and sheets[corrected.json()["review_id"]]["counts"]
    [audit] = desk.audit("review.correct")
    assert audit["reason"] == "误将结果类得分少计" and audit["actor"] == panel[0]
    results = desk.as_agency("GET", "/v1/applications/app-1/results").json()
    assert results["stages"]["material_review"]["score"] == 600.0


def test_art15_art11_five_experts_trimmed_mean_spread_flag_weights_and_tilt(desk_factory):
    desk = desk_factory()  # the rule set's own panel of five
    desk.experts(5)
    desk.application("app-1", tilt=("ten_major_industries", "traditional_upgrade"))
    desk.assign("app-1")
    desk.stage("qualification_review", "open")
    desk.qualify("app-1")
    desk.stage("qualification_review", "close")
    desk.score_stage("material_review", {"app-1": [0.6, 0.8, 0.81, 0.82, 0.99]})
    desk.score_stage("onsite_review", {"app-1": 0.7})
    desk.score_stage("defense", {"app-1": 0.9})
    completed = {e["data"]["stage"]: e["data"] for e in desk.outbox("review.stage_completed")}
    assert completed["material_review"]["aggregated_score"] == 810.0
    assert completed["onsite_review"]["aggregated_score"] == 700.0
    assert completed["defense"]["final"] == {
        "stages": [{"stage": "material_review", "score": 810.0, "weight": 0.4, "weighted": 324.0},
                   {"stage": "onsite_review", "score": 700.0, "weight": 0.4, "weighted": 280.0},
                   {"stage": "defense", "score": 900.0, "weight": 0.2, "weighted": 180.0}],
        "review_score": 784.0, "tilt_points": 15.0, "total": 799.0}
    assert completed["defense"]["tilt_points"] == 15.0
    results = desk.as_agency("GET", "/v1/applications/app-1/results").json()
    material = results["stages"]["material_review"]
    assert material["trimmed"] and material["counted"] == 5 and material["spread"] == 390.0
    assert material["flags"] == [{"flag": "large_spread", "spread": 390.0, "threshold": 150}]
    assert [line["key"] for line in results["tilt"]["lines"]] == ["ten_major_industries", "traditional_upgrade"]
    assert results["tilt"]["points"] == 15.0 and results["final"]["total"] == 799.0
    assert all(s in results["stages"] for s in SCORED)
