"""Service tests, Art. 17: objections during the public notice — anyone may object, named and
reachable but kept confidential; the candidate is halted at approval at once; the office
investigates and proposes, the leading group approves, and the hold is released; upheld takes
the candidate off the list; too late is refused, pointing to the supervision group."""
from award_publicity import tables
from award_shared.store import db
from award_testing.helpers import wait_for

OBJECTION = {"application_id": "u-2", "content": "该单位2018年曾发生质量事故，公示材料未如实反映。",
             "objector_name": "王某某", "objector_contact": "13800000000"}


def noticed(office):
    office.propose()
    assert office.deliberate(adopt=("u-1", "u-2", "u-3", "p-1")).status_code == 201
    assert office.notice().status_code == 201


def objection_id(office, tracking):
    return office.row(tables.objections, tracking_number=tracking)["objection_id"]


def test_art17_an_objection_halts_the_candidate_at_approval_and_answers_a_tracking_number(office):
    noticed(office)
    r = office.call(None, "POST", "/public/v1/objections", OBJECTION)
    assert r.status_code == 201, r.text
    tracking = r.json()["tracking_number"]
    row = office.row(tables.objections, tracking_number=tracking)
    hold = office.row(db.holds, hold_id=row["hold_id"])
    assert hold["step"] == "approval" and hold["subject"] == "u-2" and hold["status"] == "active"
    assert hold["placed_by_service"] == "publicity" and hold["article"] == "Art. 17"
    [placed] = office.outbox("hold.placed")
    assert placed["data"]["subject"] == "u-2" and placed["data"]["step"] == "approval"
    [received] = office.outbox("objection.received")
    assert "王某某" not in str(received) and "13800000000" not in str(received)  # no identity on the bus
    status = office.call(None, "GET", f"/public/v1/objections/{tracking}").json()
    assert status["status"] == "received" and set(status) <= {"tracking_number", "status", "status_name",
                                                               "received_at"}
    assert office.call(None, "GET", "/public/v1/objections/YY000000000000").status_code == 404


def test_art17_only_the_office_and_the_cycles_supervisors_see_who_objected(office):
    noticed(office)
    tracking = office.call(None, "POST", "/public/v1/objections", OBJECTION).json()["tracking_number"]
    oid = objection_id(office, tracking)
    office.publish("supervision", "supervision.group_appointed", {
        "cycle_id": office.cycle_id, "group_id": "group-2019", "members": {"npc_deputy": ["王代表"]},
        "member_subjects": ["supervisor-wang"]})
    wait_for(lambda: office.row(db.cycle_rosters, cycle_id=office.cycle_id, role="supervisor"), message="the group")
    seen = office.svc.client.get(f"/v1/objections/{oid}", "office").json()
    assert seen["objector"]["name"] == "王某某"
    member = office.svc.client.get(f"/v1/objections/{oid}", "supervisor", sub="supervisor-wang").json()
    assert member["objector"]["contact"] == "13800000000"
    outsider = office.svc.client.get(f"/v1/objections/{oid}", "supervisor", sub="supervisor-li")
    assert outsider.status_code == 403 and outsider.json()["error"]["article"] == "Art. 9"  # not on the group
    board = office.svc.client.get(f"/v1/objections/{oid}", "leading_group").json()
    assert "objector" not in board
    assert len(office.audit("objection.read_objector")) == 2
    assert office.svc.client.get(f"/v1/objections/{oid}", "applicant").status_code == 403


