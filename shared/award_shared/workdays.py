"""Chinese working days, for periods counted in working days such as the public notice (Art. 17).

Pure functions, no I/O. A day is a working day when it is Monday-Friday and not a statutory
holiday, or when it is a weekend day the State Council moved work to (调休). Both come
from ``holidays.China``: its ``is_working_day`` checks ``weekend_workdays``, the set of
adjusted weekend working days built from the State Council notices (including cross-year
ones such as a late-December Saturday worked for New Year's Day). Without a notice for a
year yet, that year's holidays are the package's estimates and it has no adjusted working
days, so a result for such a year may change when ``holidays`` is upgraded.

Times are Beijing time (``Asia/Shanghai``, UTC+8, no daylight saving since 1991).

Counting convention (民法典 第二百零一条、第二百零三条): a period begins the day after the
event, unless the event is at 00:00 so the whole day remains; it ends at 24:00 of its last
day. Counting in working days, the last day is the nth working day, so it never falls on a
holiday.
"""

from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

__all__ = ["BEIJING", "is_working_day", "add_working_days", "notice_window"]

BEIJING = ZoneInfo("Asia/Shanghai")
"""Beijing time, the zone every award date is counted in."""

_ONE_DAY = timedelta(days=1)


@lru_cache(maxsize=64)
def _calendar(year):
    # One year per instance and expand=False, so a look-up never mutates a shared instance.
    return holidays.China(years=year, expand=False)


def _as_date(d):
    if isinstance(d, datetime):
        return (d.astimezone(BEIJING) if d.tzinfo is not None else d).date()
    if isinstance(d, date):
        return d
    raise TypeError(f"need a date, got {type(d).__name__}")


def is_working_day(d):
    """Answer whether ``d`` is a working day in mainland China.

    ``d`` is a ``date``; a ``datetime`` counts as its date in Beijing time (a naive one is
    taken as already in Beijing time). Weekdays are working days unless a statutory holiday
    or a day off moved by 调休; Saturdays and Sundays are not, unless an adjusted working day
    (e.g. Sunday 2019-09-29 and Saturday 2019-10-12 around the 2019 National Day holiday).
    """
    d = _as_date(d)
    return _calendar(d.year).is_working_day(d)


def add_working_days(start, n):
    """Answer the date on which ``n`` full working days have elapsed, counting from ``start``.

    Day 1 is the first working day on or after ``start`` (``start`` itself when it is a
    working day); the answer is the nth working day so counted, i.e. the period ends at
    24:00 of the returned date. ``add_working_days(d, 1)`` is the first working day on or
    after ``d``. ``n`` must be a positive integer, else ``ValueError``.
    """
    if not isinstance(n, int) or isinstance(n, bool) or n < 1:
        raise ValueError(f"n must be a positive number of working days, got {n!r}")
    d = _as_date(start)
    count = 0
    while True:
        if is_working_day(d):
            count += 1
            if count == n:
                return d
        d += _ONE_DAY


def notice_window(start_datetime_beijing, n):
    """Answer ``(start, end)`` of a period of ``n`` working days beginning at the given time.

    ``start_datetime_beijing`` is when the notice is published: an aware ``datetime``
    (converted to Beijing time), a naive one (taken as Beijing time), or a ``date`` (00:00
    of that day). ``start`` is that instant as an aware Beijing ``datetime``. The
    publication day is counted only when publication is at exactly 00:00; otherwise counting
    starts the next day (Civil Code Art. 201), and ``add_working_days`` from there gives the
    nth working day. ``end`` is 24:00 of that day, written as 00:00 of the following day,
    aware in Beijing time; the notice is open while ``start <= t < end``.

    Example: published Friday 2019-09-27 10:00 with ``n=5`` — the working days are
    Sun 09-29 (调休), Mon 09-30, then after the 10-01..10-07 holiday Tue 10-08, Wed 10-09,
    Thu 10-10 — so ``end`` is 2019-10-11 00:00+08:00.
    """
    if isinstance(start_datetime_beijing, datetime):
        if start_datetime_beijing.tzinfo is None:
            start = start_datetime_beijing.replace(tzinfo=BEIJING)
        else:
            start = start_datetime_beijing.astimezone(BEIJING)
    elif isinstance(start_datetime_beijing, date):
        start = datetime.combine(start_datetime_beijing, time(0), tzinfo=BEIJING)
    else:
        raise TypeError(f"need a datetime, got {type(start_datetime_beijing).__name__}")
    first = start.date()
    if start.time() != time(0):
        first += _ONE_DAY
    last = add_working_days(first, n)
    end = datetime.combine(last + _ONE_DAY, time(0), tzinfo=BEIJING)
    return start, end
