"""Recording reviews (Art. 15) and reading them (Art. 25).

- A scored stage takes one score sheet per assigned expert: GB/T 19580 categories for
  units, the rubric for individuals, each within its cap, with comments. A sheet is never
  edited: a correction is a new sheet that ``supersedes`` the expert's current one, with
  its reason, audited; only the current sheet counts. Sheets are accepted only while the
  stage is open; a hold does not stop experts working, it stops the stage completing.
- A pass/fail stage (qualification) takes the third party's decision. For the
  qualification review it judges every condition of Art. 10 / Art. 12; a fail publishes
  ``application.ineligible`` naming the first condition not met. The decision completes
  the stage for the application, so a hold refuses it (409 naming the hold). A passed
  decision may be superseded by a fail while the stage is open; a fail is final.
- Reads are confined to the third party, the office, the cycle's supervision group (read-only,
  Art. 9(1), 15, 26) and the expert who wrote the sheet, and every read is audited.
"""
import uuid

from award_shared import cycles, errors, events, holds, tables

from . import queries, results
from .domain import caps, confidentiality, progress, qualification, replica
from .domain import stages as stage_rules
from .tables import applications, reviews

_INSERT = tables.Prepared(reviews.insert(), columns=(  # built once: every score sheet is one
    "review_id", "application_id", "cycle_id", "stage", "reviewer", "reviewer_role", "outcome", "scores", "total",
    "conditions", "comments", "supersedes", "correction_reason", "recorded_at", "transcribed_by", "paper_reference"))


def record(tx, application_id, step, body, principal):
    """Record a score sheet or a pass/fail decision for one application at one stage. Art. 27's
    write refusal is asked here, on the rows the review-state read brings (the route declares
    ``art27_in_handler``): one statement fewer on every sheet."""
    app = queries.application(tx, application_id, lock=True)
    state = queries.sheet_state(tx, app, step)  # read once the application is locked: no sheet slips past
    if tx.call is not None:  # before anything is written
        tx.call.refuse_disqualified_writer(state["disqualified"])
    else:  # run outside an HTTP call (a workflow's test): the same rule
        cycles.refuse_disqualified(state["disqualified"], principal)
    ruleset = state["ruleset"]
    stage = stage_rules.stage_of(ruleset, step)
    if stage["mode"] == "scored":
        return _record_sheet(tx, app, ruleset, step, body, principal, state)
    return _record_decision(tx, app, ruleset, step, body, principal)


def _not_assigned(sub, application_id):
    return errors.Forbidden(
        f"{sub} 未被指派评审该申报，不能评分：专家按专项评审组开展评审（第八条）",
        f"{sub} is not assigned to application {application_id} and cannot score it: experts review "
        "in the panels the third party forms (Art. 8)", article="Art. 8", code="not_assigned")


def _require_entered(ruleset, found, step):
    if not progress.may_enter(ruleset, found, step):
        before = stage_rules.previous_step(ruleset, step)
        raise errors.RuleViolation(
            f"该申报尚未通过{stage_rules.CHINESE.get(before, before)}，不能进入{stage_rules.CHINESE.get(step, step)}（第十五条）",
            f"the application has not passed {before}, so it cannot be reviewed at {step} (Art. 15)",
            article="Art. 15", code="stage_order")


def _current(sheets, reviewer):
    return _latest([s for s in sheets if s["reviewer"] == reviewer])


def _check_supersedes(body, current, what):
    """A new record either starts the expert's sheet or corrects its current one (never edits)."""
    wanted = body.get("supersedes")
    if current is None and wanted:
        raise errors.Conflict(f"没有可更正的{what}：{wanted}", f"there is no current {what} {wanted} to correct",
                              code="nothing_to_correct")
    if current is not None and not wanted:
        raise errors.Conflict(
            f"已记录{what} {current['review_id']}；记录一经提交不得修改，更正须另行提交并注明所更正的记录（supersedes）及理由",
            f"a {what} is already recorded ({current['review_id']}); records are never edited: submit a "
            f"correction naming it in 'supersedes', with a reason", code="already_recorded",
            fields={"supersedes": current["review_id"]})
    if current is not None and wanted != current["review_id"]:
        raise errors.Conflict(f"只能更正当前有效的{what} {current['review_id']}",
                              f"only the current {what} {current['review_id']} can be corrected",
                              code="not_current", fields={"supersedes": current["review_id"]})


def _insert(tx, app, step, reviewer, role, *, outcome=None, scores=None, total=None, conditions=None,
            comments=None, supersedes=None, reason=None, transcribed_by=None, paper_reference=None):
    review_id = str(uuid.uuid4())
    tx.write(_INSERT, {  # PostgreSQL: with the next round trip (the COMMIT's, for a score sheet)
        "review_id": review_id, "application_id": app["application_id"], "cycle_id": app["cycle_id"], "stage": step,
        "reviewer": reviewer, "reviewer_role": role, "outcome": outcome,
        "scores": queries.dumps(scores) if scores is not None else None, "total": total,
        "conditions": queries.dumps(conditions) if conditions is not None else None, "comments": comments,
        "supersedes": supersedes, "correction_reason": reason if supersedes else None, "recorded_at": tx.now(),
        "transcribed_by": transcribed_by, "paper_reference": paper_reference})
    return review_id