def test_art17_upheld_the_candidate_leaves_the_list_and_the_hold_is_released(office):
    noticed(office)
    tracking = office.call(None, "POST", "/public/v1/objections", OBJECTION).json()["tracking_number"]
    oid = objection_id(office, tracking)
    early = office.call("office", "POST", f"/v1/objections/{oid}/resolution",
                        {"outcome": "upheld", "handling_opinion": "异议成立"})
    assert early.status_code == 409 and early.json()["error"]["fields"]["needs"] == ["investigated"]
    r = office.call("office", "POST", f"/v1/objections/{oid}/investigation", {
        "investigators": ["办公室 李某", "市场监管局 赵某"], "checked": "调取2018年事故调查报告及处罚决定",
        "conclusion": "反映情况属实"})
    assert r.status_code == 200, r.text
    r = office.call("office", "POST", f"/v1/objections/{oid}/resolution",
                    {"outcome": "upheld", "handling_opinion": "经调查核实，异议成立，建议取消其拟奖资格。"})
    assert r.status_code == 200 and r.json()["status"] == "proposed"
    assert office.call("office", "POST", f"/v1/objections/{oid}/resolution", {"decision": "approve"}).status_code \
        == 422  # the office cannot approve its own opinion
    r = office.call("leading_group", "POST", f"/v1/objections/{oid}/resolution", {"decision": "approve"})
    assert r.status_code == 200, r.text
    assert office.candidates()["u-2"] == "removed"
    [resolved] = office.outbox("objection.resolved")
    assert resolved["data"]["outcome"] == "upheld"
    [released] = office.outbox("hold.released")
    assert released["data"]["subject"] == "u-2"
    assert office.row(db.holds, hold_id=released["data"]["hold_id"])["status"] == "released"
    status = office.call(None, "GET", f"/public/v1/objections/{tracking}").json()
    assert status["status"] == "resolved" and status["outcome"] == "upheld"


def test_art17_dismissed_the_candidate_stays_and_the_hold_is_released(office):
    noticed(office)
    tracking = office.call(None, "POST", "/public/v1/objections", OBJECTION).json()["tracking_number"]
    oid = objection_id(office, tracking)
    office.call("office", "POST", f"/v1/objections/{oid}/investigation", {
        "investigators": ["办公室 李某"], "checked": "核查事故记录", "conclusion": "反映问题不属实"})
    office.call("office", "POST", f"/v1/objections/{oid}/resolution",
                {"outcome": "dismissed", "handling_opinion": "经调查，反映问题不属实。"})
    back = office.call("leading_group", "POST", f"/v1/objections/{oid}/resolution",
                       {"decision": "send_back", "reason": "请补充调查"})
    assert back.status_code == 200 and back.json()["status"] == "investigated"
    office.call("office", "POST", f"/v1/objections/{oid}/resolution",
                {"outcome": "dismissed", "handling_opinion": "经补充调查，反映问题不属实。"})
    r = office.call("leading_group", "POST", f"/v1/objections/{oid}/resolution", {"decision": "approve"})
    assert r.status_code == 200, r.text
    assert office.candidates()["u-2"] == "in_notice"
    assert office.outbox("objection.resolved")[0]["data"]["outcome"] == "dismissed"
    assert len(office.outbox("hold.released")) == 1


def test_art17_an_objection_after_the_window_is_refused_and_points_to_the_supervision_group(office):
    noticed(office)
    office.clock("2019-10-11T08:00:00+08:00")
    r = office.call(None, "POST", "/public/v1/objections", OBJECTION)
    assert r.status_code == 409
    error = r.json()["error"]
    assert error["article"] == "Art. 17" and "第十七条" in error["message"]
    assert error["fields"]["complaint_route"] == "https://jdzl.example/public/v1/complaints"
    assert office.outbox("objection.received") == [] and office.outbox("hold.placed") == []
    missing = office.call(None, "POST", "/public/v1/objections", {"application_id": "u-2", "content": "x"})
    assert missing.status_code == 422 and {"objector_name", "objector_contact"} <= set(missing.json()["error"]["fields"])


