"""What the feed keeps of the publishers' events: each public event once, in its public
projection, at the next position of the feed."""
import json

from award_shared import events

from .domain.projection import public_data
from .tables import feed_events

#: the public events (contract.md, "Public events"): the award's own, ``award.*``
PUBLIC_EVENTS = (events.AwardApproved, events.AwardGranted, events.AwardRevoked)
PUBLIC_TYPES = tuple(sorted(cls.type for cls in PUBLIC_EVENTS))

#: the lock every writer of the feed holds until it commits, so positions commit in order
WRITERS = "feed.writers"


def record(tx, event, bell=None):
    """Add ``event`` (a consumed event of :data:`PUBLIC_EVENTS`) to the feed, less its
    pseudonyms; ``bell`` is rung once the transaction commits, waking the long polls. A second
    copy of an event changes nothing (the inbox already keeps redeliveries out)."""
    tx.lock(WRITERS)
    if tx.insert_if_absent(
            feed_events, event_id=event.id, type=event.type, source=event.source, subject=event.subject,
            time=event.time, cycle_id=event.cycle_id, sequence=event.sequence, dataschema=event.dataschema,
            data=json.dumps(public_data(event.data), ensure_ascii=False, sort_keys=True),
            received_at=tx.now()) and bell is not None:
        tx.after_commit(bell.ring)
