"""Supervision's reads: every SELECT of the service, and the views built from them.

The workflow modules (group, complaints, findings, halts, reports, replicas) write and ask
here for what they read; the readers' routes read here, every list scoped to the caller's
cycles (Art. 9) — the group's own members see their cycles, the leading group and operators
every cycle, and nobody a cycle they were disqualified from (Art. 27) — and a look at a
complainant's identity is audited in the reading transaction.
"""
import json
from datetime import timedelta

import sqlalchemy as sa

from award_shared import cycles, errors, paging

from .domain import rotation
from .tables import (complaints, findings, group_members, hold_effects, holds, known_cycles, opinions, referrals,
                     release_approvals, reports, supervision_groups, supervision_reports)

SITTING = ("appointed", "dissolved")  # a group that was, or is, the cycle's group
STATUS_ZH = {"received": "已受理登记", "under_review": "调查处理中", "declined": "不予受理", "handled": "已办结"}


def _scoped(query, column, cycle_id=None, readable=None):
    """``query`` narrowed to ``cycle_id`` (if named) and to the cycles ``readable`` (the caller's
    CycleFilter, None: every cycle) lets the caller read — disqualified cycles left out."""
    if cycle_id:
        query = query.where(column == cycle_id)
    clause = readable.where(column) if readable is not None else None
    return query if clause is None else query.where(clause)


# -- the cycles --------------------------------------------------------------------------------

def cycle(tx, cycle_id):
    """The cycle as this service knows it, or 404."""
    return cycles.load_cycle(tx.session, cycle_id)


def known_cycle(tx, cycle_id):
    """(cycle_id, edition, status) of a cycle, or None."""
    return tx.first(sa.select(known_cycles.c.cycle_id, known_cycles.c.edition, known_cycles.c.status)
                    .where(known_cycles.c.cycle_id == cycle_id))


def latest_open_cycle(tx):
    """(cycle_id, edition, status) of the open cycle (the latest), or None."""
    return tx.first(sa.select(known_cycles.c.cycle_id, known_cycles.c.edition, known_cycles.c.status)
                    .where(known_cycles.c.status == "open").order_by(known_cycles.c.edition.desc()))


def sits(tx, principal, cycle_id):
    """Does the caller sit on the cycle's group now?"""
    return cycles.sits(tx.session, cycle_id, "supervisor", principal.sub)


# -- the group (Art. 9) -----------------------------------------------------------------------

def members(tx, group_id):
    rows = tx.all(sa.select(group_members).where(group_members.c.group_id == group_id)
                  .order_by(group_members.c.kind, group_members.c.person_id))
    return [rotation.Member(r["person_id"], r["kind"], r["name"], r["kind_text"]) for r in rows]


def sitting_group(tx, cycle_id):
    """The cycle's appointed (or since dissolved) group as acting.py wants it, or None."""
    row = tx.first(sa.select(supervision_groups).where(
        supervision_groups.c.cycle_id == cycle_id, supervision_groups.c.status.in_(SITTING)))
    if row is None:
        return None
    out = dict(row)
    out["member_ids"] = {m.person_id for m in members(tx, row["group_id"])}
    return out


def previous_group(tx, cycle):
    """The group of the latest earlier cycle that had one (Art. 9's rotation is against it)."""
    return tx.scalar(
        sa.select(supervision_groups.c.group_id).join(
            known_cycles, known_cycles.c.cycle_id == supervision_groups.c.cycle_id)
        .where(known_cycles.c.edition < cycle["edition"], supervision_groups.c.status.in_(SITTING))
        .order_by(known_cycles.c.edition.desc()).limit(1))


def group_in(tx, cycle_id, status, lock=False):
    """The cycle's group in ``status`` (proposed, appointed …), or None."""
    query = sa.select(supervision_groups).where(
        supervision_groups.c.cycle_id == cycle_id, supervision_groups.c.status == status)
    return tx.first(query.with_for_update() if lock else query)


def group_view(tx, group_id):
    row = tx.first(sa.select(supervision_groups).where(supervision_groups.c.group_id == group_id))
    people = members(tx, group_id)
    prev = set()
    if row["previous_group_id"]:
        prev = {m.person_id for m in members(tx, row["previous_group_id"])}
    out = {k: row[k] for k in ("group_id", "cycle_id", "status", "proposed_by", "proposed_at",
                               "approved_by", "approved_at", "dissolved_at", "previous_group_id")}
    out["members"] = [{"person_id": m.person_id, "kind": m.kind, "kind_text": m.kind_text, "name": m.name,
                       "new": m.person_id not in prev} for m in people]
    out["rotation"] = rotation.rotation_view({m.person_id for m in people},
                                             prev if row["previous_group_id"] else None, row["previous_group_id"])
    return out


