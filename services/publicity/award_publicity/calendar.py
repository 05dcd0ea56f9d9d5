"""The official working-day calendar the public notice is counted on (Art. 17).

The years come from the suite's seed (State Council notices already announced, in
``award_rules.workdays``) and from what an operator loaded for a new year
(``PUT /admin/v1/calendar/{year}``), the latter winning. A window that reaches a year neither
holds is provisional.
"""
import json

import sqlalchemy as sa

from award_rules import workdays
from award_shared import errors

from . import queries
from .tables import calendar_years


def official(session):
    """The calendar in force: the seed's years, overridden by the years an operator loaded."""
    cal = workdays.official_calendar()
    for document in queries.calendar_documents(session).values():
        cal = cal.with_year(workdays.from_document(document))
    return cal


def window(session, published_at, working_days):
    return workdays.notice_window(published_at, working_days, official(session))


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
    exists = tx.session.execute(sa.select(calendar_years.c.year).where(calendar_years.c.year == year)).first()
    values = dict(document=text, source=f"operator:{principal.sub}", loaded_at=tx.now(), loaded_by=principal.sub)
    if exists:
        tx.session.execute(calendar_years.update().where(calendar_years.c.year == year).values(**values))
    else:
        tx.session.execute(calendar_years.insert().values(year=year, **values))
    tx.audit("calendar.load", target=str(year), reason=reason, detail={"notice": document.get("notice")})
    return {"year": year, "recomputed": recompute_provisional(tx)}


def recompute_provisional(tx):
    """Recompute the end of every provisional open notice on the calendar as it now stands."""
    from .tables import public_notices
    changed = []
    for row in queries.provisional_notices(tx.session):
        w = window(tx.session, row["published_at"], row["working_days"])
        tx.session.execute(public_notices.update().where(public_notices.c.notice_id == row["notice_id"]).values(
            window_end=w.end, provisional=w.provisional, missing_years=json.dumps(list(w.missing_years))))
        tx.audit("public_notice.recompute", target=row["notice_id"], detail={
            "window_end": w.end.isoformat(), "provisional": w.provisional})
        changed.append({"notice_id": row["notice_id"], "window_end": w.end.isoformat(), "provisional": w.provisional})
    return changed


def years_view(session):
    cal = official(session)
    loaded = queries.calendar_documents(session)
    return {"years": [{"year": y, "notice": cal.years[y].notice, "source": "operator" if y in loaded else "seed"}
                      for y in cal.loaded_years]}
