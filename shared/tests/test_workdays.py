"""Working days with statutory holidays and 调休, and the 5-working-day notice window.

All on the seeded official calendar; the calendar itself, its documents, the seed and
provisional windows are in test_art17_working_day_calendar.py.
"""

from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given, strategies as st

from award_rules.workdays import (
    BEIJING, add_working_days, is_working_day, notice_window, official_calendar,
)


def window(published_at, n):
    w = notice_window(published_at, n, official_calendar())
    assert not w.provisional and w.missing_years == ()
    return w.start, w.end


# 2019 National Day: 10-01..10-07 off; Sunday 09-29 and Saturday 10-12 worked.
@pytest.mark.parametrize("d,working", [
    (date(2019, 9, 27), True),    # Friday
    (date(2019, 9, 28), False),   # Saturday
    (date(2019, 9, 29), True),    # Sunday, adjusted working day
    (date(2019, 9, 30), True),
    (date(2019, 10, 1), False),   # National Day
    (date(2019, 10, 4), False),   # Friday, day off moved from 09-29
    (date(2019, 10, 7), False),   # Monday, day off moved from 10-12
    (date(2019, 10, 8), True),
    (date(2019, 10, 12), True),   # Saturday, adjusted working day
    (date(2019, 10, 13), False),  # Sunday
])
def test_2019_national_day(d, working):
    assert is_working_day(d) is working


# Spring Festival 2019: 02-04..02-10 off, Saturday 02-02 and Sunday 02-03 worked.
# Spring Festival 2021: 02-11..02-17 off, Sunday 02-07 and Saturday 02-20 worked.
@pytest.mark.parametrize("d,working", [
    (date(2019, 2, 2), True),
    (date(2019, 2, 3), True),
    (date(2019, 2, 4), False),
    (date(2019, 2, 5), False),    # Chinese New Year's Day
    (date(2019, 2, 8), False),
    (date(2019, 2, 11), True),
    (date(2021, 2, 7), True),
    (date(2021, 2, 11), False),
    (date(2021, 2, 12), False),   # Chinese New Year's Day
    (date(2021, 2, 17), False),
    (date(2021, 2, 18), True),
    (date(2021, 2, 20), True),
    (date(2021, 2, 21), False),
])
def test_spring_festival(d, working):
    assert is_working_day(d) is working


def test_cross_year_adjusted_working_day():
    # 2001-12-29 (Saturday) and 12-30 (Sunday) were worked for the 2002 New Year holiday.
    assert is_working_day(date(2001, 12, 29)) and is_working_day(date(2001, 12, 30))
    assert not is_working_day(date(2002, 1, 2)) and not is_working_day(date(2002, 1, 3))


def test_ordinary_weeks_and_datetimes():
    assert is_working_day(date(2019, 11, 4)) and not is_working_day(date(2019, 11, 9))
    # 2019-09-30 17:00 UTC is 10-01 01:00 in Beijing: a holiday.
    assert not is_working_day(datetime(2019, 9, 30, 17, tzinfo=timezone.utc))
    assert is_working_day(datetime(2019, 9, 30, 17))  # naive: taken as Beijing time


def test_add_working_days_counts_start_when_it_is_a_working_day():
    assert add_working_days(date(2019, 11, 4), 1) == date(2019, 11, 4)
    assert add_working_days(date(2019, 11, 4), 5) == date(2019, 11, 8)
    assert add_working_days(date(2019, 11, 9), 1) == date(2019, 11, 11)  # Saturday -> Monday


def test_add_working_days_over_national_day_2019():
    # 09-28 Sat (no); 09-29 Sun (1), 09-30 (2), holiday, 10-08 (3), 10-09 (4), 10-10 (5).
    assert add_working_days(date(2019, 9, 28), 5) == date(2019, 10, 10)
    # 10-08 (1) .. 10-11 (4), 10-12 Saturday worked (5).
    assert add_working_days(date(2019, 10, 1), 5) == date(2019, 10, 12)


def test_add_working_days_over_spring_festival_2019():
    # 02-01 (1), 02-02 Sat (2), 02-03 Sun (3), holiday 02-04..10, 02-11 (4), 02-12 (5).
    assert add_working_days(date(2019, 2, 1), 5) == date(2019, 2, 12)


@pytest.mark.parametrize("n", [0, -1, 1.5, True, None])
def test_add_working_days_needs_positive_int(n):
    with pytest.raises(ValueError):
        add_working_days(date(2019, 11, 4), n)


def test_notice_window_national_day_2019():
    start, end = window(datetime(2019, 9, 27, 10, 0, tzinfo=BEIJING), 5)
    assert start == datetime(2019, 9, 27, 10, 0, tzinfo=BEIJING)
    # The publication day does not count; 09-29, 09-30, 10-08, 10-09, 10-10; ends 24:00 10-10.
    assert end == datetime(2019, 10, 11, 0, 0, tzinfo=BEIJING)
    assert end.tzinfo == BEIJING and end.utcoffset() == timedelta(hours=8)


def test_notice_window_spring_festival():
    # Published Thursday 2019-01-31 15:00: 02-01, 02-02, 02-03, 02-11, 02-12.
    _, end = window(datetime(2019, 1, 31, 15, 0), 5)
    assert end == datetime(2019, 2, 13, tzinfo=BEIJING)
    # Published Wednesday 2021-02-10 09:00: 02-18, 02-19, 02-20 (Sat, worked), 02-22, 02-23.
    _, end = window(datetime(2021, 2, 10, 9, 0, tzinfo=BEIJING), 5)
    assert end == datetime(2021, 2, 24, tzinfo=BEIJING)


def test_notice_window_publication_at_midnight_counts_that_day():
    start, end = window(datetime(2019, 11, 4, 0, 0, tzinfo=BEIJING), 5)
    assert end == datetime(2019, 11, 9, tzinfo=BEIJING)  # Mon..Fri, ends 24:00 Friday
    assert window(date(2019, 11, 4), 5) == (start, end)
    # One second later the Monday is no longer a full day.
    _, later = window(datetime(2019, 11, 4, 0, 0, 1, tzinfo=BEIJING), 5)
    assert later == datetime(2019, 11, 12, tzinfo=BEIJING)


def test_notice_window_converts_other_zones_to_beijing():
    # 2019-09-26 18:00 UTC is 09-27 02:00 in Beijing.
    start, end = window(datetime(2019, 9, 26, 18, 0, tzinfo=timezone.utc), 5)
    assert start == datetime(2019, 9, 27, 2, 0, tzinfo=BEIJING)
    assert start.tzinfo == BEIJING
    assert end == datetime(2019, 10, 11, tzinfo=BEIJING)


def test_notice_window_refuses_non_dates():
    with pytest.raises(TypeError):
        window("2019-09-27", 5)


@given(start=st.dates(min_value=date(2001, 1, 1), max_value=date(2026, 10, 1)),
       n=st.integers(min_value=1, max_value=30))
def test_property_add_working_days(start, n):
    end = add_working_days(start, n)
    assert is_working_day(end)
    days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
    assert sum(is_working_day(d) for d in days) == n


@given(when=st.datetimes(min_value=datetime(2001, 1, 1), max_value=datetime(2026, 11, 1)),
       n=st.integers(min_value=1, max_value=10))
def test_property_window(when, n):
    start, end = window(when, n)
    assert start < end and end.time().hour == 0 and end.tzinfo == BEIJING
    last = (end - timedelta(days=1)).date()
    assert is_working_day(last)
    first = start.date() if start.time() == datetime.min.time() else start.date() + timedelta(days=1)
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    assert sum(is_working_day(d) for d in days) == n