def group_of(tx, call, cycle_id):
    """The cycle's group: the sitting one, else the latest proposal, with its rotation (Art. 9); 404 if none."""
    call.cycle_reader(tx, cycle_id)
    cycle(tx, cycle_id)
    group_id = tx.scalar(sa.select(supervision_groups.c.group_id).where(
        supervision_groups.c.cycle_id == cycle_id).order_by(
        sa.case((supervision_groups.c.status.in_(SITTING), 0),
                (supervision_groups.c.status == "proposed", 1), else_=2),
        supervision_groups.c.proposed_at.desc()))
    if group_id is None:
        raise errors.NotFound(f"{cycle_id} 尚无评审监督小组人选", f"no supervision group proposed for {cycle_id}")
    return group_view(tx, group_id)


# -- complaints (Art. 9(3), 26) -------------------------------------------------------------------

def complaint_row(tx, complaint_id, lock=False):
    return tx.one_or_404(sa.select(complaints).where(complaints.c.complaint_id == complaint_id),
                         f"没有编号为 {complaint_id} 的投诉举报", f"no complaint {complaint_id}", lock=lock)


def complaint_cycle(tx, complaint_id):
    """The cycle of a complaint, or None when there is no such complaint."""
    return tx.scalar(sa.select(complaints.c.cycle_id).where(complaints.c.complaint_id == complaint_id))


def public_status(tx, tracking_number):
    """What a tracking number shows: the status only."""
    row = tx.first(sa.select(complaints.c.tracking_number, complaints.c.status).where(
        complaints.c.tracking_number == tracking_number))
    if row is None:
        raise errors.NotFound("查询编号不存在", f"no complaint with tracking number {tracking_number}")
    return {"tracking_number": row["tracking_number"], "status": row["status"], "status_zh": STATUS_ZH[row["status"]]}


def complaint_view(row, with_complainant):
    out = {k: row[k] for k in row.keys() if k not in ("complainant_name", "complainant_contact")}
    out["status_zh"] = STATUS_ZH[row["status"]]
    if with_complainant:
        out["complainant"] = {"name": row["complainant_name"], "contact": row["complainant_contact"]}
    return out


def sees_complainant(tx, principal, cycle_id):
    """A complainant's identity is seen only by the cycle's sitting group (contract.md, HTTP)."""
    return "supervisor" in principal.roles and sits(tx, principal, cycle_id)


def _page(tx, call, table, key, order, noun, where=None):
    """A page of ``table``'s rows of the caller's cycles (``?cycle_id=``: of that one), oldest
    first by (``order``, ``key``), read by its index (cycle, ``order``, ``key``) from ``after``:
    a :class:`award_shared.paging.Page` (docs/contract.md, "Lists a page at a time")."""
    cycle_id, after = call.query.get("cycle_id"), call.query["after"]
    query = _scoped(sa.select(table), table.c.cycle_id, cycle_id, call.readable_cycles(tx))
    if where is not None:
        query = query.where(where)
    return paging.page(tx, query, key, after, call.query["limit"], order=order,
                       mark_scope=(table.c.cycle_id == cycle_id,) if cycle_id else (),
                       unknown=f"not a {noun}{' of ' + cycle_id if cycle_id else ''}: {after}")


#: the complaints waiting for the group: to triage, or taken up and to finish (Art. 9(3))
WAITING_COMPLAINTS = ("received", "under_review")


def complaints_of(tx, call):
    """A page of complaints of the caller's cycles; the complainant shown to the cycle's group alone;
    ``?waiting=true``: only those waiting for the group (received or under review), ``false``: the others."""
    waiting = call.query.get("waiting")
    where = None if waiting is None else (complaints.c.status.in_(WAITING_COMPLAINTS) if waiting
                                          else complaints.c.status.not_in(WAITING_COMPLAINTS))
    found = _page(tx, call, complaints, complaints.c.complaint_id, complaints.c.filed_at, "complaint", where)
    return {"complaints": [complaint_view(r, sees_complainant(tx, call.principal, r["cycle_id"])) for r in found.rows],
            "next": found.next}


