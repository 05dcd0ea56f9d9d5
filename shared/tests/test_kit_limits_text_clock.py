"""Unit tests of the kit's limits (issue 10): the bounded JSON reader shared by the bus and
HTTP, the text rule of the kit's text field, and the business clock's range. No broker,
no database."""
import json
from datetime import datetime, timezone

import pytest
from marshmallow import Schema, ValidationError

from award_rules.clock import BusinessClock, ClockRangeError
from award_shared.events import envelope
from award_shared.events.fields import id_field, text_field
from award_shared.events.samples import SAMPLES
from award_shared.events.schemas import DATA_SCHEMAS
from award_shared.limits import Connections, LimitError, Limits, load_json

NESTED = b"[" * 10000 + b"]" * 10000
SMALL = Limits(max_bytes=30000, max_depth=5)


def _event(data, event_type="cycle.opened"):
    return json.dumps(envelope.build(service="intake", event_type=event_type, subject="s-1", data=data,
                                     cycle_id="cycle-2019", sequence=1)).encode()


@pytest.mark.parametrize("raw, kind", [
    (NESTED, "depth"),
    (b'{"a": ' * 6 + b"1" + b"}" * 6, "depth"),
    (b'{"a": "' + b"x" * 30000 + b'"}', "size"),
    (b'{"a": "\\ud800"}', "text"),
    (b'{"\\udfff": 1}', "text"),
    (b'{"a": ["ok", "nul \\u0000 here"]}', "text"),
])
def test_the_reader_refuses_what_is_over_a_limit_or_not_storable(raw, kind):
    with pytest.raises(LimitError) as err:
        load_json(raw, SMALL)
    assert err.value.kind == kind


def test_the_reader_takes_what_is_within_the_limits():
    # brackets inside strings are not nesting; a surrogate pair is one valid character
    raw = json.dumps({"a": {"b": {"c": ["[[[[[[{{{{{{", "😀", "\\u0000 as text"]}}}).encode()
    assert load_json(raw, SMALL)["a"]["b"]["c"][1] == "😀"
    assert load_json(b'{"pair": "\\ud83d\\ude00"}', SMALL) == {"pair": "😀"}
    assert load_json(b'{"a": ' * 5 + b"1" + b"}" * 5, SMALL)


def test_the_default_limits_are_the_configured_ones():
    assert Limits.for_messages({"MESSAGE_MAX_BYTES": "2048", "MESSAGE_MAX_DEPTH": "4"}) == Limits(2048, 4)
    assert Limits.for_bodies({}) == Limits(32 * 1024 * 1024, 32)
    assert Limits.for_messages({"MESSAGE_MAX_BYTES": ""}).max_bytes == 1024 * 1024


def test_a_deeply_nested_event_is_a_decode_error_not_a_recursion_error():
    with pytest.raises(envelope.DecodeError) as err:
        envelope.decode(NESTED, DATA_SCHEMAS)
    assert err.value.stage == "limits"
    with pytest.raises(envelope.DecodeError) as err:
        envelope.decode(b" " * 2048 + _event(SAMPLES["cycle.opened"]), DATA_SCHEMAS, Limits(2048, 32))
    assert err.value.stage == "limits"


def test_an_event_whose_text_cannot_be_stored_fails_at_its_data():
    raw = _event(dict(SAMPLES["cycle.opened"], cycle_id="cycle-\ud800"))
    with pytest.raises(envelope.DecodeError) as err:
        envelope.decode(raw, DATA_SCHEMAS)
    assert err.value.stage == "data"
    # the rule set (a deep tree) still decodes within the default depth
    assert envelope.decode(_event(SAMPLES["cycle.opened"]), DATA_SCHEMAS).type == "cycle.opened"


class _Named(Schema):
    name = text_field("a name", max_length=50)
    ref = id_field("a reference", required=False)


@pytest.mark.parametrize("value", ["\ud800", "a\udfffb", "nul\x00"])
def test_the_kit_text_field_refuses_text_no_database_can_store(value):
    with pytest.raises(ValidationError) as err:
        _Named().load({"name": value})
    assert list(err.value.messages) == ["name"]
    with pytest.raises(ValidationError):
        _Named().load({"name": "ok", "ref": value})


def test_the_kit_text_field_keeps_chinese_and_emoji():
    assert _Named().load({"name": "济南市市长质量奖 😀"}) == {"name": "济南市市长质量奖 😀"}


@pytest.mark.parametrize("at", [
    "9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:58+00:00",
    "1999-12-31T23:59:59+00:00", "2101-01-01T00:00:00+00:00", "not a time", "2019-03-01T09:00:00",
])
def test_the_clock_refuses_instants_outside_its_range(at):
    clock = BusinessClock("fixed", datetime(2019, 3, 1, tzinfo=timezone.utc))
    with pytest.raises(ClockRangeError):
        clock.set(at)
    assert clock.now() == datetime(2019, 3, 1, tzinfo=timezone.utc)  # unchanged, and still answers


def test_the_clock_range_is_configurable_and_its_ends_are_accepted():
    clock = BusinessClock.from_setting("simulated:2019-03-01T09:00:00+08:00",
                                       "2019-01-01T00:00:00+08:00", "2019-12-31T23:59:59+08:00")
    clock.set("2019-12-31T23:59:59+08:00")
    with pytest.raises(ClockRangeError):
        clock.set("2020-01-01T00:00:00+08:00")
    default = BusinessClock("fixed", datetime(2019, 3, 1, tzinfo=timezone.utc))
    default.set("2100-12-31T23:59:59+00:00")
    default.set("2000-01-01T00:00:00+00:00")
    with pytest.raises(ClockRangeError):
        BusinessClock.from_setting("fixed:2200-01-01T00:00:00+00:00")


def test_every_service_config_states_the_same_limits_and_clock_range():
    import os
    from award_shared.config import load_config
    from award_shared.bus.topology import SERVICES
    root = os.path.join(os.path.dirname(__file__), "..", "..", "services")
    keys = ("MESSAGE_MAX_BYTES", "MESSAGE_MAX_DEPTH", "BODY_MAX_BYTES", "BODY_MAX_DEPTH", "CLOCK_MIN",
            "CLOCK_MAX", "TRUSTED_PROXIES", "INBOX_BACKOFF_MAX_SECONDS", "HTTP_IDLE_TIMEOUT_SECONDS",
            "HTTP_HEADER_TIMEOUT_SECONDS", "HTTP_SOCKET_TIMEOUT_SECONDS", "HTTP_MAX_CONNECTIONS",
            "HTTP_MAX_CONNECTIONS_PER_CLIENT")
    configs = [load_config(os.path.join(root, name, "config.yaml")) for name in SERVICES]
    assert all({k: c[k] for k in keys} == {k: configs[0][k] for k in keys} for c in configs)
    clock = BusinessClock.from_setting("fixed:2019-03-01T09:00:00+08:00", configs[0]["CLOCK_MIN"],
                                       configs[0]["CLOCK_MAX"])  # YAML reads them as datetimes
    assert (clock.earliest.year, clock.latest.year) == (2000, 2100)
    assert Limits.for_messages(configs[0]) == Limits(1024 * 1024, 32)
    assert Connections.from_config(configs[0]) == Connections(75.0, 10.0, 60.0, 500, 50)