def test_holds_a_supervisory_hold_on_objection_handling_stops_the_resolution(office):
    noticed(office)
    tracking = office.call(None, "POST", "/public/v1/objections", OBJECTION).json()["tracking_number"]
    oid = objection_id(office, tracking)
    office.call("office", "POST", f"/v1/objections/{oid}/investigation", {
        "investigators": ["办公室 李某"], "checked": "核查", "conclusion": "不属实"})
    office.call("office", "POST", f"/v1/objections/{oid}/resolution",
                {"outcome": "dismissed", "handling_opinion": "异议不成立"})
    office.hold("hold-oh", "objection_handling", subject="u-2")
    r = office.call("leading_group", "POST", f"/v1/objections/{oid}/resolution", {"decision": "approve"})
    assert r.status_code == 409 and r.json()["error"]["fields"]["hold_id"] == "hold-oh"
    assert office.outbox("objection.resolved") == []
    office.hold("hold-oh", "objection_handling", subject="u-2", release=True)
    assert office.call("leading_group", "POST", f"/v1/objections/{oid}/resolution",
                       {"decision": "approve"}).status_code == 200


# -- issue 29 (8): objections on one candidate share one hold ---------------------------------
OTHER = {"application_id": "u-2", "content": "该单位申报材料中的产品合格率数据与实际不符。",
         "objector_name": "李某", "objector_contact": "13900000000"}


def resolve(office, oid, outcome, opinion=None):
    """The office investigates and proposes, the leading group approves: the objection is answered."""
    opinion = opinion or f"经调查，{outcome}"
    if outcome != "withdrawn":
        assert office.call("office", "POST", f"/v1/objections/{oid}/investigation", {
            "investigators": ["办公室 李某"], "checked": "核查", "conclusion": "已核实"}).status_code == 200
    assert office.call("office", "POST", f"/v1/objections/{oid}/resolution",
                       {"outcome": outcome, "handling_opinion": opinion}).status_code == 200
    r = office.call("leading_group", "POST", f"/v1/objections/{oid}/resolution", {"decision": "approve"})
    assert r.status_code == 200, r.text
    return r.json()


def objection_holds(office, subject="u-2"):
    return [h for h in office.rows(db.holds, subject=subject) if h["placed_by_service"] == "publicity"]


def test_art17_objections_on_one_candidate_share_one_hold_released_with_the_last(office):
    noticed(office)
    first = office.call(None, "POST", "/public/v1/objections", OBJECTION)
    second = office.call(None, "POST", "/public/v1/objections", OTHER)
    assert first.status_code == 201 and second.status_code == 201, second.text
    t1, t2 = first.json()["tracking_number"], second.json()["tracking_number"]
    assert t1 != t2  # each objection is still its own, investigated and answered
    rows = office.rows(tables.objections, application_id="u-2")
    assert len(rows) == 2 and len({r["hold_id"] for r in rows}) == 1
    [hold] = objection_holds(office)
    assert hold["status"] == "active" and hold["hold_id"] == rows[0]["hold_id"]
    assert len(office.outbox("hold.placed")) == 1  # joining the hold announces nothing new
    assert {e["data"]["hold_id"] for e in office.outbox("objection.received")} == {hold["hold_id"]}

    resolve(office, objection_id(office, t1), "dismissed")
    assert office.row(db.holds, hold_id=hold["hold_id"])["status"] == "active"  # the second still waits
    assert office.outbox("hold.released") == []
    assert office.candidates()["u-2"] == "in_notice"
    assert office.call(None, "GET", f"/public/v1/objections/{t2}").json()["status"] == "received"

    resolve(office, objection_id(office, t2), "dismissed")
    [released] = office.outbox("hold.released")
    assert released["data"]["hold_id"] == hold["hold_id"]
    assert office.row(db.holds, hold_id=hold["hold_id"])["status"] == "released"
    assert office.candidates()["u-2"] == "in_notice"

    # the list a page at a time (docs/contract.md, "Lists a page at a time"): every objection
    # once, oldest first; an ``after`` that is not one of the cycle's is refused naming it
    third = office.call(None, "POST", "/public/v1/objections", dict(OTHER, application_id="u-1"))
    assert third.status_code == 201, third.text
    walked = office.walk("office", f"/v1/objections?cycle_id={office.cycle_id}&limit=2", "objections")
    whole = office.call("office", "GET", f"/v1/objections?cycle_id={office.cycle_id}").json()
    assert [o["objection_id"] for o in walked] == [o["objection_id"] for o in whole["objections"]]
    assert [o["tracking_number"] for o in walked] == [t1, t2, third.json()["tracking_number"]]  # as received
    bad = office.call("office", "GET", f"/v1/objections?cycle_id={office.cycle_id}&after=objection-none")
    assert bad.status_code == 422 and list(bad.json()["error"]["fields"]) == ["after"], bad.text


