"""The awards revocation may revoke: its own copy of each ``award.granted`` (Art. 19, 29, 30)."""
import json

from award_rules.clock import BEIJING, parse_instant
from award_rules.vocabulary import CATEGORY_KIND
from award_shared.store.driver import insert_if_absent

from .domain.recovery import to_fen
from .tables import awards


def record_granted(tx, event):
    """Keep the award: who got it, what was conferred and when (a redelivery changes nothing)."""
    data = event.data
    granted_at = parse_instant(data["granted_at"]) if data.get("granted_at") else event.time
    insert_if_absent(
        tx.session, awards, award_id=data["award_id"], cycle_id=data["cycle_id"],
        application_id=data["application_id"], certificate_number=data["certificate_number"],
        recipient_name=data["recipient_name"], credit_code=data.get("credit_code"),
        person_key=data.get("person_key"), category=data["category"],
        kind=CATEGORY_KIND[data["category"]], items=json.dumps(data["items"]),
        prize_fen=to_fen(data["prize_amount"]), granted_on=granted_at.astimezone(BEIJING).date(),
        imported=bool(data.get("imported")), status="in_force", learned_at=tx.now())