def complaint_counts(tx, call, cycle_id):
    """How many of the cycle's complaints stand in each status, and how many wait for the group:
    one ``GROUP BY`` on the index (cycle, status), for a caller who reads the cycle (404 unknown)."""
    cycle(tx, cycle_id)
    call.cycle_reader(tx, cycle_id)
    counted = paging.counts(tx, complaints.c.status, complaints.c.cycle_id == cycle_id)
    return {"cycle_id": cycle_id, "total": sum(counted.values()), "by_status": dict(sorted(counted.items())),
            "waiting": sum(counted.get(s, 0) for s in WAITING_COMPLAINTS)}


def complaint(tx, call, complaint_id):
    """One complaint; a look at the complainant's identity is audited (Art. 9(3))."""
    row = complaint_row(tx, complaint_id)
    call.cycle_reader(tx, row["cycle_id"])
    identity = sees_complainant(tx, call.principal, row["cycle_id"])
    if identity:
        tx.audit("complaint.read_complainant", target=complaint_id)
    return complaint_view(row, identity)


def complainants_to_erase(tx, retention_days):
    """Complaints whose complainant is still on record ``retention_days`` after their cycle closed."""
    due = tx.all(sa.select(complaints.c.complaint_id).join(
        known_cycles, known_cycles.c.cycle_id == complaints.c.cycle_id).where(
        known_cycles.c.status == "closed", known_cycles.c.closed_at <= tx.now() - timedelta(days=retention_days),
        sa.or_(complaints.c.complainant_name.is_not(None), complaints.c.complainant_contact.is_not(None))))
    return [row["complaint_id"] for row in due]


# -- reports to the leading group (Art. 9(2)(3), 26, 27) ------------------------------------------

def reports_of(tx, call):
    """A page of what the group reported to the leading group (Art. 9(2)(3), 26, 27)."""
    found = _page(tx, call, reports, reports.c.report_id, reports.c.reported_at, "report")
    return {"reports": [dict(r) for r in found.rows], "next": found.next}


def supervision_report(tx, report_id):
    row = tx.one_or_404(sa.select(supervision_reports).where(supervision_reports.c.report_id == report_id),
                        f"没有编号为 {report_id} 的监督情况报告", f"no supervision report {report_id}")
    return {**dict(row), "steps": json.loads(row["steps"])}


def supervision_reports_of(tx, call, cycle_id):
    """The group's reports on its supervision of one cycle (Art. 9(2)), oldest first."""
    cycle(tx, cycle_id)
    call.cycle_reader(tx, cycle_id)
    rows = tx.all(sa.select(supervision_reports.c.report_id).where(supervision_reports.c.cycle_id == cycle_id)
                  .order_by(supervision_reports.c.reported_at, supervision_reports.c.report_id))
    return {"cycle_id": cycle_id, "supervision_reports": [supervision_report(tx, r["report_id"]) for r in rows]}


def referral_of(tx, finding_id):
    """The referral of the person a finding disqualified (Art. 27), or None."""
    row = tx.first(sa.select(referrals).where(referrals.c.finding_id == finding_id))
    return dict(row) if row else None


# -- findings and opinions (Art. 9, 16, 26, 27) ---------------------------------------------------

def finding_row(tx, finding_id):
    return tx.one_or_404(sa.select(findings).where(findings.c.finding_id == finding_id),
                         f"没有编号为 {finding_id} 的监督发现", f"no finding {finding_id}")


def finding_cycle(tx, finding_id):
    return finding_row(tx, finding_id)["cycle_id"]


def finding_view(tx, finding_id, row=None):
    row = row or finding_row(tx, finding_id)
    out = dict(row)
    out["evidence"] = json.loads(row["evidence"])
    out["hold"] = hold_view(tx, row["hold_id"]) if row["hold_id"] else None
    if row["kind"] == "review_staff":  # Art. 27: to whom the disqualified person was referred, if yet
        referral = referral_of(tx, row["finding_id"])
        out["referral"] = dict(referral) if referral else None
    return out


def findings_of(tx, call):
    """A page of findings of the caller's cycles."""
    found = _page(tx, call, findings, findings.c.finding_id, findings.c.recorded_at, "finding")
    return {"findings": [finding_view(tx, r["finding_id"], r) for r in found.rows], "next": found.next}


