"""The agency's work plan and the office's guidance (Art. 8(1), 15).

- **The work plan** (评审工作计划（或实施方案）, Art. 8(1)): the cycle's entrusted agency draws it up
  under the edition's review scheme and files it here; the plan records the scheme it follows
  (the sha256 of the cycle's rule set, as ``cycle.opened`` carried it). A plan is never edited:
  a revision is a new version that names the current one in ``supersedes``, with its reason.
  Filing it is not a precondition of the review stages (a choice of this suite: docs/design.md).
- **The office's guidance** (指导意见, Art. 15: 评审过程……执行市质量强市领导小组办公室的指导意见):
  the office records guidance to the cycle's agency — on the review as a whole, one stage or
  one application — once the leading group has entrusted an agency; the agency records how it
  executed each, once.

Both are read by the office, the leading group, the cycle's agency and the cycle's supervision
group (Art. 9(1), 15: the review runs under its supervision), cycle-scoped; every filing and
every read is audited.
"""
import uuid

from award_shared import errors

from . import queries
from .domain import confidentiality
from .tables import guidance as guidance_table
from .tables import work_plans as plan_table


def _entrusted(tx, cycle_id, what, what_en):
    """The cycle's entrusted agency, or 409 citing Art. 8 (nothing to file or guide before it)."""
    queries.ruleset(tx, cycle_id)  # 404 for an unknown cycle
    agency = queries.agency(tx, cycle_id)
    if agency is None:
        raise errors.RuleViolation(f"本届尚未委托第三方机构，不能{what}（第八条）",
                                   f"no third party is entrusted for {cycle_id} yet, so {what_en} (Art. 8)",
                                   article="Art. 8", code="no_agency")
    return agency


def _plan_view(row):
    return {k: row[k] for k in ("plan_id", "cycle_id", "version", "title", "content", "document_reference",
                                "ruleset_sha256", "supersedes", "reason", "agency_name", "filed_by", "filed_at")}


def file_plan(tx, cycle_id, body, principal):
    """The cycle's agency files its work plan, or a revision of it (Art. 8(1))."""
    agency = _entrusted(tx, cycle_id, "报送评审工作计划", "no work plan can be filed")
    confidentiality.check_agency_staff(principal.roles, principal.sub, agency)
    versions = queries.work_plans_of(tx, cycle_id, lock=True)
    current = versions[0] if versions else None
    wanted = body.get("supersedes")
    if current is None and wanted:
        raise errors.Conflict(f"本届尚无可修订的评审工作计划：{wanted}", f"there is no work plan {wanted} to revise",
                              code="nothing_to_revise", fields={"supersedes": None})
    if current is not None and wanted != current["plan_id"]:
        raise errors.Conflict(
            f"本届已报送评审工作计划（第{current['version']}版，{current['plan_id']}）；修订须另行报送并注明所修订的版本（supersedes）及理由",
            f"a work plan is already filed (version {current['version']}, {current['plan_id']}): a revision "
            "names it in 'supersedes', with a reason", code="plan_filed", fields={"supersedes": current["plan_id"]})
    row = {"plan_id": str(uuid.uuid4()), "cycle_id": cycle_id, "version": (current["version"] + 1) if current else 1,
           "title": body["title"], "content": body["content"], "document_reference": body.get("document_reference"),
           "ruleset_sha256": queries.ruleset_sha256(tx, cycle_id), "supersedes": wanted,
           "reason": body.get("reason"), "agency_name": agency["name"], "filed_by": principal.sub,
           "filed_at": tx.now()}
    tx.run(plan_table.insert().values(**row))
    tx.audit("work_plan.revise" if wanted else "work_plan.file", target=cycle_id, reason=body.get("reason"),
             detail={"plan_id": row["plan_id"], "version": row["version"], "title": row["title"],
                     "ruleset_sha256": row["ruleset_sha256"], "supersedes": wanted})
    return _plan_view(row)


def read_plans(tx, cycle_id, call):
    """The cycle's work plan: the current version and every earlier one; audited."""
    queries.ruleset(tx, cycle_id)
    principal = call.cycle_reader(tx, cycle_id)
    versions = [_plan_view(r) for r in queries.work_plans_of(tx, cycle_id)]
    tx.audit("read work plan", target=cycle_id, detail={"versions": len(versions), "as": sorted(principal.roles)})
    return {"cycle_id": cycle_id, "current": versions[0] if versions else None, "versions": versions}


def _guidance_view(row):
    return {k: row[k] for k in ("guidance_id", "cycle_id", "stage", "application_id", "text", "document_reference",
                                "issued_by", "issued_at", "executed_by", "executed_at", "execution_note")}


def issue_guidance(tx, cycle_id, body, actor):
    """The office records guidance to the cycle's agency (Art. 15)."""
    _entrusted(tx, cycle_id, "出具指导意见", "there is no agency to guide")
    application_id = body.get("application_id")
    if application_id is not None:
        app = queries.find_application(tx, application_id)
        if app is None or app["cycle_id"] != cycle_id:
            raise errors.Invalid({"application_id": [f"no application {application_id} in {cycle_id}"]})
    row = {"guidance_id": str(uuid.uuid4()), "cycle_id": cycle_id, "stage": body.get("stage"),
           "application_id": application_id, "text": body["text"], "document_reference": body.get("document_reference"),
           "issued_by": actor, "issued_at": tx.now()}
    tx.run(guidance_table.insert().values(**row))
    tx.audit("guidance.issue", target=cycle_id, detail={"guidance_id": row["guidance_id"], "stage": row["stage"],
                                                        "application_id": application_id})
    return _guidance_view(row | {"executed_by": None, "executed_at": None, "execution_note": None})


def execute_guidance(tx, cycle_id, guidance_id, body, principal):
    """The cycle's agency records how it executed the office's guidance, once (Art. 15)."""
    agency = _entrusted(tx, cycle_id, "记录指导意见的执行情况", "there is no agency to execute guidance")
    confidentiality.check_agency_staff(principal.roles, principal.sub, agency)
    found = queries.one_guidance(tx, cycle_id, guidance_id, lock=True)
    if found["executed_at"] is not None:
        raise errors.Conflict(f"该指导意见的执行情况已由 {found['executed_by']} 记录",
                              f"the execution of guidance {guidance_id} is already recorded by {found['executed_by']}",
                              code="already_executed")
    now = tx.now()
    tx.run(guidance_table.update().where(guidance_table.c.guidance_id == guidance_id)
           .values(executed_by=principal.sub, executed_at=now, execution_note=body["note"]))
    tx.audit("guidance.execute", target=cycle_id, reason=body["note"], detail={"guidance_id": guidance_id})
    return _guidance_view(dict(found) | {"executed_by": principal.sub, "executed_at": now, "execution_note": body["note"]})


def read_guidance(tx, cycle_id, call):
    """The office's guidance to the cycle's agency and how each was executed; audited."""
    queries.ruleset(tx, cycle_id)
    principal = call.cycle_reader(tx, cycle_id)
    out = [_guidance_view(r) for r in queries.guidance_of(tx, cycle_id)]
    tx.audit("read guidance", target=cycle_id, detail={"count": len(out), "as": sorted(principal.roles)})
    return {"cycle_id": cycle_id, "guidance": out}
