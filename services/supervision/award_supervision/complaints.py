"""Complaints and reports (投诉、举报) from anyone, without an account (Art. 9(3), 26).

The filer gets a tracking number and follows the status with it, and nothing else; the
supervision group triages, handles and reports the result to the leading group. Only the
group sees who complained (contract.md, HTTP): not the office, whose own conduct may be
what the complaint is about, and not the leading group's reports. What is read is in queries.py.
"""
import secrets
import uuid

from award_shared import errors

from . import access, queries, reports
from .tables import complaints

TRACKING_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read out over the phone
STATUS_ZH = queries.STATUS_ZH


def new_tracking_number(edition):
    return f"JZ{edition}-" + "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(10))


def _cycle_for(tx, cycle_id):
    """The cycle complained about: the one named, else the open one (the latest). None once it
    closed: this suite's rule, not the Measures' (docs/design.md, "Rules the Measures do not make")."""
    if cycle_id:
        row = queries.known_cycle(tx, cycle_id)
        if row is None:
            raise errors.Invalid({"cycle_id": [f"unknown cycle {cycle_id}"]})
    else:
        row = queries.latest_open_cycle(tx)
        if row is None:
            raise errors.Conflict("当前没有正在评审的届次，本系统不受理投诉举报",
                                  "no cycle is under review now to complain about", code="no_cycle_to_complain_about")
    if row["status"] != "open":
        raise errors.Conflict(
            f"{row['cycle_id']} 的评审工作已结束，评审监督小组已解散，本系统不再受理对该届的投诉举报",
            f"{row['cycle_id']} is closed and its supervision group dissolved: no more complaints about it",
            code="complaints_closed")
    return row


def file(tx, body):
    """Anyone files a complaint or report; returns the tracking number (Art. 9(3))."""
    cycle = _cycle_for(tx, body.get("cycle_id"))
    complainant = body.get("complainant") or {}
    complaint_id = f"complaint-{uuid.uuid4().hex[:16]}"
    tracking = new_tracking_number(cycle["edition"])
    tx.run(complaints.insert().values(
        complaint_id=complaint_id, tracking_number=tracking, cycle_id=cycle["cycle_id"], kind=body["kind"],
        about_step=body.get("about_step"), about_subject=body.get("about_subject"), content=body["content"],
        complainant_name=complainant.get("name"), complainant_contact=complainant.get("contact"),
        status="received", filed_at=tx.now()))
    # the audit names the complaint, never the complainant
    tx.audit("complaint.file", target=complaint_id, detail={"cycle_id": cycle["cycle_id"], "kind": body["kind"]})
    return {"tracking_number": tracking, "status": "received", "status_zh": STATUS_ZH["received"],
            "filed_at": tx.now()}


def _require_status(row, *allowed):
    if row["status"] not in allowed:
        raise errors.Conflict(
            f"投诉举报 {row['complaint_id']} 当前状态为「{STATUS_ZH[row['status']]}」，不能办理此项",
            f"complaint {row['complaint_id']} is {row['status']}; this needs {' or '.join(allowed)}")


def triage(tx, complaint_id, body, principal):
    """A member of the cycle's group takes the complaint up, or declines it; a refusal is a
    handling result and goes to the leading group (Art. 9(3))."""
    access.require_supervisor(tx, principal, queries.complaint_row(tx, complaint_id)["cycle_id"])
    actor = principal.sub
    row = queries.complaint_row(tx, complaint_id, lock=True)
    _require_status(row, "received")
    status = "under_review" if body["decision"] == "accept" else "declined"
    values = {"status": status, "triaged_by": actor, "triaged_at": tx.now(), "triage_note": body["note"]}
    if status == "declined":
        values.update(handled_by=actor, handled_at=tx.now(), result=body["note"])
        reports.report(tx, cycle_id=row["cycle_id"], kind="complaint_result", ref_id=complaint_id,
                       summary=body["note"], reported_by=actor)
    tx.run(complaints.update().where(complaints.c.complaint_id == complaint_id).values(**values))
    tx.audit("complaint.triage", target=complaint_id, reason=body["note"], detail={"decision": body["decision"]})
    return queries.complaint_view(queries.complaint_row(tx, complaint_id), with_complainant=True)


def record_result(tx, complaint_id, body, principal):
    """The handling result of a member of the cycle's group, reported to the leading group
    (Art. 9(3)); a finding it names must be of the same cycle."""
    access.require_supervisor(tx, principal, queries.complaint_row(tx, complaint_id)["cycle_id"])
    actor = principal.sub
    finding_cycle = queries.finding_cycle(tx, body["finding_id"]) if body.get("finding_id") else None
    row = queries.complaint_row(tx, complaint_id, lock=True)
    _require_status(row, "under_review")
    if body.get("finding_id") and finding_cycle != row["cycle_id"]:
        raise errors.NotFound(f"{row['cycle_id']} 没有编号为 {body['finding_id']} 的监督发现",
                              f"no finding {body['finding_id']} in {row['cycle_id']}")
    tx.run(complaints.update().where(complaints.c.complaint_id == complaint_id).values(
        status="handled", handled_by=actor, handled_at=tx.now(), result=body["result"],
        finding_id=body.get("finding_id") or row["finding_id"]))
    report_id = reports.report(tx, cycle_id=row["cycle_id"], kind="complaint_result", ref_id=complaint_id,
                               summary=body["result"], reported_by=actor)
    tx.audit("complaint.result", target=complaint_id, reason=body["result"],
             detail={"report_id": report_id, "finding_id": body.get("finding_id")})
    return queries.complaint_view(queries.complaint_row(tx, complaint_id), with_complainant=True)


def erase_personal_data(tx, retention_days):
    """Complainants' names and contacts are kept ``retention_days`` after their cycle closed
    (personal-information law: no longer than the purpose needs), then erased, audited."""
    due = queries.complainants_to_erase(tx, retention_days)
    for complaint_id in due:
        tx.run(complaints.update().where(complaints.c.complaint_id == complaint_id).values(
            complainant_name=None, complainant_contact=None))
        tx.audit("complaint.erase_personal_data", target=complaint_id, detail={"retention_days": retention_days})
    return due
