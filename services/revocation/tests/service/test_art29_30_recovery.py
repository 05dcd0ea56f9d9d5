"""Recovery after a revocation (Art. 29, 30: 收回奖杯、奖牌、证书和奖金): item by item, money in
parts summed exactly, completion closes the case; overdue recoveries are visible."""
import json

import sqlalchemy as sa

from award_shared.store import db
from award_testing.helpers import metric


def _back(office, case_id, **what):
    body = {"returned_on": "2021-05-30", "receipt_number": f"R-{len(what)}-{list(what.values())[0]}",
            "received_by": "市质量强市办 王某", **what}
    return office.post(f"/v1/cases/{case_id}/recovery", "office", body)


def _revoked(office, award_id, **grant):
    award = office.grant(award_id, **grant)
    case_id = office.open_case(award)
    office.to_state(case_id, "revoked")
    return case_id


def test_art29_items_and_money_in_parts_complete_the_recovery(office):
    case_id = _revoked(office, "award-r1", prize="100000.10")
    assert _back(office, case_id, item="trophy").json()["state"] == "recovering"
    assert _back(office, case_id, amount="0.10").status_code == 200
    part = _back(office, case_id, amount="33333.33").json()
    assert part["recovery"]["money_returned"] == "33333.43" and part["state"] == "recovering"
    _back(office, case_id, amount="66666.67")
    done = _back(office, case_id, item="certificate").json()
    assert done["state"] == "closed" and done["closed"]
    assert done["recovery"]["money_returned"] == "100000.10"
    with office.svc.engine.connect() as conn:
        [body] = conn.execute(sa.select(db.outbox.c.body).where(
            db.outbox.c.type == "revocation.recovery_completed")).scalars().all()
    assert json.loads(body)["data"]["case_id"] == case_id


def test_art29_more_money_than_was_granted_is_422_and_changes_nothing(office):
    case_id = _revoked(office, "award-r2", prize="500000.00")
    _back(office, case_id, amount="499999.99")
    resp = _back(office, case_id, amount="0.02")
    assert resp.status_code == 422 and "amount" in resp.json()["error"]["fields"]
    view = office.client.get(f"/v1/cases/{case_id}", "office").json()
    assert view["recovery"]["money_returned"] == "499999.99" and len(view["recovery"]["returns"]) == 1


def test_art29_an_item_never_conferred_is_422_and_one_returned_twice_409(office):
    case_id = _revoked(office, "award-r3", items=("trophy", "certificate"))
    assert _back(office, case_id, item="medal").status_code == 422
    assert _back(office, case_id, item="trophy").status_code == 200
    assert _back(office, case_id, item="trophy").status_code == 409


def test_art29_recovery_before_the_decision_is_409_naming_the_decision(office):
    case_id = office.open_case(office.grant("award-r4"))
    resp = _back(office, case_id, item="trophy")
    assert resp.status_code == 409 and resp.json()["error"]["fields"]["needs"] == "decision"


def test_art29_overdue_recoveries_are_listed_and_measured(office):
    case_id = _revoked(office, "award-r5")  # decided 2021-05-20; the clock says 2021-06-01
    assert office.client.get("/v1/recoveries/overdue", "office").json()["overdue"] == []
    office.client.post("/admin/v1/clock", "operator", json_body={"at": "2021-07-01T09:00:00+08:00"})
    _back(office, case_id, amount="100")
    [late] = office.client.get("/v1/recoveries/overdue", "office").json()["overdue"]
    assert late["case_id"] == case_id and late["days_overdue"] == 12
    assert late["items_outstanding"] == ["trophy", "certificate"] and late["money_outstanding"] == "499900.00"
    text = office.client.get("/metrics").text
    assert "award_revocation_oldest_outstanding_recovery_age_seconds 3.6288e+06" in text  # 42 days
    assert metric("award_revocation_cases", state="recovering") == 1
