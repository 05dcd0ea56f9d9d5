"""The agency reports the review results to the office (Art. 8(3): 汇总并向市质量强市领导小组办公室
报告市长质量奖评审结果).

Once every review stage is closed (Art. 15, 16), the cycle's entrusted agency files its report:
a summary in words and the results it reports — each application's status and scores, as the
candidate list would read them (:func:`award_scoring.candidates.snapshot`). The office proposes
the list only from a report of the results as they stand (candidates.py); when results change
after a report (an Art. 27 recomputation, a hold released), the agency reports again, the new
report superseding the last. Every report and every read is audited; the office, the leading
group, the cycle's agency and the cycle's supervision group read them.
"""
import uuid

from award_shared import errors

from . import candidates, queries
from .domain import confidentiality
from .domain import stages as stage_rules
from .tables import result_reports


def _view(row):
    return {k: row[k] for k in ("report_id", "cycle_id", "version", "summary", "document_reference", "snapshot",
                                "supersedes", "agency_name", "reported_by", "reported_at")}


def report(tx, cycle_id, body, principal):
    """The cycle's agency reports the review results to the office (Art. 8(3))."""
    ruleset = queries.ruleset(tx, cycle_id)
    agency = queries.agency(tx, cycle_id)
    if agency is None:
        raise errors.RuleViolation("本届尚未委托第三方机构（第八条）",
                                   "no third-party agency has been appointed for this cycle (Art. 8)",
                                   article="Art. 8", code="no_agency")
    confidentiality.check_agency_staff(principal.roles, principal.sub, agency)
    stage_rules.check_all_closed(ruleset, queries.stage_statuses(tx, cycle_id))
    earlier = queries.reports_of(tx, cycle_id, lock=True)
    current = earlier[0] if earlier else None
    results = candidates.snapshot(tx, cycle_id, ruleset)
    if current is not None and current["snapshot"] == results:
        raise errors.Conflict(
            f"评审结果自第{current['version']}次报告以来没有变化，无需重复报告",
            f"the results have not changed since report {current['version']}: nothing new to report",
            code="already_reported", fields={"report_id": current["report_id"]})
    row = {"report_id": str(uuid.uuid4()), "cycle_id": cycle_id, "version": current["version"] + 1 if current else 1,
           "summary": body["summary"], "document_reference": body.get("document_reference"),
           "snapshot": queries.dumps(results), "supersedes": current["report_id"] if current else None,
           "agency_name": agency["name"], "reported_by": principal.sub, "reported_at": tx.now()}
    tx.run(result_reports.insert().values(**row))
    tx.audit("results.report", target=cycle_id, reason=body["summary"], detail={
        "report_id": row["report_id"], "version": row["version"], "supersedes": row["supersedes"],
        "applications": len(results)})
    return _view(row | {"snapshot": results})


def read(tx, cycle_id, call):
    """The agency's reports of the cycle's results, newest first; audited."""
    queries.ruleset(tx, cycle_id)
    principal = call.cycle_reader(tx, cycle_id)
    reports = [_view(r) for r in queries.reports_of(tx, cycle_id)]
    tx.audit("read results reports", target=cycle_id, detail={"reports": len(reports), "as": sorted(principal.roles)})
    return {"cycle_id": cycle_id, "current": reports[0] if reports else None, "reports": reports}
