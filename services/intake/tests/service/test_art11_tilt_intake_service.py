"""Art. 11 tilt in intake: approved per cycle by the leading group (Art. 7 LG(2)), published
with the notice (Art. 13) and frozen then; claims carry evidence and are confirmed by the
district (Art. 14) — an applicant's word alone never counts."""
from award_intake import examples

SME_ONLY = {"applies_to": ["unit"], "max_total_bonus": 15, "kinds": [
    {"key": "sme_innovation", "description": "具有自主知识产权的中小型单位", "bonus_points": 10, "requires_sme": True},
    {"key": "ten_major_industries", "description": "“十大产业”单位", "bonus_points": 10}]}
TWO_CLAIMS = [{"kind": "sme_innovation", "evidence": "高新技术企业证书"},
              {"kind": "ten_major_industries", "evidence": "属于“十大产业”之智能制造与高端装备"}]


def test_art11_art7_the_leading_group_approves_the_cycles_tilt_before_the_notice_and_it_freezes(intake):
    intake.open_cycle()
    refused = intake.client.post("/v1/cycles/cycle-2019/notice", "office", json_body={"text": "通知"})
    assert refused.status_code == 409 and refused.json()["error"]["article"] == "Art. 7"
    assert refused.json()["error"]["code"] == "scheme_not_approved" and "第七条" in refused.json()["error"]["message"]
    office = intake.client.post("/v1/cycles/cycle-2019/review-scheme/decision", "office",
                                json_body={"outcome": "rejected", "decision": "纪要", "reason": "x"})
    assert office.status_code == 403

    approved = intake.approve_tilt(tilt=SME_ONLY)
    assert approved["kinds"][0]["requires_sme"] is True and approved["approved_by"]
    intake.publish_notice(approve=False)
    [event] = intake.outbox("notice.published")
    assert event["data"]["tilt"]["kinds"] == SME_ONLY["kinds"] and event["data"]["tilt"]["decision"]
    assert intake.client.get("/v1/cycles/cycle-2019/notice", "office").json()["tilt"]["max_total_bonus"] == 15

    before = intake.counts()
    frozen = intake.approve_tilt(status=409)
    assert frozen["code"] == "scheme_frozen" and frozen["article"] == "Art. 13"
    assert intake.counts() == before


def test_art11_the_rule_sets_tilt_is_the_default_the_leading_group_approves(intake):
    intake.open_cycle()
    approved = intake.approve_tilt()
    assert [k["key"] for k in approved["kinds"]] == ["sme_innovation", "ten_major_industries", "traditional_upgrade"]
    assert approved["max_total_bonus"] == 15


def test_art11_a_unit_declaring_sme_false_cannot_claim_the_sme_tilt(intake):
    intake.open_cycle()
    intake.approve_tilt(tilt=SME_ONLY)
    intake.publish_notice(approve=False)
    refused = intake.create(examples.unit_form(sme=False, tilt_claims=TWO_CLAIMS), status=422)
    assert "中小型单位" in str(refused["fields"]["tilt_claims"]) and list(refused["fields"]["tilt_claims"]) == ["0"]
    assert intake.create(examples.unit_form(sme=True, tilt_claims=TWO_CLAIMS))["status"] == "draft"


def test_art11_art14_the_district_confirms_each_claimed_tilt_and_only_those_travel(accepting):
    application_id = accepting.submitted_unit(tilt_claims=TWO_CLAIMS)
    unclaimed = accepting.review(application_id, status=422, tilt_confirmations=[
        {"kind": "traditional_upgrade", "confirmed": True}])
    assert list(unclaimed["fields"]) == ["tilt_confirmations"]
    view = accepting.review(application_id, tilt_confirmations=[
        {"kind": "sme_innovation", "confirmed": False, "opinion": "证书已过期"},
        {"kind": "ten_major_industries", "confirmed": True, "opinion": "核实属实"}])
    assert view["district_reviews"][0]["tilt_confirmations"][0]["confirmed"] is False
    [event] = accepting.outbox("application.recommended")
    assert event["data"]["tilt_confirmed"] == ["ten_major_industries"]


def test_art11_art14_a_claim_the_district_does_not_judge_is_not_confirmed(accepting):
    application_id = accepting.submitted_unit(tilt_claims=TWO_CLAIMS)
    accepting.review(application_id)
    [event] = accepting.outbox("application.recommended")
    assert event["data"]["tilt_confirmed"] == []


def test_art11_the_shipped_rule_sets_sme_tilt_goes_only_to_smes(intake):
    """The leading group approves the rule set's own tilt, changing nothing: a unit that
    declares it is not an SME still cannot claim the SME kind (refused citing Art. 11)."""
    intake.open_cycle()
    approved = intake.approve_tilt()
    assert {k["key"]: k.get("requires_sme") for k in approved["kinds"]}["sme_innovation"] is True
    intake.publish_notice(approve=False)
    before = intake.counts()
    refused = intake.create(examples.unit_form(sme=False, tilt_claims=TWO_CLAIMS), status=422)
    assert refused["article"] == "Art. 11" and refused["code"] == "not_sme" and "第十一条" in refused["message"]
    assert list(refused["fields"]["tilt_claims"]) == ["0"] and "中小型单位" in str(refused["fields"])
    assert intake.counts() == before
    assert intake.create(examples.unit_form(sme=False, tilt_claims=TWO_CLAIMS[1:]))["status"] == "draft"
    assert intake.create(examples.unit_form(sme=True, tilt_claims=TWO_CLAIMS), sub="unit-b")["status"] == "draft"
