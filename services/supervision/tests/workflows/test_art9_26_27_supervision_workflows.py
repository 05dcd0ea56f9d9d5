"""The fast rung of supervision (Art. 9, 16, 26, 27): its workflow modules run on the kit's own
unit of work over SQLite in memory, with a fixed clock and no broker — each test asserts the
state written, the events in the outbox and the audit."""
import pytest
import sqlalchemy as sa

from award_rules.vocabulary import MEMBER_KINDS
from award_shared import cycles, errors, events
from award_shared.web import cycle_access
from award_shared.web.auth import Principal
from award_supervision import complaints, findings, group, halts, replicas, tables
from award_testing.workflows import audited, published, received, unit_of_work

CYCLE = "cycle-2019"
MEMBERS = [f"p{i:02d}" for i in range(1, 6)]
OFFICE = Principal("office-1", frozenset({"office"}))
LEADING_GROUP = Principal("lg-1", frozenset({"leading_group"}))


def supervisor(sub="p01"):
    return Principal(sub, frozenset({"supervisor"}))


def data(tx, event_type):
    return [e["data"] for e in published(tx, event_type)]


def rows(tx, table, **where):
    with tx.database.engine.connect() as conn:
        query = sa.select(table).where(*(table.c[k] == v for k, v in where.items()))
        return [dict(r) for r in conn.execute(query).mappings()]


@pytest.fixture
def tx():
    """A unit of work of supervision that knows the open cycle 2019."""
    tx = unit_of_work("supervision", tables.ALL, now="2019-05-06T09:00:00+08:00")
    opened = dict(events.CycleOpened.declaration.sample, cycle_id=CYCLE, edition=2019)
    with tx:
        cycles.record_opened(tx, received(events.CycleOpened(**opened)))
    return tx


@pytest.fixture
def sitting(tx):
    """``tx`` with the cycle's group appointed: p01..p05, one of each kind Art. 9 lists."""
    body = {"members": [{"person_id": p, "kind": k, "name": f"成员{p}"} for p, k in zip(MEMBERS, MEMBER_KINDS)]}
    with tx:
        group.propose(tx, CYCLE, body, OFFICE.sub)
    with tx:
        group.approve(tx, CYCLE, {}, LEADING_GROUP.sub)
    return tx


def procedural(subject="app-1", halt=True, **extra):
    return {"cycle_id": CYCLE, "kind": "procedural", "step": "district_review", "subject": subject,
            "article": "Art. 14", "summary": "区县推荐未按规定签署", "evidence": ["推荐表复印件"], "halt": halt,
            **extra}


def test_art9_the_office_proposes_and_the_leading_group_appoints_the_group(tx):
    body = {"members": [{"person_id": p, "kind": k, "name": f"成员{p}"} for p, k in zip(MEMBERS, MEMBER_KINDS)]}
    with tx:
        proposed = group.propose(tx, CYCLE, body, OFFICE.sub)
    assert proposed["status"] == "proposed" and proposed["rotation"]["exempt"] is True
    assert data(tx, events.GroupAppointed.type) == []
    with tx:
        appointed = group.approve(tx, CYCLE, {}, LEADING_GROUP.sub)

    assert appointed["status"] == "appointed" and appointed["approved_by"] == LEADING_GROUP.sub
    [envelope] = published(tx, events.GroupAppointed.type)
    assert envelope["subject"] == CYCLE and envelope["data"] == {
        "cycle_id": CYCLE, "group_id": proposed["group_id"],
        "members": {k: [f"成员{p}"] for p, k in zip(MEMBERS, MEMBER_KINDS)}, "other_members": [],
        "member_subjects": MEMBERS}
    with tx:  # the roster is recorded in the publishing transaction: its members read the cycle at once
        assert all(cycles.sits(tx.session, CYCLE, "supervisor", p) for p in MEMBERS)
    assert [a["target"] for a in audited(tx, "group.propose")] == [proposed["group_id"]]
    assert [a["target"] for a in audited(tx, "group.approve")] == [proposed["group_id"]]
    with tx, pytest.raises(errors.RuleViolation) as again:  # one group per cycle
        group.propose(tx, CYCLE, body, OFFICE.sub)
    assert again.value.article == "Art. 9"


