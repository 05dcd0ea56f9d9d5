"""The awards revocation may revoke: its own copy of each ``award.granted`` (Art. 19, 29, 30)."""
import json

from award_rules.clock import BEIJING, parse_instant
from award_rules.vocabulary import CATEGORY_KIND

from .domain.recovery import to_fen
from .tables import awards


def record_granted(tx, granted):
    """Keep the award (``granted``: an ``events.AwardGranted`` received): who got it, what was
    conferred and when — the publisher's ``granted_at``, else when its change committed. A
    redelivery changes nothing."""
    granted_at = parse_instant(granted.granted_at) if granted.granted_at else granted.time
    tx.insert_if_absent(
        awards, award_id=granted.award_id, cycle_id=granted.cycle_id, application_id=granted.application_id,
        certificate_number=granted.certificate_number, recipient_name=granted.recipient_name,
        credit_code=granted.credit_code, person_key=granted.person_key, category=granted.category,
        kind=CATEGORY_KIND[granted.category], items=json.dumps(granted.items), prize_fen=to_fen(granted.prize_amount),
        granted_on=granted_at.astimezone(BEIJING).date(), imported=bool(granted.imported), status="in_force",
        learned_at=tx.now())
