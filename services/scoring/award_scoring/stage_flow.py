"""Opening and closing the four review stages of a cycle (Art. 15), on the state machines of
:mod:`award_scoring.domain.stages` (the stage: pending → open → closed) and
:mod:`award_scoring.domain.progress` (each application's result at the stage).

Opening publishes ``cycle.step_opened``. Closing completes the stage for every application
in it: a scored stage aggregates the sheets that count and publishes
``review.stage_completed``; an application under a hold is left ``pending_hold`` and
completes when the hold is released (docs/design.md, "Holds": a held subject cannot advance, the others
can); one with nothing to count is ``incomplete`` and drops out, reported to the third
party. A hold on the whole cycle refuses the close (409 naming the hold). Then
``cycle.step_closed``.
"""
from award_shared import events, holds, tables

from . import queries, results
from .domain import confidentiality, progress, replica
from .domain import stages as stage_rules
from .tables import stages

_CLOSE = tables.KeyedUpdate(stages, "cycle_id", "stage")  # PostgreSQL: with the next round trip (tx.write)


def _authorise(tx, cycle_id, principal):
    if "office" not in principal.roles:
        confidentiality.check_agency_staff(principal.roles, principal.sub, queries.agency(tx, cycle_id))


def open_stage(tx, cycle_id, step, body, principal):
    """Open ``step`` for the cycle, after the stage before it closed (Art. 15)."""
    ruleset = queries.ruleset(tx, cycle_id)
    _authorise(tx, cycle_id, principal)
    status = stage_rules.advance(ruleset, step, queries.stage_statuses(tx, cycle_id), "open",
                                 supervised=queries.supervised(tx, cycle_id))
    now = tx.now()
    tx.run(stages.insert().values(cycle_id=cycle_id, stage=step, status=status, opened_at=now,
                                  opened_by=principal.sub))
    tx.publish(events.CycleStepOpened(cycle_id=cycle_id, step=step, at=now.isoformat()))
    tx.audit("stage.open", target=f"{cycle_id}/{step}", reason=body.get("reason"))
    return list_stages(tx, cycle_id)


def close_stage(tx, cycle_id, step, body, principal):
    """Close ``step`` for the cycle and complete it for each application in it (Art. 15)."""
    ruleset = queries.ruleset(tx, cycle_id)
    _authorise(tx, cycle_id, principal)
    status = stage_rules.advance(ruleset, step, queries.stage_statuses(tx, cycle_id), "close")
    holds.guard(tx.session, cycle_id=cycle_id, step=step, subject=None)
    summary = {progress.COMPLETED: [], progress.PENDING_HOLD: [], progress.INCOMPLETE: []}
    closing = results.Closing()
    for application_id, outcome in _complete_each(tx, cycle_id, step, ruleset, closing):
        summary[outcome].append(application_id)
    closing.write(tx)  # the new results in one INSERT, the events' sequences and outbox rows in one each
    now = tx.now()
    tx.write(_CLOSE, {"key_cycle_id": cycle_id, "key_stage": step, "status": status, "closed_at": now,
                      "closed_by": principal.sub})
    tx.publish(events.CycleStepClosed(cycle_id=cycle_id, step=step, at=now.isoformat()))
    for outcome, ids in summary.items():
        if ids and outcome != progress.COMPLETED:
            tx.transition(step, outcome, len(ids))
    tx.audit("stage.close", target=f"{cycle_id}/{step}", reason=body.get("reason"),
             detail={k: len(v) for k, v in summary.items()})
    return {"cycle_id": cycle_id, "stage": step, "status": status, "closed_at": now,
            "completed": summary[progress.COMPLETED], "pending_hold": summary[progress.PENDING_HOLD],
            "incomplete": summary[progress.INCOMPLETE]}


def _complete_each(tx, cycle_id, step, ruleset, closing):
    """Each application in the closing stage, with the status its result took (or kept)."""
    mode = stage_rules.stage_of(ruleset, step)["mode"]
    hold_rows = queries.active_holds(tx, cycle_id)
    disqualified = queries.disqualified(tx, cycle_id) if mode == "scored" else None
    scored = stage_rules.scored_steps(ruleset)
    # set-based reads: the cycle's results, sheets and panels in three statements, not per application
    # (the last scored stage also reads the earlier ones' sheets: it publishes the final score)
    steps = (scored if step == scored[-1] else [step]) if mode == "scored" else []
    pre = queries.CycleReviews(tx, cycle_id, steps)
    tilt_rule = queries.tilt(tx, cycle_id, ruleset) if mode == "scored" else None
    for app in queries.applications_of(tx, cycle_id):
        if not replica.reviewable(app):
            continue
        found = pre.results_of(app["application_id"])
        if not progress.may_enter(ruleset, found, step):
            continue
        before = found.get(step)
        if mode == "scored":
            status = results.complete_scored(tx, app, step, ruleset, hold_rows, disqualified=disqualified,
                                             results=found, pre=pre, tilt_rule=tilt_rule, closing=closing)
        elif before is not None:  # decided while the stage was open
            status = progress.state_of(before)
        elif queries.held(hold_rows, step, app["application_id"]):
            status = results.record(tx, app, step, "hold", before, absent=True, closing=closing)
        else:
            status = results.record(tx, app, step, "drop", before, absent=True, closing=closing)
        yield app["application_id"], status


def list_stages(tx, cycle_id):
    ruleset = queries.ruleset(tx, cycle_id)
    rows = queries.stage_rows(tx, cycle_id)
    out = []
    for stage in stage_rules.stages_of(ruleset):
        row = rows.get(stage["step"])
        out.append({"stage": stage["step"], "name": stage["name"], "mode": stage["mode"],
                    "status": row["status"] if row else None,
                    "opened_at": row["opened_at"] if row else None,
                    "closed_at": row["closed_at"] if row else None})
    return {"cycle_id": cycle_id, "stages": out}