def test_art9_a_finding_that_halts_places_a_hold(sitting):
    tx = sitting
    with tx:
        finding = findings.record(tx, procedural(hold_reason="待核实推荐签署"), supervisor())

    hold = finding["hold"]
    assert hold["status"] == "active" and hold["finding_id"] == finding["finding_id"]
    [row] = rows(tx, tables.holds, hold_id=hold["hold_id"])
    assert row["status"] == "active" and row["placed_by_service"] == "supervision" and row["subject"] == "app-1"
    [placed] = data(tx, events.HoldPlaced.type)
    assert placed == {"hold_id": hold["hold_id"], "cycle_id": CYCLE, "step": "district_review", "subject": "app-1",
                      "placed_by": "p01", "placed_by_service": "supervision", "reason": "待核实推荐签署",
                      "article": "Art. 14", "placed_at": "2019-05-06T01:00:00+00:00"}
    [recorded] = data(tx, events.FindingRecorded.type)
    assert recorded == {"finding_id": finding["finding_id"], "cycle_id": CYCLE, "kind": "procedural",
                        "step": "district_review", "subject": "app-1", "article": "Art. 14",
                        "summary": "区县推荐未按规定签署", "hold_id": hold["hold_id"]}
    assert [a["target"] for a in audited(tx, "hold.place")] == [hold["hold_id"]]
    assert [a["target"] for a in audited(tx, "finding.record")] == [finding["finding_id"]]
    with tx, pytest.raises(errors.Forbidden):  # only a member of the cycle's group
        findings.record(tx, procedural(), supervisor("stranger"))


def test_art9_the_group_releases_its_hold_finally(sitting):
    tx = sitting
    with tx:
        hold_id = findings.record(tx, procedural(), supervisor())["hold"]["hold_id"]
    tx.clock.advance(days=2)
    with tx, pytest.raises(errors.Forbidden):  # the office, while the group sits
        halts.release(tx, hold_id, OFFICE, "核实无误")
    with tx:
        released = halts.release(tx, hold_id, supervisor("p03"), "核实无误")

    assert released["status"] == "released" and released["released_by"] == "p03"
    assert rows(tx, tables.holds, hold_id=hold_id)[0]["release_reason"] == "核实无误"
    [event] = data(tx, events.HoldReleased.type)
    assert event == {"hold_id": hold_id, "cycle_id": CYCLE, "step": "district_review", "subject": "app-1",
                     "released_by": "p03", "reason": "核实无误", "approved_by": None,
                     "released_at": "2019-05-08T01:00:00+00:00"}
    [audit] = audited(tx, "hold.release")
    assert audit["target"] == hold_id and audit["reason"] == "核实无误"
    with tx, pytest.raises(errors.Conflict) as again:
        halts.release(tx, hold_id, supervisor(), "再次解除")
    assert again.value.code == "hold_released"
    assert len(published(tx, events.HoldReleased.type)) == 1


def test_art27_misconduct_of_an_expert_disqualifies_them_everywhere(sitting):
    tx = sitting
    body = {"cycle_id": CYCLE, "kind": "review_staff", "step": "material_review", "subject": "app-3",
            "summary": "专家与申报单位存在利害关系未回避", "evidence": ["评分表"], "staff_subject": "expert-7",
            "staff_role": "expert", "misconduct": "favouritism", "harm": "材料评审排名失真"}
    with tx:
        finding = findings.record(tx, body, supervisor())

    assert finding["article"] == "Art. 27" and finding["hold"] is None and finding["harm"] == "材料评审排名失真"
    assert data(tx, events.StaffDisqualified.type) == [
        {"cycle_id": CYCLE, "staff_subject": "expert-7", "staff_role": "expert", "reason": body["summary"],
         "finding_id": finding["finding_id"]}]
    assert data(tx, events.ExpertDisqualified.type) == [
        {"expert_subject": "expert-7", "cycle_id": CYCLE, "reason": body["summary"], "harm": "材料评审排名失真",
         "finding_id": finding["finding_id"]}]
    assert [e["type"] for e in published(tx)][-3:] == [
        events.FindingRecorded.type, events.StaffDisqualified.type, events.ExpertDisqualified.type]
    [report] = rows(tx, tables.reports, ref_id=finding["finding_id"])
    assert report["kind"] == "staff_misconduct"
    with tx:  # this service's own roster knows at once: the expert reads nothing of the cycle
        assert "expert-7" in cycle_access.roster(tx.session, CYCLE)["disqualified"][1]
    assert audited(tx, "staff.disqualified.known")[0]["target"] == CYCLE
    assert audited(tx, "finding.record")[0]["target"] == finding["finding_id"]


