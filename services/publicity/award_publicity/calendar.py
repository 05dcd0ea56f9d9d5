"""The official working-day calendar the public notice is counted on (Art. 17).

The years come from the suite's seed (State Council notices already announced, in
``award_rules.workdays``) and from what an operator loaded for a new year
(``PUT /admin/v1/calendar/{year}``), the latter winning. A window that reaches a year neither
holds is provisional.
"""
import json

from award_rules import workdays
from award_shared import errors

from . import queries
from .domain import public_notice as notice_rules
from .tables import calendar_years, public_notices


def official(tx):
    """The calendar in force: the seed's years, overridden by the years an operator loaded."""
    cal = workdays.official_calendar()
    for document in queries.calendar_documents(tx).values():
        cal = cal.with_year(workdays.from_document(document))
    return cal


def window(tx, published_at, working_days):
    return workdays.notice_window(published_at, working_days, official(tx))


def load_year(tx, year, document, principal, reason):
    """An operator loads a year's official calendar, citing the State Council notice; windows
    that were provisional for want of it are recomputed at once."""
    if document.get("year") not in (None, year):
        raise errors.Invalid({"year": [f"the document is for {document['year']}, the path says {year}"]})
    document = {"year": year, "notice": document["notice"], "source": "operator",
                "holidays": document["holidays"], "adjusted_workdays": document["adjusted_workdays"]}
    problems = workdays.validate_year(document)
    if problems:
        fields = {}
        for problem in problems:  # each names its field first: "holidays[3]: ..."
            name, _, message = problem.partition(": ")
            fields.setdefault(name, []).append(message or problem)
        raise errors.Invalid(fields, "法定节假日安排数据有误（第十七条）", "the calendar document is invalid (Art. 17)",
                             article="Art. 17")
    text = json.dumps(document, ensure_ascii=False, sort_keys=True)
    values = dict(document=text, source=f"operator:{principal.sub}", loaded_at=tx.now(), loaded_by=principal.sub)
    if queries.calendar_year_loaded(tx, year):
        tx.run(calendar_years.update().where(calendar_years.c.year == year).values(**values))
    else:
        tx.run(calendar_years.insert().values(year=year, **values))
    tx.audit("calendar.load", target=str(year), reason=reason, detail={"notice": document.get("notice")})
    return {"year": year, "recomputed": recompute_provisional(tx)}


def recompute_provisional(tx):
    """Recompute the end of every provisional open notice on the calendar as it now stands."""
    changed = []
    for row in queries.provisional_notices(tx):
        w = window(tx, row["published_at"], row["working_days"])
        tx.run(public_notices.update().where(public_notices.c.notice_id == row["notice_id"]).values(
            status=notice_rules.advance(row["status"], "recompute"), window_end=w.end, provisional=w.provisional,
            missing_years=json.dumps(list(w.missing_years))))
        tx.audit("public_notice.recompute", target=row["notice_id"], detail={
            "window_end": w.end.isoformat(), "provisional": w.provisional})
        changed.append({"notice_id": row["notice_id"], "window_end": w.end.isoformat(), "provisional": w.provisional})
    return changed


def years_view(tx):
    cal = official(tx)
    loaded = queries.calendar_documents(tx)
    return {"years": [{"year": y, "notice": cal.years[y].notice, "source": "operator" if y in loaded else "seed"}
                      for y in cal.loaded_years]}
