"""Supervisory findings and opinions (Art. 9, 16, 26, 27): recorded by a member of the
cycle's group, each with kind, article, evidence and author; a finding may halt a step
(halts.py), disqualify an expert, or be reported to the leading group."""
import json
import uuid

import sqlalchemy as sa

from award_shared import errors
from award_shared.store.rows import one_or_404
from award_shared.web import cycle_access

from . import access, halts, reports
from .domain import halting
from .tables import complaints, findings, opinions

REPORT_KIND = {"applicant": "applicant_rule_breaking", "review_staff": "staff_misconduct"}


def _complaint_of(session, complaint_id, cycle_id):
    if not complaint_id:
        return None
    row = session.execute(sa.select(complaints.c.cycle_id).where(
        complaints.c.complaint_id == complaint_id)).first()
    if row is None or row[0] != cycle_id:
        raise errors.NotFound(f"{cycle_id} 没有编号为 {complaint_id} 的投诉举报",
                              f"no complaint {complaint_id} in {cycle_id}")
    return complaint_id


def record(tx, body, principal):
    """Record a finding of a member of the cycle's group (Art. 9, 26, 27)."""
    access.require_supervisor(tx.session, principal, body["cycle_id"])
    author = principal.sub
    kind, step, subject, cycle_id = body["kind"], body["step"], body.get("subject"), body["cycle_id"]
    article = halting.article_for(kind, body.get("article"))
    halting.check_subject(kind, subject)
    if kind == "review_staff":
        halting.check_staff_misconduct(body.get("staff_subject"), body.get("staff_role"),
                                       body.get("misconduct"), body.get("harm"))
    scope = halting.hold_scope(kind, step, subject, body.get("halt"))
    complaint_id = _complaint_of(tx.session, body.get("complaint_id"), cycle_id)
    finding_id = f"finding-{uuid.uuid4().hex[:16]}"
    hold_id = None
    if scope is not None:
        hold_id = halts.place(tx, cycle_id=cycle_id, scope=scope, article=article, placed_by=author,
                              reason=body.get("hold_reason") or body["summary"])
    staff = kind == "review_staff"
    tx.session.execute(findings.insert().values(
        finding_id=finding_id, cycle_id=cycle_id, kind=kind, step=step, subject=subject, article=article,
        summary=body["summary"], evidence=json.dumps(body["evidence"], ensure_ascii=False), author=author,
        recorded_at=tx.now(), hold_id=hold_id, complaint_id=complaint_id,
        staff_subject=body.get("staff_subject") if staff else None,
        staff_role=body.get("staff_role") if staff else None,
        misconduct=body.get("misconduct") if staff else None, harm=body.get("harm") if staff else None))
    tx.publish("finding.recorded", subject=finding_id, cycle_id=cycle_id, data={
        "finding_id": finding_id, "cycle_id": cycle_id, "kind": kind, "step": step, "subject": subject,
        "article": article, "summary": body["summary"], "hold_id": hold_id})
    if staff:  # Art. 27: whatever the role, the person reads nothing of the cycle any more, in any service
        data = {"cycle_id": cycle_id, "staff_subject": body["staff_subject"], "staff_role": body["staff_role"],
                "reason": body["summary"], "finding_id": finding_id}
        tx.publish("staff.disqualified", subject=cycle_id, cycle_id=cycle_id, data=data)
        cycle_access.record_disqualified(tx, data)
    if halting.disqualifies_expert(kind, body.get("staff_role")):
        tx.publish("expert.disqualified", subject=body["staff_subject"], cycle_id=cycle_id, data={
            "expert_subject": body["staff_subject"], "cycle_id": cycle_id, "reason": body["summary"],
            "harm": body["harm"], "finding_id": finding_id})
    if halting.reported_to_leading_group(kind):
        reports.report(tx, cycle_id=cycle_id, kind=REPORT_KIND[kind], ref_id=finding_id,
                       summary=body["summary"], reported_by=author)
    tx.audit("finding.record", target=finding_id, reason=body["summary"], detail={
        "cycle_id": cycle_id, "kind": kind, "step": step, "subject": subject, "article": article,
        "hold_id": hold_id, "complaint_id": complaint_id})
    return view(tx.session, finding_id)


def record_opinion(tx, body, principal):
    """A member of the cycle's group gives an opinion on an application, for the candidate
    list (Art. 16)."""
    access.require_supervisor(tx.session, principal, body["cycle_id"])
    author = principal.sub
    opinion_id = f"opinion-{uuid.uuid4().hex[:12]}"
    tx.session.execute(opinions.insert().values(
        opinion_id=opinion_id, cycle_id=body["cycle_id"], application_id=body["application_id"],
        opinion=body["opinion"], author=author, recorded_at=tx.now()))
    tx.publish("opinion.recorded", subject=body["application_id"], cycle_id=body["cycle_id"], data={
        "application_id": body["application_id"], "cycle_id": body["cycle_id"], "opinion": body["opinion"]})
    tx.audit("opinion.record", target=body["application_id"], reason=None,
             detail={"cycle_id": body["cycle_id"], "opinion_id": opinion_id})
    return {"opinion_id": opinion_id, "cycle_id": body["cycle_id"], "application_id": body["application_id"],
            "opinion": body["opinion"], "author": author, "recorded_at": tx.now()}


def _row(session, finding_id):
    return one_or_404(session, sa.select(findings).where(findings.c.finding_id == finding_id),
                      f"没有编号为 {finding_id} 的监督发现", f"no finding {finding_id}")


def cycle_of(session, finding_id):
    return _row(session, finding_id)["cycle_id"]


def view(session, finding_id, row=None):
    row = row or _row(session, finding_id)
    out = dict(row)
    out["evidence"] = json.loads(row["evidence"])
    out["hold"] = halts.hold_view(session, row["hold_id"]) if row["hold_id"] else None
    return out


def list_findings(session, cycles, cycle_id=None):
    query = sa.select(findings).order_by(findings.c.recorded_at, findings.c.finding_id)
    if cycle_id:
        query = query.where(findings.c.cycle_id == cycle_id)
    if cycles is not None:
        query = query.where(findings.c.cycle_id.in_(sorted(cycles)))
    return [view(session, r["finding_id"], r) for r in session.execute(query).mappings().all()]


def list_opinions(session, cycles, cycle_id=None):
    query = sa.select(opinions).order_by(opinions.c.recorded_at, opinions.c.opinion_id)
    if cycle_id:
        query = query.where(opinions.c.cycle_id == cycle_id)
    if cycles is not None:
        query = query.where(opinions.c.cycle_id.in_(sorted(cycles)))
    return [dict(r) for r in session.execute(query).mappings()]
