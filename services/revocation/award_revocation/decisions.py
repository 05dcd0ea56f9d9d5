"""The case's steps up to the government's decision (Art. 7, 29, 30): investigation, verification
(经查证属实) or dismissal, the leading group's proposal (提请), the decision (撤销)."""
import json

from award_shared import errors, events

from . import cases, queries
from .domain.recovery import to_yuan
from .tables import awards


def investigate(tx, case_id, principal, body):
    """Record the findings of the investigation; may be repeated until verification."""
    case, _ = cases.step(tx, case_id, "investigate", principal, {"findings": body["findings"]}, body.get("reason"))
    return queries.case_view(tx, case)


def verify(tx, case_id, principal, body):
    """经查证属实 (verified) or dismissed with reasons; a dismissal closes the case."""
    name = "verify" if body["outcome"] == "verified" else "dismiss"
    _require_reasons(body, name == "dismiss")
    case, _ = cases.step(tx, case_id, name, principal, {"reasons": body.get("reasons")}, body.get("reasons"))
    return queries.case_view(tx, case)


def propose(tx, case_id, principal, body):
    """The leading group proposes the revocation to the city government (提请), or not (reasons)."""
    name = "propose" if body["outcome"] == "proposed" else "not_propose"
    _require_reasons(body, name == "not_propose")
    case, _ = cases.step(tx, case_id, name, principal, {"reasons": body.get("reasons")}, body.get("reasons"))
    return queries.case_view(tx, case)


def decide(tx, case_id, principal, body):
    """The city government decides: revoked (撤销: its document number and date) or not. A revocation
    publishes ``award.revoked`` with everything to recover (Art. 29, 30)."""
    name = "revoke" if body["outcome"] == "revoked" else "not_revoke"
    _require_reasons(body, name == "not_revoke")
    if body["decision_date"] > tx.clock.today_beijing():
        raise errors.Invalid({"decision_date": ["the decision date is in the future"]},
                             message="决定日期不能晚于今天", message_en="the decision date is in the future")
    case, award = cases.step(tx, case_id, name, principal, {
        "reasons": body.get("reasons"), "decision_number": body["document_number"],
        "decision_date": body["decision_date"]}, body.get("reasons"))
    if name == "revoke":
        tx.run(awards.update().where(awards.c.award_id == award["award_id"]).values(status="revoked"))
        grounds = sorted({g["item"] for g in queries.grounds_of(tx, case_id)}, key=_ground_order)
        tx.publish(events.AwardRevoked(
            award_id=award["award_id"], cycle_id=award["cycle_id"], grounds=grounds,
            decision_date=body["decision_date"].isoformat(), items_to_recover=json.loads(award["items"]),
            money_to_recover=to_yuan(award["prize_fen"]), case_id=case_id, decision_number=body["document_number"]))
    return queries.case_view(tx, case)


def _ground_order(item):
    article, number = item[len("Art. "):].rstrip(")").split("(")
    return int(article), int(number)


def _require_reasons(body, needed):
    if needed and not body.get("reasons"):
        raise errors.Invalid({"reasons": ["reasons are required for this outcome"]},
                             message="该结论须说明理由", message_en="this outcome needs its reasons")
