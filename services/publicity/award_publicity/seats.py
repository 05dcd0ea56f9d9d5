"""The leading group decides the seats nobody else could (Art. 2, 7 LG(1), 16): a tie at the
last seat, or a seat emptied by a strike or an upheld objection refilled by the next in rank.
The candidate who takes a seat is adopted with no notice of its own yet: it is publicly noticed
(Art. 17) before the list can be submitted (``domain.approval.final_list``). Announced as a
``deliberation.decided`` whose ``seat`` says which."""
import json
import uuid

import sqlalchemy as sa

from award_shared import errors, events, holds

from . import opinions, queries
from .domain import candidates as status
from .domain import objections as objection_rules
from .domain import seats as rules
from .tables import candidates, objections, seat_decisions

STEP = "deliberation"


def decide(tx, cycle_id, body, principal):
    ruleset = queries.ruleset(tx, cycle_id)
    current = queries.current_list(tx, cycle_id)
    if current is None or current["status"] != "current":
        raise errors.RuleViolation("没有待审议的候选名单（第十六条）", "no current candidate list (Art. 16)",
                                   article="Art. 16")
    holds.guard(tx.session, cycle_id=cycle_id, step=STEP, subject=None)
    opinions.require_answered(tx, cycle_id)  # as for any adoption (Art. 16)
    category = body["category"]
    group = next((g for g in json.loads(current["body"])["categories"] if g["category"] == category), {})
    rows = queries.candidates_of(tx, cycle_id, lock=True)
    where = {r["application_id"]: (r["category"], r["status"]) for r in rows}
    earlier = _decisions(tx, current["list_id"])
    chosen = list(body["application_ids"])
    if body["kind"] == rules.TIE:
        tie = group.get("unresolved_tie")
        rules.check_tie(tie, chosen, next((d["decision_id"] for d in earlier
                                           if d["kind"] == rules.TIE and d["category"] == category), None))
        barred = [a for a in chosen if where.get(a, (None, None))[1] in rules.BARRED]
        if barred:
            raise errors.Invalid({"application_ids": [f"struck or removed: {', '.join(barred)}"]},
                                 message=f"{'、'.join(barred)} 已未通过审议或被移出名单", message_en="struck or removed")
        info = {c["application_id"]: c for c in tie.get("candidates") or ()}
    else:
        emptied = sum(1 for r in rows if r["category"] == category and r["status"] in rules.EMPTIED)
        emptied += sum(1 for d in earlier for left in json.loads(d["from_categories"]).values() if left == category)
        emptied += rules.moved_out(_moves(tx, cycle_id), category, where)
        refilled = sum(len(json.loads(d["application_ids"])) for d in earlier
                       if d["kind"] == rules.REFILL and d["category"] == category)
        info = {c["application_id"]: c for c in rules.check_refill(chosen, group.get("reserves") or (), where,
                                                                    emptied, refilled)}
    _check_quota(rows, ruleset, category, chosen)
    moved = _seat(tx, cycle_id, current["list_id"], category, chosen, info, {r["application_id"]: r for r in rows},
                  body["reason"])
    decision_id = f"seats-{uuid.uuid4().hex[:12]}"
    tx.run(seat_decisions.insert().values(
        decision_id=decision_id, cycle_id=cycle_id, list_id=current["list_id"], kind=body["kind"], category=category,
        application_ids=json.dumps(chosen), from_categories=json.dumps(moved),
        meeting_date=body["meeting_date"], members_present=json.dumps(body["members_present"], ensure_ascii=False),
        reason=body["reason"], decided_by=principal.sub, decided_at=tx.now()))
    tx.publish(events.DeliberationDecided(
        cycle_id=cycle_id, deliberation_id=decision_id, list_id=current["list_id"],
        meeting_date=body["meeting_date"].isoformat(), seat=body["kind"], reason=body["reason"],
        candidates=[{"application_id": a, "category": category, "decision": "adopted", "reason": body["reason"]}
                    for a in chosen]))
    tx.transition(STEP, f"seat_{body['kind']}", len(chosen))
    tx.audit(f"seats.{body['kind']}", target=cycle_id, reason=body["reason"], detail={
        "decision_id": decision_id, "category": category, "application_ids": chosen, "moved_from": moved,
        "members_present": body["members_present"]})
    return view(tx.first(sa.select(seat_decisions).where(seat_decisions.c.decision_id == decision_id)))


def _check_quota(rows, ruleset, category, chosen):
    quota = ruleset["categories"][category]["quota"]
    taken = sum(1 for r in rows if r["category"] == category and r["application_id"] not in chosen
                and r["status"] in status.SEATED + status.AWAITING_DELIBERATION)
    if taken + len(chosen) > quota:
        raise errors.Invalid({"application_ids": [f"{taken} seat(s) taken; the quota of Art. 2 is {quota}"]},
                             message=f"名额已满：第二条规定的名额为 {quota} 个", message_en="the quota of Art. 2 is full",
                             article="Art. 2")


def _seat(tx, cycle_id, list_id, category, chosen, info, by_id, reason):
    """Each chosen takes a seat of ``category``, adopted and not yet noticed in it (Art. 17);
    one listed in another category leaves it (answered: {application_id: category left})."""
    moved, now = {}, tx.now()
    for app_id in chosen:
        row, data = by_id.get(app_id), info.get(app_id, {})
        rank = data.get("rank") or (row["rank"] if row else 1)
        if row is not None:
            if row["category"] != category and row["status"] != status.DROPPED:
                moved[app_id] = row["category"]
            tx.run(candidates.update().where(candidates.c.cycle_id == cycle_id,
                                             candidates.c.application_id == app_id).values(
                category=category, rank=rank, status=status.ADOPTED, notice_id=None, reason=reason,
                list_id=list_id, updated_at=now))
        else:
            tx.run(candidates.insert().values(
                cycle_id=cycle_id, application_id=app_id, list_id=list_id, category=category, rank=rank,
                score=float(data.get("score") or 0.0), applicant_name=data.get("applicant_name") or app_id,
                status=status.ADOPTED, reason=reason, notice_id=None, updated_at=now))
    return moved


def _moves(tx, cycle_id):
    """(application_id, action_detail) of the cycle's upheld objections whose handling opinion
    moved the candidate to the nomination award (Art. 17): each emptied a seat of the award."""
    return [(r["application_id"], json.loads(r["action_detail"] or "{}")) for r in tx.all(
        sa.select(objections.c.application_id, objections.c.action_detail).where(
            objections.c.cycle_id == cycle_id, objections.c.outcome == "upheld",
            objections.c.proposed_action == objection_rules.MOVE))]


def _decisions(tx, list_id):
    return tx.all(sa.select(seat_decisions).where(seat_decisions.c.list_id == list_id)
                  .order_by(seat_decisions.c.decided_at, seat_decisions.c.decision_id))


def listing(tx, cycle_id):
    return {"cycle_id": cycle_id, "seat_decisions": [view(r) for r in tx.all(
        sa.select(seat_decisions).where(seat_decisions.c.cycle_id == cycle_id)
        .order_by(seat_decisions.c.decided_at, seat_decisions.c.decision_id))]}


def view(row):
    return {"decision_id": row["decision_id"], "list_id": row["list_id"], "kind": row["kind"],
            "category": row["category"], "application_ids": json.loads(row["application_ids"]),
            "moved_from": json.loads(row["from_categories"]), "meeting_date": row["meeting_date"].isoformat(),
            "members_present": json.loads(row["members_present"]), "reason": row["reason"],
            "decided_by": row["decided_by"], "decided_at": row["decided_at"].isoformat()}