def check_seat(app, state, expert):
    """The expert sits on the application's panel now: assigned, not recused, not disqualified (Art. 8, 27)."""
    if expert not in state["panel"]:
        raise _not_assigned(expert, app["application_id"])


def check_stage(app, ruleset, step, state):
    """The application may take score sheets at ``step`` now: reviewable, the stage open, the
    stage before it passed (Art. 15)."""
    replica.require_reviewable(app)
    stage_rules.check_review_window(step, state["stage_statuses"].get(step))
    _require_entered(ruleset, state["results"], step)


def check_sheet(app, ruleset, body):
    """One score sheet's scores and comments, whoever enters it: every category within its cap
    (GB/T 19580 / the rubric) and the expert's comments; returns the total (422 names the field)."""
    if body.get("scores") is None:
        raise errors.Invalid({"scores": [f"score every category: {', '.join(caps.scale(ruleset, app['kind']))}"]})
    total = caps.check_scores(ruleset, app["kind"], body["scores"])
    if not (body.get("comments") or "").strip():
        raise errors.Invalid({"comments": ["a score sheet carries the expert's comments"]})
    return total


def insert_transcribed(tx, app, step, sheet, total, transcribed_by):
    """Record an expert's paper sheet as the agency transcribed it: the expert's sheet, saying by whom
    and from which paper (paper_sheets.py)."""
    return _insert(tx, app, step, sheet["expert"], "expert", scores=sheet["scores"], total=total,
                   comments=sheet["comments"], transcribed_by=transcribed_by, paper_reference=sheet["paper_reference"])


def current_sheet(state, expert):
    """The expert's current sheet at the stage (None: none yet), from :func:`queries.sheet_state`."""
    return _current(state["reviews"], expert)


def _record_sheet(tx, app, ruleset, step, body, principal, state):
    """One expert's score sheet (Art. 15), capped per category (GB/T 19580 / rubric); ``state``:
    the application's review state, read in one statement (queries.sheet_state)."""
    application_id = app["application_id"]
    if "expert" not in principal.roles:
        raise _not_assigned(principal.sub, application_id)
    check_seat(app, state, principal.sub)
    check_stage(app, ruleset, step, state)
    total = check_sheet(app, ruleset, body)
    current = _current(state["reviews"], principal.sub)
    _check_supersedes(body, current, "评分表")
    review_id = _insert(tx, app, step, principal.sub, "expert", scores=body["scores"], total=total,
                        comments=body["comments"], supersedes=body.get("supersedes"), reason=body.get("reason"))
    action = "review.correct" if body.get("supersedes") else "review.record"
    tx.audit(action, target=application_id, reason=body.get("reason"),
             detail={"stage": step, "review_id": review_id, "total": total, "supersedes": body.get("supersedes")})
    return {"review_id": review_id, "application_id": application_id, "stage": step, "reviewer": principal.sub,
            "total": total, "supersedes": body.get("supersedes"), "recorded_at": tx.now()}


