"""Objections to a candidate during the public notice (Art. 17).

Anyone may object while the candidate's notice is open (signed with a name and contact where
the edition's rule set asks it — ``public_notice.objections_signed``, a choice, not Art. 17 —
seen only by the office and the members of the cycle's supervision group); the objection halts
the candidate at the approval step at once (a hold placed by publicity, enforced by every owner).
The office investigates and proposes a handling opinion — its outcome and its action, with its
reason; the leading group approves it; then it is carried out and ``objection.resolved``
published: the candidate leaves the list, moves to the nomination award, has its record
corrected, or stays as it was.

The objections on one candidate share one hold (issue 29): the first places it, a later one
raised while an earlier one is unresolved joins it (its row names the same hold, and no
``hold.placed`` is published again), and the hold is released when the last objection under
it is resolved — whatever the outcomes, so an upheld one that removed the candidate leaves
the hold until the others are answered too. Raising, joining and resolving take one lock per
candidate, so a resolution never releases a hold that an objection is joining.

An objection identical to one the same signed objector already raised on the candidate in
this notice (``domain.objections.duplicate_key``) creates nothing: it is answered 200 with
the first one's tracking number and status. Unsigned objections are never merged.
"""
import json
import secrets
import uuid
from datetime import timedelta


from award_shared import cycles, errors, events, holds, paging

from . import queries
from .domain import candidates as status
from .domain import objections as rules
from .domain import public_notice as notice_rules
from .tables import candidates, objections

HOLD_STEP = "approval"  # an objection halts its candidate here (Art. 17, 18)
STEP = "objection_handling"  # the step objections are handled at (Art. 17)
COMPLAINT_ROUTE = "/public/v1/complaints"


def _one_at_a_time(tx, application_id):
    """Objections on one candidate are raised and resolved one after the other (until the
    transaction ends): the hold they share is joined or released by one of them at a time."""
    tx.lock(f"publicity-objections|{application_id}")


def raise_objection(tx, body, supervision_url):
    """Anyone objects to a noticed candidate within the window (Art. 17); answers (201, a new
    tracking number), or (200, the first one's) for a repeat by the same signed objector."""
    _one_at_a_time(tx, body["application_id"])
    cand = queries.candidate_anywhere(tx, body["application_id"])
    if cand is None or cand["notice_id"] is None or cand["status"] != status.IN_NOTICE:
        raise errors.NotFound("该对象不在公示名单中", f"{body['application_id']} is not on a public notice")
    cycle_id = cand["cycle_id"]
    signed = queries.ruleset(tx, cycle_id)["public_notice"].get("objections_signed", True)
    rules.require_signature(signed, body.get("objector_name"), body.get("objector_contact"))
    notice = queries.notice(tx, cand["notice_id"])
    now = tx.now()
    if not notice_rules.takes_objections(notice, now):
        notice_rules.refuse_late_objection(notice, f"{supervision_url}{COMPLAINT_ROUTE}")
    key = rules.duplicate_key(body["content"], body["objector_name"], body["objector_contact"])
    first = None if key is None else queries.same_objection(
        tx, cycle_id, cand["application_id"], notice["notice_id"], key)
    if first is not None:  # the same objector said it already: answered, nothing new to investigate
        return 200, dict(_status(first), duplicate=True)
    objection_id = f"objection-{uuid.uuid4().hex[:12]}"
    tracking = "YY" + secrets.token_hex(6).upper()
    # an unresolved objection already halts the candidate: this one joins its hold
    shared = queries.objections_hold(tx, cycle_id, cand["application_id"])
    hold_id = shared or f"hold-{uuid.uuid4().hex[:16]}"
    tx.run(objections.insert().values(
        objection_id=objection_id, tracking_number=tracking, cycle_id=cycle_id,
        application_id=cand["application_id"], notice_id=notice["notice_id"], content=body["content"],
        objector_name=body.get("objector_name"), objector_contact=body.get("objector_contact"), received_at=now,
        status=rules.INITIAL, hold_id=hold_id, duplicate_key=key))
    if shared is None:
        holds.place(tx, hold_id=hold_id, cycle_id=cycle_id, step=HOLD_STEP, subject=cand["application_id"],
                    placed_by=f"objection:{objection_id}", reason="公示期间收到异议，待调查核实", article="Art. 17")
    tx.publish(events.ObjectionReceived(objection_id=objection_id, cycle_id=cycle_id,
                                        application_id=cand["application_id"], received_at=now.isoformat(),
                                        hold_id=hold_id))
    tx.transition(STEP, rules.INITIAL)
    tx.audit("objection.receive", target=objection_id, detail={"application_id": cand["application_id"],
                                                               "hold_id": hold_id, "hold_joined": shared is not None})
    return 201, {"tracking_number": tracking, "status": rules.INITIAL, "status_name": rules.NAMES[rules.INITIAL],
                 "received_at": now, "duplicate": False}


def public_status(tx, tracking_number):
    """What the objector sees: the status and, once resolved, the outcome; nothing else."""
    return _status(queries.objection_by_tracking(tx, tracking_number))


