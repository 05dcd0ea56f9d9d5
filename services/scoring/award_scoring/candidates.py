"""The office proposes the candidate list (Art. 16) from the review results and the
supervision group's opinions, under the quotas and bars of Art. 2 — ``candidates.proposed``.

Refused (409, Art. 16) while any review stage is open or not yet held, (409, Art. 8, 16) until
the agency has reported the results the list is drawn from (Art. 8(3): a report of the results
as they stand now; results changed since, by an Art. 27 recomputation or a hold's release, need
a new report), and (409 naming the hold) while a hold stops the candidate list for the whole
cycle; an application under
its own hold is listed as pending. The ranking itself is the pure
:func:`award_scoring.domain.ranking.propose`.
"""
import json

from award_shared import errors, events, holds

from . import queries, results
from .domain import progress, ranking, replica
from .domain import stages as stage_rules
from .tables import candidate_lists

STATUS_OF = {replica.WITHDRAWN: "withdrawn", replica.INELIGIBLE: "ineligible"}


def entries(tx, cycle_id, ruleset):
    """Each application of the cycle as the ranking sees it (scores from the sheets that count)."""
    hold_rows = queries.active_holds(tx, cycle_id)
    said = queries.opinions_of(tx, cycle_id)
    out = []
    disqualified = queries.disqualified(tx, cycle_id)  # Art. 27: read once for the whole list
    for app in queries.applications_of(tx, cycle_id):
        app_id = app["application_id"]
        status = replica.status(app)
        common = {"application_id": app_id, "applicant_name": app["applicant_name"] or app_id,
                  "kind": app["kind"] or "unit", "opinions": tuple(said.get(app_id, ()))}
        if status != replica.RECOMMENDED:
            out.append(ranking.Entry(total=None, status=STATUS_OF.get(status, "not_recommended"), **common))
            continue
        found = queries.results_of(tx, app_id)
        pending = queries.held(hold_rows, progress.CANDIDATE_LIST, app_id) or progress.waiting_on_hold(found)
        if not progress.may_enter(ruleset, found, progress.CANDIDATE_LIST):
            out.append(ranking.Entry(total=None, status="incomplete", pending=pending, **common))
            continue
        card = results.scorecard(tx, app, ruleset, disqualified=disqualified, results=found)
        final = card["final"]
        out.append(ranking.Entry(
            total=final["total"] if final else None, review_score=final["review_score"] if final else None,
            stage_scores={s: r["score"] for s, r in card["stages"].items()}, pending=pending,
            tilt_points=final["tilt_points"] if final else 0.0, **common))
    return out


def snapshot(tx, cycle_id, ruleset, found=None):
    """The review results as the agency reports them (Art. 8(3)) and the list is drawn from them:
    each application's status and scores (JSON-plain, comparable with a stored report).
    ``found``: the :func:`entries` already read, if any."""
    return json.loads(queries.dumps([
        {"application_id": e.application_id, "applicant_name": e.applicant_name, "kind": e.kind,
         "status": e.status, "total": e.total, "review_score": e.review_score, "stage_scores": e.stage_scores,
         "tilt_points": e.tilt_points} for e in (entries(tx, cycle_id, ruleset) if found is None else found)]))


def _require_reported(tx, cycle_id, ruleset, found):
    """The office proposes from the results the agency reported (Art. 8(3), 16)."""
    reports = queries.reports_of(tx, cycle_id)
    if not reports:
        raise errors.RuleViolation(
            "第三方机构尚未向市质量强市领导小组办公室报告本届评审结果，不能提出候选名单（第八条、第十六条）",
            "the third party has not reported the review results to the office yet: the candidate list "
            "follows its report (Art. 8, 16)", article="Art. 8, 16", code="results_not_reported")
    if reports[0]["snapshot"] != snapshot(tx, cycle_id, ruleset, found):
        raise errors.RuleViolation(
            f"评审结果在第三方机构第{reports[0]['version']}次报告后已有变化，须由第三方机构重新报告后方可提出候选名单（第八条、第十六条）",
            f"the review results changed after the third party's report {reports[0]['version']}: it reports "
            "again before the office proposes (Art. 8, 16)", article="Art. 8, 16", code="results_changed",
            fields={"report_id": reports[0]["report_id"]})
    return reports[0]


def _event_categories(proposal):
    return [{"category": c["category"], "vacancies": c["vacancies"], "quota": c["quota"],
             "min_score": c["min_score"], "unresolved_tie": c["unresolved_tie"],
             "reserves": [dict(candidate) for candidate in c["reserves"]],
             "candidates": [dict(candidate) for candidate in c["candidates"]]}
            for c in proposal["categories"]]


