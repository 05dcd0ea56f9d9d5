"""The inbox claim of a batch (one statement for many events) on a real database of each
engine: new ids are returned, copies and ids consumed before are not, and the rows read
back as written."""
import uuid
from datetime import datetime, timezone

import sqlalchemy as sa
from sqlalchemy.orm import Session

from award_shared.events.envelope import Event
from award_shared.store import db, kit_writes
from award_shared.store.migrations import upgrade


def events(n):
    at = datetime(2019, 7, 10, 2, tzinfo=timezone.utc)
    return [Event(id=str(uuid.uuid4()), type="hold.applied", source="/jinan-quality-award/scoring",
                  subject=f"app-{i}", time=at, cycle_id="cycle-2019", sequence=i + 1, data={})
            for i in range(n)]


def test_a_claim_returns_only_what_it_inserted(database_url_factory):
    url = database_url_factory("claim")
    upgrade("award_supervision", url)
    engine = db.make_engine(url)
    at = datetime(2026, 11, 25, 16, 30, 0, 123456, tzinfo=timezone.utc)
    earlier, batch = events(3), events(1203)  # more than one statement's worth (500 rows)
    with Session(engine) as session, session.begin():
        assert kit_writes.claim_inbox(session, earlier, at) == {e.id for e in earlier}
    with Session(engine) as session, session.begin():
        claimed = kit_writes.claim_inbox(session, batch + batch[:5] + earlier, at)
    assert claimed == {e.id for e in batch}
    with engine.connect() as conn:
        rows = conn.execute(sa.select(db.inbox).where(db.inbox.c.event_id == batch[7].id)).mappings().one()
        total = conn.execute(sa.select(sa.func.count()).select_from(db.inbox)).scalar_one()
    assert total == 1206
    assert dict(rows) == {"event_id": batch[7].id, "type": "hold.applied", "source": "scoring",
                          "subject": "app-7", "sequence": 8, "received_at": at}
    engine.dispose()


def test_a_claim_rolled_back_claims_nothing(database_url_factory):
    url = database_url_factory("claim")
    upgrade("award_supervision", url)
    engine = db.make_engine(url)
    batch = events(10)
    with Session(engine) as session:
        session.begin()
        kit_writes.claim_inbox(session, batch, datetime.now(timezone.utc))
        session.rollback()
    with Session(engine) as session, session.begin():
        assert kit_writes.claim_inbox(session, batch, datetime.now(timezone.utc)) == {e.id for e in batch}
    engine.dispose()


def test_rows_written_straight_to_the_driver_match_what_sqlalchemy_writes(database_url_factory):
    """Instants go through the column type's own converter: a whole second is stored as
    SQLAlchemy stores it (on SQLite, text), so comparisons in SQL still hold."""
    url = database_url_factory("claim")
    upgrade("award_supervision", url)
    engine = db.make_engine(url)
    at = datetime(2026, 11, 25, 8, 0, 0, tzinfo=timezone.utc)  # no microseconds
    batch = events(2)
    with Session(engine) as session, session.begin():
        kit_writes.claim_inbox(session, batch[:1], at)
        session.execute(db.inbox.insert().values(
            event_id=batch[1].id, type="hold.applied", source="scoring", subject="x", sequence=1, received_at=at))
    with engine.connect() as conn:
        found = conn.execute(sa.select(db.inbox.c.event_id).where(db.inbox.c.received_at == at)).scalars().all()
        raw = conn.exec_driver_sql("SELECT CAST(received_at AS TEXT) FROM inbox ORDER BY event_id").scalars().all()
    assert sorted(found) == sorted(e.id for e in batch)
    assert raw[0] == raw[1]
    engine.dispose()
