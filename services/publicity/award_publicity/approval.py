"""The leading group submits the list that passed the public notice to the city government
(提报, Art. 7 LG(5)); the government decides on it (审定, Art. 18) — its own decision: it approves
the list, approves it less named candidates (each with its reason), or returns it to the leading
group. An approval publishes the list (``award.approved``); the published list is public."""
import json
import uuid

from award_rules.clock import zh_date
from award_rules.frozen import parsed_ruleset
from award_shared import errors, events, holds

from . import queries
from .domain import approval as rules
from .domain import candidates as status
from .tables import approvals, candidates, submissions

STEP = "approval"


def _already_approved(tx, cycle_id):
    if queries.approval(tx, cycle_id) is not None:
        raise errors.RuleViolation("本届名单已经批准（第十八条）", "the list is already approved (Art. 18)",
                                   article="Art. 18")


def submit(tx, cycle_id, body, principal):
    """The leading group submits the list that passed the notice (Art. 7 LG(5), 17): refused
    while a notice is open, an objection is unresolved, a candidate waits, a hold is active on a
    candidate (409 naming it), or an earlier submission awaits the government's decision."""
    queries.cycle(tx, cycle_id)
    _already_approved(tx, cycle_id)
    waiting = queries.pending_submission(tx, cycle_id, lock=True)
    if waiting is not None:
        raise errors.RuleViolation(
            f"名单已于 {zh_date(waiting['submitted_on'])} 提报市政府，待市政府审定（第十八条）",
            f"the list was submitted ({waiting['submission_id']}) and awaits the government's decision (Art. 18)",
            article="Art. 18", code="already_submitted", fields={"submission_id": waiting["submission_id"]})
    holds.guard(tx.session, cycle_id=cycle_id, step=STEP, subject=None)
    rows = queries.candidates_of(tx, cycle_id, lock=True)
    final = rules.final_list(rows, queries.notices_of(tx, cycle_id),
                             queries.unresolved_objections(tx, cycle_id))
    for c in final:
        holds.guard(tx.session, cycle_id=cycle_id, step=STEP, subject=c["application_id"])
    listed = [{"application_id": c["application_id"], "category": c["category"], "rank": c["rank"],
               "recipient_name": c["applicant_name"]} for c in final]
    submission_id = f"submission-{uuid.uuid4().hex[:12]}"
    tx.run(submissions.insert().values(
        submission_id=submission_id, cycle_id=cycle_id, status=rules.INITIAL, submitted_on=body["submitted_on"],
        document_number=body.get("document_number"), candidate_list=json.dumps(listed, ensure_ascii=False),
        reason=body.get("reason"), submitted_by=principal.sub, submitted_at=tx.now()))
    tx.transition(STEP, "submitted", len(listed))
    tx.audit("approval.submit", target=cycle_id, reason=body.get("reason"), detail={
        "submission_id": submission_id, "document_number": body.get("document_number"),
        "candidates": [e["application_id"] for e in listed]})
    return submission_view(queries.submission(tx, submission_id))


def supersede(tx, cycle_id, list_id):
    """A newer candidate list arrived before the government decided: the submission it
    concerned no longer stands (the leading group submits again after deliberating the new one)."""
    waiting = queries.pending_submission(tx, cycle_id, lock=True)
    if waiting is None:
        return
    rules.advance(waiting["status"], "supersede", ("office",))
    tx.run(submissions.update().where(submissions.c.submission_id == waiting["submission_id"]).values(
        status=rules.SUPERSEDED, decided_at=tx.now(), decided_by=f"system:{tx.service}",
        decision_reason=f"办公室重新提出候选名单 {list_id}"))
    tx.audit("approval.superseded", target=cycle_id, detail={"submission_id": waiting["submission_id"],
                                                             "list_id": list_id})


def decide(tx, cycle_id, body, principal):
    """The city government's 审定 of the submitted list (Art. 18): ``approve`` (less the names in
    ``excluded``, each with its reason) or ``return`` it to the leading group with the reason."""
    queries.cycle(tx, cycle_id)
    _already_approved(tx, cycle_id)
    submission = queries.pending_submission(tx, cycle_id, lock=True)
    if submission is None:
        raise rules.no_submission()
    decision = body.get("decision") or "approve"
    rules.advance(submission["status"], decision, principal.roles)
    if decision == "return":
        return _return(tx, cycle_id, submission, body, principal)
    return approve(tx, cycle_id, submission, body, principal)


def _return(tx, cycle_id, submission, body, principal):
    tx.run(submissions.update().where(submissions.c.submission_id == submission["submission_id"]).values(
        status=rules.RETURNED, decided_by=principal.sub, decided_at=tx.now(), decision_reason=body["reason"]))
    tx.transition(STEP, "returned")
    tx.audit("approval.return", target=cycle_id, reason=body["reason"],
             detail={"submission_id": submission["submission_id"]})
    return submission_view(queries.submission(tx, submission["submission_id"]))