def finding(tx, call, finding_id):
    """One finding, with the hold it placed and where that hold took effect."""
    call.cycle_reader(tx, finding_cycle(tx, finding_id))
    return finding_view(tx, finding_id)


def opinions_of(tx, call):
    """A page of opinions of the caller's cycles (Art. 16)."""
    found = _page(tx, call, opinions, opinions.c.opinion_id, opinions.c.recorded_at, "opinion")
    return {"opinions": [dict(r) for r in found.rows], "next": found.next}


# -- holds (docs/design.md, "Holds") ---------------------------------------------------------

def hold_row(tx, hold_id, lock=False):
    return tx.one_or_404(sa.select(holds).where(holds.c.hold_id == hold_id),
                         f"没有编号为 {hold_id} 的暂停令", f"no hold {hold_id}", lock=lock)


def active_holds(tx, cycle_id):
    """The active holds this service placed on the cycle."""
    return tx.all(sa.select(holds).where(
        holds.c.cycle_id == cycle_id, holds.c.status == "active",
        holds.c.placed_by_service == tx.service).order_by(holds.c.placed_at, holds.c.hold_id))


def latest_approval(tx, cycle_id, group_id):
    """The leading group's latest approval to release the dissolved group's holds, or None."""
    return tx.first(sa.select(release_approvals).where(
        release_approvals.c.cycle_id == cycle_id, release_approvals.c.group_id == group_id)
        .order_by(release_approvals.c.approved_at.desc()))


def effects(tx, hold_id):
    """Per step owner: the subject's step there and when the hold took effect (``hold.applied``)."""
    rows = tx.all(sa.select(hold_effects).where(hold_effects.c.hold_id == hold_id)
                  .order_by(hold_effects.c.applied_at))
    return [dict(r) for r in rows]


def hold_view(tx, hold_id, row=None):
    row = row or hold_row(tx, hold_id)
    return _hold_out(row, tx.scalar(sa.select(findings.c.finding_id).where(findings.c.hold_id == hold_id)),
                     effects(tx, hold_id))


def _hold_out(row, finding_id, effects_of_hold):
    out = {k: row[k] for k in ("hold_id", "cycle_id", "step", "subject", "placed_by", "placed_by_service",
                               "reason", "article", "status", "placed_at", "released_at", "released_by",
                               "release_reason")}
    out["finding_id"] = finding_id
    out["effects"] = effects_of_hold
    return out


def holds_of(tx, call, cycle_id=None, status=None):
    """A page of holds of the caller's cycles (``cycle_id``: of that one; ``status``: in it), by
    hold id, each with where and when it took effect — read by the kit's index (cycle, hold id)
    from ``after``; the page's findings and effects in one statement each."""
    after = call.query["after"]
    scope = _scoped(sa.select(holds), holds.c.cycle_id, cycle_id, call.readable_cycles(tx)).whereclause
    scope = () if scope is None else (scope,)  # where an ``after`` is looked up: any status
    query = sa.select(holds).where(*scope, *((holds.c.status == status,) if status else ()))
    found = paging.page(tx, query, holds.c.hold_id, after, call.query["limit"], mark_scope=scope,
                        unknown=f"not a hold{' of ' + cycle_id if cycle_id else ''}: {after}")
    ids = [r["hold_id"] for r in found.rows]
    finding_of, effects_of = {}, {}
    if ids:
        for r in tx.all(sa.select(findings.c.hold_id, findings.c.finding_id).where(findings.c.hold_id.in_(ids))
                        .order_by(findings.c.hold_id, findings.c.finding_id)):
            finding_of.setdefault(r["hold_id"], r["finding_id"])
        for r in tx.all(sa.select(hold_effects).where(hold_effects.c.hold_id.in_(ids))
                        .order_by(hold_effects.c.hold_id, hold_effects.c.applied_at)):
            effects_of.setdefault(r["hold_id"], []).append(dict(r))
    return {"holds": [_hold_out(r, finding_of.get(r["hold_id"]), effects_of.get(r["hold_id"], []))
                      for r in found.rows],
            "next": found.next}


def hold(tx, call, hold_id):
    call.cycle_reader(tx, hold_row(tx, hold_id)["cycle_id"])
    return hold_view(tx, hold_id)


def hold_effects_of(tx, call, hold_id):
    """Where and when a hold took effect, per step owner."""
    call.cycle_reader(tx, hold_row(tx, hold_id)["cycle_id"])
    return {"hold_id": hold_id, "effects": effects(tx, hold_id)}
