"""Service tests, Art. 17: the handling opinion (处理意见) is the office's, approved by the leading
group, and then carried out. Removal is one outcome, not the only one: a move to the nomination
award, a corrected record, or no change, each with its reason. Whether an objection must be signed
is the edition's choice (the rule set), not Art. 17's — and the notice page says so."""
from award_publicity import tables
from award_testing.helpers import wait_for

CLOSED = "2019-10-11T09:00:00+08:00"


def noticed(office):
    office.propose()
    assert office.deliberate(adopt=("u-1", "u-2", "u-3", "p-1")).status_code == 201
    assert office.notice().status_code == 201


def objection(office, application_id, content="反映问题", **identity):
    body = {"application_id": application_id, "content": content, **identity}
    r = office.call(None, "POST", "/public/v1/objections", body)
    assert r.status_code == 201, r.text
    return office.row(tables.objections, tracking_number=r.json()["tracking_number"])["objection_id"]


SIGNED = {"objector_name": "刘某", "objector_contact": "0531-1234567"}


def propose(office, oid, **opinion):
    assert office.call("office", "POST", f"/v1/objections/{oid}/investigation", {
        "investigators": ["办公室 李某"], "checked": "调阅评审材料", "conclusion": "已核实"}).status_code == 200
    return office.call("office", "POST", f"/v1/objections/{oid}/resolution", opinion)


def approve(office, oid):
    r = office.call("leading_group", "POST", f"/v1/objections/{oid}/resolution", {"decision": "approve"})
    assert r.status_code == 200, r.text
    return r.json()


def test_art17_the_handling_opinion_moves_a_candidate_to_the_nomination_award(office):
    noticed(office)
    oid = objection(office, "u-2", **SIGNED)
    reason = "经调查，该单位部分指标未达到市长质量奖标准，但符合提名奖条件"
    r = propose(office, oid, outcome="upheld", action="move_to_nomination", handling_opinion=reason)
    assert r.status_code == 200, r.text
    assert r.json()["proposed_action"] == "move_to_nomination"
    assert r.json()["action_detail"] == {"from_category": "unit_award", "to_category": "unit_nomination"}
    assert office.row(tables.candidates, application_id="u-2")["category"] == "unit_award"  # not before approval
    approve(office, oid)
    moved = office.row(tables.candidates, application_id="u-2")
    assert (moved["category"], moved["status"], moved["reason"]) == ("unit_nomination", "in_notice", reason)
    assert moved["rank"] == 2  # after u-3, the nomination's first
    [resolved] = office.outbox("objection.resolved")
    assert resolved["data"]["action"] == "move_to_nomination" and resolved["data"]["category"] == "unit_nomination"
    office.clock(CLOSED)
    wait_for(lambda: office.outbox("notice.closed"), message="the notice to close")
    submitted = office.submit().json()
    assert {(c["application_id"], c["category"]) for c in submitted["candidates"]} >= {
        ("u-2", "unit_nomination"), ("u-3", "unit_nomination"), ("u-1", "unit_award")}


def test_art17_the_handling_opinion_corrects_a_record_or_changes_nothing_each_with_its_reason(office):
    noticed(office)
    corrected = objection(office, "u-1", **SIGNED)
    unchanged = objection(office, "p-1", **SIGNED)
    r = propose(office, corrected, outcome="dismissed", action="remove", handling_opinion="不属实")
    assert r.status_code == 422 and "action" in r.json()["error"]["fields"]  # a dismissal removes nobody
    assert r.json()["error"]["article"] == "Art. 17"
    r = propose(office, corrected, outcome="upheld", action="correct_record", handling_opinion="名称有误")
    assert r.status_code == 422 and "correction.record" in r.json()["error"]["fields"]  # say what is corrected
    assert office.row(tables.objections, objection_id=corrected)["status"] == "investigated"  # nothing changed
    r = propose(office, corrected, outcome="upheld", action="correct_record",
                handling_opinion="经核实，公示名称与营业执照不一致，予以更正",
                correction={"record": "单位名称按营业执照更正", "applicant_name": "济南示例精密机械股份有限公司"})
    assert r.status_code == 200, r.text
    approve(office, corrected)
    row = office.row(tables.candidates, application_id="u-1")
    assert (row["applicant_name"], row["status"], row["category"]) == (
        "济南示例精密机械股份有限公司", "in_notice", "unit_award")
    r = propose(office, unchanged, outcome="upheld", action="no_change",
                handling_opinion="反映情况属实，但发生在申报期之前且已整改，不影响获奖资格")
    assert r.status_code == 200, r.text
    approve(office, unchanged)
    person = office.row(tables.candidates, application_id="p-1")
    assert (person["status"], person["category"]) == ("in_notice", "individual_award")
    actions = {e["data"]["application_id"]: e["data"]["action"] for e in office.outbox("objection.resolved")}
    assert actions == {"u-1": "correct_record", "p-1": "no_change"}
    assert all(e["data"]["handling_opinion"] for e in office.outbox("objection.resolved"))
    office.clock(CLOSED)
    wait_for(lambda: office.outbox("notice.closed"), message="the notice to close")
    assert office.submit().status_code == 201
    r = office.call("government", "POST", f"/v1/cycles/{office.cycle_id}/approval",
                    {"document_number": "济政字〔2019〕88号", "approved_on": "2019-10-25"})
    assert r.status_code == 201, r.text
    [approved] = office.outbox("award.approved")
    names = {e["application_id"]: e["recipient_name"] for e in approved["data"]["final_list"]}
    assert names["u-1"] == "济南示例精密机械股份有限公司"  # the corrected record is what the government approves


def test_art17_an_upheld_objection_without_an_action_still_removes_the_candidate(office):
    noticed(office)
    oid = objection(office, "u-2", **SIGNED)
    assert propose(office, oid, outcome="upheld", handling_opinion="异议属实").status_code == 200
    approve(office, oid)
    assert office.row(tables.candidates, application_id="u-2")["status"] == "removed"
    [resolved] = office.outbox("objection.resolved")
    assert resolved["data"]["action"] == "remove"


def test_art17_signing_an_objection_is_the_editions_choice_and_the_page_does_not_cite_art17_for_it(office):
    signed = office  # the 2018 rule set: objections are signed
    noticed(signed)
    r = signed.call(None, "POST", "/public/v1/objections", {"application_id": "u-2", "content": "反映问题"})
    assert r.status_code == 422 and "objector_name" in r.json()["error"]["fields"]
    assert "article" not in r.json()["error"] and "第十七条" not in r.json()["error"]["message"]
    page = signed.call(None, "GET", "/public/v1/notices/current?format=html").text
    assert "实名" not in page and "按本届评审规则，异议须署名" in page
    assert "公示有异议的，由市质量强市领导小组办公室组织调查核实并提出处理意见" in page  # Art. 17 as it reads
    assert 'name="objector_name" required' in page


def test_art17_an_edition_that_takes_unsigned_objections_takes_them_and_says_so(office_factory):
    unsigned = office_factory(signed=False)
    noticed(unsigned)
    r = unsigned.call(None, "POST", "/public/v1/objections", {"application_id": "u-2", "content": "反映问题"})
    assert r.status_code == 201, r.text
    page = unsigned.call(None, "GET", "/public/v1/notices/current?format=html").text
    assert "异议可不署名" in page and 'name="objector_name" required' not in page
