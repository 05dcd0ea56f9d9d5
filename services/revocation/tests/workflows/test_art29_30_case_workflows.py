"""The case's workflows on the fast rung (Art. 7, 28-30): opening on a granted award, a second
ground joining, the steps up to the government's decision, dismissal."""
from datetime import date

import pytest

from award_revocation import cases, decisions, queries
from award_revocation.tables import awards
from award_shared import errors
from award_testing.workflows import audited, published
from revocation_workflowkit import (CYCLE, GOVERNMENT, OFFICE, case_body, grant, ground, open_case, state_of,
                                    to_state)


def test_art29_a_granted_award_is_kept_once_and_a_case_opens_on_it(tx, store):
    grant(tx, "award-w1")
    grant(tx, "award-w1")  # a redelivery changes nothing
    with tx:
        [award] = tx.all(awards.select())
    assert (award["award_id"], award["kind"], award["status"], award["prize_fen"], str(award["granted_on"])) == \
        ("award-w1", "unit", "in_force", 50000000, "2019-12-20")

    case = open_case(tx, store, "award-w1", ground("Art. 29(2)", date(2020, 8, 1)))
    assert case["state"] == "opened" and not case["joined"] and not case["closed"]
    assert [g["item"] for g in case["grounds"]] == ["Art. 29(2)"] and len(case["evidence"]) == 1
    assert case["evidence"][0]["sha256"] and case["recovery"]["money_due"] == "500000.00"
    [opened] = audited(tx, "case.opened")
    assert opened["target"] == case["case_id"] and '"grounds": ["Art. 29(2)"]' in opened["detail"]
    assert published(tx) == []  # opening a case tells no one


def test_art29_a_second_ground_joins_the_open_case_until_it_is_verified(tx, store):
    grant(tx, "award-w2")
    first = open_case(tx, store, "award-w2")
    second = open_case(tx, store, "award-w2", ground("Art. 29(9)", date(2021, 3, 1), "违法失信"))
    assert second["case_id"] == first["case_id"] and second["joined"]
    assert [g["item"] for g in second["grounds"]] == ["Art. 29(2)", "Art. 29(9)"]
    assert [a["target"] for a in audited(tx, "case.joined")] == [first["case_id"]]

    to_state(tx, first["case_id"], "verified")
    before = len(audited(tx))
    with pytest.raises(errors.Conflict) as refused, tx:
        cases.open_case(tx, store, case_body("award-w2", ground("Art. 29(3)", date(2021, 4, 1))), OFFICE)
    assert refused.value.status == 409 and refused.value.fields == {"case_id": first["case_id"]}
    assert refused.value.article == "Art. 29"
    assert len(audited(tx)) == before and published(tx) == []  # the refusal rolled back


def test_art29_the_steps_to_the_decision_publish_award_revoked(tx, store):
    grant(tx, "award-w3")
    case_id = open_case(tx, store, "award-w3", ground("Art. 29(3)", date(2020, 3, 1)),
                        ground("Art. 29(2)", date(2020, 8, 1)))["case_id"]
    decided = to_state(tx, case_id, "revoked")
    assert decided["decision_number"] == "济政字〔2021〕12号" and decided["decision_date"] == "2021-05-20"
    with tx:
        assert queries.award_or_404(tx, "award-w3")["status"] == "revoked"
    [event] = published(tx)
    assert (event["type"], event["subject"], event["cycleid"], event["sequence"]) == ("award.revoked", "award-w3", CYCLE, 1)
    assert event["data"] == {
        "award_id": "award-w3", "cycle_id": CYCLE, "grounds": ["Art. 29(2)", "Art. 29(3)"],
        "decision_date": "2021-05-20", "items_to_recover": ["trophy", "certificate"],
        "money_to_recover": "500000.00", "case_id": case_id, "decision_number": "济政字〔2021〕12号"}
    assert [a["action"] for a in audited(tx)][-4:] == ["case.investigate", "case.verify", "case.propose",
                                                       "case.revoke"]


def test_art29_a_decision_before_the_proposal_is_refused_naming_the_step_and_changes_nothing(tx, store):
    grant(tx, "award-w4")
    case_id = open_case(tx, store, "award-w4")["case_id"]
    before = audited(tx)
    with pytest.raises(errors.RuleViolation) as refused, tx:
        decisions.decide(tx, case_id, GOVERNMENT, {"outcome": "revoked", "document_number": "济政字〔2021〕1号",
                                                   "decision_date": date(2021, 5, 1), "reasons": None})
    assert refused.value.article == "Art. 29" and refused.value.fields == {"state": "opened", "needs": "proposal"}
    assert state_of(tx, case_id) == "opened" and audited(tx) == before and published(tx) == []


def test_art29_a_dismissal_needs_reasons_closes_the_case_and_a_new_case_may_follow(tx, store):
    grant(tx, "award-w5")
    case_id = open_case(tx, store, "award-w5")["case_id"]
    to_state(tx, case_id, "investigated")
    with pytest.raises(errors.Invalid) as no_reasons, tx:
        decisions.verify(tx, case_id, OFFICE, {"outcome": "dismissed", "reasons": None})
    assert "reasons" in no_reasons.value.fields
    with tx:
        dismissed = decisions.verify(tx, case_id, OFFICE, {"outcome": "dismissed", "reasons": "查无实据"})
    assert dismissed["state"] == "dismissed" and dismissed["closed"]
    with tx:
        assert queries.open_case_of(tx, "award-w5") is None
        assert queries.award_or_404(tx, "award-w5")["status"] == "in_force"
    [audit] = audited(tx, "case.dismiss")
    assert audit["reason"] == "查无实据" and '"to": "dismissed"' in audit["detail"]
    assert published(tx) == []
    again = open_case(tx, store, "award-w5", ground("Art. 29(9)", date(2021, 3, 1)))
    assert again["case_id"] != case_id and not again["joined"]
