"""Art. 7 LG(2): the leading group approves (审定) the review scheme of each edition — the review
section of the rule set the cycle was bound to at open, and the Art. 11 tilt — as the office
proposes it, by its sha256, before the application notice; a rejected scheme goes back to
the office. The scheme approved is the review ``cycle.opened`` carried to scoring."""
from award_rules.ruleset import canonical_sha256

NOTICE_TEXT = "关于组织申报2019年度济南市市长质量奖的通知"  # as the service conftest publishes it

LG_ONLY_SME = {"applies_to": ["unit"], "max_total_bonus": 10, "kinds": [
    {"key": "sme_innovation", "description": "具有自主知识产权的中小型单位", "bonus_points": 10, "requires_sme": True}]}


def notice(intake):
    return intake.client.post("/v1/cycles/cycle-2019/notice", "office", json_body={"text": NOTICE_TEXT})


def scheme(intake):
    return intake.client.get("/v1/cycles/cycle-2019/review-scheme", "leading_group").json()


def test_art7_the_leading_group_approves_the_offices_scheme_by_its_sha256_before_the_notice(intake):
    intake.open_cycle()
    assert notice(intake).json()["error"]["code"] == "scheme_not_approved"
    early = intake.decide_scheme(scheme_sha256="0" * 64, status=409)
    assert early["article"] == "Art. 7" and early["code"] == "wrong_status" and "第七条" in early["message"]
    assert intake.client.post("/v1/cycles/cycle-2019/review-scheme", "leading_group", json_body={}).status_code == 403

    proposed = intake.propose_scheme(text="2019年度市长质量奖评审方案（送审稿）")
    cycle = intake.client.get("/v1/cycles/cycle-2019", "office").json()
    [opened] = intake.outbox("cycle.opened")
    assert proposed["status"] == "proposed" and proposed["proposed_by"]
    assert proposed["scheme"]["review"] == opened["data"]["ruleset"]["review"] == cycle["ruleset"]["review"]
    assert proposed["scheme"]["ruleset_sha256"] == cycle["ruleset_sha256"]
    assert proposed["scheme_sha256"] == canonical_sha256(proposed["scheme"])
    refused = notice(intake).json()["error"]
    assert refused["code"] == "scheme_not_approved" and "待审定" in refused["message"]

    before = intake.counts()
    stale = intake.decide_scheme(scheme_sha256="f" * 64, status=409)
    assert stale["code"] == "scheme_changed" and stale["fields"]["scheme_sha256"] == [proposed["scheme_sha256"]]
    unnamed = intake.client.post("/v1/cycles/cycle-2019/review-scheme/decision", "leading_group",
                                 json_body={"outcome": "approved", "decision": "纪要"})
    assert unnamed.status_code == 422 and list(unnamed.json()["error"]["fields"]) == ["scheme_sha256"]
    assert intake.client.post("/v1/cycles/cycle-2019/review-scheme/decision", "office", json_body={
        "outcome": "approved", "decision": "纪要", "scheme_sha256": proposed["scheme_sha256"]}).status_code == 403
    assert intake.counts() == before

    approved = intake.decide_scheme(scheme_sha256=proposed["scheme_sha256"])
    assert approved["status"] == "approved" and approved["decided_by"] and approved["decided_at"]
    published = intake.publish_notice(approve=False)
    assert published["review_scheme"]["scheme_sha256"] == proposed["scheme_sha256"]
    public = intake.client.get("/public/v1/cycles/cycle-2019/application-notice").json()
    assert public["review_scheme"]["scheme_sha256"] == proposed["scheme_sha256"]

    frozen = intake.propose_scheme(status=409)
    assert frozen["code"] == "scheme_frozen" and frozen["article"] == "Art. 13"
    assert intake.decide_scheme(outcome="rejected", reason="x", status=409)["code"] == "scheme_frozen"


def test_art7_a_rejected_scheme_goes_back_to_the_office_who_proposes_again(intake):
    intake.open_cycle()
    first = intake.propose_scheme()
    unreasoned = intake.decide_scheme(outcome="rejected", status=422)
    assert list(unreasoned["fields"]) == ["reason"]
    rejected = intake.decide_scheme(outcome="rejected", reason="倾斜分值过高，请办公室修改后重新报审")
    assert rejected["status"] == "rejected" and rejected["reason"].startswith("倾斜分值过高")
    assert "已退回办公室" in notice(intake).json()["error"]["message"]
    again = intake.decide_scheme(scheme_sha256=first["scheme_sha256"], status=409)
    assert again["code"] == "wrong_status" and again["fields"]["status"] == ["rejected"]

    second = intake.propose_scheme(tilt=LG_ONLY_SME, text="修改稿")
    assert second["status"] == "proposed" and second["scheme_sha256"] != first["scheme_sha256"]
    assert [(h["status"], h["reason"]) for h in second["history"]] == [("rejected", rejected["reason"])]
    intake.decide_scheme()
    assert intake.client.get("/v1/cycles/cycle-2019/tilt", "office").json()["max_total_bonus"] == 10

    # before the notice the office may propose again: the approval is superseded until decided
    third = intake.propose_scheme()
    assert intake.client.get("/v1/cycles/cycle-2019/tilt", "office").status_code == 404
    assert notice(intake).json()["error"]["code"] == "scheme_not_approved"
    intake.decide_scheme(scheme_sha256=third["scheme_sha256"])
    assert [h["status"] for h in scheme(intake)["history"]] == ["rejected", "approved"]
    published = intake.publish_notice(approve=False)
    assert published["review_scheme"]["scheme_sha256"] == third["scheme_sha256"]
    [event] = intake.outbox("notice.published")
    assert [k["key"] for k in event["data"]["tilt"]["kinds"]] == ["sme_innovation", "ten_major_industries",
                                                                 "traditional_upgrade"]
