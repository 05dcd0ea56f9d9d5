"""The fast rung of feed: recording public events and reading them from a cursor, on the kit's
own unit of work over SQLite in memory (award_testing.workflows)."""
import json

import eventlet

from award_feed import reading, replicas, tables
from award_feed.waiting import Bell
from award_shared import events
from award_shared.events.samples import SAMPLES
from award_shared.events.schemas import PUBLIC_EVENT_TYPES
from award_testing.workflows import received, rows, unit_of_work


def granted(n, **kw):
    data = dict(SAMPLES["award.granted"], award_id=f"award-2019-{n:02d}", certificate_number=f"JNSZ-2019-I-{n:03d}")
    return events.AwardGranted(**dict(data, **kw))


def revoked(n):
    return events.AwardRevoked(**dict(SAMPLES["award.revoked"], award_id=f"award-2019-{n:02d}"))


def feed_with(*values):
    tx = unit_of_work("feed", tables.ALL)
    for value in values:
        with tx:
            replicas.record(tx, received(value, tx=tx))
    return tx


def test_the_feed_consumes_exactly_the_public_event_types():
    assert replicas.PUBLIC_TYPES == PUBLIC_EVENT_TYPES


def test_art19_a_granted_award_is_kept_without_the_recipients_person_key():
    tx = feed_with(granted(1))
    [row] = rows(tx, tables.feed_events)
    assert "person_key" not in json.loads(row["data"]) and row["position"] == 1
    with tx:
        served, cursor, full = reading.read_page(tx, 0, (), 10)
    assert [e["data"]["award_id"] for e in served] == ["award-2019-01"] and cursor == 1 and not full
    assert "person_key" not in json.dumps(served)


def test_pages_follow_the_cursor_in_one_order_and_a_full_page_says_so():
    tx = feed_with(*(granted(n) for n in range(1, 6)))
    seen, cursor = [], 0
    with tx:
        while True:
            served, cursor, full = reading.read_page(tx, cursor, (), 2)
            seen += [e["feedcursor"] for e in served]
            if not full:
                break
    assert seen == [1, 2, 3, 4, 5] and cursor == 5


def test_a_filtered_page_skips_ahead_to_the_head_of_the_feed():
    tx = feed_with(granted(1), granted(2), revoked(1), granted(3))
    with tx:
        served, cursor, full = reading.read_page(tx, 0, ("award.revoked",), 10)
        assert [e["type"] for e in served] == ["award.revoked"] and cursor == 4 and not full
        assert reading.read_page(tx, 4, ("award.revoked",), 10) == ([], 4, False)


def test_a_second_copy_of_an_event_changes_nothing():
    tx = unit_of_work("feed", tables.ALL)
    event = received(granted(1), tx=tx, event_id="0190f0e2-0000-7000-8000-000000000001")
    for _ in range(2):
        with tx:
            replicas.record(tx, event)
    assert len(rows(tx, tables.feed_events)) == 1


def test_the_bell_rings_once_the_event_is_committed_and_never_for_a_rollback():
    tx = unit_of_work("feed", tables.ALL)
    bell = Bell(max_waiters=1)
    try:
        with tx:
            replicas.record(tx, received(granted(1), tx=tx), bell)
            assert bell.rung == 0
            raise RuntimeError("rolled back")
    except RuntimeError:
        pass
    assert bell.rung == 0 and rows(tx, tables.feed_events) == []
    with tx:
        replicas.record(tx, received(granted(1), tx=tx), bell)
    assert bell.rung == 1


class CountingBell(Bell):
    def __init__(self):
        super().__init__(max_waiters=1)
        self.woken = []

    def wait(self, seen, timeout):
        self.woken.append(super().wait(seen, timeout))
        return self.woken[-1]


def test_a_long_poll_is_woken_by_the_event_it_waits_for():
    tx = feed_with(granted(1))
    bell = CountingBell()

    def add_one():
        eventlet.sleep(0.05)
        with tx:
            replicas.record(tx, received(revoked(1), tx=tx), bell)

    adder = eventlet.spawn(add_one)
    served, cursor, _ = reading.follow(tx, bell, 1, (), 10, wait=30, poll=30)
    adder.wait()
    assert [e["type"] for e in served] == ["award.revoked"] and cursor == 2
    assert bell.woken == [True] and bell.waiting == 0  # woken by the bell, not by the end of its wait


def test_a_long_poll_over_the_waiters_cap_answers_at_once_with_what_there_is():
    tx = feed_with(granted(1))
    bell = CountingBell()
    bell.max_waiters = 0
    assert reading.follow(tx, bell, 1, (), 10, wait=30, poll=30) == ([], 1, False)
    assert bell.woken == [] and bell.waiting == 0  # it never waited
