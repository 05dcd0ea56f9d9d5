"""What scoring keeps of other services' facts, fed by their events, and what it reads of them.

From intake (Art. 3, 7, 11, 14):

- ``application.submitted`` / ``recommended`` / ``withdrawn``: scoring's copy of the
  applications (merged in any order, :mod:`award_scoring.domain.replica`); a withdrawal ends the
  application's panel seats;
- ``notice.published``: the cycle's Art. 11 tilt as the leading group approved it.

From supervision (Art. 9, 15, 16, 27):

- ``expert.disqualified`` (Art. 27: abuse of power, neglect of duty or favouritism that
  caused harm): the expert's seats end, its sheets stop counting, results already
  published are recomputed and published again, and each seat is filled again where a
  stage remains — all automatically, all audited. An expert disqualified before it is
  registered cannot be registered in that cycle.
- ``opinion.recorded``: the group's opinion on an application, attached to it on the
  candidate list (Art. 16).
- ``supervision.group_appointed``: the review runs under the group's supervision (Art. 15),
  so the first stage opens only once the group of the cycle is known.

From publicity (Art. 18): ``award.approved`` — the list is final; no new proposal after it.

The view staff read of the applications (Art. 25: audited) and where each stands in the review
are here too. A handler takes the cycle from the payload (``.data["cycle_id"]``), never from the
envelope, whose cycle may be empty.
"""
from award_shared import events, tables

from . import assignment, queries
from .domain import confidentiality, progress, replica
from .tables import (applications, approvals, assignments, cycle_tilts, disqualifications, experts, opinions,
                     supervision_groups)

_UPDATE = tables.KeyedUpdate(applications, "application_id")


# -- intake: the applications and the cycle's tilt ---------------------------------------------

def record_event(tx, event):
    """Apply ``application.submitted`` / ``recommended`` / ``withdrawn`` from intake, in any order.

    The usual case — the first event of an application scoring has not heard of — is one
    insert of the merged row; a later event reads the row under lock and merges into it."""
    data, at = event.data, event.time.isoformat()
    first = _stored(replica.merge(None, event.type, data, event.sequence, at))
    first.setdefault("tilt_claims", "[]")
    if tx.insert_if_absent(applications, **first, updated_at=tx.now()):
        return  # nothing to merge with, and no seats to end
    current = queries.application(tx, event.application_id, lock=True)
    changes = _stored(replica.merge(current, event.type, data, event.sequence, at))
    changes["updated_at"] = tx.now()
    tx.run(_UPDATE, dict(changes, key_application_id=event.application_id))
    if isinstance(event, events.ApplicationWithdrawn) and not current.get("withdrawn_at"):
        _end_seats(tx, event.application_id, event.reason)


def _stored(changes):
    """The merged values as the columns store them (lists and objects as JSON)."""
    for key in ("tilt_claims", "recommendation", "tilt_district_confirmed"):
        if key in changes:
            changes[key] = queries.dumps(changes[key])
    return changes


def record_tilt(tx, published):
    """``notice.published`` carries the cycle's tilt as the leading group approved it (Art. 7, 11, 13)."""
    if published.tilt is None:
        return
    tx.insert_if_absent(cycle_tilts, cycle_id=published.data["cycle_id"], tilt=queries.dumps(published.tilt),
                        received_at=tx.now())


def _end_seats(tx, application_id, reason):
    """A withdrawn application frees its experts' seats (their load drops); audited."""
    ended = tx.run(assignments.update().where(assignments.c.application_id == application_id,
                                              assignments.c.status == "active")
                   .values(status="ended", ended_at=tx.now(), end_reason=f"application withdrawn: {reason}"))
    if ended:
        tx.audit("panel.ended", target=application_id, reason=reason, detail={"seats": ended})


# -- supervision: disqualifications, opinions, the group ---------------------------------------

def record_disqualified(tx, disqualified):
    """Apply ``expert.disqualified`` (Art. 27)."""
    cycle_id, subject = disqualified.data["cycle_id"], disqualified.expert_subject
    fresh = tx.insert_if_absent(disqualifications, cycle_id=cycle_id, subject=subject, reason=disqualified.reason,
                                harm=disqualified.harm, finding_id=disqualified.finding_id, received_at=tx.now())
    if not fresh:
        return
    tx.run(experts.update().where(experts.c.cycle_id == cycle_id, experts.c.subject == subject)
           .values(status="disqualified"))
    affected = queries.active_seats_in(tx, cycle_id, subject)
    tx.audit(events.ExpertDisqualified.type, target=f"{cycle_id}/{subject}", reason=disqualified.reason,
             detail={"harm": disqualified.harm, "finding_id": disqualified.finding_id, "applications": affected})
    for application_id in affected:
        assignment.end_seat(tx, application_id, subject, "disqualified", f"Art. 27: {disqualified.reason}")
        app = queries.application(tx, application_id, lock=True)
        assignment.after_leaving(tx, app, actor=f"system:{tx.service}")


