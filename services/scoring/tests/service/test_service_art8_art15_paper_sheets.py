"""Service tests, Art. 8 and 15: the agency records the paper score sheets a panel signed at an
on-site review, all at once (issue 35 item 3, issue 37 item 2). The stage's results are those of
the same sheets entered by each expert; one bad sheet refuses them all, naming its expert and
field; only the cycle's agency records them, only for experts on the panel, never over a sheet on
record, and only at the stages the rule set opens to paper (``review.paper_sheets``)."""
from award_scoring import tables
from scoring_testkit import AGENCY_STAFF, unit_sheet


def paper(desk, panel, fractions, first_number=31):
    return {"sheets": [dict(unit_sheet(desk.ruleset, fraction), expert=expert,
                            paper_reference=f"现场评审表 2019-{first_number + i:03d}")
                       for i, (expert, fraction) in enumerate(zip(panel, fractions))]}


def onsite_rows(desk, app_id):
    with desk.svc.engine.connect() as conn:
        query = tables.reviews.select().where(tables.reviews.c.application_id == app_id,
                                              tables.reviews.c.stage == "onsite_review")
        return [dict(r) for r in conn.execute(query).mappings()]


def test_art8_art15_a_panels_paper_sheets_at_once_give_the_results_of_the_same_sheets_entered_one_by_one(desk):
    desk.experts(3)
    for app_id in ("paper", "typed"):
        desk.application(app_id)
        desk.assign(app_id)
    desk.review_until("onsite_review", ("paper", "typed"))
    fractions = [0.6, 0.75, 0.9]
    before = [e["type"] for e in desk.outbox()]
    panel = desk.panel("paper")
    recorded = desk.as_agency("POST", "/v1/applications/paper/reviews/onsite_review/paper-sheets",
                              paper(desk, panel, fractions) | {"reason": "现场评审结束，录入专家签字的纸质评分表"})
    assert recorded.status_code == 201, recorded.text
    answer = recorded.json()
    assert answer["transcribed_by"] == AGENCY_STAFF and [s["reviewer"] for s in answer["sheets"]] == panel
    assert [s["total"] for s in answer["sheets"]] == [600.0, 750.0, 900.0]
    for expert, fraction in zip(desk.panel("typed"), fractions):
        assert desk.sheet(expert, "typed", "onsite_review", fraction).status_code == 201
    assert [e["type"] for e in desk.outbox()] == before  # neither way publishes anything per sheet

    sheets = desk.as_office("GET", "/v1/applications/paper/reviews").json()["reviews"]
    onsite = [s for s in sheets if s["stage"] == "onsite_review"]
    assert sorted((s["reviewer"], s["reviewer_role"], s["transcribed_by"], s["counts"]) for s in onsite) == [
        (expert, "expert", AGENCY_STAFF, True) for expert in sorted(panel)]
    assert sorted(s["paper_reference"] for s in onsite) == ["现场评审表 2019-031", "现场评审表 2019-032",
                                                           "现场评审表 2019-033"]
    typed = [s for s in desk.as_office("GET", "/v1/applications/typed/reviews").json()["reviews"]
             if s["stage"] == "onsite_review"]
    assert {(s["transcribed_by"], s["paper_reference"]) for s in typed} == {(None, None)}
    audit = desk.audit("review.transcribe")
    assert [(a["actor"], a["target"]) for a in audit] == [(AGENCY_STAFF, "paper")] * 3
    assert '"paper_reference": "现场评审表 2019-031"' in audit[0]["detail"]

    # the expert's sheet is never overwritten: a second transcription is refused; the expert corrects it
    again = desk.as_agency("POST", "/v1/applications/paper/reviews/onsite_review/paper-sheets",
                           paper(desk, panel[:1], [0.7]))
    assert again.status_code == 409 and again.json()["error"]["code"] == "already_recorded"
    assert panel[0] in again.json()["error"]["message"] and "sheets.0.supersedes" in again.json()["error"]["fields"]
    corrected = desk.sheet(panel[0], "paper", "onsite_review", 0.7, supersedes=answer["sheets"][0]["review_id"],
                           reason="纸质评分表转录有误，专家本人更正")
    assert corrected.status_code == 201, corrected.text
    fixed = desk.sheet(panel[0], "typed", "onsite_review", 0.7, reason="同上",
                       supersedes=next(s["review_id"] for s in typed if s["reviewer"] == panel[0]))
    assert fixed.status_code == 201, fixed.text

    desk.stage("onsite_review", "close")
    completed = {e["data"]["application_id"]: e["data"] for e in desk.outbox("review.stage_completed")
                 if e["data"]["stage"] == "onsite_review"}
    assert completed["paper"]["aggregated_score"] == completed["typed"]["aggregated_score"] == 783.33
    results = {a: desk.as_agency("GET", f"/v1/applications/{a}/results").json()["stages"]["onsite_review"]
               for a in ("paper", "typed")}
    assert results["paper"] == results["typed"]


