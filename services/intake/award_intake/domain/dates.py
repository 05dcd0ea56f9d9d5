"""Dates and instants as the award counts them: in Beijing time (Asia/Shanghai).

Pure: no I/O. Instants are stored in UTC; days (the start of main business, an
incident, a deadline's day) are calendar dates in Beijing.

Counting convention (民法典 第二百零三条, as award_rules.workdays): a period of years ends
on the corresponding day of its last year; where that year has no such day (29 February),
on the last day of the month.
"""
from datetime import date, datetime, timezone

from award_rules.clock import zh_time
from award_rules.workdays import BEIJING


def utc(instant):
    """An aware instant in UTC; a naive one (as SQLite hands it back) is taken as UTC."""
    if instant is None:
        return None
    if instant.tzinfo is None:
        return instant.replace(tzinfo=timezone.utc)
    return instant.astimezone(timezone.utc)


def beijing_day(instant):
    """The calendar date in Beijing of an instant."""
    return utc(instant).astimezone(BEIJING).date()


def beijing_text(instant):
    """``2019年5月31日 17:00（北京时间）`` for messages to staff and applicants (the kit's form)."""
    return zh_time(utc(instant))


def add_years(day, years):
    """The corresponding day ``years`` later (or earlier); 29 February → 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a common year
        return day.replace(year=day.year + years, day=28)


def full_years_by(since, day, years):
    """Has ``years`` full years elapsed from ``since`` by the end of ``day``?

    "5年以上" includes 5: a business begun on 2014-05-31 has its 5 years on 2019-05-31.
    """
    return add_years(since, years) <= day


def within_lookback(when, end_day, years):
    """Is ``when`` in the ``years`` ending on ``end_day`` (近N年内)?

    The window is (end_day − N years, end_day]: with a deadline on 2019-05-31 and N = 3,
    an incident on 2016-06-01 falls inside, one on 2016-05-31 falls outside (three full
    years have elapsed since it by the end of the deadline's day).
    """
    return add_years(end_day, -years) < when <= end_day


def is_future(day, today):
    return isinstance(day, date) and not isinstance(day, datetime) and day > today


def iso(value):
    """RFC 3339 for an instant (UTC), ISO 8601 for a date; anything else as it is."""
    if isinstance(value, datetime):
        return utc(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value
