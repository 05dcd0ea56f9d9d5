"""District preliminary review (初审, Art. 14), withdrawal (Art. 14: applying is voluntary)
and the qualification-review verdict that scoring sends back (Art. 15)."""
import json
import logging

from award_shared import errors, holds
from award_shared.store.prepared import Prepared

from .domain import access, lifecycle, tilt
from . import queries
from .tables import district_reviews
from .domain.window import check_recommending

log = logging.getLogger(__name__)

_INSERT_REVIEW = Prepared(district_reviews.insert(), columns=(
    "application_id", "decision", "district", "reviewer_sub", "signatory", "opinion", "reviewed_at",
    "tilt_confirmations"))


def district_review(tx, application_id, principal, body):
    """Recommend (``application.recommended``) or return; only the application's own
    district, before the recommendation deadline, and never while a hold covers it."""
    row = queries.load_application(tx, application_id)
    if principal.district != row["district"]:
        raise errors.Forbidden(
            f"只有申报所在区县（{row['district']}）的质量工作议事协调机构可以初审推荐（第十四条）",
            f"only a coordinator of {row['district']} may review this application (Art. 14)")
    lifecycle.require_status(row, (lifecycle.SUBMITTED,), "初审", "review it")
    check_recommending(tx.now(), queries.find_notice(tx.session, row["cycle_id"])["recommendation_deadline"])
    holds.guard(tx.session, cycle_id=row["cycle_id"], step="district_review", subject=application_id)
    now = tx.now()
    recommend = body["decision"] == "recommend"
    status = lifecycle.RECOMMENDED if recommend else lifecycle.RETURNED
    claimed = [claim["kind"] for claim in json.loads(row["tilt_claims"])]
    problems = tilt.confirmation_problems(claimed, body["tilt_confirmations"])
    if problems:
        raise errors.Invalid(problems)
    confirmed = tilt.confirmed(claimed, body["tilt_confirmations"]) if recommend else []
    _INSERT_REVIEW.run(tx.session, dict(
        application_id=application_id, decision=body["decision"], district=row["district"],
        reviewer_sub=principal.sub, signatory=body.get("signatory"), opinion=body["opinion"], reviewed_at=now,
        tilt_confirmations=json.dumps(body["tilt_confirmations"], ensure_ascii=False)))
    _move(tx, application_id, status, now)
    if recommend:
        tx.publish("application.recommended", subject=application_id, cycle_id=row["cycle_id"], data={
            "application_id": application_id, "cycle_id": row["cycle_id"], "district": row["district"],
            "reviewer": body["signatory"], "opinion": body["opinion"], "recommended_at": now.isoformat(),
            "tilt_confirmed": confirmed})
    tx.audit(f"application.{'recommend' if recommend else 'return'}", target=application_id,
             reason=body["opinion"], detail={"from": row["status"], "to": status, "signatory": body.get("signatory"),
                                             "tilt_claimed": claimed, "tilt_confirmed": confirmed})
    tx.transition("district_review", status)
    return queries.application_view(tx, queries.load_application(tx, application_id), principal, with_reviews=True)


def withdraw(tx, application_id, principal, reason):
    """The applicant withdraws; ``application.withdrawn`` tells the others."""
    row = queries.load_application(tx, application_id)
    access.require_owner(principal, row)
    lifecycle.require_status(row, lifecycle.WITHDRAWABLE, "撤回", "withdraw it")
    now = tx.now()
    _move(tx, application_id, lifecycle.WITHDRAWN, now, withdrawn_at=now, withdrawal_reason=reason)
    tx.publish("application.withdrawn", subject=application_id, cycle_id=row["cycle_id"], data={
        "application_id": application_id, "cycle_id": row["cycle_id"], "reason": reason,
        "withdrawn_at": now.isoformat()})
    tx.audit("application.withdraw", target=application_id, reason=reason,
             detail={"from": row["status"], "to": lifecycle.WITHDRAWN})
    tx.transition("application", "withdrawn")
    return queries.application_view(tx, queries.load_application(tx, application_id), principal)


def record_ineligible(tx, event):
    """``application.ineligible`` from scoring's qualification review (Art. 15): binding."""
    data = event.data
    row = queries.load_application(tx, data["application_id"])  # unknown: raises, and the event becomes a dead letter
    status = lifecycle.INELIGIBLE if row["status"] in lifecycle.REVIEWABLE else row["status"]
    if row["status"] in (lifecycle.WITHDRAWN, lifecycle.DRAFT):
        log.warning("application.ineligible for %s, which is %s: recorded, status kept",
                    data["application_id"], row["status"])
    _move(tx, data["application_id"], status, tx.now(),
          ineligible_article=data["article"], ineligible_reason=data["reason"])
    tx.audit("application.ineligible", target=data["application_id"], reason=data["reason"],
             detail={"from": row["status"], "to": status, "article": data["article"]})
    tx.transition("qualification_review", "ineligible")  # counted once the batch commits


def _move(tx, application_id, status, now, **values):
    queries.UPDATE_APPLICATION.run(tx.session,
                                   dict(values, key_application_id=application_id, status=status, updated_at=now))
