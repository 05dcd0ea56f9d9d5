"""The outbox relay searches for unsent rows from a floor, not from the first row, once a
search from the first row has shown nothing older is unsent (award_shared.bus.relay_floor): on
PostgreSQL every row marked sent leaves a dead entry in the unsent index until a vacuum, and a
search from the first row walked them all at every commit. A row that commits below the floor
(its transaction outlasted the settling time) is still published, by the next full search."""
import copy
import json
import uuid
from collections import namedtuple
from datetime import datetime, timezone

import sqlalchemy as sa

from award_intake.service import IntakeService
from award_shared.bus.relay_floor import UnsentFloor
from award_shared.events.samples import SAMPLES
from award_shared.store import db
from award_testing.helpers import commit_events, count_rows, relay_of, wait_for

Row = namedtuple("Row", "id")


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def rows(*ids):
    return [Row(i) for i in ids]


def test_the_floor_rises_only_to_rows_allocated_a_settling_time_before_a_full_search():
    clock = Clock()
    floor = UnsentFloor(settle=10, rescan=5, clock=clock)
    assert floor.start() == 0  # nothing known yet: from the first row
    floor.fetched(0, rows(1, 2, 3), began=clock.now)
    assert floor.floor == 0  # rows 1-3 may have lower neighbours still in flight
    clock.now += 1
    floor.fetched(3, rows(4, 5), began=clock.now)  # within the pump: above the floor, no full search
    assert floor.start() == 0  # the first full search set no floor yet; 5 s later another is due anyway
    clock.now += 9.5  # 10.5 s after rows 1-3 were fetched, 9.5 after rows 4-5
    floor.fetched(0, [], began=clock.now)  # a full search: nothing unsent
    assert floor.floor == 3  # rows up to 3 were allocated over 10 s ago; 4-5 were not
    assert floor.start() == 3
    clock.now += 4.9
    assert floor.start() == 3
    clock.now += 0.1  # 5 s since the full search: the next one is due
    assert floor.start() == 0
    floor.fetched(0, rows(2, 9), began=clock.now)  # a late row below the floor, found by it
    assert floor.floor == 1  # never above an unsent row the full search found
    clock.now += 1
    assert floor.start() == 1
    floor.forget()  # rows deleted: their ids may come back (SQLite)
    assert floor.start() == 0 and floor.floor == 0


def _straggler(engine, row_id, body):
    """A row committed now with an id allocated long ago: a transaction that outlasted the settling time."""
    envelope = json.loads(body)
    envelope["id"] = str(uuid.uuid4())
    with engine.begin() as conn:
        conn.execute(db.outbox.insert().values(
            id=row_id, event_id=envelope["id"], type=envelope["type"], subject=envelope["subject"],
            body=json.dumps(envelope), created_at=datetime.now(timezone.utc)))


def test_the_relay_searches_from_its_floor_and_still_publishes_a_row_committed_below_it(service_factory):
    intake = service_factory(IntakeService)
    relay = relay_of(intake)
    relay.floor.settle, relay.floor.rescan = 0.3, 0.0  # seconds (the defaults are 10 and 5): every search full
    searches = []
    fetch = relay.fetch

    def spy(after=0, limit=None):
        found = fetch(after, limit)
        searches.append((after, [r.id for r in found]))
        return found
    relay.fetch = spy

    def unsent():
        return count_rows(intake.engine, db.outbox, db.outbox.c.sent_at.is_(None))

    def payloads(n):
        for _ in range(n):
            data = copy.deepcopy(SAMPLES["cycle.opened"])
            data["cycle_id"] = f"cycle-{uuid.uuid4().hex[:12]}"
            yield data

    commit_events(intake, "cycle.opened", payloads(3))
    wait_for(lambda: unsent() == 0, message="the first events to be sent")
    with intake.engine.connect() as conn:
        first = conn.execute(sa.select(sa.func.min(db.outbox.c.id))).scalar_one()
        body = conn.execute(sa.select(db.outbox.c.body).where(db.outbox.c.id == first)).scalar_one()

    # once a full search has run a settling time after they were fetched (the idle relay
    # searches every poll interval), they lie below the floor
    wait_for(lambda: relay.floor.floor >= first + 2, message="the floor to rise")
    relay.floor.rescan = 60.0  # no full search for now
    floor = relay.floor.floor

    # a row whose id lies below the floor commits now (its id freed for the test, as a
    # transaction allocated it long ago and outlasted the settling time)
    with intake.engine.begin() as conn:
        conn.execute(db.outbox.delete().where(db.outbox.c.id == first + 1))
    _straggler(intake.engine, first + 1, body)
    searches.clear()
    commit_events(intake, "cycle.opened", payloads(1))  # wakes the relay: it searches from its floor
    wait_for(lambda: any(after == floor for after, _ in searches), message="a search from the floor")
    assert all(first + 1 not in found for after, found in searches if after == floor)

    wait_for(lambda: unsent() == 1, message="the new event to be sent")  # and only it
    assert count_rows(intake.engine, db.outbox, db.outbox.c.id == first + 1, db.outbox.c.sent_at.is_(None)) == 1
    relay.floor.rescan = 0.0  # the next full search is due: within a poll interval it finds the row
    wait_for(lambda: unsent() == 0, message="the row below the floor to be sent")
    assert any(after == 0 and first + 1 in found for after, found in searches)
