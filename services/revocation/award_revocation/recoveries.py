"""Recovery after a revocation (Art. 29, 30: 收回奖杯、奖牌、证书和奖金): item by item and the
prize money, partial amounts summed exactly; when everything is back the case closes."""
import json

from award_shared import errors, events

from . import cases, duties, queries
from .domain import recovery as rules
from .tables import returns


def record_return(tx, case_id, principal, body):
    """Record one item, or an amount of the prize money, as returned (date, receipt, by whom; an
    amount names the recorded payment it reverses, ``duties.check_reversal``);
    the last one closes the case and publishes ``revocation.recovery_completed``."""
    case = queries.case_or_404(tx, case_id, lock=True)
    award = queries.award_or_404(tx, case["award_id"])
    items_due, fen_due = json.loads(award["items"]), award["prize_fen"]
    items_back, fen_back = queries.returned(tx, case_id)
    if case["state"] in ("revoked", "recovering"):  # out of order is the state machine's to say
        _refuse_beyond(body, items_due, items_back, fen_due, fen_back)
    fen = rules.to_fen(body["amount"]) if body.get("amount") is not None else None
    payment_id = duties.check_reversal(tx, award["award_id"], body.get("payment_id"), fen) if fen else None
    items_left, fen_left = rules.outstanding(items_due, items_back + ([body["item"]] if body.get("item") else []),
                                             fen_due, fen_back + (fen or 0))
    name = "complete" if not items_left and fen_left == 0 else "recover"
    cases.step(tx, case_id, name, principal, reason=body.get("reason"))
    tx.run(returns.insert().values(
        case_id=case_id, item=body.get("item"), amount_fen=fen, returned_on=body["returned_on"],
        receipt_number=body["receipt_number"], received_by=body["received_by"], recorded_at=tx.now(),
        payment_id=payment_id))
    tx.audit("recovery.recorded", target=case_id, reason=body.get("reason"), detail={
        "item": body.get("item"), "amount": rules.to_yuan(fen) if fen else None,
        "receipt_number": body["receipt_number"], "received_by": body["received_by"], "payment_id": payment_id})
    if name == "complete":
        tx.publish(events.RecoveryCompleted(award_id=award["award_id"], cycle_id=award["cycle_id"], case_id=case_id,
                                            completed_at=tx.now().isoformat()))
    return queries.case_view(tx, queries.case_or_404(tx, case_id))


def _refuse_beyond(body, items_due, items_back, fen_due, fen_back):
    """A return the recovery's rules refuse (Art. 29): one already on record is a conflict with
    that record, one never due is invalid."""
    if body.get("item"):
        refusal = rules.refuse_item(body["item"], items_due, items_back)
        field = "item"
    else:
        refusal = rules.refuse_money(rules.to_fen(body["amount"]), fen_due, fen_back)
        field = "amount"
    if refusal is None:
        return
    if refusal.already_recorded:
        raise errors.Conflict(refusal.message, refusal.message_en, article="Art. 29",
                              fields={field: refusal.message_en})
    raise errors.Invalid({field: [refusal.message_en]}, message=refusal.message, message_en=refusal.message_en,
                         article="Art. 29")


def overdue(tx, due_days):
    """Revoked awards whose recovery is not complete ``due_days`` after the decision."""
    today = tx.clock.today_beijing()
    out = []
    for row in queries.cases_awaiting_recovery(tx):
        age = (today - row["decision_date"]).days
        if age <= due_days:
            continue
        items_back, fen_back = queries.returned(tx, row["case_id"])
        items_left, fen_left = rules.outstanding(json.loads(row["items"]), items_back, row["prize_fen"], fen_back)
        out.append({"case_id": row["case_id"], "award_id": row["award_id"], "recipient_name": row["recipient_name"],
                    "decision_number": row["decision_number"], "decision_date": row["decision_date"].isoformat(),
                    "days_since_decision": age, "days_overdue": age - due_days,
                    "items_outstanding": items_left, "money_outstanding": rules.to_yuan(fen_left)})
    return out


def oldest_outstanding_days(tx):
    """Days since the decision of the oldest recovery not yet complete (0 if none)."""
    today = tx.clock.today_beijing()
    ages = [(today - row["decision_date"]).days for row in queries.cases_awaiting_recovery(tx)]
    return max(ages, default=0)
