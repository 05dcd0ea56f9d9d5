"""Art. 29(4): consecutive failed spot checks, in date order, after the award, municipal or above."""
from datetime import date

from award_revocation.domain.spot_checks import Check, counts, failed_pairs

GRANTED = date(2019, 12, 20)


def _c(n, day, result="fail", level="municipal"):
    return Check(f"R{n}", date.fromisoformat(day), level, result)


def test_art29_4_two_failures_in_a_row_make_a_pair():
    pairs = failed_pairs([_c(2, "2020-06-01"), _c(1, "2020-03-01")], GRANTED)
    assert [(a.report_number, b.report_number) for a, b in pairs] == [("R1", "R2")]


def test_art29_4_a_pass_between_resets():
    assert failed_pairs([_c(1, "2020-03-01"), _c(2, "2020-04-01", "pass"), _c(3, "2020-05-01")], GRANTED) == []


def test_art29_4_after_a_pair_the_count_starts_again():
    checks = [_c(1, "2020-03-01"), _c(2, "2020-04-01"), _c(3, "2020-05-01"), _c(4, "2020-06-01")]
    assert [b.report_number for _, b in failed_pairs(checks, GRANTED)] == ["R2", "R4"]


def test_art29_4_county_and_district_checks_do_not_count_nor_break_the_count():
    assert not counts("county") and not counts("district") and counts("national")
    checks = [_c(1, "2020-03-01"), _c(2, "2020-04-01", "pass", "county"), _c(3, "2020-05-01", level="provincial")]
    assert len(failed_pairs(checks, GRANTED)) == 1


def test_art29_4_checks_on_or_before_the_award_day_do_not_count():
    assert failed_pairs([_c(1, "2019-12-20"), _c(2, "2020-01-05")], GRANTED) == []
