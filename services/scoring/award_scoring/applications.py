"""The applications as scoring knows them: a replica of intake's events (Art. 3, 14), the
view staff read (Art. 25: audited), and where each stands in the review.
"""
import sqlalchemy as sa

from award_shared import errors
from award_shared.store import driver
from award_shared.store.prepared import KeyedUpdate

from . import queries
from .domain import confidentiality, progress, replica
from .tables import applications, assignments, cycle_tilts

_UPDATE = KeyedUpdate(applications, "application_id")


def record_event(tx, event):
    """Apply ``application.submitted`` / ``recommended`` / ``withdrawn`` from intake, in any order.

    The usual case — the first event of an application scoring has not heard of — is one
    insert of the merged row; a later event reads the row under lock and merges into it."""
    data, at = event.data, event.time.isoformat()
    first = _stored(replica.merge(None, event.type, data, event.sequence, at))
    first.setdefault("tilt_claims", "[]")
    if driver.insert_if_absent(tx.session, applications, **first, updated_at=tx.now()):
        return  # nothing to merge with, and no seats to end
    current = queries.application(tx, data["application_id"], lock=True)
    changes = _stored(replica.merge(current, event.type, data, event.sequence, at))
    changes["updated_at"] = tx.now()
    _UPDATE.run(tx.session, dict(changes, key_application_id=data["application_id"]))
    if event.type == "application.withdrawn" and not current.get("withdrawn_at"):
        _end_seats(tx, data["application_id"], data["reason"])


def _stored(changes):
    """The merged values as the columns store them (lists and objects as JSON)."""
    for key in ("tilt_claims", "recommendation", "tilt_district_confirmed"):
        if key in changes:
            changes[key] = queries.dumps(changes[key])
    return changes


def record_tilt(tx, event):
    """``notice.published`` carries the cycle's tilt as the leading group approved it (Art. 7, 11, 13)."""
    data = event.data
    if data.get("tilt") is None:
        return
    driver.insert_if_absent(tx.session, cycle_tilts, cycle_id=data["cycle_id"],
                            tilt=queries.dumps(data["tilt"]), received_at=tx.now())


def _end_seats(tx, application_id, reason):
    """A withdrawn application frees its experts' seats (their load drops); audited."""
    ended = tx.session.execute(
        assignments.update().where(assignments.c.application_id == application_id,
                                   assignments.c.status == "active")
        .values(status="ended", ended_at=tx.now(), end_reason=f"application withdrawn: {reason}")).rowcount
    if ended:
        tx.audit("panel.ended", target=application_id, reason=reason, detail={"seats": ended})


def view(app, results=None):
    out = {k: app.get(k) for k in ("application_id", "cycle_id", "kind", "applicant_name", "credit_code",
                                   "employer_credit_code", "district", "sector", "tilt_claims", "tilt_district_confirmed",
                                   "submitted_at", "recommended_at", "recommendation", "withdrawn_at",
                                   "withdrawal_reason", "ineligible_article", "ineligible_reason")}
    out["status"] = replica.status(app)
    if results is not None:
        out["stages"] = {step: {"status": r["status"], "outcome": r["outcome"], "score": r["score"]}
                         for step, r in results.items()}
    return out


def step_of(tx, cycle_id, application_id):
    """The step ``application_id`` stands at here, for ``hold.applied`` (None if unknown or withdrawn)."""
    row = tx.session.execute(sa.select(applications).where(
        applications.c.application_id == application_id)).mappings().first()
    if row is None or row["cycle_id"] != cycle_id or row["withdrawn_at"]:
        return None
    return progress.next_step(queries.ruleset(tx, cycle_id), queries.results_of(tx, application_id))


def list_for(tx, cycle_id, call):
    """Every application of the cycle (third party and office), audited (Art. 25)."""
    queries.ruleset(tx, cycle_id)  # 404 for an unknown cycle
    principal = call.cycle_reader(tx, cycle_id)
    confidentiality.read_scope(principal.roles, principal.sub, queries.agency(tx, cycle_id), assigned=False)
    out = [view(a, queries.results_of(tx, a["application_id"])) for a in queries.applications_of(tx, cycle_id)]
    tx.audit("read applications", target=cycle_id, detail={"count": len(out)})
    return {"applications": out}


def read(tx, application_id, call):
    """One application: the third party, the office, or an expert on its panel (Art. 25); audited."""
    app = queries.application(tx, application_id)
    principal = call.cycle_reader(tx, app["cycle_id"])
    assigned = principal.sub in queries.panel(tx, application_id)
    confidentiality.read_scope(principal.roles, principal.sub, queries.agency(tx, app["cycle_id"]), assigned)
    tx.audit("read application", target=application_id)
    return view(app, queries.results_of(tx, application_id))


def require_reviewable(app):
    """Refuse work on an application that is withdrawn, failed qualification or was never
    recommended by its district (Art. 14, 15)."""
    status = replica.status(app)
    if status == replica.WITHDRAWN:
        raise errors.RuleViolation("该申报已撤回（第十四条：在自愿的基础上申报）",
                                   "the application was withdrawn (Art. 14: applying is voluntary)",
                                   article="Art. 14", code="withdrawn")
    if status == replica.INELIGIBLE:
        raise errors.RuleViolation(
            f"该申报资格审查未通过（{app['ineligible_article']}），不再评审（第十五条）",
            f"the application failed the qualification review ({app['ineligible_article']}) (Art. 15)",
            article="Art. 15", code="ineligible")
    if status != replica.RECOMMENDED:
        raise errors.RuleViolation("该申报尚未经区县推荐，不能进入评审（第十四条）",
                                   "the application has not been recommended by its district (Art. 14)",
                                   article="Art. 14", code="not_recommended")
