"""Service tests, Art. 2 and 16 with the holds of docs/design.md: the candidate list under
quotas, bars and vacancies, opinions attached, held applications pending, holds honoured
at every step scoring owns."""
from award_scoring import tables
from award_shared.store import db
from award_testing.helpers import wait_for
from scoring_testkit import SCORED


def candidates_path(desk):
    return f"/v1/cycles/{desk.cycle_id}/candidates"


def test_art16_no_candidate_list_while_a_stage_is_open(desk):
    desk.stage("qualification_review", "open")
    refused = desk.as_office("POST", candidates_path(desk), {})
    assert refused.status_code == 409
    assert refused.json()["error"]["article"] == "Art. 16" and refused.json()["error"]["fields"] == {
        "stage": "qualification_review"}
    assert desk.as_agency("POST", candidates_path(desk), {}).status_code == 403  # the office proposes


def test_art16_art2_the_list_ranks_under_bars_and_quotas_with_vacancies_and_opinions(desk):
    desk.experts(3)
    desk.experts(3, prefix="tert", sectors=("tertiary",))
    units = {"u-best": 0.9, "u-good": 0.7, "u-near": 0.55, "u-low": 0.45}
    for app_id in units:
        desk.application(app_id)
    desk.application("u-bad")
    desk.application("p-1", kind="individual", sector="tertiary")
    for app_id in [*units, "u-bad", "p-1"]:
        assert desk.assign(app_id).status_code == 201
    desk.publish("supervision", "opinion.recorded", {"application_id": "u-good", "cycle_id": desk.cycle_id,
                                                     "opinion": "评审过程规范，无异议。"})
    wait_for(lambda: desk.row(tables.opinions, application_id="u-good"), message="the opinion")
    desk.review({**units, "p-1": 0.65}, kinds={"p-1": "individual"},
                fail={"u-bad": ("Art. 10(6)", "2018年违反财经纪律")})
    desk.report_results()
    # each close staged its applications' results and events at once (issue 37): every application one
    # event a scored stage, and every subject's sequences 1, 2, 3… in the order its events were staged
    completed = [(e["subject"], e["data"]["stage"]) for e in desk.outbox("review.stage_completed")
                 if e["data"]["stage"] in SCORED]
    assert len(completed) == len(set(completed)) and {a for a, s in completed if s == "defense"} >= {*units, "p-1"}
    sequences = {}
    for envelope in desk.outbox():
        sequences.setdefault(envelope["subject"], []).append(envelope["sequence"])
    assert all(numbers == list(range(1, len(numbers) + 1)) for numbers in sequences.values())
    proposed = desk.as_office("POST", candidates_path(desk), {"reason": "根据评审结果和监督意见"})
    assert proposed.status_code == 201, proposed.text
    categories = {c["category"]: c for c in proposed.json()["categories"]}
    listed = {k: [(c["application_id"], c["score"]) for c in v["candidates"]] for k, v in categories.items()}
    assert listed == {"unit_award": [("u-best", 900.0), ("u-good", 700.0)], "unit_nomination": [("u-near", 550.0)],
                      "individual_award": [("p-1", 65.0)], "individual_nomination": []}
    assert {k: v["vacancies"] for k, v in categories.items()} == {
        "unit_award": 3, "unit_nomination": 2, "individual_award": 2, "individual_nomination": 2}
    assert categories["unit_award"]["candidates"][1]["opinions"] == ["评审过程规范，无异议。"]
    not_listed = {n["application_id"]: n["status"] for n in proposed.json()["not_listed"]}
    assert not_listed == {"u-bad": "ineligible", "u-low": "eligible"}
    [event] = desk.outbox("candidates.proposed")
    assert event["subject"] == desk.cycle_id
    sent = {c["category"]: c for c in event["data"]["categories"]}
    assert [c["application_id"] for c in sent["unit_award"]["candidates"]] == ["u-best", "u-good"]
    assert sent["unit_award"]["vacancies"] == 3 and sent["unit_award"]["candidates"][0]["rank"] == 1
    latest = desk.as_office("GET", candidates_path(desk)).json()
    assert latest["list_id"] == proposed.json()["list_id"]