def test_art27_misconduct_of_other_staff_disqualifies_without_naming_an_expert(sitting):
    tx = sitting
    with tx:
        finding = findings.record(tx, {
            "cycle_id": CYCLE, "kind": "review_staff", "step": "onsite_review", "summary": "办公室人员泄露评审信息",
            "evidence": ["聊天记录"], "staff_subject": "office-9", "staff_role": "office",
            "misconduct": "neglect_of_duty", "harm": "评审信息外泄"}, supervisor())

    assert [d["staff_subject"] for d in data(tx, events.StaffDisqualified.type)] == ["office-9"]
    assert data(tx, events.ExpertDisqualified.type) == []
    assert audited(tx, "finding.record")[0]["target"] == finding["finding_id"]
    with tx, pytest.raises(errors.RuleViolation) as halting:  # Art. 27 disqualifies; it halts nothing
        findings.record(tx, {"cycle_id": CYCLE, "kind": "review_staff", "step": "onsite_review", "summary": "x",
                             "evidence": ["y"], "staff_subject": "office-9", "staff_role": "office",
                             "misconduct": "neglect_of_duty", "harm": "z", "halt": True}, supervisor())
    assert halting.value.article == "Art. 27"


def test_art16_an_opinion_is_recorded_and_published(sitting):
    tx = sitting
    with tx:
        opinion = findings.record_opinion(tx, {"cycle_id": CYCLE, "application_id": "app-1",
                                               "opinion": "评审程序规范，无异议"}, supervisor("p04"))

    assert opinion["author"] == "p04"
    [row] = rows(tx, tables.opinions, opinion_id=opinion["opinion_id"])
    assert row["application_id"] == "app-1" and row["opinion"] == "评审程序规范，无异议"
    [envelope] = published(tx, events.OpinionRecorded.type)
    assert envelope["subject"] == "app-1" and envelope["data"] == {
        "application_id": "app-1", "cycle_id": CYCLE, "opinion": "评审程序规范，无异议"}
    [audit] = audited(tx, "opinion.record")
    assert audit["target"] == "app-1" and opinion["opinion_id"] in audit["detail"]


def test_hold_applied_records_where_and_when_each_hold_bit_once(sitting):
    tx = sitting
    with tx:
        hold_id = findings.record(tx, procedural(), supervisor())["hold"]["hold_id"]
    applied = received(events.HoldApplied(hold_id=hold_id, cycle_id=CYCLE, owner="intake", subject="app-1",
                                          subject_step="district_review", applied_at="2019-05-06T09:00:05+08:00"),
                       source="intake")
    for _ in range(2):  # a redelivery changes nothing
        with tx:
            replicas.record_applied(tx, applied)

    [effect] = rows(tx, tables.hold_effects, hold_id=hold_id)
    assert effect["owner"] == "intake" and effect["subject_step"] == "district_review"
    assert effect["applied_at"].isoformat() in ("2019-05-06T01:00:05+00:00", "2019-05-06T09:00:05+08:00")
    assert published(tx, events.HoldApplied.type) == []  # supervision owns no step: it applies nothing


def test_art9_the_group_is_dissolved_with_its_cycle_and_reads_it_no_more(sitting):
    tx = sitting
    with tx:
        group_id = group.dissolve(tx, CYCLE)

    [row] = rows(tx, tables.supervision_groups, group_id=group_id)
    assert row["status"] == "dissolved"
    [envelope] = published(tx, events.GroupDissolved.type)
    assert envelope["subject"] == CYCLE and envelope["data"]["member_subjects"] == MEMBERS
    with tx:
        assert not cycles.sits(tx.session, CYCLE, "supervisor", "p01")
    [audit] = audited(tx, "group.dissolve")
    assert audit["target"] == group_id and audit["reason"] == events.CycleClosed.type


def test_art9_a_declined_complaint_is_reported_to_the_leading_group(sitting):
    tx = sitting
    with tx:
        filed = complaints.file(tx, {"kind": "complaint", "content": "评审不公", "complainant": {"name": "张三"}})
    [row] = rows(tx, tables.complaints, tracking_number=filed["tracking_number"])
    assert row["cycle_id"] == CYCLE and row["status"] == "received" and row["complainant_name"] == "张三"
    with tx:
        triaged = complaints.triage(tx, row["complaint_id"], {"decision": "decline", "note": "不属于受理范围"},
                                    supervisor())

    assert triaged["status"] == "declined" and triaged["complainant"]["name"] == "张三"
    [report] = rows(tx, tables.reports, ref_id=row["complaint_id"])
    assert report["kind"] == "complaint_result" and report["summary"] == "不属于受理范围"
    [filing] = audited(tx, "complaint.file")
    assert filing["target"] == row["complaint_id"] and "张三" not in (filing["detail"] or "")
    assert audited(tx, "complaint.triage")[0]["reason"] == "不属于受理范围"
    assert [e["type"] for e in published(tx)] == [events.GroupAppointed.type]  # a complaint publishes nothing