def test_art17_upheld_the_candidate_leaves_the_list_and_the_other_objections_on_it_are_still_answered(office):
    noticed(office)
    t1 = office.call(None, "POST", "/public/v1/objections", OBJECTION).json()["tracking_number"]
    t2 = office.call(None, "POST", "/public/v1/objections", OTHER).json()["tracking_number"]
    resolve(office, objection_id(office, t1), "upheld", "经调查核实，异议成立，取消其拟奖资格。")
    candidate = {c["application_id"]: c for c in office.call(
        "office", "GET", f"/v1/cycles/{office.cycle_id}/candidates").json()["candidates"]}["u-2"]
    assert candidate["status"] == "removed" and candidate["reason"] == "经调查核实，异议成立，取消其拟奖资格。"
    [hold] = objection_holds(office)
    assert hold["status"] == "active" and office.outbox("hold.released") == []  # one objection is unanswered
    late = office.call(None, "POST", "/public/v1/objections", dict(OBJECTION, content="另一条异议"))
    assert late.status_code == 404  # off the notice: nothing more is taken on it

    resolve(office, objection_id(office, t2), "upheld", "异议亦成立。")
    candidate = {c["application_id"]: c for c in office.call(
        "office", "GET", f"/v1/cycles/{office.cycle_id}/candidates").json()["candidates"]}["u-2"]
    assert candidate["status"] == "removed" and candidate["reason"] == "经调查核实，异议成立，取消其拟奖资格。"
    [released] = office.outbox("hold.released")
    assert released["data"]["hold_id"] == hold["hold_id"]
    assert [e["data"]["outcome"] for e in office.outbox("objection.resolved")] == ["upheld", "upheld"]
    assert office.call(None, "GET", f"/public/v1/objections/{t2}").json()["outcome"] == "upheld"


# -- issue 29 (8): an identical objection of the same signed objector is answered, not repeated -----
def test_art17_an_identical_signed_objection_answers_the_first_tracking_number_and_creates_nothing(office):
    noticed(office)
    first = office.call(None, "POST", "/public/v1/objections", OBJECTION)
    assert first.status_code == 201 and first.json()["duplicate"] is False
    tracking = first.json()["tracking_number"]
    spaced = dict(OBJECTION, content=f"  {OBJECTION['content']}\u3000\n",
                  objector_name=" 王某某 ")  # the same words, differently spaced
    for body in (OBJECTION, spaced):
        again = office.call(None, "POST", "/public/v1/objections", body)
        assert again.status_code == 200, again.text
        assert again.json()["tracking_number"] == tracking and again.json()["duplicate"] is True
        assert again.json()["status"] == "received"
    [row] = office.rows(tables.objections, application_id="u-2")
    assert row["tracking_number"] == tracking
    assert len(objection_holds(office)) == 1 and len(office.outbox("hold.placed")) == 1
    assert len(office.outbox("objection.received")) == 1 and len(office.audit("objection.receive")) == 1


def test_art17_unsigned_identical_objections_are_never_merged_but_share_the_hold(office_factory):
    office = office_factory(signed=False)  # an edition that takes unsigned objections
    noticed(office)
    unsigned = dict(OBJECTION, objector_name=" ", objector_contact="\u3000")  # no name, no contact to check
    answers = [office.call(None, "POST", "/public/v1/objections", unsigned) for _ in range(2)]
    assert [a.status_code for a in answers] == [201, 201], answers[-1].text
    assert len({a.json()["tracking_number"] for a in answers}) == 2
    rows = office.rows(tables.objections, application_id="u-2")
    assert len(rows) == 2 and len({r["hold_id"] for r in rows}) == 1
    assert len(objection_holds(office)) == 1 and len(office.outbox("hold.placed")) == 1