def _record_decision(tx, app, ruleset, step, body, principal):
    """The third party's pass/fail decision (qualification review: Art. 10 / 12, Art. 15)."""
    application_id = app["application_id"]
    agency = queries.agency(tx, app["cycle_id"])
    if "expert" in principal.roles and "third_party" not in principal.roles:
        raise errors.Forbidden(f"{stage_rules.CHINESE.get(step, step)}结论由第三方机构作出（第十五条）",
                               f"the {step} decision is the third party's (Art. 15)", article="Art. 15")
    confidentiality.check_agency_staff(principal.roles, principal.sub, agency)
    replica.require_reviewable(app)
    found = queries.results_of(tx, application_id)
    before = found.get(step)
    pending = progress.state_of(before) == progress.PENDING_HOLD
    if not pending:  # a decision a hold deferred past the close may still be recorded after the release
        stage_rules.check_review_window(step, queries.stage_statuses(tx, app["cycle_id"]).get(step))
    _require_entered(ruleset, found, step)
    holds.guard(tx.session, cycle_id=app["cycle_id"], step=step, subject=application_id)
    if step == "qualification_review":
        if body.get("conditions") is None:
            raise errors.Invalid({"conditions": ["judge every condition of "
                                                 + ("Art. 10" if app["kind"] == "unit" else "Art. 12")]})
        judgement = qualification.judge(ruleset, app["kind"], body["conditions"])
        judgement["tilts_confirmed"] = qualification.judge_tilts(app.get("tilt_district_confirmed") or [],
                                                                 body.get("tilts"))
    else:
        if body.get("outcome") is None:
            raise errors.Invalid({"outcome": ["passed or failed"]})
        judgement = {"outcome": body["outcome"], "conditions": None, "article": "Art. 15",
                     "reason": body.get("comments") or body.get("reason")}
    current = _latest(queries.reviews_of(tx, application_id, step))
    _check_supersedes(body, current, "结论")
    if current is not None and current["outcome"] == qualification.FAILED:
        raise errors.RuleViolation("未通过的结论已发布为不符合条件，不能更改（第十五条）",
                                   "a failed decision was published as ineligible and is final (Art. 15)",
                                   article="Art. 15", code="decision_final")
    review_id = _insert(tx, app, step, principal.sub, "third_party", outcome=judgement["outcome"],
                        conditions=judgement["conditions"], comments=body.get("comments"),
                        supersedes=body.get("supersedes"), reason=body.get("reason"))
    results.record(tx, app, step, "decide", before, outcome=judgement["outcome"],
                   detail={"review_id": review_id, "failed": judgement.get("failed"),
                           "tilts_confirmed": judgement.get("tilts_confirmed")})
    if current is None or judgement["outcome"] != current["outcome"]:
        tx.publish(results.stage_completed(app, step, judgement["outcome"], None))
        tx.transition(step, judgement["outcome"])
    if judgement["outcome"] == qualification.FAILED and step == "qualification_review":
        _ineligible(tx, app, judgement)
    tx.audit("decision.correct" if body.get("supersedes") else "decision.record", target=application_id,
             reason=body.get("reason") or judgement.get("reason"),
             detail={"stage": step, "review_id": review_id, "outcome": judgement["outcome"],
                     "failed": judgement.get("failed"), "tilts": body.get("tilts"),
                     "tilts_confirmed": judgement.get("tilts_confirmed")})
    if pending:
        results.complete_pending(tx, app["cycle_id"])
    return {"review_id": review_id, "application_id": application_id, "stage": step,
            "outcome": judgement["outcome"], "article": judgement.get("article"),
            "conditions": judgement["conditions"], "tilts_confirmed": judgement.get("tilts_confirmed"),
            "supersedes": body.get("supersedes"), "recorded_at": tx.now()}


def _latest(sheets):
    superseded = {s["supersedes"] for s in sheets if s["supersedes"]}
    current = [s for s in sheets if s["review_id"] not in superseded]
    return current[-1] if current else None


def _ineligible(tx, app, judgement):
    """Qualification failed: the application leaves the review, and everyone hears why (Art. 15)."""
    tx.run(applications.update().where(applications.c.application_id == app["application_id"])
           .values(ineligible_article=judgement["article"], ineligible_reason=judgement["reason"],
                   updated_at=tx.now()))
    tx.publish(events.ApplicationIneligible(application_id=app["application_id"], cycle_id=app["cycle_id"],
                                            article=judgement["article"], reason=judgement["reason"]))


def read(tx, application_id, call):
    """Score sheets and decisions: all of them for the third party, the office and the cycle's
    supervision group (scope ``supervised``), its own for an expert. Each read is audited."""
    app = queries.application(tx, application_id)
    principal = call.cycle_reader(tx, app["cycle_id"])
    sheets = queries.reviews_of(tx, application_id)
    wrote = any(s["reviewer"] == principal.sub for s in sheets)
    assigned = principal.sub in queries.panel(tx, application_id) or wrote
    scope = confidentiality.read_scope(principal.roles, principal.sub, queries.agency(tx, app["cycle_id"]), assigned)
    superseded = {s["supersedes"]: s["review_id"] for s in sheets if s["supersedes"]}
    panel = set(queries.panel(tx, application_id))
    disqualified = queries.disqualified(tx, app["cycle_id"])
    out = []
    for sheet in confidentiality.visible(sheets, scope, principal.sub):
        current = sheet["review_id"] not in superseded
        counts = current and (sheet["reviewer_role"] == "third_party"
                              or (sheet["reviewer"] in panel and sheet["reviewer"] not in disqualified))
        out.append({k: sheet[k] for k in ("review_id", "stage", "reviewer", "reviewer_role", "outcome", "scores",
                                          "total", "conditions", "comments", "supersedes", "correction_reason",
                                          "recorded_at", "transcribed_by", "paper_reference")}
                   | {"superseded_by": superseded.get(sheet["review_id"]), "counts": counts})
    tx.audit("read reviews", target=application_id,
             detail={"scope": scope, "records": len(out), "as": sorted(principal.roles)})
    return {"application_id": application_id, "scope": scope, "reviews": out}


def read_results(tx, application_id, call):
    """Aggregated results, flags and the final score with its tilt line: third party, office and
    the cycle's supervision group."""
    app = queries.application(tx, application_id)
    principal = call.cycle_reader(tx, app["cycle_id"])
    scope = confidentiality.read_scope(principal.roles, principal.sub, queries.agency(tx, app["cycle_id"]),
                                       assigned=False)
    tx.audit("read results", target=application_id, detail={"scope": scope, "as": sorted(principal.roles)})
    return results.view(tx, app, queries.ruleset(tx, app["cycle_id"]))

