"""Opening and closing the four review stages of a cycle (Art. 15).

Opening publishes ``cycle.step_opened``. Closing completes the stage for every application
in it: a scored stage aggregates the sheets that count and publishes
``review.stage_completed``; an application under a hold is left ``pending_hold`` and
completes when the hold is released (docs/design.md, "Holds": a held subject cannot advance, the others
can); one with nothing to count is ``incomplete`` and drops out, reported to the third
party. A hold on the whole cycle refuses the close (409 naming the hold). Then
``cycle.step_closed``.
"""
from award_shared import holds

from . import queries, results, supervision
from .domain import confidentiality, progress, replica
from .domain import stages as stage_rules
from .tables import stages


def _authorise(tx, cycle_id, principal):
    if "office" not in principal.roles:
        confidentiality.check_agency_staff(principal.roles, principal.sub, queries.agency(tx, cycle_id))


def open_stage(tx, cycle_id, step, body, principal):
    """Open ``step`` for the cycle, after the stage before it closed (Art. 15)."""
    ruleset = queries.ruleset(tx, cycle_id)
    _authorise(tx, cycle_id, principal)
    stage_rules.check_can_open(ruleset, step, queries.stage_statuses(tx, cycle_id),
                               supervised=supervision.supervised(tx, cycle_id))
    now = tx.now()
    tx.session.execute(stages.insert().values(cycle_id=cycle_id, stage=step, status=stage_rules.OPEN,
                                              opened_at=now, opened_by=principal.sub))
    tx.publish("cycle.step_opened", subject=cycle_id, cycle_id=cycle_id,
               data={"cycle_id": cycle_id, "step": step, "at": now.isoformat()})
    tx.audit("stage.open", target=f"{cycle_id}/{step}", reason=body.get("reason"))
    return list_stages(tx, cycle_id)


def close_stage(tx, cycle_id, step, body, principal):
    """Close ``step`` for the cycle and complete it for each application in it (Art. 15)."""
    ruleset = queries.ruleset(tx, cycle_id)
    _authorise(tx, cycle_id, principal)
    stage_rules.check_can_close(step, queries.stage_statuses(tx, cycle_id))
    holds.guard(tx.session, cycle_id=cycle_id, step=step, subject=None)
    mode = stage_rules.stage_of(ruleset, step)["mode"]
    hold_rows = queries.active_holds(tx, cycle_id)
    summary = {progress.COMPLETED: [], progress.PENDING_HOLD: [], progress.INCOMPLETE: []}
    disqualified = queries.disqualified(tx, cycle_id) if mode == "scored" else None
    for app in queries.applications_of(tx, cycle_id):
        if replica.status(app) != replica.RECOMMENDED:
            continue
        found = queries.results_of(tx, app["application_id"])
        if not progress.may_enter(ruleset, found, step):
            continue
        if mode == "scored":
            status = results.complete_scored(tx, app, step, ruleset, hold_rows, disqualified=disqualified,
                                                 results=found)
        elif step in found:
            status = found[step]["status"]
        else:
            held = queries.held(hold_rows, step, app["application_id"])
            status = progress.PENDING_HOLD if held else progress.INCOMPLETE
            results.upsert(tx, app, step, status=status)
        summary[status].append(app["application_id"])
    now = tx.now()
    tx.session.execute(stages.update().where(stages.c.cycle_id == cycle_id, stages.c.stage == step)
                       .values(status=stage_rules.CLOSED, closed_at=now, closed_by=principal.sub))
    tx.publish("cycle.step_closed", subject=cycle_id, cycle_id=cycle_id,
               data={"cycle_id": cycle_id, "step": step, "at": now.isoformat()})
    for status, ids in summary.items():
        if ids and status != progress.COMPLETED:
            tx.transition(step, status, len(ids))
    tx.audit("stage.close", target=f"{cycle_id}/{step}", reason=body.get("reason"),
             detail={k: len(v) for k, v in summary.items()})
    return {"cycle_id": cycle_id, "stage": step, "status": stage_rules.CLOSED, "closed_at": now,
            "completed": summary[progress.COMPLETED], "pending_hold": summary[progress.PENDING_HOLD],
            "incomplete": summary[progress.INCOMPLETE]}


def list_stages(tx, cycle_id):
    ruleset = queries.ruleset(tx, cycle_id)
    rows = {r["stage"]: r for r in tx.session.execute(
        stages.select().where(stages.c.cycle_id == cycle_id)).mappings()}
    out = []
    for stage in stage_rules.stages_of(ruleset):
        row = rows.get(stage["step"])
        out.append({"stage": stage["step"], "name": stage["name"], "mode": stage["mode"],
                    "status": row["status"] if row else None,
                    "opened_at": row["opened_at"] if row else None,
                    "closed_at": row["closed_at"] if row else None})
    return {"cycle_id": cycle_id, "stages": out}