def _status(row):
    out = {"tracking_number": row["tracking_number"], "status": row["status"],
           "status_name": rules.NAMES[row["status"]], "received_at": row["received_at"]}
    if rules.is_resolved(row["status"]):
        out.update(outcome=row["outcome"], outcome_name=rules.OUTCOME_NAMES[row["outcome"]],
                   resolved_at=row["resolved_at"])
    return out


def sees_objector(tx, principal, cycle_id):
    """Art. 17 with personal-information law: the office and the cycle's sitting supervisors."""
    if "office" in principal.roles:
        return True
    return "supervisor" in principal.roles and cycles.sits(tx.session, cycle_id, "supervisor", principal.sub)


def view(row, identity):
    out = {k: row[k] for k in ("objection_id", "tracking_number", "cycle_id", "application_id", "notice_id",
                               "content", "received_at", "status", "hold_id", "proposed_outcome",
                               "handling_opinion", "proposed_by", "outcome", "approved_by", "resolved_at",
                               "proposed_action")}
    out["action_detail"] = json.loads(row["action_detail"]) if row["action_detail"] else None
    out["investigation"] = json.loads(row["investigation"]) if row["investigation"] else None
    if identity:
        out["objector"] = {"name": row["objector_name"], "contact": row["objector_contact"],
                           "erased_at": row["personal_data_erased_at"]}
    return out


def read(tx, objection_id, call):
    """One objection, for the office, the leading group and the sitting group of its cycle."""
    row = queries.objection(tx, objection_id)
    principal = call.cycle_reader(tx, row["cycle_id"])
    identity = sees_objector(tx, principal, row["cycle_id"])
    if identity:
        tx.audit("objection.read_objector", target=objection_id)
    return view(row, identity)


def list_objections(tx, call):
    """A page of the objections the caller may read, oldest first (a supervisor: those of its
    sitting group's cycle); ``next`` the ``after`` of the next page, null on the last."""
    query = call.query
    found = queries.objections_page(tx, query["cycle_id"], call.readable_cycles(tx), query["after"], query["limit"],
                                    query.get("status"))
    return {"objections": [view(r, sees_objector(tx, call.principal, r["cycle_id"])) for r in found.rows],
            "next": found.next}


def summary(tx, cycle_id, call):
    """How many of the cycle's objections stand in each status, and how many are not resolved yet
    (Art. 17), for a reader of the cycle (404 unknown); counted by the database."""
    queries.cycle(tx, cycle_id)
    call.cycle_reader(tx, cycle_id)
    counted = paging.counts(tx, objections.c.status, objections.c.cycle_id == cycle_id)
    total = sum(counted.values())
    return {"cycle_id": cycle_id, "total": total, "by_status": dict(sorted(counted.items())),
            "unresolved": total - counted.get(rules.RESOLVED, 0)}


def investigate(tx, objection_id, body, principal):
    """The office records its investigation: who, what was checked, the conclusion (Art. 17)."""
    row = queries.objection(tx, objection_id, lock=True)
    new = rules.advance(row["status"], "investigate", principal.roles)
    record = {"investigators": body["investigators"], "checked": body["checked"], "conclusion": body["conclusion"],
              "recorded_by": principal.sub, "recorded_at": tx.now().isoformat()}
    _update(tx, objection_id, status=new, investigation=json.dumps(record, ensure_ascii=False))
    tx.audit("objection.investigate", target=objection_id, detail={"investigators": body["investigators"]})
    return view(queries.objection(tx, objection_id), True)


def resolution(tx, objection_id, body, principal):
    """The office proposes the handling opinion; the leading group approves it or sends it back."""
    row = queries.objection(tx, objection_id, lock=True)
    if "leading_group" in principal.roles and body.get("decision"):
        return _decide(tx, row, body, principal)
    if not body.get("outcome") or not body.get("handling_opinion"):
        raise errors.Invalid({"outcome": ["the office proposes an outcome and a handling opinion"]},
                             article="Art. 17")
    new = rules.advance(row["status"], "propose", principal.roles, outcome=body["outcome"])
    action = body.get("action") or rules.default_action(body["outcome"])
    cand = queries.candidate(tx, row["cycle_id"], row["application_id"])
    rules.check_action(body["outcome"], action, cand["category"], body.get("correction"))
    detail = _action_detail(tx, row, cand, action, body)
    _update(tx, objection_id, status=new, proposed_outcome=body["outcome"],
            handling_opinion=body["handling_opinion"], proposed_by=principal.sub, proposed_action=action,
            action_detail=json.dumps(detail, ensure_ascii=False) if detail else None)
    tx.audit("objection.propose", target=objection_id, reason=body["handling_opinion"],
             detail={"outcome": body["outcome"], "action": action, **(detail or {})})
    return view(queries.objection(tx, objection_id), True)


