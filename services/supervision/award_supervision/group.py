"""The supervision group of a cycle (Art. 9): proposed by the office, approved by the
leading group, dissolved when the cycle closes. Functions over a unit of work."""
import json
import uuid

import sqlalchemy as sa

from award_shared import errors
from award_shared.cycles import known_cycles, load_cycle
from award_shared.web import cycle_access

from .domain import rotation
from .tables import group_members, supervision_groups

SITTING = ("appointed", "dissolved")  # a group that was, or is, the cycle's group


def _open_cycle(session, cycle_id):
    cycle = load_cycle(session, cycle_id)
    if cycle["status"] != "open":
        raise errors.RuleViolation(
            f"{cycle_id} 已结束，评审监督小组随之解散，不再聘任（第九条）",
            f"{cycle_id} is closed: its supervision group is dissolved and no other is appointed",
            article="Art. 9")
    return cycle


def _members(session, group_id):
    rows = session.execute(sa.select(group_members).where(group_members.c.group_id == group_id)
                           .order_by(group_members.c.kind, group_members.c.person_id)).mappings().all()
    return [rotation.Member(r["person_id"], r["kind"], r["name"], r["kind_text"]) for r in rows]


def sitting_group(session, cycle_id):
    """The cycle's appointed (or since dissolved) group as acting.py wants it, or None."""
    row = session.execute(sa.select(supervision_groups).where(
        supervision_groups.c.cycle_id == cycle_id,
        supervision_groups.c.status.in_(SITTING))).mappings().first()
    if row is None:
        return None
    out = dict(row)
    out["member_ids"] = {m.person_id for m in _members(session, row["group_id"])}
    return out


def previous_group(session, cycle):
    """The group of the latest earlier cycle that had one (Art. 9's rotation is against it)."""
    row = session.execute(
        sa.select(supervision_groups.c.group_id).join(
            known_cycles, known_cycles.c.cycle_id == supervision_groups.c.cycle_id)
        .where(known_cycles.c.edition < cycle["edition"], supervision_groups.c.status.in_(SITTING))
        .order_by(known_cycles.c.edition.desc()).limit(1)).scalar()
    return row


def _check(session, cycle, members):
    rotation.check_composition(members, rotation.requires_listed_kinds(json.loads(cycle["ruleset"] or "{}")))
    prev_id = previous_group(session, cycle)
    prev_ids = None if prev_id is None else {m.person_id for m in _members(session, prev_id)}
    fresh = rotation.check_rotation([m.person_id for m in members], prev_ids)
    return prev_id, fresh


def _refuse_if_sitting(session, cycle_id):
    sitting = sitting_group(session, cycle_id)
    if sitting is not None:
        raise errors.RuleViolation(
            f"{cycle_id} 的评审监督小组已聘任（{sitting['group_id']}），本届不再另行聘任（第九条）",
            f"{cycle_id} already has its supervision group ({sitting['group_id']})", article="Art. 9")


def propose(tx, cycle_id, body, actor):
    """The office proposes the group; composition and rotation are checked now (Art. 9)."""
    cycle = _open_cycle(tx.session, cycle_id)
    _refuse_if_sitting(tx.session, cycle_id)
    members = [rotation.Member(m["person_id"], m["kind"], m["name"], m.get("kind_text")) for m in body["members"]]
    prev_id, fresh = _check(tx.session, cycle, members)
    tx.session.execute(supervision_groups.update().where(
        supervision_groups.c.cycle_id == cycle_id, supervision_groups.c.status == "proposed")
        .values(status="superseded"))
    group_id = f"group-{uuid.uuid4().hex[:12]}"
    tx.session.execute(supervision_groups.insert().values(
        group_id=group_id, cycle_id=cycle_id, status="proposed", proposed_by=actor,
        proposed_at=tx.now(), proposal_reason=body.get("reason"), previous_group_id=prev_id))
    tx.session.execute(group_members.insert(), [
        {"group_id": group_id, "person_id": m.person_id, "kind": m.kind, "name": m.name, "kind_text": m.kind_text}
        for m in members])
    tx.audit("group.propose", target=group_id, reason=body.get("reason"),
             detail={"cycle_id": cycle_id, "size": len(members), "new_members": len(fresh),
                     "previous_group_id": prev_id})
    return view(tx.session, group_id)


