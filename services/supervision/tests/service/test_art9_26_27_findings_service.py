"""Art. 9, 16, 26, 27, one container: findings with kind, article, evidence and author;
halting a step (hold.placed) and releasing it (hold.released, final); expert.disqualified;
reports to the leading group; opinions; where each hold took effect."""
import re

from award_testing.helpers import wait_for


def procedural(supervision, cycle, sub="p01", **extra):
    body = {"cycle_id": cycle, "kind": "procedural", "step": "district_review", "subject": "app-1",
            "article": "Art. 14", "summary": "区县推荐未按规定签署", "evidence": ["推荐表复印件"], "halt": True}
    body.update(extra)
    return supervision.finding(sub, **body)


def test_procedural_finding_halts_one_application(supervision, cycle):
    resp = procedural(supervision, cycle, hold_reason="待核实推荐签署")
    assert resp.status_code == 201, resp.text
    finding = resp.json()
    assert finding["author"] == "p01" and finding["article"] == "Art. 14"
    assert finding["evidence"] == ["推荐表复印件"]
    hold = finding["hold"]
    assert hold["status"] == "active" and hold["subject"] == "app-1" and hold["step"] == "district_review"

    [placed] = supervision.outbox("hold.placed")
    assert placed == {"hold_id": hold["hold_id"], "cycle_id": cycle, "step": "district_review", "subject": "app-1",
                      "placed_by": "p01", "placed_by_service": "supervision", "reason": "待核实推荐签署",
                      "article": "Art. 14", "placed_at": placed["placed_at"]}
    [recorded] = supervision.outbox("finding.recorded")
    assert recorded["finding_id"] == finding["finding_id"] and recorded["hold_id"] == hold["hold_id"]
    assert recorded["kind"] == "procedural" and recorded["article"] == "Art. 14"
    # the hold is in the local copy, from the same transaction
    [known] = supervision.client.get("/admin/v1/holds", "operator").json()["holds"]
    assert known["hold_id"] == hold["hold_id"] and known["status"] == "active"
    assert supervision.audit("hold.place") and supervision.audit("finding.record")


def test_procedural_finding_halts_everyone_at_the_step(supervision, cycle):
    resp = procedural(supervision, cycle, subject=None)
    assert resp.status_code == 201
    [placed] = supervision.outbox("hold.placed")
    assert placed["subject"] is None


def test_a_finding_need_not_halt(supervision, cycle):
    resp = procedural(supervision, cycle, halt=False)
    assert resp.status_code == 201 and resp.json()["hold"] is None
    assert supervision.outbox("hold.placed") == []


def test_only_a_member_of_the_cycles_group_records_findings(supervision, cycle):
    assert procedural(supervision, cycle, sub="stranger").status_code == 403
    assert supervision.client.post("/v1/findings", "office", json_body={}).status_code == 403
    resp = procedural(supervision, "cycle-1999")
    assert resp.status_code == 404


def test_release_by_the_group_is_final(supervision, cycle):
    hold = procedural(supervision, cycle).json()["hold"]
    path = f"/v1/holds/{hold['hold_id']}/release"
    assert supervision.client.post(path, "supervisor", sub="stranger", json_body={"reason": "x"}).status_code == 403
    assert supervision.client.post(path, "office", json_body={"reason": "x"}).status_code == 403
    assert supervision.client.post(path, "supervisor", sub="p02", json_body={}).status_code == 422
    resp = supervision.client.post(path, "supervisor", sub="p02", json_body={"reason": "已补签，核实无误"})
    assert resp.status_code == 200, resp.text
    assert resp.json()["status"] == "released" and resp.json()["released_by"] == "p02"
    [released] = supervision.outbox("hold.released")
    assert released["hold_id"] == hold["hold_id"] and released["reason"] == "已补签，核实无误"
    assert released["released_by"] == "p02" and released["approved_by"] is None
    again = supervision.client.post(path, "supervisor", sub="p02", json_body={"reason": "again"})
    assert again.status_code == 409 and again.json()["error"]["code"] == "hold_released"
    message = again.json()["error"]["message"]  # when, in Beijing time and Chinese form, never an ISO instant
    assert "（北京时间）" in message and not re.search(r"\d{4}-\d\d-\d\d", message), message
    assert len(supervision.outbox("hold.released")) == 1


def test_a_late_or_repeated_hold_placed_never_revives_a_release(supervision, cycle):
    hold = procedural(supervision, cycle).json()["hold"]
    supervision.client.post(f"/v1/holds/{hold['hold_id']}/release", "supervisor", sub="p01", json_body={"reason": "r"})
    [placed] = supervision.outbox("hold.placed")
    copies = [supervision.bus.publish("supervision", "hold.placed", placed, hold["hold_id"], cycle)["id"]
              for _ in range(2)]  # a late placement, and a repeated one
    wait_for(lambda: supervision.consumed(copies), message="the copies to be consumed")
    assert supervision.client.get(f"/v1/holds/{hold['hold_id']}", "office").json()["status"] == "released"


