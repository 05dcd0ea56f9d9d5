"""The city government approves the list that passed the public notice and publishes it
(Art. 18): ``award.approved``. The published list is public."""
import json

from award_rules.frozen import parsed_ruleset
from award_shared import errors, events, holds

from . import queries
from .domain import approval as rules
from .domain import candidates as status
from .tables import approvals, candidates

STEP = "approval"


def approve(tx, cycle_id, body, principal):
    """Approve the final list (Art. 18): refused while a notice is open, an objection is
    unresolved, a candidate waits, or a hold is active on a candidate (409 naming it)."""
    queries.cycle(tx, cycle_id)
    if queries.approval(tx, cycle_id) is not None:
        raise errors.RuleViolation("本届名单已经批准（第十八条）", "the list is already approved (Art. 18)",
                                   article="Art. 18")
    holds.guard(tx.session, cycle_id=cycle_id, step=STEP, subject=None)
    rows = queries.candidates_of(tx, cycle_id, lock=True)
    final = rules.final_list(rows, queries.notices_of(tx, cycle_id),
                             queries.unresolved_objections(tx, cycle_id))
    for c in final:
        holds.guard(tx.session, cycle_id=cycle_id, step=STEP, subject=c["application_id"])
    final_list = [{"application_id": c["application_id"], "category": c["category"], "rank": c["rank"],
                   "recipient_name": c["applicant_name"]} for c in final]
    tx.run(approvals.insert().values(
        cycle_id=cycle_id, document_number=body["document_number"], approved_on=body["approved_on"],
        approved_at=tx.now(), approved_by=principal.sub, final_list=json.dumps(final_list, ensure_ascii=False)))
    ids = [c["application_id"] for c in final]
    if ids:
        tx.run(candidates.update().where(
            candidates.c.cycle_id == cycle_id, candidates.c.application_id.in_(ids)).values(
            status=status.APPROVED, updated_at=tx.now()))
    tx.publish(_approved(cycle_id, final_list, tx.now(), body["approved_on"], body["document_number"]))
    tx.transition(STEP, "approved", len(ids))
    tx.audit("approval.approve", target=cycle_id, reason=body.get("reason"),
             detail={"document_number": body["document_number"], "final_list": ids})
    return published(tx, cycle_id)


def _approved(cycle_id, final_list, approved_at, approved_on, document_number):
    """``award.approved``, its fields in the order they have always travelled."""
    return events.AwardApproved(cycle_id=cycle_id, final_list=final_list, approved_at=approved_at.isoformat(),
                                approved_on=approved_on.isoformat(), document_number=document_number)


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
