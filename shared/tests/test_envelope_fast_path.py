"""The envelope's fast check (``envelope._plainly_valid``) may only accept what the
marshmallow EnvelopeSchema accepts, and must read it the same way; everything this suite
publishes takes it. No broker, no database."""
import json
import uuid
from datetime import datetime, timezone

import pytest

from award_shared.events import envelope
from award_shared.events.samples import SAMPLES
from award_shared.events.schemas import DATA_SCHEMAS


def _valid(event_type="hold.applied", **over):
    data = SAMPLES[event_type]
    env = envelope.build(service="supervision", event_type=event_type, subject="app-2019-0001", data=data,
                         cycle_id=data.get("cycle_id"), sequence=3)
    env.update(over)
    return env


MISSING = object()
ID = str(uuid.uuid4())
MUTATIONS = {
    "specversion": ["1.1", 1.0, None, "", MISSING],
    "id": [ID.upper(), ID.replace("-", ""), "{" + ID + "}", ID + "\n", "urn:uuid:" + ID, "not-a-uuid", 7, None,
           MISSING],
    "source": ["/jinan-quality-award/Intake", "/jinan-quality-award/intake\n", "/other/intake",
               "/jinan-quality-award/", None, 3, MISSING],
    "type": ["Hold.applied", "hold.applied\n", "hold", "hold.applied.x", "", None, MISSING],
    "time": ["2019-07-10T10:00:00", "2019-07-10", "2019-07-10T10:00:00+08:00", "2019-07-10T02:00:00.123456Z",
             "yesterday", "", 1562724000, None, MISSING],
    "subject": ["", "x" * 200, "x" * 201, "申请-1", " ", None, 5, MISSING],
    "dataschema": ["urn:jinan-quality-award:hold.applied:2", "urn:jinan-quality-award:hold.applied",
                   "urn:jinan-quality-award:hold.applied:1\n", "URN:x", None, MISSING],
    "datacontenttype": ["text/json", "application/json; charset=utf-8", None, MISSING],
    "cycleid": [None, "", "cycle-2019", 2019, MISSING],
    "sequence": [0, -1, 1, 2**40, True, False, 1.0, "1", None, MISSING],
    "data": [{}, [], "x", None, MISSING],
    "extension": ["tolerated", None],
}
CASES = [(field, value) for field, values in MUTATIONS.items() for value in values]


def _mutate(field, value):
    env = _valid()
    if value is MISSING:
        env.pop(field, None)
    else:
        env[field] = value
    return env


def _schema_reading(raw):
    try:
        return envelope._ENVELOPE.load(raw)
    except envelope.ValidationError:
        return None


@pytest.mark.parametrize("field, value", CASES, ids=[f"{f}={v!r}"[:60] for f, v in CASES])
def test_the_fast_check_accepts_only_what_the_schema_accepts_and_reads_it_alike(field, value):
    raw = _mutate(field, value)
    fast, schema = envelope._plainly_valid(raw), _schema_reading(raw)
    if fast is None:
        return  # the schema judges it, as before
    assert schema is not None, f"the fast check accepted what the schema refuses: {field}={value!r}"
    assert fast["id"] == str(schema["id"])
    for key in ("source", "type", "time", "subject", "dataschema", "cycleid", "sequence", "data"):
        assert fast[key] == schema[key], key


@pytest.mark.parametrize("event_type", sorted(SAMPLES))
def test_every_event_this_suite_publishes_takes_the_fast_path(event_type):
    raw = json.loads(json.dumps(_valid(event_type)))
    assert envelope._plainly_valid(raw) is not None
    event = envelope.decode(json.dumps(raw).encode(), DATA_SCHEMAS)
    assert event.time == datetime.fromisoformat(raw["time"]) and event.time.tzinfo is not None
    assert event.id == raw["id"]


def test_a_refused_envelope_is_still_worded_by_the_schema():
    body = json.dumps(_mutate("sequence", True)).encode()
    with pytest.raises(envelope.DecodeError) as err:
        envelope.decode(body, DATA_SCHEMAS)
    assert err.value.stage == "envelope" and "sequence" in err.value.detail


def test_time_keeps_its_instant():
    raw = _mutate("time", "2019-07-10T10:00:00+08:00")
    assert envelope._plainly_valid(raw)["time"] == datetime(2019, 7, 10, 2, tzinfo=timezone.utc)


def test_event_ids_are_version_7_uuids_that_rise_with_time():
    earlier = envelope.uuid7(now_ns=1_764_000_000_000_000_000)
    later = envelope.uuid7(now_ns=1_764_000_000_001_000_000)
    assert (earlier.version, later.version) == (7, 7) and earlier.variant == uuid.RFC_4122
    assert str(earlier) < str(later)
    assert envelope._plainly_valid(_valid(id=str(later))) is not None
    assert uuid.UUID(_valid()["id"]).version == 7
