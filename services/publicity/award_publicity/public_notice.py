"""The public notice of the adopted list (公示, Art. 17): published through the city's news
media, 5 working days counted on the official calendar, closed by the business clock.

The window is computed, never typed in (:mod:`award_publicity.calendar`). A window that runs
into a year whose calendar is not loaded is provisional: it never closes by itself until the
year is loaded and the end recomputed. Candidates under a hold at ``public_notice`` are left
out and wait; once released, the office's next publication is a supplementary notice.
"""
import json
import uuid

from award_rules.workdays import BEIJING
from award_shared import errors, events, holds

from . import calendar, queries
from .domain import candidates as status
from .domain import public_notice as rules
from .tables import candidates, public_notices

STEP = "public_notice"


def publish(tx, cycle_id, body, principal):
    """The office publishes the adopted names through the media; the window is computed."""
    ruleset = queries.ruleset(tx, cycle_id)
    holds.guard(tx.session, cycle_id=cycle_id, step=STEP, subject=None)
    rows = queries.candidates_of(tx, cycle_id, lock=True)
    held, _ = queries.active_hold_subjects(tx, cycle_id, STEP)
    names = [r for r in rows if r["status"] == status.ADOPTED and r["application_id"] not in held]
    if not names:
        waiting = sorted(r["application_id"] for r in rows if r["status"] == status.ADOPTED)
        raise errors.RuleViolation(
            "没有可公示的拟奖对象：名单须先经领导小组审议通过（第十六条、第十七条）"
            + (f"；暂停中：{', '.join(waiting)}" if waiting else ""),
            "nobody adopted awaits the public notice (Art. 16, 17)", article="Art. 17",
            fields={"held": waiting} if waiting else None)
    working_days = int(ruleset.get("public_notice", {}).get("working_days", 5))
    published_at = tx.now()
    w = calendar.window(tx, published_at, working_days)
    kind = "supplementary" if queries.notices_of(tx, cycle_id) else "main"
    notice_id = f"notice-{uuid.uuid4().hex[:12]}"
    app_ids = [r["application_id"] for r in names]
    media = [_medium(m) for m in body["media"]]
    tx.run(public_notices.insert().values(
        notice_id=notice_id, cycle_id=cycle_id, kind=kind, published_at=published_at, window_start=w.start,
        window_end=w.end, working_days=working_days, provisional=w.provisional,
        missing_years=json.dumps(list(w.missing_years)), media=json.dumps(media, ensure_ascii=False),
        application_ids=json.dumps(app_ids), status=rules.INITIAL, published_by=principal.sub))
    tx.run(candidates.update().where(
        candidates.c.cycle_id == cycle_id, candidates.c.application_id.in_(app_ids)).values(
        status=status.IN_NOTICE, notice_id=notice_id, updated_at=published_at))
    tx.publish(events.NoticeOpened(**_event(notice_id, cycle_id, kind, w.start, w.end, w.provisional, media, app_ids)))
    tx.transition(STEP, "opened", len(app_ids))
    tx.audit("public_notice.publish", target=notice_id, reason=body.get("reason"), detail={
        "cycle_id": cycle_id, "kind": kind, "window_end": w.end.isoformat(), "provisional": w.provisional,
        "application_ids": app_ids, "media": [m["name"] for m in media]})
    return view(queries.notice(tx, notice_id), rows=queries.candidates_of(tx, cycle_id))


def _medium(m):
    return {"name": m["name"], "date": m["date"].isoformat(), "link": m.get("link"), "page": m.get("page")}


def _event(notice_id, cycle_id, kind, start, end, provisional, media, app_ids):
    return {"cycle_id": cycle_id, "notice_id": notice_id, "kind": kind, "window_start": _beijing(start),
            "window_end": _beijing(end), "provisional": provisional, "media": [m["name"] for m in media],
            "application_ids": app_ids}


def close_due(tx):
    """The timer: close every notice whose window has ended on the business clock (never a
    provisional one: ``domain.public_notice.is_due``). The UPDATE's condition makes a second
    instance's attempt a no-op."""
    closed, now = [], tx.now()
    for row in queries.due_notices(tx, now):
        if not rules.is_due(row, now):
            continue
        done = tx.run(public_notices.update().where(
            public_notices.c.notice_id == row["notice_id"], public_notices.c.status == row["status"]).values(
            status=rules.advance(row["status"], "close"), closed_at=now))
        if not done:
            continue
        app_ids = json.loads(row["application_ids"])
        tx.publish(events.NoticeClosed(**_event(
            row["notice_id"], row["cycle_id"], row["kind"], row["window_start"], row["window_end"], False,
            json.loads(row["media"]), app_ids)))
        tx.transition(STEP, "closed", len(app_ids))
        tx.audit("public_notice.close", target=row["notice_id"], detail={"window_end": row["window_end"].isoformat()})
        closed.append(row["notice_id"])
    return closed


def _beijing(instant):
    return instant.astimezone(BEIJING).isoformat() if instant is not None else None


def view(row, rows=None):
    listed = set(json.loads(row["application_ids"]))
    out = {k: row[k] for k in ("notice_id", "cycle_id", "kind", "working_days", "provisional", "status")}
    out.update({k: _beijing(row[k]) for k in ("published_at", "window_start", "window_end", "closed_at")})
    out["missing_years"] = json.loads(row["missing_years"])
    out["media"] = json.loads(row["media"])
    if rows is not None:
        out["candidates"] = [{"application_id": r["application_id"], "category": r["category"], "rank": r["rank"],
                              "applicant_name": r["applicant_name"],
                              "removed": r["status"] == status.REMOVED}
                             for r in rows if r["application_id"] in listed]
    return out


def current(tx):
    """What the public sees: the latest cycle's notices, with the names they list."""
    notices = queries.latest_notices(tx)
    if not notices:
        raise errors.NotFound("目前没有公示", "no public notice has been published")
    rows = queries.candidates_of(tx, notices[0]["cycle_id"])
    signed = queries.ruleset(tx, notices[0]["cycle_id"])["public_notice"].get("objections_signed", True)
    return {"cycle_id": notices[0]["cycle_id"], "notices": [view(n, rows) for n in notices],
            "objections_signed": signed}
