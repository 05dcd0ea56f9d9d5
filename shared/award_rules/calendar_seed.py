"""Build the seed of the official working-day calendar from the pinned ``holidays`` package.

Run once per upgrade of ``holidays`` through ``scripts/calendar-seed``; the services read
only the checked-in ``calendar_seed.json`` (see ``working_calendar.official_calendar``), so
nothing at runtime asks ``holidays`` about any year. ``holidays`` estimates the years the
State Council has not announced; its China class keeps the announced ones as
``special_public_holidays`` (days off moved by 调休, with the weekend days worked), so the
seed takes exactly those years (and stops on any holiday the package labels estimated).

``holidays`` files a New Year day in late December under the December's year; the seed
files it under the year whose notice announced it (``working_calendar.governing_year``).
"""

from collections import defaultdict
import json
from pathlib import Path

from award_rules.working_calendar import (
    SEED_RESOURCE, CalendarYear, from_document, governing_year, to_document,
)

__all__ = ["NOTICES", "seeded_years", "build_seed", "seed_path", "write_seed"]

_TITLE = "国务院办公厅关于{}年部分节假日安排的通知"

# Numbers only where a published copy of the notice was found to carry them; else the title.
_NUMBERS = {
    2007: "国办发明电〔2006〕49号", 2009: "国办发明电〔2008〕42号", 2010: "国办发明电〔2009〕27号",
    2011: "国办发明电〔2010〕40号", 2012: "国办发明电〔2011〕45号", 2013: "国办发明电〔2012〕33号",
    2014: "国办发明电〔2013〕28号", 2015: "国办发明电〔2014〕28号", 2016: "国办发明电〔2015〕18号",
    2017: "国办发明电〔2016〕17号", 2018: "国办发明电〔2017〕12号", 2019: "国办发明电〔2018〕15号",
    2020: "国办发明电〔2019〕16号", 2021: "国办发明电〔2020〕27号", 2022: "国办发明电〔2021〕11号",
    2023: "国办发明电〔2022〕16号", 2024: "国办发明电〔2023〕7号", 2025: "国办发明电〔2024〕12号",
    2026: "国办发明电〔2025〕7号",
}
# Later notices that changed a year's days after its yearly notice.
_AMENDMENTS = {
    2015: "国务院关于中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日调休放假的通知"
          "（国发明电〔2015〕1号）",
    2019: "国务院办公厅关于调整2019年劳动节假期安排的通知（国办发明电〔2019〕3号）",
    2020: "国务院办公厅关于延长2020年春节假期的通知（国办发明电〔2020〕1号）",
}


def _notice(year, title):
    text = title + (f"（{_NUMBERS[year]}）" if year in _NUMBERS else "")
    return text + (f"；{_AMENDMENTS[year]}" if year in _AMENDMENTS else "")


NOTICES = {
    year: _notice(year, title) for year, title in {
        2001: "国务院办公厅关于2001年春节、“五一”、“十一”放假安排的通知",
        2002: "国务院办公厅关于2002年部分节假日休息安排的通知",
        2003: "国务院办公厅关于2003年部分节假日休息安排的通知",
        **{year: _TITLE.format(year) for year in range(2004, 2027)},
    }.items()
}
"""Per seeded year, the notice (title, number, later amendments) its days come from."""


def seeded_years():
    """Answer the years the pinned ``holidays`` has State Council data for, ascending."""
    from holidays.countries.china import ChinaStaticHolidays

    years = sorted(ChinaStaticHolidays.special_public_holidays)
    if years != list(range(years[0], years[-1] + 1)):
        raise RuntimeError(f"holidays' announced years are not contiguous: {years}")
    return years


def build_seed():
    """Answer the seed document: ``{"source": ..., "years": [year document, ...]}``."""
    import holidays

    years = seeded_years()
    source = f"seed:holidays {holidays.__version__}"
    days_off, worked, all_worked = defaultdict(set), defaultdict(set), set()
    for year in years:
        china = holidays.China(years=year, expand=False, language="en_US")
        for d, name in china.items():
            if "estimated" in name:
                raise RuntimeError(f"holidays only estimates {d} ({name}); not announced")
            days_off[governing_year(d)].add(d)
        # The set holds this year's worked days and every year's cross-year ones.
        all_worked.update(china.weekend_workdays)
    for d in all_worked:
        if years[0] <= governing_year(d) <= years[-1]:
            worked[governing_year(d)].add(d)
    if set(days_off) - set(years):
        raise RuntimeError(f"holidays has days of unannounced {set(days_off) - set(years)}")
    missing = [year for year in years if year not in NOTICES]
    if missing:
        raise RuntimeError(f"add the notice title of {missing} to NOTICES")
    docs = [to_document(CalendarYear(year, frozenset(days_off[year]), frozenset(worked[year]),
                                     NOTICES[year], source)) for year in years]
    for doc in docs:
        from_document(doc)  # the seed passes the same checks as an operator's document
    return {"source": source, "years": docs}


def seed_path():
    """Answer the path of the checked-in seed, beside this module."""
    return Path(__file__).with_name(SEED_RESOURCE)


def write_seed(path=None):
    """Write the seed as stable, reviewable JSON; answer its path."""
    path = Path(path or seed_path())
    text = json.dumps(build_seed(), ensure_ascii=False, indent=1)
    path.write_text(text + "\n", encoding="utf-8")
    return path
