"""Art. 29(4): two consecutive failed municipal-or-above spot checks after the award open a case
on every award of the unit still in force, with both reports as its evidence."""
from award_revocation.tables import cases, spot_checks
from award_testing.helpers import count_rows


def test_art29_4_two_consecutive_failures_open_a_case_with_both_reports(office):
    award = office.grant("award-c1")
    first = office.spot_check("SC-2020-001", "2020-05-10")
    assert first.status_code == 201 and first.json()["cases"] == []
    second = office.spot_check("SC-2020-002", "2020-11-10", level="provincial").json()
    [opened] = second["cases"]
    assert opened["award_id"] == award and not opened["joined"]
    case = office.client.get(f"/v1/cases/{opened['case_id']}", "office").json()
    assert case["state"] == "opened" and case["opened_by"] == "system:spot-checks"
    assert [g["item"] for g in case["grounds"]] == ["Art. 29(4)"]
    assert sorted(e["report_number"] for e in case["evidence"]) == ["SC-2020-001", "SC-2020-002"]


def test_art29_4_a_pass_between_two_failures_resets_the_count(office):
    office.grant("award-c2")
    office.spot_check("SC-1", "2020-03-01")
    office.spot_check("SC-2", "2020-04-01", result="pass")
    assert office.spot_check("SC-3", "2020-05-01").json()["cases"] == []
    assert count_rows(office.svc.engine, cases) == 0


def test_art29_4_checks_count_in_the_order_of_their_dates_not_of_their_arrival(office):
    office.grant("award-c3")
    office.spot_check("SC-A", "2020-04-01", result="pass")
    office.spot_check("SC-B", "2020-03-01")
    assert office.spot_check("SC-C", "2020-05-01").json()["cases"] == []  # fail, pass, fail by date
    other = "91370100MA3C4YYY2B"
    office.grant("award-c3b", credit_code=other)
    office.spot_check("SC-X1", "2020-03-01", credit_code=other)
    office.spot_check("SC-X3", "2020-06-01", result="pass", credit_code=other)
    [opened] = office.spot_check("SC-X2", "2020-05-01", credit_code=other).json()["cases"]
    assert opened["award_id"] == "award-c3b"  # fail (03-01), fail (05-01, arrived last), pass (06-01)
    assert count_rows(office.svc.engine, cases) == 1


def test_art29_4_only_checks_dated_after_the_award_count(office):
    office.grant("award-c4", granted_at="2019-12-20T10:00:00+08:00")
    office.spot_check("SC-B1", "2019-10-01")
    assert office.spot_check("SC-B2", "2020-01-10").json()["cases"] == []
    assert office.spot_check("SC-B3", "2020-02-10").json()["cases"] != []


def test_art29_4_a_county_check_is_recorded_not_counted_and_the_answer_says_so(office):
    office.grant("award-c5")
    office.spot_check("SC-D1", "2020-03-01")
    county = office.spot_check("SC-D2", "2020-04-01", level="county")
    assert county.status_code == 201
    body = county.json()
    assert body["counts_toward_art29_4"] is False and "市级以上" in body["note"][0] and body["cases"] == []
    assert count_rows(office.svc.engine, spot_checks) == 2 and count_rows(office.svc.engine, cases) == 0


def test_art29_4_a_report_number_is_recorded_once(office):
    office.grant("award-c6")
    assert office.spot_check("SC-E1", "2020-03-01").status_code == 201
    again = office.spot_check("SC-E1", "2020-03-01")
    assert again.status_code == 200 and again.json()["duplicate"]
    assert office.spot_check("SC-E1", "2020-03-01", role="office").json()["cases"] == []
    assert count_rows(office.svc.engine, spot_checks) == 1 and count_rows(office.svc.engine, cases) == 0


def test_art29_4_the_automatic_case_joins_an_open_case_not_yet_verified(office):
    award = office.grant("award-c7")
    case_id = office.open_case(award)
    office.spot_check("SC-F1", "2020-03-01")
    [joined] = office.spot_check("SC-F2", "2020-04-01").json()["cases"]
    assert joined == {"award_id": award, "case_id": case_id, "joined": True}


def test_art29_4_only_a_regulator_or_the_office_records_checks(office):
    assert office.spot_check("SC-G1", "2020-03-01", role="expert").status_code == 403
