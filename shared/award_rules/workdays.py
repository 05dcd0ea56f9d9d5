"""Chinese working days and the public notice window counted in them (Art. 17).

Pure functions, no I/O. A day is a working day when it is Monday-Friday and not a day off
of the State Council's notice for its year, or a weekend day the notice moved work to
(调休). The notices are the project's own table, ``working_calendar.OfficialCalendar``:
the seeded years already announced plus each year an operator loads. A year not loaded is
never guessed: asking about it raises ``YearNotAnnounced``, and a notice window that runs
into it is *provisional* (counted Monday-Friday for that year, flagged, the year named)
until the year is loaded and the window recomputed.

Times are Beijing time (``Asia/Shanghai``, UTC+8, no daylight saving since 1991).

Counting convention (民法典 第二百零一条、第二百零三条): a period begins the day after the
event, unless the event is at 00:00 so the whole day remains; it ends at 24:00 of its last
day. Counting in working days, the last day is the nth working day, so it never falls on a
holiday.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from award_rules.working_calendar import (
    CalendarDocumentError, CalendarYear, OfficialCalendar, YearNotAnnounced, from_document,
    governing_year, official_calendar, to_document, validate_year,
)

__all__ = [
    "BEIJING", "Window", "notice_window", "is_working_day", "add_working_days",
    "CalendarYear", "OfficialCalendar", "YearNotAnnounced", "CalendarDocumentError",
    "official_calendar", "validate_year", "to_document", "from_document", "governing_year",
]

BEIJING = ZoneInfo("Asia/Shanghai")
"""Beijing time, the zone every award date is counted in."""

_ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Window:
    """A notice period: open while ``start <= t < end`` (both aware, Beijing time).

    ``provisional`` when counting crossed days whose year's notice is not loaded;
    ``missing_years`` names those years, ascending. A provisional ``end`` is a Monday-Friday
    estimate for those years: the notice must not close on it.
    """

    start: datetime
    end: datetime
    provisional: bool
    missing_years: tuple


def _as_date(d):
    if isinstance(d, datetime):
        return (d.astimezone(BEIJING) if d.tzinfo is not None else d).date()
    if isinstance(d, date):
        return d
    raise TypeError(f"need a date, got {type(d).__name__}")


def _check_count(n):
    if not isinstance(n, int) or isinstance(n, bool) or n < 1:
        raise ValueError(f"n must be a positive number of working days, got {n!r}")


def is_working_day(d, calendar=None):
    """Answer whether ``d`` is a working day in mainland China.

    ``d`` is a ``date``; a ``datetime`` counts as its date in Beijing time (a naive one is
    taken as already in Beijing time). ``calendar`` defaults to the seeded
    ``official_calendar()``. Raises ``YearNotAnnounced`` for a day whose year's notice the
    calendar lacks (late December needs the next year's notice: see ``governing_year``).
    """
    return (calendar or official_calendar()).is_working_day(_as_date(d))


def add_working_days(start, n, calendar=None):
    """Answer the date on which ``n`` full working days have elapsed, counting from ``start``.

    Day 1 is the first working day on or after ``start`` (``start`` itself when it is a
    working day); the answer is the nth working day so counted, i.e. the period ends at
    24:00 of the returned date. ``n`` must be a positive integer, else ``ValueError``.
    Raises ``YearNotAnnounced`` when counting reaches a year the calendar lacks.
    """
    _check_count(n)
    calendar = calendar or official_calendar()
    d, count = _as_date(start), 0
    while True:
        if calendar.is_working_day(d):
            count += 1
            if count == n:
                return d
        d += _ONE_DAY


def _beijing_instant(published_at):
    if isinstance(published_at, datetime):
        if published_at.tzinfo is None:
            return published_at.replace(tzinfo=BEIJING)
        return published_at.astimezone(BEIJING)
    if isinstance(published_at, date):
        return datetime.combine(published_at, time(0), tzinfo=BEIJING)
    raise TypeError(f"need a datetime, got {type(published_at).__name__}")


def notice_window(published_at, n, calendar):
    """Answer the ``Window`` of a public notice of ``n`` working days (Art. 17: n = 5).

    ``published_at`` is an aware ``datetime`` (converted to Beijing time), a naive one
    (taken as Beijing time) or a ``date`` (00:00 of that day). The publication day counts
    only when publication is at exactly 00:00; otherwise counting starts the next day
    (Civil Code Art. 201). ``end`` is 24:00 of the nth working day, written as 00:00 of the
    following day. Days whose year ``calendar`` lacks count Monday-Friday, and the window
    is provisional with those years listed.

    Example: published Friday 2019-09-27 10:00 with ``n=5`` — the working days are
    Sun 09-29 (调休), Mon 09-30, then after the 10-01..10-07 holiday Tue 10-08, Wed 10-09,
    Thu 10-10 — so ``end`` is 2019-10-11 00:00+08:00.
    """
    _check_count(n)
    start = _beijing_instant(published_at)
    d = start.date() if start.time() == time(0) else start.date() + _ONE_DAY
    missing, count = set(), 0
    while True:
        if calendar.knows(d):
            working = calendar.is_working_day(d)
        else:
            missing.add(governing_year(d))
            working = d.weekday() < 5
        if working:
            count += 1
            if count == n:
                break
        d += _ONE_DAY
    end = datetime.combine(d + _ONE_DAY, time(0), tzinfo=BEIJING)
    return Window(start, end, bool(missing), tuple(sorted(missing)))
