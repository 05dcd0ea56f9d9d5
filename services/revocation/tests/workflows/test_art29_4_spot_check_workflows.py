"""Art. 29(4) on the fast rung: two consecutive failed municipal-or-above spot checks after the
award open a case on it, with both reports as evidence; a report is recorded once."""
from datetime import date

from award_revocation import queries, spot_checks
from award_revocation.tables import spot_checks as spot_check_rows
from award_testing.workflows import audited, published
from revocation_workflowkit import REGULATOR, grant, open_case, spot_check


def _check(tx, *args, **kw):
    with tx:
        return spot_checks.record(tx, REGULATOR, spot_check(*args, **kw))


def test_art29_4_two_consecutive_failures_open_a_case_with_both_reports(tx):
    grant(tx, "award-c1")
    first = _check(tx, "SC-2020-001", date(2020, 5, 10))
    assert first["cases"] == [] and not first["duplicate"] and first["counts_toward_art29_4"]
    second = _check(tx, "SC-2020-002", date(2020, 11, 10), level="provincial")
    [opened] = second["cases"]
    assert opened["award_id"] == "award-c1" and not opened["joined"]
    with tx:
        case = queries.case_view(tx, queries.case_or_404(tx, opened["case_id"]))
    assert case["state"] == "opened" and case["opened_by"] == "system:spot-checks"
    assert [g["item"] for g in case["grounds"]] == ["Art. 29(4)"]
    assert sorted(e["report_number"] for e in case["evidence"]) == ["SC-2020-001", "SC-2020-002"]
    assert [a["target"] for a in audited(tx, "spot_check.recorded")] == ["SC-2020-001", "SC-2020-002"]
    [audit] = audited(tx, "case.opened")
    assert audit["reason"] == "Art. 29(4)" and '"automatic": true' in audit["detail"]
    assert published(tx) == []

    again = _check(tx, "SC-2020-002", date(2020, 11, 10), level="provincial")  # the same report
    assert again["duplicate"] and again["cases"] == []
    with tx:
        assert len(tx.all(spot_check_rows.select())) == 2
    assert len(audited(tx, "spot_check.recorded")) == 2 and len(audited(tx, "case.opened")) == 1


def test_art29_4_a_pass_between_failures_resets_the_count_and_a_county_check_never_counts(tx):
    grant(tx, "award-c2")
    _check(tx, "SC-1", date(2020, 3, 1))
    _check(tx, "SC-2", date(2020, 4, 1), result="pass")
    county = _check(tx, "SC-3", date(2020, 5, 1), level="county")
    assert not county["counts_toward_art29_4"] and "市级以上" in county["note"][0] and county["cases"] == []
    assert _check(tx, "SC-4", date(2020, 6, 1))["cases"] == []
    with tx:
        assert queries.open_case_of(tx, "award-c2") is None
    assert audited(tx, "case.opened") == [] and len(audited(tx, "spot_check.recorded")) == 4


def test_art29_4_the_automatic_case_joins_an_open_case_not_yet_verified(tx, store):
    grant(tx, "award-c3")
    case_id = open_case(tx, store, "award-c3")["case_id"]
    _check(tx, "SC-F1", date(2020, 3, 1))
    [joined] = _check(tx, "SC-F2", date(2020, 4, 1))["cases"]
    assert joined == {"award_id": "award-c3", "case_id": case_id, "joined": True}
    with tx:
        grounds = [g["item"] for g in queries.grounds_of(tx, case_id)]
    assert grounds == ["Art. 29(2)", "Art. 29(4)"]
    [audit] = audited(tx, "case.joined")
    assert audit["target"] == case_id and audit["reason"] == "Art. 29(4)"
