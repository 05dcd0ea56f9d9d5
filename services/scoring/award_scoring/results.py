"""An application's results: stage scores computed from the score sheets that count, the
final score with its Art. 11 tilt line, and ``review.stage_completed`` (Art. 11, 15, 27).

Results are always computed from ``reviews`` (immutable score sheets) with the pure rules
of :mod:`award_scoring.domain.aggregation`; ``stage_results`` records what was published,
so that a recomputation after a disqualification or recusal publishes only what changed.
"""
from award_shared import events, tables

from . import queries
from .domain import aggregation, progress
from .domain.stages import CLOSED, scored_steps, stages_of, state_of
from .tables import stage_results

_RESULT_COLUMNS = ("cycle_id", "status", "outcome", "score", "detail", "computed_at")
_UPDATE = tables.Prepared(tables.keyed_update(stage_results, "application_id", "stage"),
                          columns=_RESULT_COLUMNS)
_INSERT = tables.Prepared(stage_results.insert(), columns=_RESULT_COLUMNS + ("application_id", "stage"))


class Closing:
    """What a stage close writes for a cycle's applications, kept to be written at once
    (:meth:`write`): the results known to have no row yet, in one multi-row INSERT, and the
    ``review.stage_completed`` events, staged with ``tx.publish_all`` — two to four statements for
    the cycle where each application took two or three (the events in the order they were made,
    so the outbox relays them as before)."""

    def __init__(self):
        self.results = []  # rows of _INSERT's columns
        self.events = []

    def write(self, tx):
        rows, self.results = self.results, []
        tx.insert_rows(stage_results, _INSERT.columns, rows)  # PostgreSQL: with the next round trip
        staged, self.events = self.events, []
        tx.publish_all(staged)


def stage_score(tx, app, step, ruleset, disqualified=None, pre=None):
    """One scored stage: the counted sheets aggregated as the rule set says (Art. 15, 27).
    ``pre``: the cycle's sheets and panels read at once (queries.CycleReviews), when closing."""
    if pre is None:
        sheets = queries.reviews_of(tx, app["application_id"], step)
        panel = queries.panel(tx, app["application_id"])
    else:
        sheets, panel = pre.reviews_of(app["application_id"], step), pre.panel(app["application_id"])
    if disqualified is None:
        disqualified = queries.disqualified(tx, app["cycle_id"])
    counted = aggregation.counted(sheets, disqualified=disqualified, panel=set(panel))
    result = aggregation.stage_result([r["total"] for r in counted], ruleset, app["kind"])
    result["experts"] = sorted(r["reviewer"] for r in counted)
    return result


def scorecard(tx, app, ruleset, *, disqualified=None, results=None, pre=None, tilt_rule=None):
    """Every scored stage, the tilt line and the final score (None until every weighted stage has one).
    ``disqualified``, ``results``, ``pre`` (queries.CycleReviews) and ``tilt_rule`` (queries.tilt):
    the cycle's and the application's, when the caller has them."""
    if disqualified is None:
        disqualified = queries.disqualified(tx, app["cycle_id"])
    per_stage = {step: stage_score(tx, app, step, ruleset, disqualified, pre) for step in scored_steps(ruleset)}
    if results is None:
        results = queries.results_of(tx, app["application_id"])
    qualification = results.get("qualification_review") or {}
    if tilt_rule is None:
        tilt_rule = queries.tilt(tx, app["cycle_id"], ruleset)
    tilt = aggregation.tilt(tilt_rule, app["kind"], app.get("tilt_claims") or [],
                            app.get("tilt_district_confirmed") or [],
                            (qualification.get("detail") or {}).get("tilts_confirmed") or [])
    final = aggregation.final(ruleset, {s: r["score"] for s, r in per_stage.items()}, tilt["points"])
    return {"stages": per_stage, "tilt": tilt, "final": final}


def record(tx, app, step, transition, before, *, outcome=None, score=None, detail=None, absent=False, closing=None):
    """Move the application's result at ``step`` from ``before`` (its recorded result, or None)
    by ``transition`` (:mod:`award_scoring.domain.progress`) and store it; the status it took.
    ``absent``: ``before`` was read in this transaction, so None means no row to update (one
    statement, not two); ``closing`` (a :class:`Closing`): such a new row is written with the
    stage close's others, at once."""
    status = progress.advance(before, transition, step)
    values = {"cycle_id": app["cycle_id"], "status": status, "outcome": outcome, "score": score,
              "detail": queries.dumps(detail) if detail is not None else None, "computed_at": tx.now()}
    if absent and before is None and closing is not None:
        closing.results.append(tuple(dict(values, application_id=app["application_id"], stage=step)[column]
                                     for column in _INSERT.columns))
    elif absent and before is None:
        tx.run(_INSERT, dict(values, application_id=app["application_id"], stage=step))
    elif not tx.run(_UPDATE, dict(values, key_application_id=app["application_id"], key_stage=step)):
        tx.run(_INSERT, dict(values, application_id=app["application_id"], stage=step))
    return status


def stage_completed(app, step, outcome, score, tilt_points=None, final=None):
    """``review.stage_completed`` for the application; ``final``: the last scored stage's final score."""
    fields = {"final": final} if final is not None else {}
    return events.ReviewStageCompleted(application_id=app["application_id"], cycle_id=app["cycle_id"],
                                       stage=step, outcome=outcome, aggregated_score=score,
                                       tilt_points=tilt_points, **fields)