def test_where_and_when_each_hold_took_effect(supervision, cycle):
    hold = procedural(supervision, cycle).json()["hold"]
    supervision.bus.hold_applied(hold, owner="intake", subject_step="district_review")
    supervision.bus.hold_applied(hold, owner="scoring", subject_step=None)

    def effects():
        found = supervision.client.get(f"/v1/holds/{hold['hold_id']}", "supervisor", sub="p03").json()["effects"]
        return found if len(found) == 2 else None
    found = wait_for(effects, message="both hold.applied")
    assert {(e["owner"], e["subject_step"]) for e in found} == {("intake", "district_review"), ("scoring", None)}
    assert all(e["applied_at"] for e in found)
    assert supervision.client.get(f"/v1/holds/{hold['hold_id']}/effects", "office").json()["effects"]


def test_art27_misconduct_of_an_expert_disqualifies_with_the_harm_recorded(supervision, cycle):
    body = {"cycle_id": cycle, "kind": "review_staff", "step": "material_review", "subject": "app-3",
            "summary": "专家与申报单位存在利害关系未回避并打出异常高分", "evidence": ["评分表", "任职记录"],
            "staff_subject": "expert-7", "staff_role": "expert", "misconduct": "caused_harm"}
    resp = supervision.finding("p01", **body)  # 造成不良后果: the harm is the ground, so it is recorded
    assert resp.status_code == 409 and resp.json()["error"]["article"] == "Art. 27"
    assert "第二十七条" in resp.json()["error"]["message"]
    resp = supervision.finding("p01", **body, harm="材料评审排名失真，影响候选名单")
    assert resp.status_code == 201, resp.text
    finding = resp.json()
    assert finding["article"] == "Art. 27" and finding["harm"] == "材料评审排名失真，影响候选名单"
    [event] = supervision.outbox("expert.disqualified")
    assert event == {"expert_subject": "expert-7", "cycle_id": cycle, "reason": body["summary"],
                     "harm": "材料评审排名失真，影响候选名单", "finding_id": finding["finding_id"]}
    [report] = supervision.client.get("/v1/reports", "leading_group").json()["reports"]
    assert report["kind"] == "staff_misconduct" and report["ref_id"] == finding["finding_id"]
    assert supervision.finding("p01", **body, harm="x", halt=True).status_code == 409


def test_art27_misconduct_of_other_staff_is_recorded_not_published_as_expert(supervision, cycle):
    resp = supervision.finding("p01", cycle_id=cycle, kind="review_staff", step="onsite_review",
                               summary="第三方工作人员泄露评审信息", evidence=["聊天记录"], staff_subject="tp-staff-2",
                               staff_role="third_party", misconduct="neglect_of_duty", harm="评审信息外泄")
    assert resp.status_code == 201
    assert supervision.outbox("expert.disqualified") == []


def test_art26_applicant_rule_breaking_reported_optionally_halted(supervision, cycle):
    base = {"cycle_id": cycle, "kind": "applicant", "step": "onsite_review", "summary": "申报单位现场评审时提供虚假材料",
            "evidence": ["现场核查记录"]}
    assert supervision.finding("p01", **base).status_code == 409  # names no application
    resp = supervision.finding("p01", **base, subject="app-9")
    assert resp.status_code == 201 and resp.json()["hold"] is None and resp.json()["article"] == "Art. 26"
    resp = supervision.finding("p01", **base, subject="app-9", halt=True)
    assert resp.json()["hold"]["subject"] == "app-9"
    reports = supervision.client.get("/v1/reports", "leading_group").json()["reports"]
    assert [r["kind"] for r in reports] == ["applicant_rule_breaking"] * 2
    assert supervision.finding("p01", **base, subject="app-9", article="Art. 14").status_code == 409


def test_art16_opinion_recorded(supervision, cycle):
    resp = supervision.client.post("/v1/opinions", "supervisor", sub="p04", json_body={
        "cycle_id": cycle, "application_id": "app-1", "opinion": "评审程序规范，无异议"})
    assert resp.status_code == 201, resp.text
    assert supervision.outbox("opinion.recorded") == [
        {"application_id": "app-1", "cycle_id": cycle, "opinion": "评审程序规范，无异议"}]
    assert supervision.client.post("/v1/opinions", "supervisor", sub="nobody", json_body={
        "cycle_id": cycle, "application_id": "app-1", "opinion": "x"}).status_code == 403
    assert len(supervision.client.get("/v1/opinions", "office").json()["opinions"]) == 1


