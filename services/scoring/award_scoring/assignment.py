"""Panels: assigning experts to applications, recusal and re-assignment (Art. 8, 25, 27).

Every change of a panel is published as ``panel.assigned`` with the panel as it now
stands, so intake serves the application's material to exactly those experts (Art. 25).
"""
from award_shared import errors, events, holds

from . import candidates, queries, results
from .domain import confidentiality, panels, progress, replica
from .domain import stages as stage_rules
from .tables import assignments


def _insert_seats(tx, app, subjects, mode, actor):
    now = tx.now()
    seats = [dict(application_id=app["application_id"], cycle_id=app["cycle_id"], expert_subject=subject,
                  status="active", mode=mode, assigned_at=now, assigned_by=actor) for subject in subjects]
    if seats:  # one statement for the panel's seats
        tx.run(assignments.insert(), seats)


def fill(tx, app, ruleset, *, requested=(), mode="auto", actor, experts=None, loads=None):
    """Fill the panel up to the rule set's size: the hand-picked experts first (each checked,
    Art. 8, 25, 27), then the least-loaded eligible ones. Returns the subjects added.

    ``experts`` and ``loads`` (expert -> active seats in the cycle) may be passed in by a caller
    filling many panels, which reads them once; ``loads`` is then kept up to date in place."""
    size = ruleset["review"]["panel_size"]
    experts = queries.experts_of(tx, app["cycle_id"]) if experts is None else experts
    panel = queries.panel(tx, app["application_id"])
    excluded = queries.left_panel(tx, app["application_id"])
    if requested:
        panels.check_manual(app, {e["subject"]: e for e in experts}, list(requested), size, panel, excluded)
    loads = queries.loads(tx, app["cycle_id"]) if loads is None else loads
    for subject in requested:
        loads[subject] = loads.get(subject, 0) + 1
    rest = panels.choose(app, experts, loads, size, panel=list(panel) + list(requested), excluded=excluded)
    for subject in rest:
        loads[subject] = loads.get(subject, 0) + 1
    _insert_seats(tx, app, requested, "manual", actor)
    _insert_seats(tx, app, rest, mode, actor)
    return list(requested) + rest


def publish_panel(tx, app):
    """``panel.assigned`` with the whole panel as it stands; an empty panel cannot be published
    (the schema wants at least one expert), so that case is audited instead."""
    panel = queries.panel(tx, app["application_id"])
    if not panel:
        tx.audit("panel.empty", target=app["application_id"],
                 reason="no expert left on the panel; panel.assigned cannot name an empty panel")
        return None
    return tx.publish(events.PanelAssigned(application_id=app["application_id"], cycle_id=app["cycle_id"],
                                           expert_subjects=panel, sector=app["sector"]))


def _current_step(tx, app, ruleset):
    return progress.next_step(ruleset, queries.results_of(tx, app["application_id"]))


def assign(tx, application_id, body, principal):
    """Assign the panel of one application, automatically or by hand (Art. 8)."""
    app = queries.application(tx, application_id, lock=True)
    confidentiality.check_agency_staff(principal.roles, principal.sub, queries.agency(tx, app["cycle_id"]))
    replica.require_reviewable(app)
    ruleset = queries.ruleset(tx, app["cycle_id"])
    holds.guard(tx.session, cycle_id=app["cycle_id"], step=_current_step(tx, app, ruleset), subject=application_id)
    size = ruleset["review"]["panel_size"]
    if len(queries.panel(tx, application_id)) >= size:
        raise errors.RuleViolation(
            f"该申报的评审组已满 {size} 人（第八条）；如需更换专家，请先办理回避",
            f"the panel already has its {size} experts (Art. 8); record a recusal to change it",
            article="Art. 8", code="panel_complete")
    added = fill(tx, app, ruleset, requested=body.get("experts") or (), mode="auto", actor=principal.sub)
    publish_panel(tx, app)
    tx.audit("panel.assign", target=application_id, reason=body.get("reason"),
             detail={"mode": body.get("mode", "auto"), "added": added})
    return panel_view(tx, application_id)


def assign_all(tx, cycle_id, body, principal):
    """Give every recommended application of the cycle that lacks experts its panel (Art. 8)."""
    ruleset = queries.ruleset(tx, cycle_id)
    confidentiality.check_agency_staff(principal.roles, principal.sub, queries.agency(tx, cycle_id))
    hold_rows = queries.active_holds(tx, cycle_id)
    size = ruleset["review"]["panel_size"]
    experts, loads = queries.experts_of(tx, cycle_id), queries.loads(tx, cycle_id)  # once, not per application
    done, skipped = [], []
    for app in queries.applications_of(tx, cycle_id):
        if not replica.reviewable(app):
            continue
        if len(queries.panel(tx, app["application_id"])) >= size:
            continue
        if queries.held(hold_rows, _current_step(tx, app, ruleset), app["application_id"]):
            skipped.append({"application_id": app["application_id"], "reason": "under a hold"})
            continue
        try:
            added = fill(tx, app, ruleset, actor=principal.sub, experts=experts, loads=loads)
        except errors.RuleViolation as refusal:
            skipped.append({"application_id": app["application_id"], "reason": refusal.message_en})
            continue
        publish_panel(tx, app)
        done.append({"application_id": app["application_id"], "added": added})
    tx.audit("panel.assign_all", target=cycle_id, reason=body.get("reason"),
             detail={"assigned": len(done), "skipped": skipped})
    return {"assigned": done, "skipped": skipped}


