"""Complaints and reports (投诉、举报) from anyone, without an account (Art. 9(3), 26).

The filer gets a tracking number and follows the status with it, and nothing else; the
supervision group triages, handles and reports the result to the leading group. Only the
group sees who complained (contract.md, HTTP): not the office, whose own conduct may be
what the complaint is about, and not the leading group's reports.
"""
import secrets
import uuid

import sqlalchemy as sa

from award_shared import errors
from award_shared.cycles import known_cycles
from award_shared.store.rows import one_or_404

from . import access, findings, reports
from .tables import complaints

TRACKING_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read out over the phone
STATUS_ZH = {"received": "已受理登记", "under_review": "调查处理中", "declined": "不予受理", "handled": "已办结"}


def new_tracking_number(edition):
    return f"JZ{edition}-" + "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(10))


def _cycle_for(session, cycle_id):
    """The cycle complained about: the one named, else the open one (the latest)."""
    query = sa.select(known_cycles.c.cycle_id, known_cycles.c.edition, known_cycles.c.status)
    if cycle_id:
        row = session.execute(query.where(known_cycles.c.cycle_id == cycle_id)).first()
        if row is None:
            raise errors.Invalid({"cycle_id": [f"unknown cycle {cycle_id}"]})
    else:
        row = session.execute(query.where(known_cycles.c.status == "open")
                              .order_by(known_cycles.c.edition.desc())).first()
        if row is None:
            raise errors.RuleViolation("当前没有正在评审的届次，无从受理投诉举报（第九条）",
                                       "no cycle is under review now to complain about", article="Art. 9")
    if row.status != "open":
        raise errors.RuleViolation(
            f"{row.cycle_id} 的评审工作已结束，评审监督小组已解散，不再受理投诉举报（第九条）",
            f"{row.cycle_id} is closed and its supervision group dissolved", article="Art. 9")
    return row


def file(tx, body):
    """Anyone files a complaint or report; returns the tracking number (Art. 9(3))."""
    cycle = _cycle_for(tx.session, body.get("cycle_id"))
    complainant = body.get("complainant") or {}
    complaint_id = f"complaint-{uuid.uuid4().hex[:16]}"
    tracking = new_tracking_number(cycle.edition)
    tx.session.execute(complaints.insert().values(
        complaint_id=complaint_id, tracking_number=tracking, cycle_id=cycle.cycle_id, kind=body["kind"],
        about_step=body.get("about_step"), about_subject=body.get("about_subject"), content=body["content"],
        complainant_name=complainant.get("name"), complainant_contact=complainant.get("contact"),
        status="received", filed_at=tx.now()))
    # the audit names the complaint, never the complainant
    tx.audit("complaint.file", target=complaint_id, detail={"cycle_id": cycle.cycle_id, "kind": body["kind"]})
    return {"tracking_number": tracking, "status": "received", "status_zh": STATUS_ZH["received"],
            "filed_at": tx.now()}


def public_status(session, tracking_number):
    """What a tracking number shows: the status only."""
    row = session.execute(sa.select(complaints.c.tracking_number, complaints.c.status).where(
        complaints.c.tracking_number == tracking_number)).first()
    if row is None:
        raise errors.NotFound("查询编号不存在", f"no complaint with tracking number {tracking_number}")
    return {"tracking_number": row.tracking_number, "status": row.status, "status_zh": STATUS_ZH[row.status]}


def _row(session, complaint_id, lock=False):
    return one_or_404(session, sa.select(complaints).where(complaints.c.complaint_id == complaint_id),
                      f"没有编号为 {complaint_id} 的投诉举报", f"no complaint {complaint_id}", lock=lock)


def cycle_of(session, complaint_id):
    return _row(session, complaint_id)["cycle_id"]


def _require_status(row, *allowed):
    if row["status"] not in allowed:
        raise errors.Conflict(
            f"投诉举报 {row['complaint_id']} 当前状态为「{STATUS_ZH[row['status']]}」，不能办理此项",
            f"complaint {row['complaint_id']} is {row['status']}; this needs {' or '.join(allowed)}")


