"""What scoring hears from the supervision group (Art. 16, 27).

- ``expert.disqualified`` (Art. 27: abuse of power, neglect of duty or favouritism that
  caused harm): the expert's seats end, its sheets stop counting, results already
  published are recomputed and published again, and each seat is filled again where a
  stage remains — all automatically, all audited. An expert disqualified before it is
  registered cannot be registered in that cycle.
- ``opinion.recorded``: the group's opinion on an application, attached to it on the
  candidate list (Art. 16).
- ``supervision.group_appointed``: the review runs under the group's supervision (Art. 15),
  so the first stage opens only once the group of the cycle is known.
"""
import sqlalchemy as sa

from award_shared.store import driver

from . import assignment, queries
from .tables import assignments, disqualifications, experts, opinions, supervision_groups


def on_disqualified(tx, event):
    """Apply ``expert.disqualified`` (Art. 27)."""
    data = event.data
    cycle_id, subject = data["cycle_id"], data["expert_subject"]
    fresh = driver.insert_if_absent(tx.session, disqualifications, cycle_id=cycle_id, subject=subject,
                                    reason=data["reason"], harm=data["harm"], finding_id=data.get("finding_id"),
                                    received_at=tx.now())
    if not fresh:
        return
    tx.session.execute(experts.update().where(experts.c.cycle_id == cycle_id, experts.c.subject == subject)
                       .values(status="disqualified"))
    affected = tx.session.execute(
        sa.select(assignments.c.application_id).where(
            assignments.c.cycle_id == cycle_id, assignments.c.expert_subject == subject,
            assignments.c.status == "active").order_by(assignments.c.application_id)).scalars().all()
    tx.audit("expert.disqualified", target=f"{cycle_id}/{subject}", reason=data["reason"],
             detail={"harm": data["harm"], "finding_id": data.get("finding_id"), "applications": affected})
    for application_id in affected:
        assignment.end_seat(tx, application_id, subject, "disqualified", f"Art. 27: {data['reason']}")
        app = queries.application(tx, application_id, lock=True)
        assignment.after_leaving(tx, app, actor=f"system:{tx.service}")


def on_opinion(tx, event):
    """Attach the supervision group's opinion to the application (Art. 16)."""
    data = event.data
    driver.insert_if_absent(tx.session, opinions, event_id=event.id, application_id=data["application_id"],
                            cycle_id=data["cycle_id"], opinion=data["opinion"], received_at=tx.now())
    tx.audit("opinion.attached", target=data["application_id"], detail={"event_id": event.id})


def on_group_appointed(tx, event):
    """The cycle's supervision group is appointed (Art. 9): the review may run under it (Art. 15)."""
    data = event.data
    if driver.insert_if_absent(tx.session, supervision_groups, cycle_id=data["cycle_id"], group_id=data.get("group_id"),
                               members=queries.dumps(data["members"]), received_at=tx.now()):
        tx.audit("supervision.group_known", target=data["cycle_id"], detail={"group_id": data.get("group_id")})


def supervised(tx, cycle_id):
    """Has the cycle's supervision group been appointed (Art. 15)?"""
    return tx.session.execute(sa.select(supervision_groups.c.cycle_id)
                              .where(supervision_groups.c.cycle_id == cycle_id)).first() is not None
