"""A winner's duties after the award (Art. 19-21, 24): the prize money paid, its use reported and
the office's answer, the experience shared. Kept here, beside the award this service may revoke:
a recovery (Art. 29, 30) reverses a recorded payment by naming it, and a case on Art. 29(7) or
30(8) shows the duty record as its evidence."""
import json
import uuid

import sqlalchemy as sa

from award_shared import errors

from . import queries
from .domain import duties as rules
from .domain import winners
from .domain.recovery import to_fen, to_yuan
from .domain.texts import zh_date
from .tables import experience_shares, fund_use_reports, prize_payments, returns


def _in_force(award, article, what_zh, what_en):
    if award["status"] != "in_force":
        raise errors.RuleViolation(f"该奖项已被撤销，不再{what_zh}", f"award {award['award_id']} is revoked: "
                                   f"no {what_en} is recorded on it", article=article)


def record_payment(tx, award_id, body, principal):
    """One payment of the award's prize money (Art. 19, 20): never more than the award carries,
    from the budget of the year it is paid in (奖励和工作经费列入当年度市财政预算)."""
    award = queries.award_or_404(tx, award_id, lock=True)
    _in_force(award, "Art. 19", "支付奖励资金", "payment")
    if body["budget_year"] != body["paid_on"].year:
        raise errors.Invalid({"budget_year": [f"the payment of {body['paid_on'].isoformat()} comes from the budget "
                                              f"of {body['paid_on'].year} (Art. 20)"]},
                             message=f"奖励资金列入当年度市财政预算：{zh_date(body['paid_on'])}的支付应列支"
                                     f"{body['paid_on'].year}年度预算（第二十条）",
                             message_en="the prize money comes from the budget of the year it is paid (Art. 20)",
                             article="Art. 20")
    problem = rules.check_payment(body["amount"], paid_fen(tx, award_id), award["prize_fen"])
    if problem:
        raise errors.Invalid({problem[0]: [problem[2]]}, message=problem[1], message_en=problem[2],
                             article="Art. 19")
    payment_id = f"pay-{uuid.uuid4().hex[:16]}"
    tx.run(prize_payments.insert().values(
        payment_id=payment_id, award_id=award_id, paid_on=body["paid_on"], amount_fen=to_fen(body["amount"]),
        reference=body["reference"], budget_year=body["budget_year"], budget_line=body["budget_line"],
        recorded_by=principal.sub, recorded_at=tx.now()))
    tx.audit("prize.paid", target=award_id, detail={"payment_id": payment_id, "amount": str(body["amount"]),
                                                    "reference": body["reference"]})
    return payment_view(tx, _payment(tx, payment_id))


def record_use_report(tx, award_id, body, principal):
    """The winner's report of how the prize money was used (Art. 21), filed by the winner's own
    account or, as the office received it on paper, by the office: each use against Art. 21's
    purposes for its kind, never more than was paid. Anyone else: 403 naming Art. 21."""
    award = queries.award_or_404(tx, award_id)
    filed_by = winners.filer(principal, award, queries.owner_of(tx, award))
    _in_force(award, "Art. 21", "接收奖励资金使用情况报告", "use report")
    problems = rules.check_uses(award["kind"], body["uses"], paid_fen(tx, award_id) - reversed_fen(tx, award_id))
    if problems:
        raise errors.Invalid(problems, message="奖励资金使用情况有误：用途应为第二十一条所列用途，"
                                               "其他用途须说明，合计不超过已支付金额（第二十一条）",
                             message_en="the use report is invalid (Art. 21)", article="Art. 21")
    report_id = f"use-{uuid.uuid4().hex[:16]}"
    uses = [{"purpose": u["purpose"], "amount": to_yuan(to_fen(u["amount"])), "description": u.get("description")}
            for u in body["uses"]]
    tx.run(fund_use_reports.insert().values(
        report_id=report_id, award_id=award_id, reported_on=body["reported_on"], period=body.get("period"),
        uses=json.dumps(uses, ensure_ascii=False), status="received", recorded_by=principal.sub,
        recorded_at=tx.now(), filed_by=filed_by))
    tx.audit("prize.use_reported", target=award_id, detail={"report_id": report_id, "filed_by": filed_by})
    return use_report_view(_use_report(tx, report_id))


def review_use_report(tx, report_id, body, principal):
    """The office accepts the report, or queries it with what it asks (Art. 21: 不得挪作他用)."""
    row = _use_report(tx, report_id, lock=True)
    if row["status"] != "received":
        raise errors.Conflict(f"该报告已{rules.REVIEWS[row['status']]}，不能再次审核",
                              f"use report {report_id} is already {row['status']}", fields={"status": row["status"]})
    tx.run(fund_use_reports.update().where(fund_use_reports.c.report_id == report_id).values(
        status=body["decision"], review_note=body["note"], reviewed_by=principal.sub, reviewed_at=tx.now()))
    tx.audit(f"prize.use_{body['decision']}", target=row["award_id"], reason=body["note"],
             detail={"report_id": report_id})
    return use_report_view(_use_report(tx, report_id))


def record_sharing(tx, award_id, body, principal):
    """What the winner shared of its experience, and when (Art. 24; 商业秘密 is never asked for)."""
    award = queries.award_or_404(tx, award_id)
    _in_force(award, "Art. 24", "记录经验交流", "sharing")
    share_id = f"share-{uuid.uuid4().hex[:16]}"
    tx.run(experience_shares.insert().values(
        share_id=share_id, award_id=award_id, shared_on=body["shared_on"], form=body["form"], what=body["what"],
        audience=body.get("audience"), recorded_by=principal.sub, recorded_at=tx.now()))
    tx.audit("experience.shared", target=award_id, detail={"share_id": share_id, "form": body["form"]})
    return sharing_view(tx.first(sa.select(experience_shares).where(experience_shares.c.share_id == share_id)))


