"""Intake's copies of scoring's ``agency.appointed`` (the kit's roster, award_shared.web.cycle_access)
and ``panel.assigned`` keep the latest by
sequence, even when an older event is applied at the same moment as a newer one: on
PostgreSQL two inbox workers run at once, and an older event read-then-written, committing
last, overwrote the newer one (seen in tests/test_backup_restore.py: intake left holding the
agency of sequence 2 after applying 3)."""
import copy
from datetime import datetime, timezone

import eventlet
import pytest
import sqlalchemy as sa

from award_intake.replicas import record_panel
from award_intake.tables import panels
from award_shared import events
from award_shared.events.samples import SAMPLES
from award_shared.store import db
from award_shared.store.migrations import upgrade
from award_shared.store.uow import Work
from award_shared.web import cycle_access
from award_testing.helpers import wait_for
from award_testing.workflows import received

def record_agency(tx, event):
    cycle_access.record_agency(tx, event.data, event.sequence)


CASES = {
    "agency": (record_agency, "agency.appointed", "staff_subjects", db.cycle_rosters, db.cycle_rosters.c.cycle_id,
               SAMPLES["agency.appointed"]["cycle_id"]),
    "panel": (record_panel, "panel.assigned", "expert_subjects", panels, panels.c.application_id,
              SAMPLES["panel.assigned"]["application_id"]),
}


COLUMN = {"agency": "subjects"}  # the roster keeps any role's subjects in one column


class Tx(Work):
    """The kit's unit of work over a connection the test holds open (its helpers, ``run`` and
    ``insert_if_absent``, as they are), without its transaction."""

    def __init__(self, conn):
        self.session = conn

    def now(self):
        return datetime(2019, 6, 1, 9, 0, tzinfo=timezone.utc)

    def audit(self, *args, **kwargs):
        pass


def _event(event_type, field, sequence):
    data = copy.deepcopy(SAMPLES[event_type])
    data[field] = [f"sub-of-sequence-{sequence}"]
    return received(events.CLASSES[event_type](**data), sequence=sequence)


def _apply(engine, record, event):
    with engine.connect() as conn:
        conn.begin()
        record(Tx(conn), event)
        conn.commit()


def _waiting_on_a_lock(url):
    probe = sa.create_engine(url)
    try:
        with probe.connect() as conn:
            return conn.execute(sa.text("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                                        "AND wait_event_type = 'Lock'")).scalar_one() > 0
    finally:
        probe.dispose()


@pytest.mark.parametrize("case", list(CASES))
def test_an_older_event_applied_alongside_a_newer_one_does_not_overwrite_it(database_url_factory, db_engine, case):
    record, event_type, field, table, key, key_value = CASES[case]
    url = database_url_factory("intake")
    upgrade("award_intake", url)
    engine = db.make_engine(url)
    try:
        _apply(engine, record, _event(event_type, field, 1))
        newer = engine.connect()
        newer.begin()
        record(Tx(newer), _event(event_type, field, 3))  # applied, not yet committed
        if db_engine == "postgresql":
            older = eventlet.spawn(_apply, engine, record, _event(event_type, field, 2))
            wait_for(lambda: _waiting_on_a_lock(url), message="the older event's worker to wait on the row")
            newer.commit()
            older.wait()
        else:  # one writer at a time: the older event comes after the newer one's commit
            newer.commit()
            _apply(engine, record, _event(event_type, field, 2))
        newer.close()
        with engine.connect() as conn:
            row = conn.execute(sa.select(table.c.sequence, table.c[COLUMN.get(case, field)])
                               .where(key == key_value)).one()
        assert tuple(row) == (3, '["sub-of-sequence-3"]')
        _apply(engine, record, _event(event_type, field, 4))  # and a newer one still replaces it
        with engine.connect() as conn:
            assert conn.execute(sa.select(table.c.sequence).where(key == key_value)).scalar_one() == 4
    finally:
        engine.dispose()