def publish_completed(tx, app, step, outcome, score, ruleset, *, disqualified=None, results=None, pre=None,
                      tilt_rule=None, closing=None):
    """``review.stage_completed``; the last scored stage also carries the final score and its tilt line.
    ``closing`` (a :class:`Closing`): staged with the stage close's other events, at once."""
    final = None
    scored = scored_steps(ruleset)
    if scored and step == scored[-1] and outcome == progress.PASSED:
        final = scorecard(tx, app, ruleset, disqualified=disqualified, results=results, pre=pre,
                          tilt_rule=tilt_rule)["final"]
    tilt_points = final["tilt_points"] if final is not None else None
    event = stage_completed(app, step, outcome, score, tilt_points, final)
    if closing is not None:
        closing.events.append(event)
    else:
        tx.publish(event)
    tx.transition(step, outcome)


def _earlier(ruleset, step):
    steps = [s["step"] for s in stages_of(ruleset)]
    return steps[:steps.index(step)]


def complete_scored(tx, app, step, ruleset, hold_rows, *, disqualified=None, results=None, pre=None,
                    tilt_rule=None, closing=None):
    """Close a scored stage for one application: completed (published), pending a hold, or
    incomplete (no sheet counts). Returns the status recorded. A stage closing over a whole
    cycle passes the cycle's ``disqualified`` experts, the application's ``results``, the
    cycle's sheets and panels (``pre``: queries.CycleReviews) and its ``tilt_rule``, read
    already in this transaction, rather than have them read again per application, and its
    ``closing`` (:class:`Closing`): the new results and events written for the cycle at once."""
    if results is None:
        results = queries.results_of(tx, app["application_id"])
    absent = pre is not None  # results read in this transaction: None is no row
    before = results.get(step)
    waiting = any(results.get(s, {}).get("status") == progress.PENDING_HOLD for s in _earlier(ruleset, step))
    if waiting or queries.held(hold_rows, step, app["application_id"]):
        return record(tx, app, step, "hold", before, absent=absent, closing=closing)
    if disqualified is None:
        disqualified = queries.disqualified(tx, app["cycle_id"])
    result = stage_score(tx, app, step, ruleset, disqualified, pre)
    if result["counted"] == 0:
        status = record(tx, app, step, "drop", before, detail=result, absent=absent, closing=closing)
        tx.audit("result.incomplete", target=app["application_id"],
                 reason=f"no score sheet counts at {step}", detail={"stage": step})
        return status
    status = record(tx, app, step, "complete", before, outcome=progress.PASSED, score=result["score"], detail=result,
                    absent=absent, closing=closing)
    publish_completed(tx, app, step, progress.PASSED, result["score"], ruleset,
                      disqualified=disqualified, results=results, pre=pre, tilt_rule=tilt_rule, closing=closing)
    return status


def recompute_closed(tx, app, ruleset):
    """Recompute the published results of closed stages after an expert's sheets stopped
    counting (Art. 27, recusal); publish each that changed, audit every one. The last
    scored stage carries the final score, so it is published again whenever any stage changed."""
    statuses = queries.stage_statuses(tx, app["cycle_id"])
    results = queries.results_of(tx, app["application_id"])
    scored = scored_steps(ruleset)
    changed = set()
    for step in scored:
        before = results.get(step)
        if state_of(statuses, step) != CLOSED or progress.state_of(before) != progress.COMPLETED:
            continue
        result = stage_score(tx, app, step, ruleset)
        if result["score"] == before["score"]:
            continue
        tx.audit("result.recomputed", target=app["application_id"],
                 detail={"stage": step, "before": before["score"], "after": result["score"],
                         "experts_counted": result["experts"]})
        if result["counted"] == 0:
            record(tx, app, step, "void", before, detail=result)
            continue
        record(tx, app, step, "recompute", before, outcome=progress.PASSED, score=result["score"], detail=result)
        changed.add(step)
        if step != scored[-1]:
            publish_completed(tx, app, step, progress.PASSED, result["score"], ruleset)
    last = results.get(scored[-1]) if scored else None
    if changed and last is not None and last["status"] == progress.COMPLETED:
        score = stage_score(tx, app, scored[-1], ruleset)["score"]
        publish_completed(tx, app, scored[-1], progress.PASSED, score, ruleset)
    return changed


def complete_pending(tx, cycle_id):
    """After a release: complete, in stage order, what a hold kept pending (docs/design.md, "Holds")."""
    ruleset = queries.ruleset(tx, cycle_id)
    hold_rows = queries.active_holds(tx, cycle_id)
    pending_ids = queries.applications_with_result(tx, cycle_id, progress.PENDING_HOLD)
    done = []
    for application_id in sorted(pending_ids):
        app = queries.application(tx, application_id)
        for step in scored_steps(ruleset):
            result = queries.results_of(tx, application_id).get(step)
            if result is None or result["status"] != progress.PENDING_HOLD:
                continue
            status = complete_scored(tx, app, step, ruleset, hold_rows)
            if status == progress.PENDING_HOLD:
                break
            done.append({"application_id": application_id, "stage": step, "status": status})
    if done:
        tx.audit("results.completed_after_release", target=cycle_id, detail={"completed": done})
    return done


def view(tx, app, ruleset):
    """An application's results for staff: per stage (flags included), the tilt line, the final."""
    card = scorecard(tx, app, ruleset)
    recorded = queries.results_of(tx, app["application_id"])
    stages = {}
    for stage in stages_of(ruleset):
        step = stage["step"]
        row = recorded.get(step)
        entry = {"mode": stage["mode"], "status": row["status"] if row else None,
                 "outcome": row["outcome"] if row else None}
        if step in card["stages"]:
            entry.update(card["stages"][step])
        stages[step] = entry
    return {"application_id": app["application_id"], "kind": app["kind"], "stages": stages,
            "tilt": card["tilt"], "final": card["final"]}
