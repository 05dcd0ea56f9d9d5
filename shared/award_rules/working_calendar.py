"""The official working-day calendar: one document per year's State Council notice (Art. 17).

Plain Python, no I/O but reading the packaged seed. A year is known only when its notice
is loaded: the seed (``calendar_seed.json``, generated once from the ``holidays`` package
by ``scripts/calendar-seed``) for the years already announced, and an operator's document
(``PUT /admin/v1/calendar/{year}``) for each new one. Nothing here guesses a year.

Which notice governs a day: the notice of year Y announces Y's holidays and the New Year
holiday that opens Y, which may start or need an adjusted working day in late December of
Y-1 (e.g. the 2019 notice: 2018-12-29, a Saturday, worked; 2018-12-30..2019-01-01 off).
So the days from 22 December of Y-1 to 21 December of Y are governed by Y's notice, and
belong in Y's document and nowhere else; a day in late December is not known until the
next year's notice is loaded.

A document (the stored row, the PUT body and each entry of the seed are the same shape)::

    {"year": 2019, "notice": "国务院办公厅关于2019年部分节假日安排的通知（国办发明电〔2018〕15号）",
     "source": "operator", "holidays": ["2018-12-31", "2019-01-01", ...],
     "adjusted_workdays": ["2018-12-29", "2019-02-02", ...]}

``holidays`` are days off the notice gives; a weekend day inside a holiday period may be
listed or not, it is off either way. ``adjusted_workdays`` are the weekend days worked (调休).
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from importlib import resources
import json
import re
from types import MappingProxyType

__all__ = [
    "CalendarYear", "OfficialCalendar", "YearNotAnnounced", "CalendarDocumentError",
    "governing_year", "governed_span", "validate_year", "to_document", "from_document",
    "official_calendar", "SEED_RESOURCE",
]

SEED_RESOURCE = "calendar_seed.json"
"""The seed's file name inside the ``award_shared`` package."""

# The New Year holiday reaches back at most a few days; ten leave room without ever
# touching another holiday (none falls in December).
_NEW_YEAR_REACH = (12, 22)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_FIELDS = ("year", "notice", "source", "holidays", "adjusted_workdays")
# 全国年节及纪念日放假办法 第二条: New Year's Day, Labour Day and National Day are
# holidays in every revision, so every year's notice gives them.
_FIXED_HOLIDAYS = ((1, 1, "New Year's Day"), (5, 1, "Labour Day"), (10, 1, "National Day"))


def _plain_date(d):
    # A datetime is a date too, but never equal to one: it would miss every set here.
    if isinstance(d, datetime) or not isinstance(d, date):
        raise TypeError(f"need a date, got {type(d).__name__} (workdays converts datetimes)")
    return d


class YearNotAnnounced(LookupError):
    """The calendar has no notice loaded for ``year``, so it cannot answer for that year."""

    def __init__(self, year):
        super().__init__(f"no official working-day calendar loaded for {year}")
        self.year = year


class CalendarDocumentError(ValueError):
    """A year document is not valid; ``problems`` lists every fault, each naming its field."""

    def __init__(self, problems):
        super().__init__("; ".join(problems))
        self.problems = list(problems)


def governing_year(d):
    """Answer the year whose notice decides whether ``d`` is a working day."""
    return d.year + 1 if (d.month, d.day) >= _NEW_YEAR_REACH else d.year


def governed_span(year):
    """Answer ``(first, last)``, the days the notice of ``year`` governs, both included."""
    first = date(year - 1, *_NEW_YEAR_REACH)
    return first, date(year, *_NEW_YEAR_REACH) - timedelta(days=1)


@dataclass(frozen=True)
class CalendarYear:
    """One year's official working-day notice: its days off and its adjusted working days."""

    year: int
    holidays: frozenset[date]
    adjusted_workdays: frozenset[date]
    notice: str
    source: str

    def decides(self, d):
        """Answer whether ``d`` is a working day, ``d`` being a day this notice governs."""
        if d in self.adjusted_workdays:
            return True
        return d.weekday() < 5 and d not in self.holidays