def test_holds_a_held_application_is_pending_its_stage_waits_and_completes_on_release(desk):
    desk.experts(3)
    for app_id in ("held", "free"):
        desk.application(app_id)
        desk.assign(app_id)
    desk.stage("qualification_review", "open")
    desk.qualify("held")
    desk.qualify("free")
    desk.stage("qualification_review", "close")
    desk.stage("material_review", "open")
    desk.hold("hold-1", "material_review", subject="held")
    [applied] = desk.outbox("hold.applied")
    assert applied["data"]["subject_step"] == "material_review" and applied["data"]["owner"] == "scoring"
    for app_id in ("held", "free"):
        for expert in desk.panel(app_id):
            assert desk.sheet(expert, app_id, "material_review", 0.8).status_code == 201  # experts keep working
    closed = desk.stage("material_review", "close")
    assert closed["completed"] == ["free"] and closed["pending_hold"] == ["held"]
    assert [e["data"]["application_id"] for e in desk.outbox("review.stage_completed")
            if e["data"]["stage"] == "material_review"] == ["free"]
    desk.hold("hold-1", "material_review", subject="held", release=True)
    wait_for(lambda: (desk.row(tables.stage_results, application_id="held", stage="material_review") or {})
             .get("status") == "completed", message="the held stage to complete after the release")
    assert desk.outbox("review.stage_completed")[-1]["data"]["application_id"] == "held"
    assert desk.audit("results.completed_after_release")


def test_holds_on_the_candidate_list_pending_for_one_refused_for_all(desk):
    desk.experts(3)
    for app_id in ("a", "b"):
        desk.application(app_id)
        desk.assign(app_id)
    desk.review({"a": 0.8, "b": 0.7})
    desk.report_results()
    desk.hold("hold-a", "candidate_list", subject="a")
    proposed = desk.as_office("POST", candidates_path(desk), {})
    assert proposed.status_code == 201, proposed.text
    award = proposed.json()["categories"][0]["candidates"]
    assert [(c["application_id"], c["pending"]) for c in award] == [("a", True), ("b", False)]
    desk.hold("hold-all", "defense")
    refused = desk.as_office("POST", candidates_path(desk), {})
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "hold_active"
    assert refused.json()["error"]["fields"]["hold_id"] == "hold-all"


def test_holds_a_held_qualification_decision_is_refused_naming_the_hold(desk):
    desk.application("app-1")
    desk.stage("qualification_review", "open")
    desk.hold("hold-q", "qualification_review", subject="app-1")
    [applied] = desk.outbox("hold.applied")
    assert applied["data"]["subject_step"] == "qualification_review"
    refused = desk.as_agency("POST", "/v1/applications/app-1/reviews/qualification_review",
                             {"conditions": []})
    assert refused.status_code == 409 and refused.json()["error"]["fields"]["hold_id"] == "hold-q"
    closed = desk.stage("qualification_review", "close")
    assert closed["pending_hold"] == ["app-1"]
    desk.hold("hold-q", "qualification_review", subject="app-1", release=True)
    decided = desk.qualify("app-1")  # a decision the hold deferred is recorded after the release
    assert decided["outcome"] == "passed"
    assert desk.row(tables.stage_results, application_id="app-1", stage="qualification_review")["status"] == "completed"
    assert desk.row(db.holds, hold_id="hold-q")["status"] == "released"


def test_holds_a_cycle_wide_hold_refuses_closing_the_stage(desk):
    desk.stage("qualification_review", "open")
    desk.hold("hold-all", "qualification_review")
    refused = desk.as_agency("POST", f"/v1/cycles/{desk.cycle_id}/stages/qualification_review/close", {})
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "hold_active"
    desk.hold("hold-all", "qualification_review", release=True)
    desk.stage("qualification_review", "close")
