"""Submitting an application (Art. 6, 10, 12, 14): the conditions a machine can decide are
decided here, against the cycle's rule set and the notice's deadline; a failing
submission is refused with the article and item, and the draft stays a draft."""


from award_shared import errors, events, holds

from . import queries, state
from .domain import access, districts, eligibility, lifecycle
from .applications import form_of, move
from .domain.dates import beijing_day
from .domain.window import check_accepting
from .domain.winners import refuse_if_past_winner

#: Art. 14: 《申报表》 and 《自我评价报告》 must be attached; evidence as the applicant sees fit.
REQUIRED_DOCUMENTS = {"application_form": "《济南市市长质量奖申报表》", "self_evaluation": "《自我评价报告》"}


def submit(tx, application_id, principal, reason=None):
    """Submit; publishes ``application.submitted`` (no resident ID number: person_key).

    Three statements read what it is judged by (:mod:`award_intake.state`): the application with
    its cycle, notice, documents and past awards; the locks (the holds', and the applicant's, so
    two submissions of one applicant do not both find the other absent); then, under them, the
    holds and the applicant's other application. The refusals come in the order they always did."""
    found = state.for_submission(tx, application_id)
    row, cycle = found.row, found.cycle
    access.require_owner(principal, row)
    status = lifecycle.advance(row, "submit")
    check_accepting(tx.now(), found.notice, cycle["status"])
    identity = row["credit_code"] or row["person_key"]
    tx.lock_all(holds.transition_locks(row["cycle_id"], application_id)
                + [(f"intake-applicant|{row['cycle_id']}|{identity}", False)])
    hold_rows, other = state.after_locks(tx, row, identity)
    holds.refuse(hold_rows, "application", application_id)
    ruleset = queries.ruleset_of(cycle)
    refuse_if_past_winner(found.records if identity else [], ruleset)
    deadline_day = beijing_day(found.notice["deadline"])
    form = form_of(row)
    failures = (eligibility.machine_failures(row["kind"], form, ruleset, deadline_day)
                + eligibility.declaration_failures(row["kind"], form, ruleset))
    eligibility.refuse(failures)
    _require_documents(found.kinds, found.evidence, ruleset, row["kind"])
    _refuse_duplicate(other)
    now = tx.now()
    move(tx, application_id, status, now, submitted_at=now)
    tx.publish(submitted(row, form, now))
    tx.audit("application.submit", target=application_id, reason=reason,
             detail={"from": row["status"], "to": status})
    tx.transition("application", "submitted")
    return queries.application_view(tx, state.moved(row, status, now, submitted_at=now), principal)


def submitted(row, form, now):
    """``application.submitted``: a unit by its credit code, a person by person_key and employer."""
    identity = ({"credit_code": row["credit_code"]} if row["kind"] == "unit" else
                {"person_key": row["person_key"], "employer_credit_code": row["employer_credit_code"]})
    return events.ApplicationSubmitted(
        application_id=row["application_id"], cycle_id=row["cycle_id"], kind=row["kind"],
        applicant_name=row["name"], district=row["district"], sector=row["sector"],
        tilt_claims=[claim["kind"] for claim in form["tilt_claims"]], submitted_at=now.isoformat(), **identity)


def _require_documents(kinds, evidence_keys, ruleset, applicant_kind):
    """Art. 14: the form, the self-evaluation report and the evidence (证明材料) of each kind the
    rule set lists (an evidence document whose ``relates_to`` is the kind's key)."""
    missing = [kind for kind in REQUIRED_DOCUMENTS if kind not in kinds]
    evidence = districts.missing_evidence(ruleset, applicant_kind, evidence_keys)
    if missing or evidence:
        names = [REQUIRED_DOCUMENTS[k] for k in missing] + [f"证明材料“{e['name']}”" for e in evidence]
        fields = {"documents": missing} if missing else {}
        if evidence:
            fields["evidence"] = [e["key"] for e in evidence]
        raise errors.RuleViolation(
            "申报须提交" + "、".join(names) + "（第十四条）",
            "an application needs its " + " and ".join(missing + [f"evidence '{e['key']}'" for e in evidence])
            + " documents (Art. 14)", article="Art. 14", code="documents_missing", fields=fields)


def _refuse_duplicate(other):
    """Art. 6 (one application an applicant a cycle): ``other``, the applicant's other live
    application in the cycle, read under the applicant's lock."""
    if other is not None:
        raise errors.Conflict(f"同一申报者本届已有申报 {other}，不能重复申报",
                              f"this applicant already has application {other} in this cycle",
                              code="duplicate_application", fields={"application_id": [other]})
