"""Art. 11 in scoring: the cycle's tilt as the notice published it (Art. 7 LG(2), 13), and a
claim that counts only once the district (Art. 14) and the third party at the qualification
review (Art. 15) confirmed it; the score shows claimed against confirmed."""
from award_scoring import tables
from award_testing.helpers import wait_for
from scoring_testkit import all_conditions_met

CLAIMS = ("sme_innovation", "ten_major_industries")


def scored(desk, app_id):
    desk.assign(app_id)
    desk.stage("qualification_review", "close")
    for step in ("material_review", "onsite_review", "defense"):
        desk.score_stage(step, {app_id: 0.6})
    return desk.as_agency("GET", f"/v1/applications/{app_id}/results").json()


def test_art11_a_unit_claiming_two_tilts_on_its_word_alone_gets_no_points(desk):
    """The old behaviour: sme=false, two tilts claimed, 15 points — enough to cross a bar."""
    desk.experts(3)
    desk.application("word", tilt=CLAIMS, district_confirms=[])
    desk.stage("qualification_review", "open")
    desk.qualify("word")
    results = scored(desk, "word")
    tilt = results["tilt"]
    assert tilt["points"] == 0.0 and tilt["claimed"] == list(CLAIMS) and tilt["confirmed"] == []
    assert tilt["claimed_points"] == 15.0 and results["final"]["total"] == 600.0


def test_art11_art14_art15_only_the_tilt_both_confirmed_counts(desk):
    desk.experts(3)
    desk.application("app-1", tilt=CLAIMS, district_confirms=["ten_major_industries"])
    desk.stage("qualification_review", "open")
    path = "/v1/applications/app-1/reviews/qualification_review"
    not_by_district = desk.as_agency("POST", path, dict(all_conditions_met(desk.ruleset, "unit"), tilts=[
        {"kind": "sme_innovation", "confirmed": True}]))
    assert not_by_district.status_code == 422 and "Art. 14" in str(not_by_district.json()["error"]["fields"])
    decided = desk.qualify("app-1")
    assert decided["tilts_confirmed"] == ["ten_major_industries"]
    results = scored(desk, "app-1")
    lines = {line["key"]: line for line in results["tilt"]["lines"]}
    assert lines["sme_innovation"]["district_confirmed"] is False and not lines["sme_innovation"]["counts"]
    assert lines["ten_major_industries"]["counts"] and results["tilt"]["points"] == 10.0
    assert results["final"]["tilt_points"] == 10.0 and results["final"]["total"] == 610.0
    [completed] = [e["data"] for e in desk.outbox("review.stage_completed") if e["data"]["stage"] == "defense"]
    assert completed["tilt_points"] == 10.0


def test_art11_the_third_party_may_decline_a_tilt_the_district_confirmed(desk):
    desk.experts(3)
    desk.application("app-2", tilt=CLAIMS)
    desk.stage("qualification_review", "open")
    desk.qualify("app-2", tilts=[])
    assert scored(desk, "app-2")["tilt"]["points"] == 0.0


def test_art7_art11_the_cycles_tilt_comes_from_the_notice_the_leading_group_approved(desk):
    approved = {"applies_to": ["unit"], "max_total_bonus": 4, "decision": "领导小组2019年第1次会议纪要",
                "kinds": [{"key": "ten_major_industries", "description": "“十大产业”单位", "bonus_points": 4}]}
    desk.publish("intake", "notice.published", {
        "cycle_id": desk.cycle_id, "deadline": "2019-05-31T17:00:00+08:00", "text": "申报通知", "tilt": approved})
    wait_for(lambda: desk.row(tables.cycle_tilts, cycle_id=desk.cycle_id), message="scoring to learn the tilt")
    desk.experts(3)
    desk.application("app-3", tilt=CLAIMS)
    desk.stage("qualification_review", "open")
    desk.qualify("app-3", tilts=["ten_major_industries"])
    tilt = scored(desk, "app-3")["tilt"]
    assert tilt["points"] == 4.0 and tilt["not_applicable"] == ["sme_innovation"]