def test_art8_art15_one_bad_sheet_refuses_all_and_only_the_agency_records_panel_experts_sheets(desk):
    desk.experts(4)
    desk.application("app-1")
    panel = desk.assign("app-1").json()["panel"]
    outsider = ({"exp-00", "exp-01", "exp-02", "exp-03"} - set(panel)).pop()
    path = "/v1/applications/app-1/reviews/onsite_review/paper-sheets"
    desk.review_until("material_review", ("app-1",))
    closed_to_paper = desk.as_agency("POST", "/v1/applications/app-1/reviews/material_review/paper-sheets",
                                     paper(desk, panel, [0.8] * 3))
    assert closed_to_paper.status_code == 409, closed_to_paper.text  # the rule set's choice: no article cited
    assert closed_to_paper.json()["error"]["code"] == "paper_sheets_not_allowed"
    assert "article" not in closed_to_paper.json()["error"]
    for expert in panel:
        assert desk.sheet(expert, "app-1", "material_review", 0.8).status_code == 201
    desk.stage("material_review", "close")
    desk.stage("onsite_review", "open")

    def refused(body, status, as_agency=True):
        answer = desk.as_agency("POST", path, body) if as_agency else body(path)
        assert answer.status_code == status, answer.text
        return answer.json()["error"]

    over = paper(desk, panel, [0.8, 0.8, 0.8])
    over["sheets"][1]["scores"] = over["sheets"][1]["scores"] | {"leadership": 111}
    error = refused(over, 422)
    assert list(error["fields"]) == ["sheets.1.scores.leadership"] and panel[1] in error["message"]
    unsigned = paper(desk, panel, [0.8, 0.8, 0.8])
    del unsigned["sheets"][2]["paper_reference"]
    error = refused(unsigned, 422)
    assert error["fields"] == {"sheets.2.paper_reference": [f"{panel[2]}: Missing data for required field."]}
    silent = paper(desk, panel, [0.8, 0.8, 0.8])
    silent["sheets"][0]["comments"] = " "
    assert list(refused(silent, 422)["fields"]) == ["sheets.0.comments"]
    twice = paper(desk, [panel[0], panel[0]], [0.8, 0.8])
    assert list(refused(twice, 422)["fields"]) == ["sheets.1.expert"]
    stranger = paper(desk, [panel[0], outsider], [0.8, 0.8])
    error = refused(stranger, 403)
    assert error["code"] == "not_assigned" and error["article"] == "Art. 8" and outsider in error["message"]
    assert list(error["fields"]) == ["sheets.1.expert"]
    good = paper(desk, panel, [0.8, 0.8, 0.8])
    assert desk.as_expert(panel[0], "POST", path, good).status_code == 403  # the agency's act, not an expert's
    assert desk.as_office("POST", path, good).status_code == 403
    other_staff = desk.svc.client.call("POST", path, "third_party", sub="another-agency", json_body=good)
    assert other_staff.status_code == 403 and other_staff.json()["error"]["article"] == "Art. 8"
    assert onsite_rows(desk, "app-1") == [] and desk.audit("review.transcribe") == []  # nothing of any of them

    # an expert who entered its own sheet keeps it; the recused one is off the panel (Art. 25)
    assert desk.sheet(panel[0], "app-1", "onsite_review", 0.9).status_code == 201
    recused = desk.as_expert(panel[1], "POST", "/v1/applications/app-1/recusals", {"reason": "曾为其提供咨询"})
    assert recused.status_code == 200, recused.text
    error = refused(paper(desk, panel, [0.8, 0.8, 0.8]), 409)
    assert error["code"] == "already_recorded" and list(error["fields"]) == ["sheets.0.supersedes"]
    error = refused(paper(desk, panel[1:], [0.8, 0.8]), 403)
    assert error["code"] == "not_assigned" and list(error["fields"]) == ["sheets.0.expert"]
    recorded = desk.as_agency("POST", path, paper(desk, panel[2:], [0.8]))
    assert recorded.status_code == 201, recorded.text
    assert sorted((r["reviewer"], r["transcribed_by"] or "") for r in onsite_rows(desk, "app-1")) == sorted([
        (panel[0], ""), (panel[2], AGENCY_STAFF)])