def _refuse_after_approval(tx, cycle_id):
    row = queries.approval(tx, cycle_id)
    if row is not None:
        number = row["document_number"] or ""
        raise errors.RuleViolation(
            f"本届拟奖名单已经市政府审定{f'（{number}）' if number else ''}，不能再提出候选名单（第十八条）",
            f"the city government has approved this cycle's list {number}: no new candidate list (Art. 18)",
            article="Art. 18", code="list_approved")


def propose(tx, cycle_id, body, principal):
    """Propose the cycle's candidate list (Art. 16); publishes ``candidates.proposed``. A new
    list supersedes the last (``supersedes``); none after the government approved (Art. 18)."""
    ruleset = queries.ruleset(tx, cycle_id)
    _refuse_after_approval(tx, cycle_id)
    stage_rules.check_all_closed(ruleset, queries.stage_statuses(tx, cycle_id))
    holds.guard(tx.session, cycle_id=cycle_id, step=progress.CANDIDATE_LIST, subject=None)
    found = entries(tx, cycle_id, ruleset)
    report = _require_reported(tx, cycle_id, ruleset, found)
    proposal = ranking.propose(found, ruleset)
    now = tx.now()
    previous = queries.latest_list(tx, cycle_id)
    list_id = tx.session.execute(candidate_lists.insert().values(
        cycle_id=cycle_id, proposed_at=now, proposed_by=principal.sub, reason=body.get("reason"),
        body=queries.dumps(proposal), status="current",
        supersedes=previous["id"] if previous else None)).inserted_primary_key[0]
    proposed = {"cycle_id": cycle_id, "list_id": str(list_id), "categories": _event_categories(proposal)}
    if previous is not None:
        tx.run(candidate_lists.update().where(candidate_lists.c.cycle_id == cycle_id, candidate_lists.c.id != list_id)
               .values(status="superseded"))
        proposed["supersedes"] = str(previous["id"])
    tx.publish(events.CandidatesProposed(**proposed))
    listed = sum(len(c["candidates"]) for c in proposal["categories"])
    tx.transition(progress.CANDIDATE_LIST, "proposed", listed)
    tx.audit("candidates.propose", target=cycle_id, reason=body.get("reason"), detail={
        "list_id": list_id, "listed": listed, "supersedes": previous["id"] if previous else None,
        "report_id": report["report_id"],
        "pending": [c["application_id"] for cat in proposal["categories"] for c in cat["candidates"] if c["pending"]],
        "vacancies": {c["category"]: c["vacancies"] for c in proposal["categories"]}})
    return _view(queries.latest_list(tx, cycle_id))


def mark_stale_if_changed(tx, cycle_id, reason):
    """After an expert's sheets stopped counting (Art. 27, recusal): if the current list is no
    longer what the results give, it is marked stale — the office must propose again."""
    row = queries.latest_list(tx, cycle_id)
    if row is None or row["status"] != "current":
        return False
    ruleset = queries.ruleset(tx, cycle_id)
    fresh = json.loads(queries.dumps(_event_categories(ranking.propose(entries(tx, cycle_id, ruleset), ruleset))))
    if fresh == _event_categories(json.loads(row["body"])):
        return False
    tx.run(candidate_lists.update().where(candidate_lists.c.id == row["id"])
           .values(status="stale", stale_reason=reason))
    tx.audit("candidates.stale", target=cycle_id, reason=reason, detail={"list_id": row["id"]})
    return True


def _view(row):
    return {"list_id": row["id"], "cycle_id": row["cycle_id"], "proposed_at": row["proposed_at"],
            "proposed_by": row["proposed_by"], "status": row["status"], "supersedes": row["supersedes"],
            "stale_reason": row["stale_reason"], **json.loads(row["body"])}


def latest(tx, cycle_id):
    """The latest list, with its status (current, stale: propose again, superseded)."""
    row = queries.latest_list(tx, cycle_id)
    if row is None:
        raise errors.NotFound("本届尚未提出候选名单（第十六条）", "no candidate list has been proposed for this cycle")
    return _view(row)


def history(tx, cycle_id):
    """Every list proposed for the cycle, newest first, each with its status."""
    queries.ruleset(tx, cycle_id)
    return {"cycle_id": cycle_id, "lists": [_view(r) for r in queries.lists_of(tx, cycle_id)]}