def approve(tx, cycle_id, body, actor):
    """The leading group approves the proposal: the group is appointed (Art. 9)."""
    cycle = _open_cycle(tx.session, cycle_id)
    _refuse_if_sitting(tx.session, cycle_id)
    row = tx.session.execute(sa.select(supervision_groups).where(
        supervision_groups.c.cycle_id == cycle_id, supervision_groups.c.status == "proposed")
        .with_for_update()).mappings().first()
    if row is None:
        raise errors.RuleViolation(f"{cycle_id} 没有待批准的评审监督小组人选（第九条）",
                                   f"no supervision group is proposed for {cycle_id}", article="Art. 9")
    if body.get("group_id") and body["group_id"] != row["group_id"]:
        raise errors.Conflict(f"待批准的人选是 {row['group_id']}，不是 {body['group_id']}",
                              f"the proposal awaiting approval is {row['group_id']}, not {body['group_id']}")
    members = _members(tx.session, row["group_id"])
    _check(tx.session, cycle, members)  # the previous group may have changed since the proposal
    tx.session.execute(supervision_groups.update().where(supervision_groups.c.group_id == row["group_id"])
                       .values(status="appointed", approved_by=actor, approved_at=tx.now()))
    data = {"cycle_id": cycle_id, "group_id": row["group_id"], "members": rotation.by_kind(members),
            "other_members": rotation.others(members), "member_subjects": sorted(m.person_id for m in members)}
    event = tx.publish("supervision.group_appointed", subject=cycle_id, cycle_id=cycle_id, data=data)
    cycle_access.record_group(tx, data, event["sequence"])  # this service's own reads at once
    tx.audit("group.approve", target=row["group_id"], reason=body.get("reason"), detail={"cycle_id": cycle_id})
    return view(tx.session, row["group_id"])


def dissolve(tx, cycle_id):
    """The cycle closed: its group is dissolved and proposals lapse (Art. 9)."""
    tx.session.execute(supervision_groups.update().where(
        supervision_groups.c.cycle_id == cycle_id, supervision_groups.c.status == "proposed")
        .values(status="lapsed"))
    row = tx.session.execute(sa.select(supervision_groups).where(
        supervision_groups.c.cycle_id == cycle_id, supervision_groups.c.status == "appointed")).mappings().first()
    if row is None:
        return None
    tx.session.execute(supervision_groups.update().where(supervision_groups.c.group_id == row["group_id"])
                       .values(status="dissolved", dissolved_at=tx.now()))
    members = _members(tx.session, row["group_id"])
    data = {"cycle_id": cycle_id, "group_id": row["group_id"], "members": rotation.by_kind(members),
            "member_subjects": sorted(m.person_id for m in members)}
    event = tx.publish("supervision.group_dissolved", subject=cycle_id, cycle_id=cycle_id, data=data)
    cycle_access.record_group_dissolved(tx, data, event["sequence"])
    tx.audit("group.dissolve", target=row["group_id"], reason="cycle.closed", detail={"cycle_id": cycle_id})
    return row["group_id"]


def view(session, group_id):
    row = session.execute(sa.select(supervision_groups).where(
        supervision_groups.c.group_id == group_id)).mappings().first()
    members = _members(session, group_id)
    prev = set()
    if row["previous_group_id"]:
        prev = {m.person_id for m in _members(session, row["previous_group_id"])}
    out = {k: row[k] for k in ("group_id", "cycle_id", "status", "proposed_by", "proposed_at",
                               "approved_by", "approved_at", "dissolved_at", "previous_group_id")}
    out["members"] = [{"person_id": m.person_id, "kind": m.kind, "kind_text": m.kind_text, "name": m.name,
                       "new": m.person_id not in prev} for m in members]
    out["rotation"] = rotation.rotation_view({m.person_id for m in members},
                                             prev if row["previous_group_id"] else None, row["previous_group_id"])
    return out


def current_view(session, cycle_id):
    """The cycle's group: the sitting one, else the latest proposal; 404 if none."""
    load_cycle(session, cycle_id)
    row = session.execute(sa.select(supervision_groups.c.group_id).where(
        supervision_groups.c.cycle_id == cycle_id).order_by(
        sa.case((supervision_groups.c.status.in_(SITTING), 0),
                (supervision_groups.c.status == "proposed", 1), else_=2),
        supervision_groups.c.proposed_at.desc())).scalars().first()
    if row is None:
        raise errors.NotFound(f"{cycle_id} 尚无评审监督小组人选", f"no supervision group proposed for {cycle_id}")
    return view(session, row)