def record_opinion(tx, recorded):
    """Attach the supervision group's opinion to the application (Art. 16)."""
    tx.insert_if_absent(opinions, event_id=recorded.id, application_id=recorded.application_id,
                        cycle_id=recorded.data["cycle_id"], opinion=recorded.opinion, received_at=tx.now())
    tx.audit("opinion.attached", target=recorded.application_id, detail={"event_id": recorded.id})


def record_group(tx, appointed):
    """The cycle's supervision group is appointed (Art. 9): the review may run under it (Art. 15)."""
    cycle_id = appointed.data["cycle_id"]
    if tx.insert_if_absent(supervision_groups, cycle_id=cycle_id, group_id=appointed.group_id,
                           members=queries.dumps(appointed.members), received_at=tx.now()):
        tx.audit("supervision.group_known", target=cycle_id, detail={"group_id": appointed.group_id})


# -- publicity: the approved list --------------------------------------------------------------

def record_approval(tx, approved):
    """``award.approved`` (publicity, Art. 18): the list is final; no new proposal after it."""
    cycle_id = approved.data["cycle_id"]
    tx.insert_if_absent(approvals, cycle_id=cycle_id, document_number=approved.document_number,
                        approved_at=approved.approved_at, received_at=tx.now())
    tx.audit(events.AwardApproved.type, target=cycle_id, detail={"document_number": approved.document_number})


# -- the applications as staff read them (Art. 25) ---------------------------------------------

def view(app, results=None):
    out = {k: app.get(k) for k in ("application_id", "cycle_id", "kind", "applicant_name", "credit_code",
                                   "employer_credit_code", "district", "sector", "tilt_claims", "tilt_district_confirmed",
                                   "submitted_at", "recommended_at", "recommendation", "withdrawn_at",
                                   "withdrawal_reason", "ineligible_article", "ineligible_reason")}
    out["status"] = replica.status(app)
    if results is not None:
        out["stages"] = {step: {"status": r["status"], "outcome": r["outcome"], "score": r["score"]}
                         for step, r in results.items()}
    return out


def step_of(tx, cycle_id, application_id):
    """The step ``application_id`` stands at here, for ``hold.applied`` (None if unknown or withdrawn)."""
    row = queries.find_application(tx, application_id)
    if row is None or row["cycle_id"] != cycle_id or row["withdrawn_at"]:
        return None
    return progress.next_step(queries.ruleset(tx, cycle_id), queries.results_of(tx, application_id))


def _list_reader(tx, cycle_id, call):
    """What the cycle's application list and its counts check first: the cycle (404 unknown), the
    caller a reader of it (Art. 27), and the scope its read is audited under (Art. 25)."""
    queries.ruleset(tx, cycle_id)  # 404 for an unknown cycle
    principal = call.cycle_reader(tx, cycle_id)
    return confidentiality.read_scope(principal.roles, principal.sub, queries.agency(tx, cycle_id), assigned=False)


def list_for(tx, cycle_id, call):
    """A page of the cycle's applications by id (third party, office, the cycle's supervision
    group), audited; ``next`` the ``after`` of the next page, null on the last. The page's results
    are read in one statement, so a page costs the same at 10,000 applications as at 100."""
    scope = _list_reader(tx, cycle_id, call)
    rows, following = queries.applications_page(tx, cycle_id, call.query["after"], call.query["limit"],
                                                call.query.get("status"), call.query.get("unstarted"),
                                                call.query.get("with_opinion"))
    results = queries.results_for(tx, [a["application_id"] for a in rows])
    out = [view(a, results.get(a["application_id"], {})) for a in rows]
    tx.audit("read applications", target=cycle_id, detail={"count": len(out), "scope": scope})
    return {"applications": out, "next": following}


def summary_for(tx, cycle_id, call):
    """How many of the cycle's applications stand in each status, and how many recommended ones
    have no stage result or no supervision opinion yet, for the same readers as the list (third
    party, office, the cycle's supervision group), audited as the list is; counted by the database."""
    scope = _list_reader(tx, cycle_id, call)
    counted, unstarted, without_opinion = queries.application_counts(tx, cycle_id)
    tx.audit("read application counts", target=cycle_id, detail={"scope": scope})
    return {"cycle_id": cycle_id, "total": sum(counted.values()), "by_status": dict(sorted(counted.items())),
            "recommended_unstarted": unstarted, "recommended_without_opinion": without_opinion}


def read(tx, application_id, call):
    """One application: the third party, the office, the cycle's supervision group, or an expert
    on its panel; audited."""
    app = queries.application(tx, application_id)
    principal = call.cycle_reader(tx, app["cycle_id"])
    assigned = principal.sub in queries.panel(tx, application_id)
    scope = confidentiality.read_scope(principal.roles, principal.sub, queries.agency(tx, app["cycle_id"]), assigned)
    tx.audit("read application", target=application_id, detail={"scope": scope})
    return view(app, queries.results_of(tx, application_id))
