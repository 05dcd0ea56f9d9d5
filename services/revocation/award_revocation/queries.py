"""Revocation's SELECTs, each run through the unit of work (``tx.first``, ``tx.all``,
``tx.one_or_404``); an unknown award or case is contract.md's 404."""
import json

import sqlalchemy as sa

from award_rules.frozen import parsed_ruleset
from award_shared import cycles

from . import duties
from .domain.case_states import CLOSED_STATES
from .domain.duties import DUTY_GROUNDS
from .domain.recovery import to_yuan
from .tables import application_owners, awards, case_grounds, cases, edition_rulesets, evidence, returns, spot_checks


def award_or_404(tx, award_id, lock=False):
    return tx.one_or_404(sa.select(awards).where(awards.c.award_id == award_id),
                         f"没有编号为 {award_id} 的获奖记录", f"no award {award_id}", lock=lock)


def owner_of(tx, award):
    """The subject of the account that owns the award's application (Art. 21: the winner who
    reports the use of its prize money), or None: an imported award, or an owner never announced."""
    if award["imported"]:
        return None
    return tx.scalar(sa.select(application_owners.c.applicant_sub)
                     .where(application_owners.c.application_id == award["application_id"]))


def case_or_404(tx, case_id, lock=False):
    return tx.one_or_404(sa.select(cases).where(cases.c.case_id == case_id),
                         f"没有编号为 {case_id} 的撤销案件", f"no revocation case {case_id}", lock=lock)


def open_case_of(tx, award_id):
    return tx.first(sa.select(cases).where(cases.c.open_award_id == award_id))


def ruleset_of(tx, award):
    """The rule set bound to the award's edition (Art. 31): its cycle's, or — for an award
    imported from an edition the suite never ran — the rule set that came with it."""
    kept = tx.first(sa.select(edition_rulesets.c.ruleset).where(edition_rulesets.c.cycle_id == award["cycle_id"]))
    if kept is not None:
        return parsed_ruleset(kept["ruleset"])
    return parsed_ruleset(cycles.load_cycle(tx.session, award["cycle_id"])["ruleset"])


def awards_in_force_of_unit(tx, credit_code):
    return tx.all(sa.select(awards).where(awards.c.credit_code == credit_code, awards.c.status == "in_force")
                  .order_by(awards.c.award_id))


def spot_check(tx, report_number):
    return tx.first(sa.select(spot_checks).where(spot_checks.c.report_number == report_number))


def checks_of_unit(tx, credit_code):
    return tx.all(sa.select(spot_checks).where(spot_checks.c.credit_code == credit_code))


def grounds_of(tx, case_id):
    return tx.all(sa.select(case_grounds).where(case_grounds.c.case_id == case_id).order_by(case_grounds.c.id))


def evidence_of(tx, case_id):
    return tx.all(sa.select(evidence).where(evidence.c.case_id == case_id)
                  .order_by(evidence.c.added_at, evidence.c.evidence_id))


def returns_of(tx, case_id):
    return tx.all(sa.select(returns).where(returns.c.case_id == case_id).order_by(returns.c.id))


def returned(tx, case_id):
    """(items returned, fen returned) of a case."""
    rows = returns_of(tx, case_id)
    return [r["item"] for r in rows if r["item"]], sum(r["amount_fen"] or 0 for r in rows)


def case_view(tx, case):
    award = award_or_404(tx, case["award_id"])
    items_back, fen_back = returned(tx, case["case_id"])
    grounds = grounds_of(tx, case["case_id"])
    view = {
        "case_id": case["case_id"], "award_id": case["award_id"], "state": case["state"],
        "closed": case["state"] in CLOSED_STATES, "opened_by": case["opened_by"],
        "opened_at": case["opened_at"].isoformat(), "findings": case["findings"], "reasons": case["reasons"],
        "decision_number": case["decision_number"],
        "decision_date": case["decision_date"].isoformat() if case["decision_date"] else None,
        "grounds": [{"item": g["item"], "fact": g["fact"], "fact_date": g["fact_date"].isoformat()}
                    for g in grounds],
        "evidence": [{k: d[k] for k in ("evidence_id", "filename", "media_type", "size", "sha256", "report_number")}
                     for d in evidence_of(tx, case["case_id"])],
        "recovery": {
            "items_due": json.loads(award["items"]), "items_returned": items_back,
            "money_due": to_yuan(award["prize_fen"]), "money_returned": to_yuan(fen_back),
            "returns": [{"item": r["item"], "amount": to_yuan(r["amount_fen"]) if r["amount_fen"] else None,
                         "returned_on": r["returned_on"].isoformat(), "receipt_number": r["receipt_number"],
                         "received_by": r["received_by"], "payment_id": r["payment_id"]}
                        for r in returns_of(tx, case["case_id"])],
        },
    }
    if any(g["item"] in DUTY_GROUNDS for g in grounds):  # 拒绝履行第六章的责任和义务: the record is the evidence
        view["duty_record"] = duties.record_of(tx, case["award_id"])
    return view


def award_view(award):
    return {"award_id": award["award_id"], "cycle_id": award["cycle_id"], "category": award["category"],
            "kind": award["kind"], "recipient_name": award["recipient_name"],
            "certificate_number": award["certificate_number"], "credit_code": award["credit_code"],
            "items": json.loads(award["items"]), "prize_amount": to_yuan(award["prize_fen"]),
            "granted_on": award["granted_on"].isoformat(), "edition": award["edition"], "imported": award["imported"],
            "status": award["status"]}


def cases_awaiting_recovery(tx):
    return tx.all(sa.select(cases, awards.c.recipient_name, awards.c.prize_fen, awards.c["items"])
                  .join(awards, awards.c.award_id == cases.c.award_id)
                  .where(cases.c.state.in_(("revoked", "recovering")))
                  .order_by(cases.c.decision_date, cases.c.case_id))


def revoked_cases(tx):
    return tx.all(sa.select(cases).where(cases.c.decision_number.is_not(None),
                                         cases.c.state.in_(("revoked", "recovering", "closed")))
                  .order_by(cases.c.decision_date.desc(), cases.c.case_id))


def case_counts(tx):
    """{state: number of cases}."""
    return {row["state"]: row["count"] for row in tx.all(
        sa.select(cases.c.state, sa.func.count().label("count")).group_by(cases.c.state))}
