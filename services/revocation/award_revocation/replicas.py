"""The awards revocation may revoke: its own copy of each ``award.granted`` (Art. 19, 29, 30),
and who owns each application a district recommended (``application.recommended``), so that the
winner reports the use of its prize money itself (Art. 21)."""
import json
from datetime import date

from award_rules.clock import BEIJING, parse_instant
from award_rules.vocabulary import CATEGORY_KIND

from .domain.recovery import to_fen
from .tables import application_owners, awards, edition_rulesets


def _granted_on(granted):
    if granted.granted_on:
        day = granted.granted_on
        return day if isinstance(day, date) else date.fromisoformat(str(day))
    granted_at = parse_instant(granted.granted_at) if granted.granted_at else granted.time
    return granted_at.astimezone(BEIJING).date()


def record_granted(tx, granted):
    """Keep the award (``granted``: an ``events.AwardGranted`` received): who got it, what was
    conferred and when — the award's own date (``granted_on``: for an imported award its real
    date, never the import's), else the publisher's ``granted_at``, else when its change
    committed — and, for an award imported from an edition the suite never ran, that edition's
    rule set (Art. 31). A redelivery changes nothing."""
    if granted.ruleset:
        tx.insert_if_absent(edition_rulesets, cycle_id=granted.cycle_id, edition=granted.edition,
                            ruleset_id=granted.ruleset["id"], ruleset=json.dumps(granted.ruleset, ensure_ascii=False),
                            learned_at=tx.now())
    tx.insert_if_absent(
        awards, award_id=granted.award_id, cycle_id=granted.cycle_id, application_id=granted.application_id,
        certificate_number=granted.certificate_number, recipient_name=granted.recipient_name,
        credit_code=granted.credit_code, person_key=granted.person_key, category=granted.category,
        kind=CATEGORY_KIND[granted.category], items=json.dumps(granted.items), prize_fen=to_fen(granted.prize_amount),
        granted_on=_granted_on(granted), imported=bool(granted.imported), edition=granted.edition, status="in_force",
        learned_at=tx.now())


def record_owner(tx, recommended):
    """Keep the account that owns the application (``recommended``: an
    ``events.ApplicationRecommended`` received from intake; only a recommended application can
    win, Art. 14): if it wins, that account files the use reports of its prize money (Art. 21).
    An event from before intake sent the owner (no ``applicant_sub``) leaves the application
    without one; a redelivery changes nothing (the owner never changes)."""
    if recommended.applicant_sub:
        tx.insert_if_absent(application_owners, application_id=recommended.application_id,
                            cycle_id=recommended.data["cycle_id"], applicant_sub=recommended.applicant_sub,
                            learned_at=tx.now())
