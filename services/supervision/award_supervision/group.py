"""The supervision group of a cycle (Art. 9): proposed by the office, approved by the
leading group, dissolved when the cycle closes. Functions over a unit of work; what they read
is in queries.py."""
import json
import uuid

from award_shared import cycles, errors, events

from . import queries
from .domain import rotation
from .tables import group_members, supervision_groups


def _open_cycle(tx, cycle_id):
    cycle = queries.cycle(tx, cycle_id)
    if cycle["status"] != "open":
        raise errors.RuleViolation(
            f"{cycle_id} 已结束，评审监督小组随之解散，不再聘任（第九条）",
            f"{cycle_id} is closed: its supervision group is dissolved and no other is appointed",
            article="Art. 9")
    return cycle


def _check(tx, cycle, members):
    rotation.check_composition(members, rotation.requires_listed_kinds(json.loads(cycle["ruleset"] or "{}")))
    prev_id = queries.previous_group(tx, cycle)
    prev_ids = None if prev_id is None else {m.person_id for m in queries.members(tx, prev_id)}
    fresh = rotation.check_rotation([m.person_id for m in members], prev_ids)
    return prev_id, fresh


def _refuse_if_sitting(tx, cycle_id):
    sitting = queries.sitting_group(tx, cycle_id)
    if sitting is not None:
        raise errors.RuleViolation(
            f"{cycle_id} 的评审监督小组已聘任（{sitting['group_id']}），本届不再另行聘任（第九条）",
            f"{cycle_id} already has its supervision group ({sitting['group_id']})", article="Art. 9")


def propose(tx, cycle_id, body, actor):
    """The office proposes the group; composition and rotation are checked now (Art. 9)."""
    cycle = _open_cycle(tx, cycle_id)
    _refuse_if_sitting(tx, cycle_id)
    members = [rotation.Member(m["person_id"], m["kind"], m["name"], m.get("kind_text")) for m in body["members"]]
    prev_id, fresh = _check(tx, cycle, members)
    tx.run(supervision_groups.update().where(
        supervision_groups.c.cycle_id == cycle_id, supervision_groups.c.status == "proposed")
        .values(status="superseded"))
    group_id = f"group-{uuid.uuid4().hex[:12]}"
    tx.run(supervision_groups.insert().values(
        group_id=group_id, cycle_id=cycle_id, status="proposed", proposed_by=actor,
        proposed_at=tx.now(), proposal_reason=body.get("reason"), previous_group_id=prev_id))
    tx.run(group_members.insert(), [
        {"group_id": group_id, "person_id": m.person_id, "kind": m.kind, "name": m.name, "kind_text": m.kind_text}
        for m in members])
    tx.audit("group.propose", target=group_id, reason=body.get("reason"),
             detail={"cycle_id": cycle_id, "size": len(members), "new_members": len(fresh),
                     "previous_group_id": prev_id})
    return queries.group_view(tx, group_id)


def approve(tx, cycle_id, body, actor):
    """The leading group approves the proposal: the group is appointed (Art. 9)."""
    cycle = _open_cycle(tx, cycle_id)
    _refuse_if_sitting(tx, cycle_id)
    row = queries.group_in(tx, cycle_id, "proposed", lock=True)
    if row is None:
        raise errors.RuleViolation(f"{cycle_id} 没有待批准的评审监督小组人选（第九条）",
                                   f"no supervision group is proposed for {cycle_id}", article="Art. 9")
    if body.get("group_id") and body["group_id"] != row["group_id"]:
        raise errors.Conflict(f"待批准的人选是 {row['group_id']}，不是 {body['group_id']}",
                              f"the proposal awaiting approval is {row['group_id']}, not {body['group_id']}")
    members = queries.members(tx, row["group_id"])
    _check(tx, cycle, members)  # the previous group may have changed since the proposal
    tx.run(supervision_groups.update().where(supervision_groups.c.group_id == row["group_id"])
           .values(status="appointed", approved_by=actor, approved_at=tx.now()))
    appointed = events.GroupAppointed(
        cycle_id=cycle_id, group_id=row["group_id"], members=rotation.by_kind(members),
        other_members=rotation.others(members), member_subjects=sorted(m.person_id for m in members))
    envelope = tx.publish(appointed)
    cycles.record_group(tx, appointed.data, envelope["sequence"])  # this service's own reads at once
    tx.audit("group.approve", target=row["group_id"], reason=body.get("reason"), detail={"cycle_id": cycle_id})
    return queries.group_view(tx, row["group_id"])


def dissolve(tx, cycle_id):
    """The cycle closed: its group is dissolved and proposals lapse (Art. 9)."""
    tx.run(supervision_groups.update().where(
        supervision_groups.c.cycle_id == cycle_id, supervision_groups.c.status == "proposed")
        .values(status="lapsed"))
    row = queries.group_in(tx, cycle_id, "appointed")
    if row is None:
        return None
    tx.run(supervision_groups.update().where(supervision_groups.c.group_id == row["group_id"])
           .values(status="dissolved", dissolved_at=tx.now()))
    members = queries.members(tx, row["group_id"])
    dissolved = events.GroupDissolved(cycle_id=cycle_id, group_id=row["group_id"], members=rotation.by_kind(members),
                                      member_subjects=sorted(m.person_id for m in members))
    envelope = tx.publish(dissolved)
    cycles.record_group_dissolved(tx, dissolved.data, envelope["sequence"])
    tx.audit("group.dissolve", target=row["group_id"], reason=events.CycleClosed.type, detail={"cycle_id": cycle_id})
    return row["group_id"]
