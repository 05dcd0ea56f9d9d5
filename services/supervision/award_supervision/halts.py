"""The holds supervision places and releases (docs/design.md, "Holds"; Art. 9).

A hold is recorded in this service's own copy of the holds (the kit's ``holds`` table) in
the transaction that publishes ``hold.placed``, so the copy never lags what was announced;
the event coming back from the bus is then a no-op. A release is final.
"""
import uuid

import sqlalchemy as sa

from award_shared import errors
from award_shared import holds as kit_holds
from award_shared.store import db
from award_shared.store.rows import one_or_404

from . import replicas
from .domain import acting
from .group import sitting_group
from .tables import findings, release_approvals

SERVICE = "supervision"


def place(tx, *, cycle_id, scope, reason, article, placed_by):
    """Halt ``scope.step`` for ``scope.subject`` (None: everyone at it); returns the hold id."""
    hold_id = f"hold-{uuid.uuid4().hex[:16]}"
    data = {"hold_id": hold_id, "cycle_id": cycle_id, "step": scope.step, "subject": scope.subject,
            "placed_by": placed_by, "placed_by_service": SERVICE, "reason": reason,
            "article": article, "placed_at": tx.now().isoformat()}
    kit_holds.record_placed(tx, data)
    tx.publish("hold.placed", subject=hold_id, cycle_id=cycle_id, data=data)
    tx.audit("hold.place", target=hold_id, reason=reason,
             detail={"cycle_id": cycle_id, "step": scope.step, "subject": scope.subject, "article": article})
    return hold_id


def _hold(session, hold_id, lock=False):
    return one_or_404(session, sa.select(db.holds).where(db.holds.c.hold_id == hold_id),
                      f"没有编号为 {hold_id} 的暂停令", f"no hold {hold_id}", lock=lock)


def _latest_approval(session, cycle_id, group_id):
    return session.execute(sa.select(release_approvals).where(
        release_approvals.c.cycle_id == cycle_id, release_approvals.c.group_id == group_id)
        .order_by(release_approvals.c.approved_at.desc())).mappings().first()


def release(tx, hold_id, principal, reason):
    """Lift a supervision hold: by the group while it sits, by the office (with the leading
    group's approval recorded) once it is dissolved. Final: a second release is refused."""
    row = _hold(tx.session, hold_id, lock=True)
    if row["placed_by_service"] != SERVICE:
        raise errors.Forbidden(f"暂停令 {hold_id} 由 {row['placed_by_service']} 下达，只能由其解除",
                               f"hold {hold_id} was placed by {row['placed_by_service']}, which alone releases it")
    if row["status"] != "active":
        raise errors.Conflict(f"暂停令 {hold_id} 已于 {row['released_at']} 解除，解除为终局",
                              f"hold {hold_id} is already released; a release is final", code="hold_released")
    group = sitting_group(tx.session, row["cycle_id"])
    approval = _latest_approval(tx.session, row["cycle_id"], group["group_id"]) if group else None
    who = acting.release_authority(principal.roles, principal.sub, row["cycle_id"], group, approval)
    return _release(tx, row, principal.sub, reason, approval if who == "office" else None)


def _release(tx, row, released_by, reason, approval):
    data = {"hold_id": row["hold_id"], "cycle_id": row["cycle_id"], "step": row["step"],
            "subject": row["subject"], "released_by": released_by, "reason": reason,
            "approved_by": approval["approved_by"] if approval else None,
            "released_at": tx.now().isoformat()}
    kit_holds.record_released(tx, data)
    tx.publish("hold.released", subject=row["hold_id"], cycle_id=row["cycle_id"], data=data)
    tx.audit("hold.release", target=row["hold_id"], reason=reason, detail={
        "cycle_id": row["cycle_id"], "approval_id": approval["approval_id"] if approval else None,
        "approved_by": data["approved_by"]})
    return hold_view(tx.session, row["hold_id"])


def approve_release(tx, cycle_id, body, approver):
    """The leading group approves the office releasing the dissolved group's holds (Art. 9)."""
    group = sitting_group(tx.session, cycle_id)
    if group is None or group["status"] != "dissolved":
        raise errors.RuleViolation(
            "评审监督小组存续期间，其暂停令由小组自行解除，无须领导小组批准由办公室解除（第九条）",
            "the group still sits (or never sat): it releases its own holds", article="Art. 9")
    approval_id = f"approval-{uuid.uuid4().hex[:12]}"
    tx.session.execute(release_approvals.insert().values(
        approval_id=approval_id, cycle_id=cycle_id, group_id=group["group_id"], approved_by=approver,
        approved_at=tx.now(), reason=body["reason"], document=body.get("document")))
    tx.audit("hold.release_approval", target=cycle_id, reason=body["reason"],
             detail={"approval_id": approval_id, "group_id": group["group_id"], "document": body.get("document")})
    return {"approval_id": approval_id, "cycle_id": cycle_id, "group_id": group["group_id"],
            "approved_by": approver, "remaining_holds": [h["hold_id"] for h in active_holds(tx.session, cycle_id)]}


def release_remaining(tx, cycle_id, principal, reason):
    """The office releases every hold the dissolved group left, under the approval."""
    group = sitting_group(tx.session, cycle_id)
    approval = _latest_approval(tx.session, cycle_id, group["group_id"]) if group else None
    acting.release_authority(principal.roles, principal.sub, cycle_id, group, approval)
    released = []
    for row in active_holds(tx.session, cycle_id):
        released.append(release(tx, row["hold_id"], principal, reason))
    return {"cycle_id": cycle_id, "released": released}


def active_holds(session, cycle_id):
    return session.execute(sa.select(db.holds).where(
        db.holds.c.cycle_id == cycle_id, db.holds.c.status == "active",
        db.holds.c.placed_by_service == SERVICE).order_by(db.holds.c.placed_at, db.holds.c.hold_id)
    ).mappings().all()


def hold_view(session, hold_id, row=None):
    row = row or _hold(session, hold_id)
    out = {k: row[k] for k in ("hold_id", "cycle_id", "step", "subject", "placed_by", "placed_by_service",
                               "reason", "article", "status", "placed_at", "released_at", "released_by",
                               "release_reason")}
    out["finding_id"] = session.execute(sa.select(findings.c.finding_id).where(
        findings.c.hold_id == hold_id)).scalar()
    out["effects"] = replicas.effects_of_session(session, hold_id)
    return out


def list_holds(session, cycles, cycle_id=None, status=None):
    query = sa.select(db.holds).order_by(db.holds.c.placed_at, db.holds.c.hold_id)
    if cycle_id:
        query = query.where(db.holds.c.cycle_id == cycle_id)
    if status:
        query = query.where(db.holds.c.status == status)
    if cycles is not None:
        query = query.where(db.holds.c.cycle_id.in_(sorted(cycles)))
    return [hold_view(session, r["hold_id"], r) for r in session.execute(query).mappings().all()]


def cycle_of(session, hold_id):
    return _hold(session, hold_id)["cycle_id"]
