"""What the supervision group reports to the leading group (Art. 9(2)(3), 26, 27); read in queries.py."""
import uuid

from .tables import reports

KINDS = ("complaint_result", "applicant_rule_breaking", "staff_misconduct")


def report(tx, *, cycle_id, kind, ref_id, summary, reported_by):
    """File a report to the leading group, in the transaction of what it reports."""
    report_id = f"report-{uuid.uuid4().hex[:12]}"
    tx.run(reports.insert().values(
        report_id=report_id, cycle_id=cycle_id, kind=kind, ref_id=ref_id, summary=summary,
        reported_by=reported_by, reported_at=tx.now()))
    return report_id