def record_for(tx, award, principal, readers):
    """The duty record as ``principal`` (the caller as the award's cycle lets it read: Art. 9 for
    supervisors) may read it: staff of ``readers`` every award's, an applicant only its own
    award's (Art. 21)."""
    if not principal.has(*readers):
        winners.require_winner(principal, award, queries.owner_of(tx, award))
    return record_of(tx, award["award_id"])


def record_of(tx, award_id):
    """The award's duty record: payments (with what a recovery reversed), use reports, sharing."""
    return {
        "award_id": award_id,
        "payments": [payment_view(tx, p) for p in tx.all(
            sa.select(prize_payments).where(prize_payments.c.award_id == award_id)
            .order_by(prize_payments.c.paid_on, prize_payments.c.payment_id))],
        "use_reports": [use_report_view(r) for r in tx.all(
            sa.select(fund_use_reports).where(fund_use_reports.c.award_id == award_id)
            .order_by(fund_use_reports.c.reported_on, fund_use_reports.c.report_id))],
        "experience_shared": [sharing_view(r) for r in tx.all(
            sa.select(experience_shares).where(experience_shares.c.award_id == award_id)
            .order_by(experience_shares.c.shared_on, experience_shares.c.share_id))],
    }


# -- recovery reverses a payment (Art. 29, 30: 收回奖励资金) ---------------------------------------------
def check_reversal(tx, award_id, payment_id, fen):
    """An amount recovered names the payment it reverses once payments are on record, and never
    reverses more than that payment was. Answers the payment id (None: no payments kept)."""
    payments = tx.all(sa.select(prize_payments.c.payment_id).where(prize_payments.c.award_id == award_id))
    if not payments:
        if payment_id:
            raise errors.Invalid({"payment_id": [f"no payment {payment_id} is recorded on this award"]},
                                 article="Art. 29")
        return None
    if not payment_id:
        raise errors.Invalid({"payment_id": ["the award's payments are on record: name the one this amount "
                                             "reverses"]},
                             message="该奖项的奖励资金支付已登记，收回金额须注明冲回哪一笔支付（第二十九条、第三十条）",
                             message_en="name the payment the amount recovered reverses (Art. 29, 30)",
                             article="Art. 29")
    row = tx.first(sa.select(prize_payments).where(prize_payments.c.payment_id == payment_id,
                                                   prize_payments.c.award_id == award_id))
    if row is None:
        raise errors.Invalid({"payment_id": [f"no payment {payment_id} is recorded on this award"]},
                             article="Art. 29")
    left = row["amount_fen"] - _reversed_of(tx, payment_id)
    if fen > left:
        raise errors.Invalid({"amount": [f"payment {payment_id} has {to_yuan(left)} yuan left to reverse"]},
                             message=f"收回金额超过该笔支付尚未冲回的 {to_yuan(left)} 元（第二十九条、第三十条）",
                             message_en=f"more than payment {payment_id} has left to reverse", article="Art. 29")
    return payment_id


def _sum_fen(tx, query):
    return int(tx.scalar(query) or 0)  # PostgreSQL's sum of a bigint is a numeric


def paid_fen(tx, award_id):
    return _sum_fen(tx, sa.select(sa.func.sum(prize_payments.c.amount_fen)).where(prize_payments.c.award_id == award_id))


def reversed_fen(tx, award_id):
    return _sum_fen(tx, sa.select(sa.func.sum(returns.c.amount_fen)).where(returns.c.payment_id.in_(
        sa.select(prize_payments.c.payment_id).where(prize_payments.c.award_id == award_id))))


def _reversed_of(tx, payment_id):
    return _sum_fen(tx, sa.select(sa.func.sum(returns.c.amount_fen)).where(returns.c.payment_id == payment_id))


def _payment(tx, payment_id):
    return tx.first(sa.select(prize_payments).where(prize_payments.c.payment_id == payment_id))


def _use_report(tx, report_id, lock=False):
    return tx.one_or_404(sa.select(fund_use_reports).where(fund_use_reports.c.report_id == report_id),
                         f"没有编号为 {report_id} 的奖励资金使用情况报告", f"no use report {report_id}", lock=lock)


def payment_view(tx, row):
    reversals = tx.all(sa.select(returns).where(returns.c.payment_id == row["payment_id"]).order_by(returns.c.id))
    return {"payment_id": row["payment_id"], "award_id": row["award_id"], "paid_on": row["paid_on"].isoformat(),
            "amount": to_yuan(row["amount_fen"]), "reference": row["reference"], "budget_year": row["budget_year"],
            "budget_line": row["budget_line"], "recorded_by": row["recorded_by"],
            "reversed": to_yuan(sum(r["amount_fen"] for r in reversals)),
            "reversals": [{"case_id": r["case_id"], "amount": to_yuan(r["amount_fen"]),
                           "returned_on": r["returned_on"].isoformat(), "receipt_number": r["receipt_number"]}
                          for r in reversals]}


def use_report_view(row):
    return {"report_id": row["report_id"], "award_id": row["award_id"], "reported_on": row["reported_on"].isoformat(),
            "period": row["period"], "uses": json.loads(row["uses"]), "status": row["status"],
            "filed_by": row["filed_by"], "recorded_by": row["recorded_by"],
            "review_note": row["review_note"], "reviewed_by": row["reviewed_by"]}


def sharing_view(row):
    return {"share_id": row["share_id"], "award_id": row["award_id"], "shared_on": row["shared_on"].isoformat(),
            "form": row["form"], "form_name": rules.SHARING_FORMS[row["form"]], "what": row["what"],
            "audience": row["audience"]}
