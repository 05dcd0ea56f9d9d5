"""What supervision's readers see: every read scoped to the caller's cycles (Art. 9) — the
group's own members see their cycles, the leading group and operators every cycle — and a
look at a complainant's identity audited in the reading transaction."""
from . import access, complaints, findings, group, halts, replicas, reports


def group_of(tx, call, cycle_id):
    """The cycle's group, sitting or proposed, with its rotation (Art. 9)."""
    access.check_visible(tx, call, cycle_id)
    return group.current_view(tx.session, cycle_id)


def complaints_of(tx, call, cycle_id=None):
    """Complaints of the caller's cycles; the complainant shown to the cycle's group alone."""
    rows = complaints.list_complaints(tx.session, access.visible_cycles(tx, call), cycle_id)
    return {"complaints": [complaints.view(r, access.sees_complainant(tx.session, call.principal, r["cycle_id"]))
                           for r in rows]}


def complaint(tx, call, complaint_id):
    """One complaint; a look at the complainant's identity is audited (Art. 9(3))."""
    row = complaints.get(tx.session, complaint_id)
    access.check_visible(tx, call, row["cycle_id"])
    identity = access.sees_complainant(tx.session, call.principal, row["cycle_id"])
    if identity:
        tx.audit("complaint.read_complainant", target=complaint_id)
    return complaints.view(row, identity)


def reports_of(tx, call, cycle_id=None):
    """What the group reported to the leading group (Art. 9(2)(3), 26, 27)."""
    return {"reports": reports.list_reports(tx.session, access.visible_cycles(tx, call), cycle_id)}


def findings_of(tx, call, cycle_id=None):
    return {"findings": findings.list_findings(tx.session, access.visible_cycles(tx, call), cycle_id)}


def finding(tx, call, finding_id):
    """One finding, with the hold it placed and where that hold took effect."""
    access.check_visible(tx, call, findings.cycle_of(tx.session, finding_id))
    return findings.view(tx.session, finding_id)


def opinions_of(tx, call, cycle_id=None):
    return {"opinions": findings.list_opinions(tx.session, access.visible_cycles(tx, call), cycle_id)}


def holds_of(tx, call, cycle_id=None, status=None):
    """Holds of the caller's cycles, each with where and when it took effect."""
    return {"holds": halts.list_holds(tx.session, access.visible_cycles(tx, call), cycle_id, status)}


def hold(tx, call, hold_id):
    access.check_visible(tx, call, halts.cycle_of(tx.session, hold_id))
    return halts.hold_view(tx.session, hold_id)


def hold_effects(tx, call, hold_id):
    """Where and when a hold took effect, per step owner."""
    access.check_visible(tx, call, halts.cycle_of(tx.session, hold_id))
    return {"hold_id": hold_id, "effects": replicas.effects_of(tx, hold_id)}
