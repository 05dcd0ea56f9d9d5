"""Art. 3, 14: scoring's copy of the applications from intake's events, in any order (pure)."""
import itertools

from hypothesis import given
from hypothesis import strategies as st

from award_scoring.domain import replica

SUBMITTED = {"application_id": "a1", "cycle_id": "c", "kind": "unit", "applicant_name": "甲公司",
             "credit_code": "91370100MA3C4XYD12", "district": "历下区", "sector": "secondary",
             "tilt_claims": ["sme_innovation"]}
RECOMMENDED = {"application_id": "a1", "cycle_id": "c", "district": "历下区", "reviewer": "r", "opinion": "同意推荐"}
WITHDRAWN = {"application_id": "a1", "cycle_id": "c", "reason": "主动撤回"}
EVENTS = {"application.submitted": (SUBMITTED, 1), "application.recommended": (RECOMMENDED, 2),
          "application.withdrawn": (WITHDRAWN, 3)}


def apply(order):
    row = {}
    for event_type in order:
        data, sequence = EVENTS[event_type]
        row.update(replica.merge(row, event_type, data, sequence, "2019-06-01T00:00:00+00:00"))
    return row


def test_art14_submitted_then_recommended_is_ready_for_review():
    row = apply(["application.submitted", "application.recommended"])
    assert replica.status(row) == "recommended"
    assert row["tilt_claims"] == ["sme_innovation"] and row["recommendation"]["opinion"] == "同意推荐"


def test_art14_a_recommendation_that_overtakes_its_submission_is_kept():
    row = apply(["application.recommended"])
    assert replica.status(row) == "awaiting_submission"
    row.update(replica.merge(row, "application.submitted", SUBMITTED, 1, "t"))
    assert replica.status(row) == "recommended"


def test_art14_an_older_submission_does_not_overwrite_a_newer_one():
    row = {}
    row.update(replica.merge(row, "application.submitted", dict(SUBMITTED, applicant_name="新名称"), 5, "t"))
    row.update(replica.merge(row, "application.submitted", SUBMITTED, 1, "t"))
    assert row["applicant_name"] == "新名称"


@given(st.permutations(list(EVENTS)))
def test_art3_property_any_order_gives_the_same_replica_and_withdrawal_is_final(order):
    row = apply(order)
    assert replica.status(row) == "withdrawn"
    assert {k: row[k] for k in ("applicant_name", "sector", "withdrawal_reason")} == {
        "applicant_name": "甲公司", "sector": "secondary", "withdrawal_reason": "主动撤回"}
    for pair in itertools.permutations(["application.submitted", "application.recommended"]):
        assert replica.status(apply(list(pair))) == "recommended"
