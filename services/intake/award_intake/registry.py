"""The past-winner registry of Art. 6, keyed by credit code or person_key.

Fed by the office's import of earlier cycles' winners (here), and by ``award.granted``
(publicity) and ``award.revoked`` (revocation: the bar stays, the revocation is recorded),
which :mod:`replicas` records. Each award is recorded whatever its category; the cycle's rule
set decides at submission which categories bar (:mod:`winners`).
"""
from . import queries
from .tables import past_winners


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
        tx.run(past_winners.insert().values(
            award_id=winner.get("award_id"), kind=winner["kind"], name=winner["name"],
            credit_code=winner.get("credit_code"), person_key=key if winner["kind"] == "individual" else None,
            category=winner["category"], edition=winner["edition"],
            certificate_number=winner.get("certificate_number"), source="import", recorded_at=tx.now()))
        added += 1
    tx.audit("past_winners.import", reason=reason, detail={"received": len(winners), "added": added})
    return {"received": len(winners), "added": added}
