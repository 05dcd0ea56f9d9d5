"""Recovery on the fast rung (Art. 29, 30: 收回): returns recorded item by item and money in
parts until ``revocation.recovery_completed``; overdue recoveries as the clock moves on."""
import pytest

from award_revocation import recoveries
from award_shared import errors
from award_testing.workflows import audited, published
from revocation_workflowkit import OFFICE, grant, open_case, returned, state_of, to_state


def _revoked(tx, store, award_id, **grant_kw):
    grant(tx, award_id, **grant_kw)
    case_id = open_case(tx, store, award_id)["case_id"]
    to_state(tx, case_id, "revoked")
    return case_id


def _back(tx, case_id, **what):
    with tx:
        return recoveries.record_return(tx, case_id, OFFICE, returned(**what))


def test_art29_returns_are_recorded_until_the_recovery_completes_and_is_published(tx, store):
    case_id = _revoked(tx, store, "award-r1", prize="100000.10")
    assert _back(tx, case_id, item="trophy", receipt="R-1")["state"] == "recovering"
    part = _back(tx, case_id, amount="33333.43", receipt="R-2")
    assert part["state"] == "recovering" and part["recovery"]["money_returned"] == "33333.43"
    _back(tx, case_id, amount="66666.67", receipt="R-3")
    assert published(tx, "revocation.recovery_completed") == []  # the certificate is still out

    done = _back(tx, case_id, item="certificate", receipt="R-4")
    assert done["state"] == "closed" and done["closed"] and done["recovery"]["money_returned"] == "100000.10"
    assert done["recovery"]["items_returned"] == ["trophy", "certificate"]
    [completed] = published(tx, "revocation.recovery_completed")
    assert completed["subject"] == "award-r1" and completed["data"] == {
        "award_id": "award-r1", "cycle_id": "cycle-2019", "case_id": case_id,
        "completed_at": "2021-06-01T01:00:00+00:00"}  # UTC, as the clock answers
    assert [e["type"] for e in published(tx)] == ["award.revoked", "revocation.recovery_completed"]
    assert [a["detail"].count("R-") for a in audited(tx, "recovery.recorded")] == [1, 1, 1, 1]
    assert [a["action"] for a in audited(tx)][-2:] == ["case.complete", "recovery.recorded"]


def test_art29_a_return_twice_conflicts_and_more_money_than_due_is_invalid_and_neither_changes_anything(tx, store):
    case_id = _revoked(tx, store, "award-r2", prize="500000.00")
    _back(tx, case_id, item="trophy")
    _back(tx, case_id, amount="499999.99")
    before = audited(tx)
    with pytest.raises(errors.Conflict) as twice, tx:
        recoveries.record_return(tx, case_id, OFFICE, returned(item="trophy"))
    assert type(twice.value) is errors.Conflict and twice.value.fields == {"item": "trophy is already recorded as returned"}
    with pytest.raises(errors.Invalid) as too_much, tx:
        recoveries.record_return(tx, case_id, OFFICE, returned(amount="0.02"))
    assert "amount" in too_much.value.fields and too_much.value.article == "Art. 29"
    with pytest.raises(errors.Invalid), tx:
        recoveries.record_return(tx, case_id, OFFICE, returned(item="medal"))  # never conferred
    assert audited(tx) == before and state_of(tx, case_id) == "recovering"
    assert published(tx, "revocation.recovery_completed") == []


def test_art29_recoveries_become_overdue_as_the_clock_moves_on(tx, store):
    case_id = _revoked(tx, store, "award-r3")  # decided 2021-05-20; the clock says 2021-06-01
    with tx:
        assert recoveries.overdue(tx, 30) == [] and recoveries.oldest_outstanding_days(tx) == 12
    tx.clock.advance(days=30)  # 2021-07-01
    _back(tx, case_id, amount="100")
    with tx:
        [late] = recoveries.overdue(tx, 30)
        assert recoveries.oldest_outstanding_days(tx) == 42
    assert (late["case_id"], late["days_since_decision"], late["days_overdue"]) == (case_id, 42, 12)
    assert late["items_outstanding"] == ["trophy", "certificate"] and late["money_outstanding"] == "499900.00"
    [recorded] = audited(tx, "recovery.recorded")
    assert recorded["at"].date().isoformat() == "2021-07-01"
    assert published(tx, "revocation.recovery_completed") == []
