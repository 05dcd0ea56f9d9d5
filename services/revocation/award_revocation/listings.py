"""The lists the office, the leading group and the government work from (issue 35): an edition's
awards with what is due on each (Art. 19-21, 24), and the cases by state (Art. 29, 30) — those
waiting for the leading group's proposal (``verified``) or the government's decision
(``proposed``). Each is a page, read by an index from where ``after`` stands, as feed's webhook
list is: ``limit`` (1–500), ``next`` the ``after`` of the next page, null on the last. What a page
shows of its rows is read in one statement per table for the whole page, never one per row, so a
page costs the same statements at 10,000 rows as at 100."""
import sqlalchemy as sa

from award_shared import paging

from . import queries
from .domain import duties as rules
from .domain.case_states import CLOSED_STATES
from .domain.recovery import to_yuan
from .tables import awards, case_grounds, cases, experience_shares, fund_use_reports, prize_payments


def awards_of_cycle(tx, cycle_id, after, limit):
    """A page of the edition's awards by award id, each with its duty record in figures and what is
    due on it: ``{"cycle_id", "awards": [...], "next"}``."""
    found = paging.page(tx, sa.select(awards).where(awards.c.cycle_id == cycle_id), awards.c.award_id, after, limit)
    rows = found.rows
    ids = [r["award_id"] for r in rows]
    paid, reports, shares = _duty_figures(tx, ids) if ids else ({}, {}, {})
    page = []
    for row in rows:
        award_id = row["award_id"]
        paid_fen, payments = paid.get(award_id, (0, 0))
        by_status = reports.get(award_id, {})
        shared, last_shared = shares.get(award_id, (0, None))
        page.append({**queries.award_view(row), "duties": {
            "payments": payments, "paid": to_yuan(paid_fen), "unpaid": to_yuan(max(row["prize_fen"] - paid_fen, 0)),
            "use_reports": {s: by_status.get(s, 0) for s in ("received", "queried", "accepted")},
            "experience_shared": shared, "last_shared_on": last_shared.isoformat() if last_shared else None},
            "due": rules.dues(row["status"] == "in_force", row["prize_fen"], paid_fen, by_status, shared)})
    return {"cycle_id": cycle_id, "awards": page, "next": found.next}


def _duty_figures(tx, ids):
    """({award: (fen paid, payments)}, {award: {status: use reports}}, {award: (shares, last date)})
    of the awards ``ids``: three statements, whatever the page's size."""
    paid = {r["award_id"]: (r["fen"], r["n"]) for r in tx.all(
        sa.select(prize_payments.c.award_id, sa.func.sum(prize_payments.c.amount_fen).label("fen"),
                  sa.func.count().label("n"))
        .where(prize_payments.c.award_id.in_(ids)).group_by(prize_payments.c.award_id))}
    reports = {}
    for r in tx.all(sa.select(fund_use_reports.c.award_id, fund_use_reports.c.status, sa.func.count().label("n"))
                    .where(fund_use_reports.c.award_id.in_(ids))
                    .group_by(fund_use_reports.c.award_id, fund_use_reports.c.status)):
        reports.setdefault(r["award_id"], {})[r["status"]] = r["n"]
    shares = {r["award_id"]: (r["n"], r["last"]) for r in tx.all(
        sa.select(experience_shares.c.award_id, sa.func.count().label("n"),
                  sa.func.max(experience_shares.c.shared_on).label("last"))
        .where(experience_shares.c.award_id.in_(ids)).group_by(experience_shares.c.award_id))}
    return paid, reports, shares


def cases_of(tx, call):
    """``GET /v1/cases``: the cycle named read as the caller may (403 otherwise), and only the
    cycles it reads listed."""
    query = call.query
    if query["cycle_id"] is not None:
        call.cycle_reader(tx, query["cycle_id"])
    return cases_page(tx, query["state"], query["cycle_id"], call.readable_cycles(tx), query["after"], query["limit"])


def cases_page(tx, state, cycle_id, readable, after, limit):
    """A page of cases, oldest first (opened, id), ``state`` and ``cycle_id`` narrowing it, only
    of the cycles ``readable`` allows (a supervisor: its own, Art. 9): ``{"cases": [...], "next"}``."""
    query = (sa.select(cases.c.case_id, cases.c.award_id, cases.c.state, cases.c.opened_at, cases.c.updated_at,
                       cases.c.decision_number, cases.c.decision_date, awards.c.cycle_id, awards.c.recipient_name,
                       awards.c.category, awards.c.kind, awards.c.certificate_number)
             .join(awards, awards.c.award_id == cases.c.award_id))
    if state is not None:
        query = query.where(cases.c.state == state)
    if cycle_id is not None:
        query = query.where(awards.c.cycle_id == cycle_id)
    scope = readable.where(awards.c.cycle_id) if readable is not None else None
    if scope is not None:
        query = query.where(scope)
    found = paging.page(tx, query, cases.c.case_id, after, limit, order=cases.c.opened_at,
                        unknown=f"not a revocation case: {after}")
    rows = found.rows
    ids = [r["case_id"] for r in rows]
    grounds = {}
    if ids:
        for g in tx.all(sa.select(case_grounds.c.case_id, case_grounds.c.item).where(case_grounds.c.case_id.in_(ids))
                        .order_by(case_grounds.c.id)):
            grounds.setdefault(g["case_id"], []).append(g["item"])
    page = [{"case_id": r["case_id"], "award_id": r["award_id"], "cycle_id": r["cycle_id"],
             "recipient_name": r["recipient_name"], "category": r["category"], "kind": r["kind"],
             "certificate_number": r["certificate_number"], "state": r["state"],
             "closed": r["state"] in CLOSED_STATES, "grounds": grounds.get(r["case_id"], []),
             "opened_at": r["opened_at"].isoformat(), "updated_at": r["updated_at"].isoformat(),
             "decision_number": r["decision_number"],
             "decision_date": r["decision_date"].isoformat() if r["decision_date"] else None} for r in rows]
    return {"cases": page, "next": found.next}
