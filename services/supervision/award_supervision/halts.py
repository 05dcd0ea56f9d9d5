"""The holds supervision places and releases (docs/design.md, "Holds"; Art. 9).

A hold is recorded in this service's own copy of the holds (the kit's ``holds`` table) in
the transaction that publishes ``hold.placed``, so the copy never lags what was announced;
the event coming back from the bus is then a no-op. A release is final.
"""
import uuid

from award_rules.clock import zh_time
from award_shared import errors, holds

from . import access, queries
from .domain import acting
from .tables import release_approvals


def place(tx, *, cycle_id, scope, reason, article, placed_by):
    """Halt ``scope.step`` for ``scope.subject`` (None: everyone at it); returns the hold id."""
    hold_id = f"hold-{uuid.uuid4().hex[:16]}"
    holds.place(tx, hold_id=hold_id, cycle_id=cycle_id, step=scope.step, subject=scope.subject,
                placed_by=placed_by, reason=reason, article=article)
    tx.audit("hold.place", target=hold_id, reason=reason,
             detail={"cycle_id": cycle_id, "step": scope.step, "subject": scope.subject, "article": article})
    return hold_id


def release(tx, hold_id, principal, reason, reader=None):
    """Lift a supervision hold: by the group while it sits, by the office (with the leading
    group's approval recorded) once it is dissolved. Final: a second release is refused.
    ``reader`` (the call's ``cycle_reader``) refuses someone disqualified from the cycle (Art. 27)."""
    row = queries.hold_row(tx, hold_id, lock=True)
    if row["placed_by_service"] != tx.service:
        raise errors.Forbidden(f"暂停令 {hold_id} 由 {row['placed_by_service']} 下达，只能由其解除",
                               f"hold {hold_id} was placed by {row['placed_by_service']}, which alone releases it")
    if row["status"] != "active":
        raise errors.Conflict(f"暂停令 {hold_id} 已于 {zh_time(row['released_at'])} 解除，解除为终局",
                              f"hold {hold_id} is already released; a release is final", code="hold_released")
    group = queries.sitting_group(tx, row["cycle_id"])
    approval = queries.latest_approval(tx, row["cycle_id"], group["group_id"]) if group else None
    who = acting.release_authority(principal.roles, principal.sub, row["cycle_id"], group, approval)
    if who == "group":
        access.require_supervisor(tx, principal, row["cycle_id"])
    elif reader is not None:
        reader(tx, row["cycle_id"])
    return _release(tx, row, principal.sub, reason, approval if who == "office" else None)


def _release(tx, row, released_by, reason, approval):
    data = holds.release(tx, row, released_by=released_by, reason=reason,
                         approved_by=approval["approved_by"] if approval else None)
    tx.audit("hold.release", target=row["hold_id"], reason=reason, detail={
        "cycle_id": row["cycle_id"], "approval_id": approval["approval_id"] if approval else None,
        "approved_by": data["approved_by"]})
    return queries.hold_view(tx, row["hold_id"])


def approve_release(tx, cycle_id, body, approver):
    """The leading group approves the office releasing the dissolved group's holds (this suite's
    rule: docs/design.md, "Rules the Measures do not make")."""
    group = queries.sitting_group(tx, cycle_id)
    if group is None or group["status"] != "dissolved":
        raise errors.Conflict(
            "评审监督小组存续期间，其暂停令由小组自行解除，无须领导小组批准由办公室解除",
            "the group still sits (or never sat): it releases its own holds", code="hold_released_by_group")
    approval_id = f"approval-{uuid.uuid4().hex[:12]}"
    tx.run(release_approvals.insert().values(
        approval_id=approval_id, cycle_id=cycle_id, group_id=group["group_id"], approved_by=approver,
        approved_at=tx.now(), reason=body["reason"], document=body.get("document")))
    tx.audit("hold.release_approval", target=cycle_id, reason=body["reason"],
             detail={"approval_id": approval_id, "group_id": group["group_id"], "document": body.get("document")})
    return {"approval_id": approval_id, "cycle_id": cycle_id, "group_id": group["group_id"],
            "approved_by": approver, "remaining_holds": [h["hold_id"] for h in queries.active_holds(tx, cycle_id)]}


def release_remaining(tx, cycle_id, principal, reason):
    """The office releases every hold the dissolved group left, under the approval."""
    group = queries.sitting_group(tx, cycle_id)
    approval = queries.latest_approval(tx, cycle_id, group["group_id"]) if group else None
    acting.release_authority(principal.roles, principal.sub, cycle_id, group, approval)
    released = []
    for row in queries.active_holds(tx, cycle_id):
        released.append(release(tx, row["hold_id"], principal, reason))
    return {"cycle_id": cycle_id, "released": released}