def _action_detail(tx, row, cand, action, body):
    """What the action changes, as proposed: the award it moves to (a seat must be free, Art. 2),
    or the record corrected (and the name as it should stand, if that is what is corrected)."""
    if action == rules.MOVE:
        target = rules.NOMINATION_OF[cand["category"]]
        _seat_for(tx, row["cycle_id"], target)
        return {"from_category": cand["category"], "to_category": target}
    if action == rules.CORRECT:
        correction = body["correction"]
        return {"record": correction["record"].strip(), **(
            {"from_name": cand["applicant_name"], "applicant_name": correction["applicant_name"].strip()}
            if (correction.get("applicant_name") or "").strip() else {})}
    return None


def _seat_for(tx, cycle_id, category):
    quotas = {c: v["quota"] for c, v in queries.ruleset(tx, cycle_id)["categories"].items()}
    seated = sum(1 for c in queries.candidates_of(tx, cycle_id)
                 if c["category"] == category and c["status"] in status.SEATED)
    rules.check_seat(category, seated, quotas)


def _carry_out(tx, row, now):
    """The approved handling opinion is carried out (Art. 17: 经批准后实施)."""
    action = row["proposed_action"] or rules.default_action(row["proposed_outcome"])
    detail = json.loads(row["action_detail"]) if row["action_detail"] else {}
    where = (candidates.c.cycle_id == row["cycle_id"], candidates.c.application_id == row["application_id"])
    if action == rules.REMOVE:  # the seat may stay vacant: nobody moves up without a new deliberation
        # the first upheld objection removes the candidate; a later one leaves its reason as it is
        tx.run(candidates.update().where(*where, candidates.c.status != status.REMOVED).values(
            status=status.REMOVED, reason=row["handling_opinion"], updated_at=now))
    elif action == rules.MOVE:
        cand = queries.candidate(tx, row["cycle_id"], row["application_id"])
        if cand["status"] == status.REMOVED or cand["category"] == detail["to_category"]:
            return action, detail  # removed by an earlier opinion, or moved already: nothing left to move
        _seat_for(tx, row["cycle_id"], detail["to_category"])
        last = max([c["rank"] for c in queries.candidates_of(tx, row["cycle_id"])
                    if c["category"] == detail["to_category"]] or [0])
        tx.run(candidates.update().where(*where).values(
            category=detail["to_category"], rank=last + 1, reason=row["handling_opinion"], updated_at=now))
    elif action == rules.CORRECT and detail.get("applicant_name"):
        tx.run(candidates.update().where(*where).values(
            applicant_name=detail["applicant_name"], reason=row["handling_opinion"], updated_at=now))
    return action, detail


def _decide(tx, row, body, principal):
    if body["decision"] == "send_back":
        new = rules.advance(row["status"], "send_back", principal.roles)
        _update(tx, row["objection_id"], status=new)
        tx.audit("objection.send_back", target=row["objection_id"], reason=body.get("reason"))
        return view(queries.objection(tx, row["objection_id"]), False)
    new = rules.advance(row["status"], "approve", principal.roles)
    _one_at_a_time(tx, row["application_id"])
    # a supervisory hold on objection handling (or earlier) for this candidate stops the resolution
    holds.guard(tx.session, cycle_id=row["cycle_id"], step=STEP, subject=row["application_id"])
    outcome, now = row["proposed_outcome"], tx.now()
    _update(tx, row["objection_id"], status=new, outcome=outcome, approved_by=principal.sub, resolved_at=now)
    hold = queries.hold(tx, row["hold_id"])
    # the hold the candidate's objections share is lifted by the last of them to be resolved
    released = (hold is not None and hold["status"] == "active"
                and not queries.unresolved_under_hold(tx, row["hold_id"]))
    if released:
        holds.release(tx, hold, released_by=principal.sub, reason=f"异议已办结：{rules.OUTCOME_NAMES[outcome]}",
                      approved_by=principal.sub)
    action, detail = _carry_out(tx, row, now)
    tx.publish(events.ObjectionResolved(objection_id=row["objection_id"], cycle_id=row["cycle_id"],
                                        application_id=row["application_id"], outcome=outcome,
                                        handling_opinion=row["handling_opinion"], action=action,
                                        **({"category": detail["to_category"]} if action == rules.MOVE else {})))
    tx.transition(STEP, outcome)
    tx.audit("objection.resolve", target=row["objection_id"], reason=body.get("reason"),
             detail={"outcome": outcome, "action": action, "hold_id": row["hold_id"], "hold_released": released})
    return view(queries.objection(tx, row["objection_id"]), False)


def _update(tx, objection_id, **values):
    tx.run(objections.update().where(objections.c.objection_id == objection_id).values(**values))


def erase_personal_data(tx, retention_days):
    """Objectors' names and contacts are kept ``retention_days`` after resolution, then erased."""
    due = queries.personal_data_due(tx, tx.now() - timedelta(days=retention_days))
    for objection_id in due:
        _update(tx, objection_id, objector_name=None, objector_contact=None, duplicate_key=None,
                personal_data_erased_at=tx.now())
        tx.audit("objection.erase_personal_data", target=objection_id, detail={"retention_days": retention_days})
    return due