def test_supervisors_see_their_own_cycle_only(supervision, cycle):
    procedural(supervision, cycle)
    other = supervision.open_cycle(2021)
    supervision.appoint(other, [f"q{i}" for i in range(5)])
    hold_other = procedural(supervision, other, sub="q1").json()["hold"]

    mine = supervision.client.get("/v1/findings", "supervisor", sub="p01").json()["findings"]
    assert {f["cycle_id"] for f in mine} == {cycle}
    for path in ("/v1/holds", "/admin/v1/holds"):
        holds = supervision.client.get(path, "supervisor", sub="p01").json()["holds"]
        assert {h["cycle_id"] for h in holds} == {cycle}, path
    assert supervision.client.get(f"/v1/holds/{hold_other['hold_id']}", "supervisor", sub="p01").status_code == 403
    effects = supervision.client.get(f"/v1/holds/{hold_other['hold_id']}/effects", "supervisor", sub="p01")
    assert effects.status_code == 403
    assert len(supervision.client.get("/v1/findings", "office").json()["findings"]) == 2
    # nor act on it
    path = f"/v1/holds/{hold_other['hold_id']}/release"
    assert supervision.client.post(path, "supervisor", sub="p01", json_body={"reason": "x"}).status_code == 403


def test_the_holds_list_a_page_at_a_time_each_with_its_finding_and_effects(supervision, cycle):
    placed = [procedural(supervision, cycle, subject=f"app-{n}").json() for n in range(7)]
    for finding in placed[:2]:
        supervision.bus.hold_applied(finding["hold"], owner="intake", subject_step="district_review")
    released = placed[3]["hold"]["hold_id"]
    resp = supervision.client.post(f"/v1/holds/{released}/release", "supervisor", sub="p01",
                                   json_body={"reason": "核实无误"})
    assert resp.status_code == 200, resp.text
    wait_for(lambda: all(h["effects"] for h in supervision.client.get("/v1/holds?limit=500", "office").json()["holds"]
                         if h["hold_id"] in {f["hold"]["hold_id"] for f in placed[:2]}),
             message="both hold.applied")
    finding_of = {f["hold"]["hold_id"]: f["finding_id"] for f in placed}

    def walk(query, limit):
        rows, after = [], None
        while True:
            page = supervision.client.get(f"/v1/holds?{query}&limit={limit}" + (f"&after={after}" if after else ""),
                                          "office").json()
            assert len(page["holds"]) <= limit
            rows, after = rows + page["holds"], page["next"]
            if after is None:
                return rows

    whole = supervision.client.get(f"/v1/holds?cycle_id={cycle}&limit=500", "office").json()
    assert whole["next"] is None
    assert [h["hold_id"] for h in whole["holds"]] == sorted(finding_of)  # by hold id
    assert all(h["finding_id"] == finding_of[h["hold_id"]] for h in whole["holds"])
    assert sum(1 for h in whole["holds"] if h["effects"]) == 2
    assert walk(f"cycle_id={cycle}", 2) == whole["holds"]
    # the filter kept: the active ones alone, page after page; a released hold still a cursor
    active = walk(f"cycle_id={cycle}&status=active", 3)
    assert active == [h for h in whole["holds"] if h["hold_id"] != released]
    after_released = supervision.client.get(f"/v1/holds?status=active&after={released}&limit=500", "office").json()
    assert [h["hold_id"] for h in after_released["holds"]] == [h for h in sorted(finding_of) if h > released]
    # the kit's listing pages the same holds
    admin = supervision.client.get("/admin/v1/holds?limit=4", "operator").json()
    assert [h["hold_id"] for h in admin["holds"]] == sorted(finding_of)[:4] and admin["next"] == sorted(finding_of)[3]
    for path in (f"/v1/holds?cycle_id={cycle}&after=hold-none", "/admin/v1/holds?after=hold-none",
                 "/v1/holds?after=" + "x" * 65):
        bad = supervision.client.get(path, "office")
        assert bad.status_code == 422 and list(bad.json()["error"]["fields"]) == ["after"], (path, bad.text)
    other = supervision.open_cycle(2021)  # a hold of another cycle is no cursor in this one's list
    supervision.appoint(other, [f"q{i}" for i in range(5)])
    elsewhere = procedural(supervision, other, sub="q1").json()["hold"]["hold_id"]
    bad = supervision.client.get(f"/v1/holds?cycle_id={cycle}&after={elsewhere}", "office")
    assert bad.status_code == 422 and list(bad.json()["error"]["fields"]) == ["after"], bad.text