def panel_view(tx, application_id, only=None):
    seats = queries.seats(tx, application_id)
    if only is not None:
        seats = [s for s in seats if s["expert_subject"] == only]
    return {"application_id": application_id,
            "panel": [s["expert_subject"] for s in seats if s["status"] == "active"] if only is None else None,
            "seats": [{k: s[k] for k in ("expert_subject", "status", "mode", "assigned_at", "assigned_by",
                                         "ended_at", "end_reason")} for s in seats]}


def read_panel(tx, application_id, call):
    """The panel: third party and office see it whole; an expert on it sees its own seat (Art. 25)."""
    app = queries.application(tx, application_id)
    principal = call.cycle_reader(tx, app["cycle_id"])
    assigned = principal.sub in queries.panel(tx, application_id)
    scope = confidentiality.read_scope(principal.roles, principal.sub, queries.agency(tx, app["cycle_id"]), assigned)
    tx.audit("read panel", target=application_id)
    return panel_view(tx, application_id, only=None if scope == confidentiality.ALL else principal.sub)


def my_assignments(tx, principal):
    """An expert's own assignments, across cycles — nothing of anyone else's (Art. 25)."""
    out = []
    for seat in queries.seats_of_expert(tx, principal.sub):
        app = queries.application(tx, seat["application_id"])
        out.append({"application_id": seat["application_id"], "cycle_id": seat["cycle_id"],
                    "applicant_name": app["applicant_name"], "kind": app["kind"], "sector": app["sector"],
                    "status": seat["status"], "assigned_at": seat["assigned_at"]})
    tx.audit("read own assignments", target=principal.sub, detail={"count": len(out)})
    return {"assignments": out}


def recuse(tx, application_id, body, principal):
    """An expert steps down from an application (a procedure of this suite; a conflict is Art. 25's
    objectivity and independence): its scores stop counting, results
    already published are recomputed, and its seat is filled again."""
    app = queries.application(tx, application_id, lock=True)
    agency = queries.agency(tx, app["cycle_id"])
    by_agency = "third_party" in principal.roles and agency is not None and principal.sub in agency["staff_subjects"]
    if by_agency:
        subject = body.get("expert_subject")
        if not subject:
            raise errors.Invalid({"expert_subject": ["name the expert who recuses"]})
    elif "expert" in principal.roles:
        subject = principal.sub
        if body.get("expert_subject") not in (None, subject):
            # recusal is this suite's procedure (docs/design.md): the Measures name none
            raise errors.Forbidden("按本评审系统的规则，专家只能为本人申请回避",
                                   "under this suite's rule an expert may recuse only itself",
                                   code="recuse_only_self")
    else:
        confidentiality.check_agency_staff(principal.roles, principal.sub, agency)
    if subject not in queries.panel(tx, application_id):
        raise errors.Conflict(f"专家 {subject} 不在该申报的评审组中", f"expert {subject} is not on this panel",
                              code="not_on_panel")
    end_seat(tx, application_id, subject, "recused", body["reason"])
    tx.audit("panel.recusal", target=application_id, reason=body["reason"], detail={"expert": subject})
    after_leaving(tx, app, actor=principal.sub)
    # the panel's composition is the agency's to see; an expert who stepped down, its own seat (the access design)
    return panel_view(tx, application_id, only=None if by_agency else subject)


def end_seat(tx, application_id, subject, status, reason):
    return tx.run(assignments.update().where(
        assignments.c.application_id == application_id, assignments.c.expert_subject == subject,
        assignments.c.status == "active").values(status=status, ended_at=tx.now(), end_reason=reason))


def after_leaving(tx, app, *, actor):
    """An expert left the panel (recused or disqualified): recompute what was published,
    re-open the seat for the stages still to come, publish the panel. All audited."""
    ruleset = queries.ruleset(tx, app["cycle_id"])
    if results.recompute_closed(tx, app, ruleset):
        candidates.mark_stale_if_changed(tx, app["cycle_id"], f"results of {app['application_id']} changed "
                                                              f"after the list: an expert's sheets stopped counting")
    statuses = queries.stage_statuses(tx, app["cycle_id"])
    unfinished = any(stage_rules.state_of(statuses, step) != stage_rules.CLOSED
                     for step in stage_rules.scored_steps(ruleset))
    if replica.reviewable(app) and unfinished:
        step = _current_step(tx, app, ruleset)
        if queries.held(queries.active_holds(tx, app["cycle_id"]), step, app["application_id"]):
            tx.audit("panel.reassignment_deferred", target=app["application_id"],
                     reason=f"under a hold at {step}; the third party assigns after the release")
        else:
            try:
                added = fill(tx, app, ruleset, mode="reassignment", actor=actor)
                tx.audit("panel.reassign", target=app["application_id"], detail={"added": added})
            except errors.RuleViolation as refusal:
                tx.audit("panel.reassignment_open", target=app["application_id"], reason=refusal.message_en,
                         detail=refusal.fields)
    publish_panel(tx, app)