class OfficialCalendar:
    """The loaded notices, by year; immutable, so a new year makes a new calendar."""

    def __init__(self, years: Mapping[int, CalendarYear]):
        for year, cal_year in years.items():
            if year != cal_year.year:
                raise ValueError(f"calendar year {cal_year.year} filed under {year}")
        self.years = MappingProxyType(dict(sorted(years.items())))

    @property
    def loaded_years(self):
        """The years whose notice is loaded, ascending."""
        return tuple(self.years)

    def with_year(self, cal_year):
        """Answer a calendar with ``cal_year`` loaded, replacing that year if present."""
        return OfficialCalendar({**self.years, cal_year.year: cal_year})

    def knows(self, d):
        """Answer whether the notice governing the ``date`` ``d`` is loaded."""
        return governing_year(_plain_date(d)) in self.years

    def is_working_day(self, d):
        """Answer whether the ``date`` ``d`` is a working day; ``YearNotAnnounced`` if unknown."""
        year = governing_year(_plain_date(d))
        if year not in self.years:
            raise YearNotAnnounced(year)
        return self.years[year].decides(d)

    def __repr__(self):
        return f"OfficialCalendar(loaded_years={self.loaded_years})"


def _parse_dates(doc, field, year, problems):
    values = doc.get(field)
    if not isinstance(values, list):
        problems.append(f"{field}: must be a list of ISO dates (YYYY-MM-DD)")
        return set()
    first, last = governed_span(year) if year is not None else (None, None)
    dates = set()
    for i, value in enumerate(values):
        where = f"{field}[{i}]"
        try:
            if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
                raise ValueError
            d = date.fromisoformat(value)
        except ValueError:
            problems.append(f"{where}: {value!r} is not an ISO date (YYYY-MM-DD)")
            continue
        if d in dates:
            problems.append(f"{where}: {value} is listed twice")
        elif first is not None and not first <= d <= last:
            problems.append(f"{where}: {value} is outside the days the {year} notice governs"
                            f" ({first} to {last})")
        dates.add(d)
    return dates


def validate_year(doc):
    """Answer the problems of a year document (an empty list when it is valid).

    Checks only what every notice satisfies: the known fields and no others; a year from
    2000 on; a notice title; dates that exist, each once, within the days that year's notice
    governs (see ``governed_span``); no day both off and worked; adjusted working days on a
    Saturday or Sunday; New Year's Day, Labour Day and National Day among the holidays.
    """
    if not isinstance(doc, Mapping):
        return ["document: must be an object"]
    problems = [f"{key}: unknown field" for key in doc if key not in _FIELDS]
    year = doc.get("year")
    if not isinstance(year, int) or isinstance(year, bool) or not 2000 <= year <= 9998:
        problems.append(f"year: {year!r} is not a year from 2000 on")
        year = None
    for field in ("notice", "source"):
        value = doc.get(field)
        if field in doc or field == "notice":
            if not isinstance(value, str) or not value.strip() or len(value) > 500:
                problems.append(f"{field}: must be a non-empty text of at most 500 characters")
    holidays = _parse_dates(doc, "holidays", year, problems)
    workdays = _parse_dates(doc, "adjusted_workdays", year, problems)
    for d in sorted(holidays & workdays):
        problems.append(f"adjusted_workdays: {d} is also listed in holidays")
    for d in sorted(workdays):
        if d.weekday() < 5:
            problems.append(f"adjusted_workdays: {d} is a {d:%A}, not a Saturday or Sunday")
    if year is not None:
        for month, day, name in _FIXED_HOLIDAYS:
            if date(year, month, day) not in holidays:
                problems.append(f"holidays: {name} {date(year, month, day)} is missing")
    return problems


def from_document(doc, *, source=None):
    """Answer the ``CalendarYear`` of a valid document, else raise ``CalendarDocumentError``.

    ``source`` overrides the document's own (the PUT route passes ``"operator"``); without
    either, the source is ``"operator"``.
    """
    problems = validate_year(doc)
    if problems:
        raise CalendarDocumentError(problems)
    return CalendarYear(
        year=doc["year"],
        holidays=frozenset(map(date.fromisoformat, doc["holidays"])),
        adjusted_workdays=frozenset(map(date.fromisoformat, doc["adjusted_workdays"])),
        notice=doc["notice"].strip(),
        source=source or doc.get("source") or "operator",
    )


def to_document(cal_year):
    """Answer the JSON-able document of a ``CalendarYear``, dates sorted, ISO formatted."""
    return {
        "year": cal_year.year,
        "notice": cal_year.notice,
        "source": cal_year.source,
        "holidays": [d.isoformat() for d in sorted(cal_year.holidays)],
        "adjusted_workdays": [d.isoformat() for d in sorted(cal_year.adjusted_workdays)],
    }


@lru_cache(maxsize=1)
def official_calendar():
    """Answer the calendar of the packaged seed: the years already announced, nothing more."""
    text = resources.files("award_rules").joinpath(SEED_RESOURCE).read_text("utf-8")
    return OfficialCalendar({doc["year"]: from_document(doc)
                             for doc in json.loads(text)["years"]})
