"""The public projection (issue 36, item 3): what the feed serves anyone — no pseudonym at any
depth, no tracing extension — and the ``types`` a reader may ask for."""
import threading

import pytest

from award_feed.domain.projection import CURSOR_ATTRIBUTE, public_data, public_event, parse_types
from award_feed.waiting import Bell

PUBLIC = ("award.approved", "award.granted", "award.revoked")


def test_art19_the_recipients_person_key_is_dropped_at_any_depth():
    data = {"award_id": "award-2019-01", "person_key": "a" * 64,
            "final_list": [{"application_id": "app-1", "person_key": "b" * 64}]}
    assert public_data(data) == {"award_id": "award-2019-01", "final_list": [{"application_id": "app-1"}]}
    assert data["person_key"] == "a" * 64  # the argument is left as it was


def test_a_tracing_extension_is_not_served_and_the_position_is():
    envelope = {"specversion": "1.0", "id": "e-1", "source": "/jinan-quality-award/publicity",
                "type": "award.granted", "subject": "award-2019-01", "time": "2019-12-20T02:00:00Z",
                "dataschema": "urn:jinan-quality-award:award.granted:1", "datacontenttype": "application/json",
                "cycleid": "cycle-2019", "sequence": 1, "traceparent": "00-abc-def-01", "tracestate": "x=1",
                "data": {"person_key": "a" * 64, "award_id": "award-2019-01"}}
    served = public_event(envelope, 7)
    assert "traceparent" not in served and "tracestate" not in served
    assert served[CURSOR_ATTRIBUTE] == 7 and served["data"] == {"award_id": "award-2019-01"}
    assert served["id"] == "e-1" and served["sequence"] == 1


def test_types_are_public_event_types_or_a_value_error_naming_the_others():
    assert parse_types("", PUBLIC) == ()
    assert parse_types("award.revoked, award.granted,award.revoked", PUBLIC) == ("award.granted", "award.revoked")
    with pytest.raises(ValueError, match="hold.placed"):
        parse_types("award.granted,hold.placed", PUBLIC)


def test_the_bell_wakes_a_waiter_rung_after_it_looked():
    bell = Bell(max_waiters=1)
    seen = bell.rung
    ringer = threading.Timer(0.01, bell.ring)
    ringer.start()
    assert bell.wait(seen, timeout=30) is True
    ringer.join()
    assert bell.wait(bell.rung, timeout=0) is False  # nothing rang since


def test_the_bell_takes_at_most_its_waiters():
    bell = Bell(max_waiters=1)
    assert bell.enter() is True and bell.enter() is False
    bell.leave()
    assert bell.enter() is True
