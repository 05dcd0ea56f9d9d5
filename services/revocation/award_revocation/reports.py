"""Reports from the public after the cycle (举报, issue 31, item 11): anyone, at any time, reports
the title used against the law (Art. 22), a forged or counterfeit certificate, medal, plaque or
trophy (Art. 28), or a winner's misconduct — any ground of Art. 29 or 30, or the duty of Art. 24
refused (Art. 29(7), 30(8)); 群众投诉举报 is itself named in Art. 29(5).

Modelled on supervision's complaints: a tracking number, the status and nothing else to the
reporter; the reporter's name and contact are confidential — read by the office alone, never in
the audit log, a case, the announcement or an event. Unlike complaints, which end with their
cycle's supervision group (Art. 9), these never close with a cycle: an award lives on after it.
The office triages each report into a revocation case (a new one, or a ground joining the
award's open case) or closes it with its reason (e.g. referred to the market regulator under
Art. 22 or to the police under Art. 28, or unfounded)."""
import secrets
import uuid

import sqlalchemy as sa

from award_shared import errors
from award_shared import paging

from . import cases, queries
from .domain import grounds as ground_rules
from .tables import public_reports

#: what a report may be about, and the article each rests on
KINDS = {"title_misuse": "Art. 22", "forgery": "Art. 28", "misconduct": "Art. 29"}
KIND_ZH = {"title_misuse": "违法使用市长质量奖称号", "forgery": "伪造、冒用市长质量奖标志、奖杯、奖牌、奖章和荣誉证书",
           "misconduct": "获奖单位或个人发生撤销情形"}
STATUS_ZH = {"received": "已受理登记", "case_opened": "已立案调查", "closed": "已办结"}
TRACKING_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read out over the phone


def new_tracking_number():
    return "JJB-" + "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(12))


def file(tx, body):
    """Anyone files a report; answers its tracking number and status, nothing else."""
    award_id = body.get("award_id")
    if award_id is not None:
        queries.award_or_404(tx, award_id)
    reporter = body.get("reporter") or {}
    report_id, tracking = f"report-{uuid.uuid4().hex[:16]}", new_tracking_number()
    tx.run(public_reports.insert().values(
        report_id=report_id, tracking_number=tracking, kind=body["kind"], award_id=award_id,
        certificate_number=body.get("certificate_number"), about=body.get("about"), content=body["content"],
        reporter_name=reporter.get("name"), reporter_contact=reporter.get("contact"), status="received",
        filed_at=tx.now()))
    # the audit names the report, never the reporter
    tx.audit("report.file", target=report_id, detail={"kind": body["kind"], "award_id": award_id})
    return {"tracking_number": tracking, "status": "received", "status_zh": STATUS_ZH["received"],
            "filed_at": tx.now().isoformat()}


def status(tx, tracking_number):
    """What a reporter sees by the tracking number: the status, nothing else."""
    row = tx.one_or_404(sa.select(public_reports).where(public_reports.c.tracking_number == tracking_number),
                        f"没有编号为 {tracking_number} 的举报", f"no report {tracking_number}")
    return {"tracking_number": row["tracking_number"], "status": row["status"], "status_zh": STATUS_ZH[row["status"]]}


def report_or_404(tx, report_id, lock=False):
    return tx.one_or_404(sa.select(public_reports).where(public_reports.c.report_id == report_id),
                         f"没有编号为 {report_id} 的举报", f"no report {report_id}", lock=lock)


def view(row):
    out = {k: row[k] for k in ("report_id", "tracking_number", "kind", "award_id", "certificate_number", "about",
                               "content", "status", "triaged_by", "case_id", "close_reason")}
    out.update(article=KINDS[row["kind"]], kind_zh=KIND_ZH[row["kind"]], status_zh=STATUS_ZH[row["status"]],
               filed_at=row["filed_at"].isoformat(),
               triaged_at=row["triaged_at"].isoformat() if row["triaged_at"] else None,
               reporter={"name": row["reporter_name"], "contact": row["reporter_contact"]})
    return out


def listing(tx, status_filter=None, after=None, limit=100):
    """A page of the reports, oldest first, from where ``after`` (a report id) stands, by the index
    (filed, id): ``{"reports": [...], "next": the ``after`` of the next page, or None}``."""
    query = sa.select(public_reports)
    if status_filter:
        query = query.where(public_reports.c.status == status_filter)
    found = paging.page(tx, query, public_reports.c.report_id, after, limit, order=public_reports.c.filed_at,
                        unknown=f"not a report: {after}")
    return {"reports": [view(r) for r in found.rows], "next": found.next}


def triage(tx, report_id, body, principal):
    """The office turns a report into a revocation case on an award — its grounds checked as any
    case's (Art. 29, 30), the report kept as the case's evidence — or closes it with the reason."""
    row = report_or_404(tx, report_id, lock=True)
    if row["status"] != "received":
        raise errors.Conflict(f"举报 {row['tracking_number']} 已处理（{STATUS_ZH[row['status']]}），不能再次分办",
                              f"report {row['tracking_number']} is already {row['status']}",
                              fields={"status": row["status"]})
    now = tx.now()
    if body["decision"] == "close":
        tx.run(public_reports.update().where(public_reports.c.report_id == report_id).values(
            status="closed", triaged_by=principal.sub, triaged_at=now, close_reason=body["reason"]))
        tx.audit("report.close", target=report_id, reason=body["reason"])
        return view(report_or_404(tx, report_id))
    award_id = body.get("award_id") or row["award_id"]
    if not award_id or not body.get("grounds"):
        raise errors.Invalid({"award_id" if not award_id else "grounds": ["a case needs the award and its grounds"]},
                             message="立案须指明所涉奖项及撤销事由（第二十九条、第三十条）",
                             message_en="a case needs the award and the grounds it is opened on", article="Art. 29")
    award = queries.award_or_404(tx, award_id, lock=True)
    if award["status"] != "in_force":
        raise errors.RuleViolation(f"该奖项已被撤销，不能再立案（{ground_rules.ARTICLE_ZH[award['kind']]}）",
                                   f"award {award_id} is already revoked",
                                   article=ground_rules.ARTICLE_OF_KIND[award["kind"]])
    cases.check_grounds(tx, award, body["grounds"])
    cases.guard(tx, award)
    case, joined = cases.open_or_join(tx, award, principal.sub)
    cases.add_grounds(tx, case["case_id"], body["grounds"], principal.sub)
    cases.add_report(tx, case["case_id"], row["tracking_number"], principal.sub)
    tx.run(public_reports.update().where(public_reports.c.report_id == report_id).values(
        status="case_opened", triaged_by=principal.sub, triaged_at=now, case_id=case["case_id"], award_id=award_id))
    tx.audit("case.joined" if joined else "case.opened", target=case["case_id"], reason=body.get("reason"),
             detail={"award_id": award_id, "grounds": [g["item"] for g in body["grounds"]], "report_id": report_id})
    tx.audit("report.case", target=report_id, reason=body.get("reason"), detail={"case_id": case["case_id"]})
    if not joined:
        tx.transition(cases.STEP, "case_opened")
    return {**view(report_or_404(tx, report_id)), "joined": joined}
