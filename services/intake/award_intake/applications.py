"""Draft applications of units and individuals (Art. 3, 10-12, 14): created and changed by
their applicant inside the acceptance window, read by role (see :mod:`access`); and the one
write that moves an application along its lifecycle (:func:`move`)."""
import json
import uuid
from datetime import date

from award_shared import errors, tables

from . import queries, state
from .domain import access, districts, lifecycle, tilt
from .domain.forms import form_problems
from .tables import applications
from .domain.window import check_accepting
from .domain.winners import refuse_if_past_winner


#: a new draft: its keys, the form's columns (as ``_values`` gives them) and the person key
_INSERT = tables.Prepared(applications.insert(), columns=(
    "application_id", "cycle_id", "applicant_sub", "status", "created_at", "updated_at",
    *queries.FORM_COLUMNS, *queries.LIST_COLUMNS, "person_key"))
#: an application's status and columns changed: ``{"key_application_id": …, "status": …, …}``
UPDATE_APPLICATION = tables.KeyedUpdate(applications, "application_id")


def form_of(row):
    """The form as the rules read it: dates as dates, lists as lists."""
    form = {name: row[name] for name in queries.FORM_COLUMNS}
    for name in queries.LIST_COLUMNS:
        form[name] = json.loads(row[name])
    for incident in form["incidents"]:
        incident["occurred_on"] = date.fromisoformat(incident["occurred_on"])
    return form


def check_window(tx, cycle):
    check_accepting(tx.now(), queries.find_notice(tx, cycle["cycle_id"]), cycle["status"])


def _values(form, person_keys):
    values = {name: form.get(name) for name in queries.FORM_COLUMNS}
    for name in queries.LIST_COLUMNS:
        values[name] = json.dumps(form.get(name) or [], ensure_ascii=False, default=str)
    values["person_key"] = person_keys(form["resident_id"]) if form["kind"] == "individual" else None
    return values


def _validate(tx, cycle, form, approved, district_names):
    """The form against the cycle's rule set, its approved tilt ``approved`` (Art. 11; None: none
    approved yet) and its edition's ``district_names`` (Art. 3, 14)."""
    ruleset = queries.ruleset_of(cycle)
    problems = form_problems(form, ruleset, tx.clock.today_beijing(), approved)
    wrong_district = districts.district_problems(form, district_names)
    if wrong_district:
        raise errors.Invalid(
            {**problems, **wrong_district},
            f"申报所在区县（{form['district']}）不在本届济南市区县、功能区名单中：单位填登记注册地，个人填在本市从事质量工作的所在地"
            "（第三条、第十四条）",
            f"{form['district']} is not a district, county or functional zone of this edition's list "
            "(a unit: where it is registered; a person: where they do quality work) (Art. 3, 14)",
            article="Art. 3", code="unknown_district")
    refused = tilt.sme_claims_refused(approved or tilt.default_tilt(ruleset), form)
    if refused:
        raise errors.Invalid(
            problems, f"第十一条的适当倾斜（{'、'.join(refused)}）只面向中小型单位，申报表声明本单位不是中小型单位（第十一条）",
            f"Art. 11 tilts {', '.join(refused)} towards small and medium-sized units (中小型单位), "
            "and the form declares sme=false", article="Art. 11", code="not_sme")
    if problems:
        raise errors.Invalid(problems)


def _identity(values):
    """Whom Art. 6 asks about: a unit by its credit code, a person by person_key."""
    return values["credit_code"] if values["kind"] == "unit" else values["person_key"]


def _refuse_past_winner(tx, cycle, values):
    """Art. 6 as soon as the applicant is known — at the draft, not only at submission (the
    registry may still change before then, so submission checks again)."""
    refuse_if_past_winner(queries.records_for(tx, _identity(values)), queries.ruleset_of(cycle))


def create_draft(tx, cycle_id, form, principal, person_keys):
    """A new draft of ``principal`` (the applicant) in ``cycle_id``; a past winner is refused (Art. 6).

    One statement reads the cycle with its notice, approved tilt and the applicant's past awards
    (:func:`award_intake.state.for_draft`; the applicant is known from the form before any read);
    the refusals come in the order they always did. The row and the audit entry go with the
    ``COMMIT`` (``tx.write``), and the answer is the row as written, not read back."""
    values = _values(form, person_keys)
    found = state.for_draft(tx, cycle_id, _identity(values))
    cycle = found.cycle
    check_accepting(tx.now(), found.notice, cycle["status"])
    _validate(tx, cycle, form, found.tilt, queries.districts_of(tx, cycle, found.notice))
    refuse_if_past_winner(found.records, queries.ruleset_of(cycle))
    application_id = f"app-{cycle['edition']}-{uuid.uuid4().hex[:12]}"
    now = tx.now()
    row = dict(application_id=application_id, cycle_id=cycle_id, applicant_sub=principal.sub,
               status=lifecycle.INITIAL, created_at=now, updated_at=now, **values)
    tx.write(_INSERT, row)
    tx.audit("application.create", target=application_id, reason=form.get("reason"),
             detail={"cycle_id": cycle_id, "kind": form["kind"]})
    return queries.application_view(tx, dict(dict.fromkeys(applications.c.keys()), **row), principal)


def update_draft(tx, application_id, form, principal, person_keys):
    """The applicant replaces the form of a draft or returned application."""
    row = queries.load_application(tx, application_id)
    access.require_owner(principal, row)
    lifecycle.advance(row, "change")
    if form["kind"] != row["kind"]:
        raise errors.Invalid({"kind": [f"an application stays a {row['kind']} application"]})
    cycle = queries.load_cycle(tx, row["cycle_id"])
    check_window(tx, cycle)
    _validate(tx, cycle, form, queries.find_tilt(tx, cycle["cycle_id"]), queries.districts_of(tx, cycle))
    values = _values(form, person_keys)
    _refuse_past_winner(tx, cycle, values)
    tx.run(UPDATE_APPLICATION, dict(values, key_application_id=application_id, updated_at=tx.now()))
    tx.audit("application.update", target=application_id, reason=form.get("reason"))
    return queries.application_view(tx, queries.load_application(tx, application_id), principal)


def move(tx, application_id, status, now, **values):
    """Write the application's new ``status`` (what :func:`lifecycle.advance` answered) and the
    columns that go with it (on PostgreSQL with the transaction's next round trip: ``tx.write``)."""
    tx.write(UPDATE_APPLICATION, dict(values, key_application_id=application_id, status=status, updated_at=now))