def approve(tx, cycle_id, submission, body, principal):
    """Approve the submitted list, less the names the government leaves out (Art. 18); the holds
    at approval are checked again on what it approves."""
    holds.guard(tx.session, cycle_id=cycle_id, step=STEP, subject=None)
    final_list, excluded = rules.decide(json.loads(submission["candidate_list"]), body.get("excluded") or [])
    for entry in final_list:
        holds.guard(tx.session, cycle_id=cycle_id, step=STEP, subject=entry["application_id"])
    tx.run(approvals.insert().values(
        cycle_id=cycle_id, document_number=body["document_number"], approved_on=body["approved_on"],
        approved_at=tx.now(), approved_by=principal.sub, final_list=json.dumps(final_list, ensure_ascii=False),
        submission_id=submission["submission_id"],
        excluded=json.dumps(excluded, ensure_ascii=False) if excluded else None))
    tx.run(submissions.update().where(submissions.c.submission_id == submission["submission_id"]).values(
        status=rules.APPROVED, decided_by=principal.sub, decided_at=tx.now()))
    ids = [c["application_id"] for c in final_list]
    for new, chosen in ((status.APPROVED, ids), (status.NOT_APPROVED, [e["application_id"] for e in excluded])):
        if chosen:
            tx.run(candidates.update().where(
                candidates.c.cycle_id == cycle_id, candidates.c.application_id.in_(chosen)).values(
                status=new, updated_at=tx.now()))
    for entry in excluded:
        tx.run(candidates.update().where(
            candidates.c.cycle_id == cycle_id, candidates.c.application_id == entry["application_id"]).values(
            reason=entry["reason"]))
    tx.publish(_approved(cycle_id, final_list, tx.now(), body["approved_on"], body["document_number"], excluded))
    tx.transition(STEP, "approved", len(ids))
    if excluded:
        tx.transition(STEP, "not_approved", len(excluded))
    tx.audit("approval.approve", target=cycle_id, reason=body.get("reason"),
             detail={"document_number": body["document_number"], "final_list": ids,
                     "submission_id": submission["submission_id"],
                     "excluded": {e["application_id"]: e["reason"] for e in excluded}})
    return published(tx, cycle_id)


def _approved(cycle_id, final_list, approved_at, approved_on, document_number, excluded=()):
    """``award.approved``, its fields in the order they have always travelled; ``excluded`` (the
    names the government left out, with the reasons) only when it left any out."""
    extra = {"excluded": list(excluded)} if excluded else {}
    return events.AwardApproved(cycle_id=cycle_id, final_list=final_list, approved_at=approved_at.isoformat(),
                                approved_on=approved_on.isoformat(), document_number=document_number, **extra)


def published(tx, cycle_id):
    """The published list (Art. 18): what the government approved, with the conferred awards."""
    cycle = queries.cycle(tx, cycle_id)
    row = queries.approval(tx, cycle_id)
    if row is None:
        raise errors.NotFound("本届获奖名单尚未经市政府批准公布（第十八条）",
                              "the list of this cycle is not yet approved (Art. 18)")
    ruleset = parsed_ruleset(cycle["ruleset"])
    awards = {a["application_id"]: a for a in queries.awards_of(tx, cycle_id)}
    listed = []
    for entry in json.loads(row["final_list"]):
        a = awards.get(entry["application_id"])
        listed.append({**entry, "category_name": ruleset["categories"][entry["category"]]["name"],
                       "certificate_number": a["certificate_number"] if a else None,
                       "award_status": a["status"] if a else None})
    vacancies = {c: v["quota"] - sum(1 for e in listed if e["category"] == c)
                 for c, v in ruleset["categories"].items()}
    return {"cycle_id": cycle_id, "edition": cycle["edition"], "document_number": row["document_number"],
            "approved_on": row["approved_on"], "awards": listed, "vacancies": vacancies}


def submission_view(row):
    return {"submission_id": row["submission_id"], "cycle_id": row["cycle_id"], "status": row["status"],
            "status_name": rules.NAMES[row["status"]], "submitted_on": row["submitted_on"],
            "document_number": row["document_number"], "candidates": json.loads(row["candidate_list"]),
            "reason": row["reason"], "submitted_by": row["submitted_by"], "submitted_at": row["submitted_at"],
            "decided_by": row["decided_by"], "decided_at": row["decided_at"],
            "decision_reason": row["decision_reason"]}


def submissions_of(tx, cycle_id):
    """The leading group's submissions of the cycle and the government's decision on each (Art. 18),
    with the names an approval left out and why."""
    queries.cycle(tx, cycle_id)
    row = queries.approval(tx, cycle_id)
    excluded = json.loads(row["excluded"]) if row is not None and row["excluded"] else []
    return {"cycle_id": cycle_id, "submissions": [submission_view(r) for r in queries.submissions_of(tx, cycle_id)],
            "excluded": excluded}