def test_art17_a_different_signed_objector_never_receives_another_objectors_tracking_number(office_factory):
    office = office_factory(signed=False)  # an edition that takes unsigned objections
    noticed(office)
    tracking = office.call(None, "POST", "/public/v1/objections", OBJECTION).json()["tracking_number"]
    others = [dict(OBJECTION, objector_contact="13700000000"),  # the same name, another contact
              dict(OBJECTION, objector_name="王某"),  # another name, the same contact
              dict(OBJECTION, objector_name=" ", objector_contact=" "),  # unsigned
              dict(OBJECTION, application_id="u-1")]  # the same objector on another candidate
    answers = [office.call(None, "POST", "/public/v1/objections", body) for body in others]
    assert [a.status_code for a in answers] == [201] * 4, [a.text for a in answers]
    numbers = [a.json()["tracking_number"] for a in answers]
    assert tracking not in numbers and len(set(numbers)) == 4
    assert len(office.rows(tables.objections)) == 5
    again = office.call(None, "POST", "/public/v1/objections", OBJECTION)
    assert again.status_code == 200 and again.json()["tracking_number"] == tracking


def test_art17_erasing_an_objectors_identity_erases_what_matched_it_too(office_factory):
    office = office_factory(OBJECTOR_DATA_RETENTION_DAYS=0)
    noticed(office)
    tracking = office.call(None, "POST", "/public/v1/objections", OBJECTION).json()["tracking_number"]
    assert office.row(tables.objections, tracking_number=tracking)["duplicate_key"]
    resolve(office, objection_id(office, tracking), "dismissed")
    wait_for(lambda: office.row(tables.objections, tracking_number=tracking)["personal_data_erased_at"],
             message="the erasure")
    row = office.row(tables.objections, tracking_number=tracking)
    assert row["objector_name"] is None and row["objector_contact"] is None and row["duplicate_key"] is None


def test_art17_the_cycles_objections_are_counted_by_status_and_listed_by_status(office):
    """Province scale: the console's counts of objections (open, waiting for the leading group,
    unresolved) come from ``GET /v1/cycles/{cycle}/objections/summary`` (a ``GROUP BY``) and the
    ones it lists from ``?status=``, never from every objection; the list's readers (an applicant:
    403; a supervisor not on the cycle's group: 403), 404 for a cycle publicity does not know."""
    noticed(office)
    for n, app in enumerate(("u-1", "u-2", "u-3")):
        body = {**OBJECTION, "application_id": app, "objector_contact": f"1380000000{n}"}
        assert office.call(None, "POST", "/public/v1/objections", body).status_code == 201
    url = f"/v1/cycles/{office.cycle_id}/objections/summary"
    counted = office.svc.client.get(url, "office")
    assert counted.status_code == 200, counted.text
    assert counted.json() == {"cycle_id": office.cycle_id, "total": 3, "by_status": {"received": 3}, "unresolved": 3}
    assert office.svc.client.get(url, "leading_group").json() == counted.json()
    received = office.svc.client.get(f"/v1/objections?cycle_id={office.cycle_id}&status=received&limit=2", "office")
    assert len(received.json()["objections"]) == 2 and received.json()["next"], received.text
    none = office.svc.client.get(f"/v1/objections?cycle_id={office.cycle_id}&status=proposed", "office").json()
    assert none == {"objections": [], "next": None}
    bad = office.svc.client.get("/v1/objections?status=lost", "office")
    assert bad.status_code == 422 and list(bad.json()["error"]["fields"]) == ["status"]
    assert office.svc.client.get(url, "applicant").status_code == 403
    assert office.svc.client.get(url, "supervisor", sub="supervisor-li").status_code == 403
    assert office.svc.client.get("/v1/cycles/cycle-1999/objections/summary", "office").status_code == 404
