"""The case's life (Art. 7, 29, 30): each step by its role, in order, audited; award.revoked."""
import json

import sqlalchemy as sa

from award_shared.store import db
from award_testing.helpers import count_rows
from revocation_testkit import ground


def _outbox(office, event_type):
    with office.svc.engine.connect() as conn:
        rows = conn.execute(sa.select(db.outbox.c.body).where(db.outbox.c.type == event_type)).all()
    return [json.loads(r[0]) for r in rows]


def test_art29_verify_propose_decide_publishes_award_revoked(office):
    award = office.grant("award-s1")
    case_id = office.open_case(award, ground("Art. 29(3)", "2020-03-01"), ground("Art. 29(2)", "2020-08-01"))
    decided = office.to_state(case_id, "revoked")
    assert decided["state"] == "revoked" and decided["decision_number"] == "济政字〔2021〕12号"
    [event] = _outbox(office, "award.revoked")
    assert event["data"] == {
        "award_id": award, "cycle_id": "cycle-2019", "grounds": ["Art. 29(2)", "Art. 29(3)"],
        "decision_date": "2021-05-20", "items_to_recover": ["trophy", "certificate"],
        "money_to_recover": "500000.00", "case_id": case_id, "decision_number": "济政字〔2021〕12号"}
    assert office.client.get(f"/v1/awards/{award}", "office").json()["status"] == "revoked"
    actions = [e["action"] for e in office.client.every_page("/admin/v1/audit", "entries", "office")]
    assert actions[-4:] == ["case.investigate", "case.verify", "case.propose", "case.revoke"]


def test_art29_deciding_a_case_not_verified_is_409_naming_the_step_it_needs(office):
    case_id = office.open_case(office.grant("award-s2"))
    resp = office.post(f"/v1/cases/{case_id}/decision", "government", {
        "outcome": "revoked", "document_number": "济政字〔2021〕1号", "decision_date": "2021-05-01"})
    assert resp.status_code == 409
    error = resp.json()["error"]
    assert error["article"] == "Art. 29" and error["fields"] == {"state": "opened", "needs": "proposal"}
    assert _outbox(office, "award.revoked") == []


def test_art29_verification_needs_the_investigation_first(office):
    case_id = office.open_case(office.grant("award-s3"))
    resp = office.post(f"/v1/cases/{case_id}/verification", "office", {"outcome": "verified"})
    assert resp.status_code == 409 and resp.json()["error"]["fields"]["needs"] == "investigation"


def test_art29_each_step_by_its_role_only(office):
    case_id = office.open_case(office.grant("award-s4"))
    office.to_state(case_id, "verified")
    assert office.post(f"/v1/cases/{case_id}/proposal", "office", {"outcome": "proposed"}).status_code == 403
    assert office.post(f"/v1/cases/{case_id}/proposal", "leading_group", {"outcome": "proposed"}).status_code == 200


def test_art29_dismissal_needs_reasons_closes_the_case_and_a_new_case_may_follow(office):
    award = office.grant("award-s5")
    case_id = office.open_case(award)
    office.to_state(case_id, "investigated")
    no_reasons = office.post(f"/v1/cases/{case_id}/verification", "office", {"outcome": "dismissed"})
    assert no_reasons.status_code == 422 and "reasons" in no_reasons.json()["error"]["fields"]
    dismissed = office.post(f"/v1/cases/{case_id}/verification", "office",
                            {"outcome": "dismissed", "reasons": "查无实据"})
    assert dismissed.json()["state"] == "dismissed" and dismissed.json()["closed"]
    again = office.post(f"/v1/cases/{case_id}/investigation", "office", {"findings": "再查"})
    assert again.status_code == 409
    assert office.open_case(award, ground("Art. 29(9)", "2021-03-01")) != case_id


def test_art7_the_leading_group_may_decline_to_propose_which_closes_the_case(office):
    award = office.grant("award-s6")
    case_id = office.open_case(award)
    office.to_state(case_id, "verified")
    resp = office.post(f"/v1/cases/{case_id}/proposal", "leading_group", {"outcome": "not_proposed", "reasons": "情节轻微"})
    assert resp.json()["state"] == "not_proposed" and resp.json()["closed"]


def test_art29_the_government_may_decide_not_to_revoke(office):
    award = office.grant("award-s7")
    case_id = office.open_case(award)
    office.to_state(case_id, "proposed")
    resp = office.post(f"/v1/cases/{case_id}/decision", "government", {
        "outcome": "not_revoked", "document_number": "济政字〔2021〕2号", "decision_date": "2021-05-21",
        "reasons": "已整改到位"})
    assert resp.json()["state"] == "not_revoked"
    assert office.client.get(f"/v1/awards/{award}", "office").json()["status"] == "in_force"
    assert _outbox(office, "award.revoked") == []


def test_art29_a_refused_step_changes_nothing(office):
    case_id = office.open_case(office.grant("award-s8"))
    before = count_rows(office.svc.engine, db.audit_log)
    office.post(f"/v1/cases/{case_id}/proposal", "leading_group", {"outcome": "proposed"})
    assert count_rows(office.svc.engine, db.audit_log) == before
    assert office.client.get(f"/v1/cases/{case_id}", "office").json()["state"] == "opened"
