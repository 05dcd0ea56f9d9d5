"""Submitting an application (Art. 6, 10, 12, 14): the conditions a machine can decide are
decided here, against the cycle's rule set and the notice's deadline; a failing
submission is refused with the article and item, and the draft stays a draft."""
import sqlalchemy as sa

from award_shared import errors, holds
from award_shared.store import driver
from award_shared.store.prepared import Prepared

from . import queries
from .domain import access, eligibility, lifecycle
from .applications import check_window, form_of
from .domain.dates import beijing_day
from .tables import applications, documents
from .domain.winners import refuse_if_past_winner

#: Art. 14: 《申报表》 and 《自我评价报告》 must be attached; evidence as the applicant sees fit.
REQUIRED_DOCUMENTS = {"application_form": "《济南市市长质量奖申报表》", "self_evaluation": "《自我评价报告》"}
_DOCUMENT_KINDS = Prepared(sa.select(documents.c.kind).where(documents.c.application_id == sa.bindparam("application_id")))
LIVE = (lifecycle.SUBMITTED, lifecycle.RETURNED, lifecycle.RECOMMENDED)


def submit(tx, application_id, principal, reason=None):
    """Submit; publishes ``application.submitted`` (no resident ID number: person_key)."""
    row = queries.load_application(tx, application_id)
    access.require_owner(principal, row)
    lifecycle.require_status(row, lifecycle.EDITABLE, "提交", "submit it")
    cycle = queries.load_cycle(tx, row["cycle_id"])
    check_window(tx, cycle)
    holds.guard(tx.session, cycle_id=row["cycle_id"], step="application", subject=application_id)
    ruleset = queries.ruleset_of(cycle)
    identity = row["credit_code"] or row["person_key"]
    refuse_if_past_winner(queries.records_for(tx, identity), ruleset)
    deadline_day = beijing_day(queries.find_notice(tx.session, row["cycle_id"])["deadline"])
    form = form_of(row)
    failures = (eligibility.machine_failures(row["kind"], form, ruleset, deadline_day)
                + eligibility.declaration_failures(row["kind"], form, ruleset))
    eligibility.refuse(failures)
    _require_documents(tx, application_id)
    _refuse_duplicate(tx, row, identity)
    now = tx.now()
    queries.UPDATE_APPLICATION.run(tx.session, {"key_application_id": application_id, "status": lifecycle.SUBMITTED,
                                                "submitted_at": now, "updated_at": now})
    tx.publish("application.submitted", subject=application_id, cycle_id=row["cycle_id"],
               data=submitted_data(row, form, now))
    tx.audit("application.submit", target=application_id, reason=reason,
             detail={"from": row["status"], "to": lifecycle.SUBMITTED})
    tx.transition("application", "submitted")
    return queries.application_view(tx, queries.load_application(tx, application_id), principal)


def submitted_data(row, form, now):
    data = {"application_id": row["application_id"], "cycle_id": row["cycle_id"], "kind": row["kind"],
            "applicant_name": row["name"], "district": row["district"], "sector": row["sector"],
            "tilt_claims": [claim["kind"] for claim in form["tilt_claims"]], "submitted_at": now.isoformat()}
    if row["kind"] == "unit":
        data["credit_code"] = row["credit_code"]
    else:
        data.update(person_key=row["person_key"], employer_credit_code=row["employer_credit_code"])
    return data


def _require_documents(tx, application_id):
    kinds = {row["kind"] for row in _DOCUMENT_KINDS.all(tx.session, {"application_id": application_id})}
    missing = [kind for kind in REQUIRED_DOCUMENTS if kind not in kinds]
    if missing:
        raise errors.RuleViolation(
            "申报须提交" + "、".join(REQUIRED_DOCUMENTS[k] for k in missing) + "（第十四条）",
            "an application needs its " + " and ".join(missing) + " documents (Art. 14)",
            article="Art. 14", code="documents_missing", fields={"documents": missing})


def same_applicant(column):
    """The cycle's other live (or ineligible) application of one applicant, by ``column``."""
    return Prepared(sa.select(applications.c.application_id).where(
        applications.c.cycle_id == sa.bindparam("cycle_id"), column == sa.bindparam("identity"),
        sa.or_(*(applications.c.status == status for status in LIVE + (lifecycle.INELIGIBLE,))),
        applications.c.application_id != sa.bindparam("application_id")))


#: a unit by its credit code, a person by the key of their resident ID
SAME_APPLICANT = {"unit": same_applicant(applications.c.credit_code),
                  "individual": same_applicant(applications.c.person_key)}


def _refuse_duplicate(tx, row, identity):
    # two submissions for the same applicant at once must not both find the other absent
    driver.advisory_lock(tx.session, f"intake-applicant|{row['cycle_id']}|{identity}")
    found = SAME_APPLICANT["unit" if row["kind"] == "unit" else "individual"].first(tx.session, {
        "cycle_id": row["cycle_id"], "identity": identity, "application_id": row["application_id"]})
    if found is not None:
        other = found["application_id"]
        raise errors.Conflict(f"同一申报者本届已有申报 {other}，不能重复申报",
                              f"this applicant already has application {other} in this cycle",
                              code="duplicate_application", fields={"application_id": [other]})
