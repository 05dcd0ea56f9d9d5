"""Draft applications of units and individuals (Art. 3, 10-12, 14): created and changed by
their applicant inside the acceptance window, read by role (see :mod:`access`)."""
import json
import uuid
from datetime import date

import sqlalchemy as sa

from award_shared import errors

from . import registry, tilts
from .domain import access, lifecycle
from .cycles import load_cycle, ruleset_of
from .domain.dates import iso
from .domain.forms import form_problems
from .notices import find_notice
from .tables import applications, district_reviews, panels
from .domain.window import check_accepting
from .domain.winners import refuse_if_past_winner

_FORM_COLUMNS = ("kind", "name", "credit_code", "resident_id", "employer_name", "employer_credit_code",
                 "district", "sector", "main_business_since", "quality_work_since", "sme")
_LISTS = ("tilt_claims", "incidents", "declarations")


def load(tx, application_id):
    row = tx.session.execute(sa.select(applications).where(
        applications.c.application_id == application_id)).mappings().first()
    if row is None:
        raise errors.NotFound(f"未知的申报：{application_id}", f"unknown application {application_id}")
    return row


def experts_of(tx, application_id):
    text = tx.session.execute(sa.select(panels.c.expert_subjects).where(
        panels.c.application_id == application_id)).scalar()
    return json.loads(text) if text else []


def form_of(row):
    """The form as the rules read it: dates as dates, lists as lists."""
    form = {name: row[name] for name in _FORM_COLUMNS}
    for name in _LISTS:
        form[name] = json.loads(row[name])
    for incident in form["incidents"]:
        incident["occurred_on"] = date.fromisoformat(incident["occurred_on"])
    return form


def check_window(tx, cycle):
    check_accepting(tx.now(), find_notice(tx.session, cycle["cycle_id"]), cycle["status"])


def _values(form, person_keys):
    values = {name: form.get(name) for name in _FORM_COLUMNS}
    for name in _LISTS:
        values[name] = json.dumps(form.get(name) or [], ensure_ascii=False, default=str)
    values["person_key"] = person_keys(form["resident_id"]) if form["kind"] == "individual" else None
    return values


def _validate(tx, cycle, form):
    problems = form_problems(form, ruleset_of(cycle), tx.clock.today_beijing(),
                             tilts.find(tx.session, cycle["cycle_id"]))
    if problems:
        raise errors.Invalid(problems)


def _refuse_past_winner(tx, cycle, values):
    """Art. 6 as soon as the applicant is known — at the draft, not only at submission (the
    registry may still change before then, so submission checks again)."""
    identity = values["credit_code"] if values["kind"] == "unit" else values["person_key"]
    refuse_if_past_winner(registry.records_for(tx, identity), ruleset_of(cycle))


def create_draft(tx, cycle_id, form, principal, person_keys):
    """A new draft of ``principal`` (the applicant) in ``cycle_id``; a past winner is refused (Art. 6)."""
    cycle = load_cycle(tx, cycle_id)
    check_window(tx, cycle)
    _validate(tx, cycle, form)
    values = _values(form, person_keys)
    _refuse_past_winner(tx, cycle, values)
    application_id = f"app-{cycle['edition']}-{uuid.uuid4().hex[:12]}"
    now = tx.now()
    tx.session.execute(applications.insert().values(
        application_id=application_id, cycle_id=cycle_id, applicant_sub=principal.sub,
        status=lifecycle.DRAFT, created_at=now, updated_at=now, **values))
    tx.audit("application.create", target=application_id, reason=form.get("reason"),
             detail={"cycle_id": cycle_id, "kind": form["kind"]})
    return view(tx, load(tx, application_id), principal)


def update_draft(tx, application_id, form, principal, person_keys):
    """The applicant replaces the form of a draft or returned application."""
    row = load(tx, application_id)
    access.require_owner(principal, row)
    lifecycle.require_status(row, lifecycle.EDITABLE, "修改", "change it")
    if form["kind"] != row["kind"]:
        raise errors.Invalid({"kind": [f"an application stays a {row['kind']} application"]})
    cycle = load_cycle(tx, row["cycle_id"])
    check_window(tx, cycle)
    _validate(tx, cycle, form)
    values = _values(form, person_keys)
    _refuse_past_winner(tx, cycle, values)
    tx.session.execute(applications.update().where(applications.c.application_id == application_id)
                       .values(updated_at=tx.now(), **values))
    tx.audit("application.update", target=application_id, reason=form.get("reason"))
    return view(tx, load(tx, application_id), principal)


def read(tx, application_id, principal):
    row = load(tx, application_id)
    if not access.can_read(principal, row, experts_of(tx, application_id)):
        raise access.deny(principal, application_id)
    return view(tx, row, principal, with_reviews=True)


def list_for(tx, cycle_id, principal, status=None):
    """The applications of a cycle that ``principal`` may see."""
    load_cycle(tx, cycle_id)
    scope = access.list_scope(principal)
    query = sa.select(applications).where(applications.c.cycle_id == cycle_id)
    if scope[0] == "district":
        query = query.where(applications.c.district == scope[1])
    elif scope[0] == "applicant":
        query = query.where(applications.c.applicant_sub == scope[1])
    if status:
        query = query.where(applications.c.status == status)
    rows = tx.session.execute(query.order_by(applications.c.created_at, applications.c.application_id)).mappings().all()
    if scope[0] == "expert":
        rows = [r for r in rows if access.is_assigned_expert(principal, experts_of(tx, r["application_id"]))]
    return [view(tx, r, principal) for r in rows]


def view(tx, row, principal, with_reviews=False):
    out = {"application_id": row["application_id"], "cycle_id": row["cycle_id"], "status": row["status"],
           "step": lifecycle.STEP_OF[row["status"]], "applicant": row["applicant_sub"]}
    out.update({name: row[name] for name in _FORM_COLUMNS})
    out["resident_id"] = access.shown_resident_id(principal, row["resident_id"])
    out["person_key"] = row["person_key"]
    out.update({name: json.loads(row[name]) for name in _LISTS})
    for name in ("created_at", "updated_at", "submitted_at", "withdrawn_at", "withdrawal_reason",
                 "ineligible_article", "ineligible_reason"):
        out[name] = iso(row[name])
    if with_reviews:
        reviews = tx.session.execute(sa.select(district_reviews).where(
            district_reviews.c.application_id == row["application_id"]).order_by(district_reviews.c.id)).mappings()
        out["district_reviews"] = [{k: r[k] for k in ("decision", "district", "reviewer_sub", "signatory",
                                                      "opinion")} | {"reviewed_at": iso(r["reviewed_at"]),
                                                                     "tilt_confirmations": json.loads(
                                                                         r["tilt_confirmations"] or "[]")}
                                  for r in reviews]
    return out


def step_of(tx, subject):
    """The step an application stands at, for hold.applied; None if intake does not know it."""
    status = tx.session.execute(sa.select(applications.c.status).where(
        applications.c.application_id == subject)).scalar()
    return lifecycle.STEP_OF.get(status) if status else None
