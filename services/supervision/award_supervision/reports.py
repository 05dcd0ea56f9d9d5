"""What the supervision group reports to the leading group (Art. 9(2)(3), 26, 27); read in queries.py.

Two ways: what another act reports in its own transaction (a complaint's result, an applicant's
rule-breaking, a member of the review staff disqualified and referred: :func:`report`), and the
group's own report on its supervision, Art. 9(2) 向市质量强市领导小组报告监督情况 — an act of a
member of the sitting group (:func:`report_supervision`), kept in full, audited, listed among the
reports to the leading group and readable by the leading group and the office."""
import json
import uuid

from . import access, queries
from .tables import reports, supervision_reports

KINDS = ("complaint_result", "applicant_rule_breaking", "staff_misconduct", "staff_referral", "supervision")


def report(tx, *, cycle_id, kind, ref_id, summary, reported_by):
    """File a report to the leading group, in the transaction of what it reports."""
    if kind not in KINDS:
        raise ValueError(f"unknown report kind {kind!r}")
    report_id = f"report-{uuid.uuid4().hex[:12]}"
    tx.run(reports.insert().values(
        report_id=report_id, cycle_id=cycle_id, kind=kind, ref_id=ref_id, summary=summary,
        reported_by=reported_by, reported_at=tx.now()))
    return report_id


def report_supervision(tx, cycle_id, body, principal):
    """A member of the cycle's sitting group reports on the group's supervision to the leading
    group (Art. 9(2)): what it covers (steps of the cycle), the text, the written report's reference."""
    access.require_supervisor(tx, principal, cycle_id)
    report_id = f"supervision-report-{uuid.uuid4().hex[:12]}"
    steps = list(dict.fromkeys(body.get("steps") or ()))
    tx.run(supervision_reports.insert().values(
        report_id=report_id, cycle_id=cycle_id, title=body["title"], content=body["content"],
        steps=json.dumps(steps), document=body.get("document"), reported_by=principal.sub, reported_at=tx.now()))
    report(tx, cycle_id=cycle_id, kind="supervision", ref_id=report_id, summary=body["title"],
           reported_by=principal.sub)
    tx.audit("supervision.report", target=cycle_id, reason=body["title"],
             detail={"report_id": report_id, "steps": steps, "document": body.get("document")})
    return queries.supervision_report(tx, report_id)
