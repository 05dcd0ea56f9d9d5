"""The past-winner registry of Art. 6, keyed by credit code or person_key.

Fed by ``award.granted`` (publicity), ``award.revoked`` (revocation: the bar stays, the
revocation is recorded) and by the office's import of earlier cycles' winners. Each
award is recorded whatever its category; the cycle's rule set decides at submission
which categories bar (:mod:`winners`). A revocation that overtakes its grant is kept
and completed when the grant arrives.
"""
import json
from datetime import date

import sqlalchemy as sa

from . import queries
from .tables import cycles, past_winners

_KIND = {"unit_award": "unit", "unit_nomination": "unit",
         "individual_award": "individual", "individual_nomination": "individual"}


def record_granted(tx, event):
    """``award.granted``: the recipient now may not apply again (if its category bars)."""
    data = event.data
    edition = tx.session.execute(sa.select(cycles.c.edition).where(
        cycles.c.cycle_id == data["cycle_id"])).scalar()
    values = dict(kind=_KIND[data["category"]], name=data["recipient_name"], credit_code=data.get("credit_code"),
                  person_key=data.get("person_key"), category=data["category"], cycle_id=data["cycle_id"],
                  edition=edition, certificate_number=data["certificate_number"])
    existing = tx.session.execute(sa.select(past_winners.c.id).where(
        past_winners.c.award_id == data["award_id"])).scalar()
    if existing is None:
        tx.session.execute(past_winners.insert().values(
            award_id=data["award_id"], source="granted", recorded_at=tx.now(), **values))
    else:
        tx.session.execute(past_winners.update().where(past_winners.c.id == existing).values(**values))


def record_revoked(tx, event):
    """``award.revoked``: recorded beside the grant; the Art. 6 bar stays."""
    data = event.data
    values = dict(revoked_on=date.fromisoformat(data["decision_date"]), revocation_grounds=json.dumps(data["grounds"]))
    updated = tx.session.execute(past_winners.update().where(
        past_winners.c.award_id == data["award_id"]).values(**values)).rowcount
    if not updated:
        tx.session.execute(past_winners.insert().values(
            award_id=data["award_id"], cycle_id=data["cycle_id"], source="revoked",
            recorded_at=tx.now(), **values))


def import_winners(tx, winners, person_keys, reason):
    """The office records winners of earlier cycles; a winner already recorded is skipped."""
    added = 0
    for winner in winners:
        key = winner.get("person_key")
        if winner["kind"] == "individual" and not key:
            key = person_keys(winner["resident_id"])
        identity = winner.get("credit_code") or key
        known = any(r["category"] == winner["category"] and r["edition"] == winner["edition"]
                    for r in queries.records_for(tx, identity))
        if known:
            continue
        tx.session.execute(past_winners.insert().values(
            award_id=winner.get("award_id"), kind=winner["kind"], name=winner["name"],
            credit_code=winner.get("credit_code"), person_key=key if winner["kind"] == "individual" else None,
            category=winner["category"], edition=winner["edition"],
            certificate_number=winner.get("certificate_number"), source="import", recorded_at=tx.now()))
        added += 1
    tx.audit("past_winners.import", reason=reason, detail={"received": len(winners), "added": added})
    return {"received": len(winners), "added": added}


