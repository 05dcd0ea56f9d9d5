"""Supervisory findings and opinions (Art. 9, 16, 26, 27): recorded by a member of the
cycle's group, each with kind, article, evidence and author; a finding may halt a step
(halts.py), disqualify a member of the review staff, or be reported to the leading group.
What is read is in queries.py."""
import json
import uuid

from award_shared import cycles, errors, events

from . import access, halts, queries, reports
from .domain import halting
from .tables import findings, opinions

REPORT_KIND = {"applicant": "applicant_rule_breaking", "review_staff": "staff_misconduct"}


def _complaint_of(tx, complaint_id, cycle_id):
    if not complaint_id:
        return None
    if queries.complaint_cycle(tx, complaint_id) != cycle_id:
        raise errors.NotFound(f"{cycle_id} 没有编号为 {complaint_id} 的投诉举报",
                              f"no complaint {complaint_id} in {cycle_id}")
    return complaint_id


def record(tx, body, principal):
    """Record a finding of a member of the cycle's group (Art. 9, 26, 27)."""
    access.require_supervisor(tx, principal, body["cycle_id"])
    author = principal.sub
    kind, step, subject, cycle_id = body["kind"], body["step"], body.get("subject"), body["cycle_id"]
    article = halting.article_for(kind, body.get("article"))
    halting.check_subject(kind, subject)
    if kind == "review_staff":
        halting.check_staff_misconduct(body.get("staff_subject"), body.get("staff_role"),
                                       body.get("misconduct"), body.get("harm"))
    scope = halting.hold_scope(kind, step, subject, body.get("halt"))
    complaint_id = _complaint_of(tx, body.get("complaint_id"), cycle_id)
    finding_id = f"finding-{uuid.uuid4().hex[:16]}"
    hold_id = None
    if scope is not None:
        hold_id = halts.place(tx, cycle_id=cycle_id, scope=scope, article=article, placed_by=author,
                              reason=body.get("hold_reason") or body["summary"])
    staff = kind == "review_staff"
    tx.run(findings.insert().values(
        finding_id=finding_id, cycle_id=cycle_id, kind=kind, step=step, subject=subject, article=article,
        summary=body["summary"], evidence=json.dumps(body["evidence"], ensure_ascii=False), author=author,
        recorded_at=tx.now(), hold_id=hold_id, complaint_id=complaint_id,
        staff_subject=body.get("staff_subject") if staff else None,
        staff_role=body.get("staff_role") if staff else None,
        misconduct=body.get("misconduct") if staff else None, harm=body.get("harm") if staff else None))
    tx.publish(events.FindingRecorded(
        finding_id=finding_id, cycle_id=cycle_id, kind=kind, step=step, subject=subject, article=article,
        summary=body["summary"], hold_id=hold_id))
    if staff:  # Art. 27: whatever the role, the person reads nothing of the cycle any more, in any service
        disqualified = events.StaffDisqualified(
            cycle_id=cycle_id, staff_subject=body["staff_subject"], staff_role=body["staff_role"],
            reason=body["summary"], finding_id=finding_id)
        tx.publish(disqualified)
        cycles.record_disqualified(tx, disqualified.data)
    if halting.disqualifies_expert(kind, body.get("staff_role")):
        tx.publish(events.ExpertDisqualified(
            expert_subject=body["staff_subject"], cycle_id=cycle_id, reason=body["summary"],
            harm=halting.harm_for_expert_event(body["misconduct"], body.get("harm")),
            finding_id=finding_id))
    if halting.reported_to_leading_group(kind):
        reports.report(tx, cycle_id=cycle_id, kind=REPORT_KIND[kind], ref_id=finding_id,
                       summary=body["summary"], reported_by=author)
    tx.audit("finding.record", target=finding_id, reason=body["summary"], detail={
        "cycle_id": cycle_id, "kind": kind, "step": step, "subject": subject, "article": article,
        "hold_id": hold_id, "complaint_id": complaint_id})
    return queries.finding_view(tx, finding_id)


def record_opinion(tx, body, principal):
    """A member of the cycle's group gives an opinion on an application, for the candidate
    list (Art. 16)."""
    access.require_supervisor(tx, principal, body["cycle_id"])
    author = principal.sub
    opinion_id = f"opinion-{uuid.uuid4().hex[:12]}"
    tx.run(opinions.insert().values(
        opinion_id=opinion_id, cycle_id=body["cycle_id"], application_id=body["application_id"],
        opinion=body["opinion"], author=author, recorded_at=tx.now()))
    tx.publish(events.OpinionRecorded(
        application_id=body["application_id"], cycle_id=body["cycle_id"], opinion=body["opinion"]))
    tx.audit("opinion.record", target=body["application_id"], reason=None,
             detail={"cycle_id": body["cycle_id"], "opinion_id": opinion_id})
    return {"opinion_id": opinion_id, "cycle_id": body["cycle_id"], "application_id": body["application_id"],
            "opinion": body["opinion"], "author": author, "recorded_at": tx.now()}