def triage(tx, complaint_id, body, principal):
    """A member of the cycle's group takes the complaint up, or declines it; a refusal is a
    handling result and goes to the leading group (Art. 9(3))."""
    access.require_supervisor(tx.session, principal, cycle_of(tx.session, complaint_id))
    actor = principal.sub
    row = _row(tx.session, complaint_id, lock=True)
    _require_status(row, "received")
    status = "under_review" if body["decision"] == "accept" else "declined"
    values = {"status": status, "triaged_by": actor, "triaged_at": tx.now(), "triage_note": body["note"]}
    if status == "declined":
        values.update(handled_by=actor, handled_at=tx.now(), result=body["note"])
        reports.report(tx, cycle_id=row["cycle_id"], kind="complaint_result", ref_id=complaint_id,
                       summary=body["note"], reported_by=actor)
    tx.session.execute(complaints.update().where(complaints.c.complaint_id == complaint_id).values(**values))
    tx.audit("complaint.triage", target=complaint_id, reason=body["note"], detail={"decision": body["decision"]})
    return view(_row(tx.session, complaint_id), with_complainant=True)


def record_result(tx, complaint_id, body, principal):
    """The handling result of a member of the cycle's group, reported to the leading group
    (Art. 9(3)); a finding it names must be of the same cycle."""
    access.require_supervisor(tx.session, principal, cycle_of(tx.session, complaint_id))
    actor = principal.sub
    finding_cycle = findings.cycle_of(tx.session, body["finding_id"]) if body.get("finding_id") else None
    row = _row(tx.session, complaint_id, lock=True)
    _require_status(row, "under_review")
    if body.get("finding_id") and finding_cycle != row["cycle_id"]:
        raise errors.NotFound(f"{row['cycle_id']} 没有编号为 {body['finding_id']} 的监督发现",
                              f"no finding {body['finding_id']} in {row['cycle_id']}")
    tx.session.execute(complaints.update().where(complaints.c.complaint_id == complaint_id).values(
        status="handled", handled_by=actor, handled_at=tx.now(), result=body["result"],
        finding_id=body.get("finding_id") or row["finding_id"]))
    report_id = reports.report(tx, cycle_id=row["cycle_id"], kind="complaint_result", ref_id=complaint_id,
                               summary=body["result"], reported_by=actor)
    tx.audit("complaint.result", target=complaint_id, reason=body["result"],
             detail={"report_id": report_id, "finding_id": body.get("finding_id")})
    return view(_row(tx.session, complaint_id), with_complainant=True)


def view(row, with_complainant):
    out = {k: row[k] for k in row.keys() if k not in ("complainant_name", "complainant_contact")}
    out["status_zh"] = STATUS_ZH[row["status"]]
    if with_complainant:
        out["complainant"] = {"name": row["complainant_name"], "contact": row["complainant_contact"]}
    return out


def get(session, complaint_id):
    return _row(session, complaint_id)


def list_complaints(session, cycles, cycle_id=None):
    query = sa.select(complaints).order_by(complaints.c.filed_at, complaints.c.complaint_id)
    if cycle_id:
        query = query.where(complaints.c.cycle_id == cycle_id)
    if cycles is not None:
        query = query.where(complaints.c.cycle_id.in_(sorted(cycles)))
    return session.execute(query).mappings().all()


def erase_personal_data(tx, retention_days):
    """Complainants' names and contacts are kept ``retention_days`` after their cycle closed
    (personal-information law: no longer than the purpose needs), then erased, audited."""
    from datetime import timedelta
    due = tx.session.execute(sa.select(complaints.c.complaint_id).join(
        known_cycles, known_cycles.c.cycle_id == complaints.c.cycle_id).where(
        known_cycles.c.status == "closed", known_cycles.c.closed_at <= tx.now() - timedelta(days=retention_days),
        sa.or_(complaints.c.complainant_name.is_not(None), complaints.c.complainant_contact.is_not(None)))
    ).scalars().all()
    for complaint_id in due:
        tx.session.execute(complaints.update().where(complaints.c.complaint_id == complaint_id).values(
            complainant_name=None, complainant_contact=None))
        tx.audit("complaint.erase_personal_data", target=complaint_id, detail={"retention_days": retention_days})
    return due
