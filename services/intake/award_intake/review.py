"""District preliminary review (初审, Art. 14) and withdrawal (Art. 14: applying is voluntary).
The qualification-review verdict that scoring sends back (Art. 15) is recorded in
:mod:`replicas`."""
import json

from award_shared import cycles, errors, events, holds, tables

from . import queries, state
from .applications import move
from .domain import access, districts, lifecycle, tilt
from .domain.window import check_recommending
from .tables import district_reviews

_INSERT_REVIEW = tables.Prepared(district_reviews.insert(), columns=(
    "application_id", "decision", "district", "reviewer_sub", "signatory", "opinion", "reviewed_at",
    "tilt_confirmations", "member_units", "workplace_confirmed"))


def district_review(tx, application_id, principal, body):
    """Recommend (``application.recommended``) or return; only the application's own
    district, before the recommendation deadline, and never while a hold covers it.

    One statement reads the application, its notice and Art. 27's rows (the kit's write refusal,
    asked here: ``art27_in_handler``); the holds' locks, then the holds, one each; the review's row
    and the application's new status go with the event's sequence or the ``COMMIT``."""
    found = state.for_review(tx, application_id)
    if found is None:  # Art. 27 first, as for every write; then the 404
        _refuse_disqualified(tx, state.disqualified(tx), principal)
        queries.load_application(tx, application_id)
    _refuse_disqualified(tx, found.disqualified, principal)
    row = found.row
    if principal.district != row["district"]:
        raise errors.Forbidden(
            f"只有申报所在区县（{row['district']}）的质量工作议事协调机构可以初审推荐（第十四条）",
            f"only a coordinator of {row['district']} may review this application (Art. 14)")
    recommend = body["decision"] == "recommend"
    status = lifecycle.advance(row, "recommend" if recommend else "return")
    check_recommending(tx.now(), (found.notice or {}).get("recommendation_deadline"))
    tx.lock_all(holds.transition_locks(row["cycle_id"], application_id))
    holds.refuse(state.active_holds(tx, row["cycle_id"]), "district_review", application_id)
    now = tx.now()
    claimed = [claim["kind"] for claim in json.loads(row["tilt_claims"])]
    workplace = districts.review_problems(row["kind"], body)
    if workplace:
        raise errors.Invalid(
            workplace, f"个人须在本市从事质量工作，推荐前须由区县确认其在{row['district']}的工作所在地（第三条）",
            f"Art. 3: {row['district']} confirms an individual's workplace in it before recommending; "
            "a unit's review has no such field", article="Art. 3", code="workplace_not_confirmed")
    problems = tilt.confirmation_problems(claimed, body["tilt_confirmations"])
    if problems:
        raise errors.Invalid(problems)
    confirmed = tilt.confirmed(claimed, body["tilt_confirmations"]) if recommend else []
    review = dict(
        application_id=application_id, decision=body["decision"], district=row["district"],
        reviewer_sub=principal.sub, signatory=body.get("signatory"), opinion=body["opinion"], reviewed_at=now,
        tilt_confirmations=json.dumps(body["tilt_confirmations"], ensure_ascii=False),
        member_units=json.dumps(body["member_units"], ensure_ascii=False),
        workplace_confirmed=body.get("workplace_confirmed"))
    tx.write(_INSERT_REVIEW, review)
    move(tx, application_id, status, now)
    if recommend:
        tx.publish(events.ApplicationRecommended(
            application_id=application_id, cycle_id=row["cycle_id"], district=row["district"],
            reviewer=body["signatory"], opinion=body["opinion"], recommended_at=now.isoformat(),
            tilt_confirmed=confirmed, applicant_sub=row["applicant_sub"]))  # the owner, should it win (Art. 21)
    tx.audit(f"application.{'recommend' if recommend else 'return'}", target=application_id,
             reason=body["opinion"], detail={"from": row["status"], "to": status, "signatory": body.get("signatory"),
                                             "member_units": body["member_units"],
                                             "workplace_confirmed": body.get("workplace_confirmed"),
                                             "tilt_claimed": claimed, "tilt_confirmed": confirmed})
    tx.transition("district_review", status)
    # the reviews before this one are read again only where there were any (a returned application reviewed anew)
    reviews = None if found.extra["reviews_before"] else [review]
    return queries.application_view(tx, state.moved(row, status, now), principal, with_reviews=True, reviews=reviews)


def _refuse_disqualified(tx, rows, principal):
    """Art. 27 on ``rows`` this call read itself: through the HTTP call (which then knows it was
    asked), or the same rule where a workflow runs without one (its tests)."""
    if tx.call is not None:
        tx.call.refuse_disqualified_writer(rows)
    else:
        cycles.refuse_disqualified(rows, principal)


def withdraw(tx, application_id, principal, reason):
    """The applicant withdraws; ``application.withdrawn`` tells the others."""
    row = queries.load_application(tx, application_id)
    access.require_owner(principal, row)
    status = lifecycle.advance(row, "withdraw")
    now = tx.now()
    move(tx, application_id, status, now, withdrawn_at=now, withdrawal_reason=reason)
    tx.publish(events.ApplicationWithdrawn(application_id=application_id, cycle_id=row["cycle_id"], reason=reason,
                                           withdrawn_at=now.isoformat()))
    tx.audit("application.withdraw", target=application_id, reason=reason,
             detail={"from": row["status"], "to": status})
    tx.transition("application", "withdrawn")
    return queries.application_view(tx, queries.load_application(tx, application_id), principal)
