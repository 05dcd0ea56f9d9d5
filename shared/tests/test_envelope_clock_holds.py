"""Unit tests of the kit's pure parts: the envelope, the business clock, the hold rules,
the topology's declarations. No broker, no database."""
import json
from datetime import datetime, timedelta, timezone

import pytest

from award_rules.clock import BusinessClock, ClockError
from award_shared import holds
from award_shared.bus import topology
from award_shared.events import envelope
from award_shared.events.samples import SAMPLES
from award_shared.events.schemas import DATA_SCHEMAS, STEPS


def _body(**over):
    env = envelope.build(service="intake", event_type="cycle.opened", subject="cycle-2019",
                         data=SAMPLES["cycle.opened"], cycle_id="cycle-2019", sequence=1)
    env.update(over)
    return json.dumps(env).encode()


def test_envelope_is_cloudevents_structured_with_the_contract_extensions():
    env = json.loads(_body())
    assert env["specversion"] == "1.0"
    assert env["source"] == "/jinan-quality-award/intake"
    assert env["dataschema"] == "urn:jinan-quality-award:cycle.opened:1"
    assert env["datacontenttype"] == "application/json"
    assert env["time"].endswith("Z")
    event = envelope.decode(_body(), DATA_SCHEMAS)
    assert (event.type, event.cycle_id, event.sequence, event.source_service) == (
        "cycle.opened", "cycle-2019", 1, "intake")


@pytest.mark.parametrize("body, stage", [
    (b"\xff\xfe", "json"), (b"[1, 2]", "json"), (b"{", "json"),
])
def test_undecodable_bodies_name_the_stage(body, stage):
    with pytest.raises(envelope.DecodeError) as err:
        envelope.decode(body, DATA_SCHEMAS)
    assert err.value.stage == stage


@pytest.mark.parametrize("override, stage", [
    ({"specversion": "0.3"}, "envelope"), ({"id": "not-a-uuid"}, "envelope"),
    ({"sequence": 0}, "envelope"), ({"source": "elsewhere"}, "envelope"),
    ({"type": "no.such_type"}, "type"), ({"data": {"cycle_id": "x"}}, "data"),
])
def test_invalid_envelopes_name_the_stage(override, stage):
    with pytest.raises(envelope.DecodeError) as err:
        envelope.decode(_body(**override), DATA_SCHEMAS)
    assert err.value.stage == stage


def test_the_fixed_clock_stands_still_and_moves_only_when_told():
    clock = BusinessClock.from_setting("fixed:2019-03-01T09:00:00+08:00")
    assert clock.now() == datetime(2019, 3, 1, 1, 0, tzinfo=timezone.utc)
    assert clock.today_beijing().isoformat() == "2019-03-01"
    clock.set("2021-03-01T09:00:00+08:00")
    assert clock.today_beijing().isoformat() == "2021-03-01"


def test_the_simulated_clock_runs_from_its_start():
    wall = [datetime(2026, 11, 25, tzinfo=timezone.utc)]
    clock = BusinessClock("simulated", datetime(2019, 3, 1, tzinfo=timezone.utc), _wall=lambda: wall[0])
    wall[0] += timedelta(hours=2)
    assert clock.now() == datetime(2019, 3, 1, 2, tzinfo=timezone.utc)


@pytest.mark.parametrize("setting", ["fixed", "fixed:2019-03-01T09:00:00", "sundial:2019-03-01T09:00:00Z"])
def test_a_bad_clock_setting_is_refused_clearly(setting):
    with pytest.raises(ClockError):
        BusinessClock.from_setting(setting)


def test_the_wall_clock_cannot_be_moved():
    with pytest.raises(ClockError):
        BusinessClock.from_setting("wall").set("2019-03-01T09:00:00+08:00")


def _hold(step, subject=None, status="active"):
    return {"step": step, "subject": subject, "status": status}


def test_a_hold_on_a_subject_stops_that_step_and_every_later_one_for_that_subject_only():
    hold = _hold("district_review", "app-1")
    assert holds.covers(hold, "district_review", "app-1")
    assert holds.covers(hold, "material_review", "app-1")
    assert not holds.covers(hold, "application", "app-1")
    assert not holds.covers(hold, "district_review", "app-2")


def test_a_hold_without_a_subject_stops_everyone_at_that_step():
    hold = _hold("qualification_review")
    assert holds.covers(hold, "qualification_review", "app-1")
    assert holds.covers(hold, "qualification_review", "app-2")


def test_a_released_hold_stops_nothing():
    assert not holds.covers(_hold("district_review", "app-1", "released"), "district_review", "app-1")


def test_each_owner_enforces_holds_on_its_steps_and_later_ones():
    assert holds.owns_from("intake", "district_review")
    assert holds.owns_from("scoring", "district_review")
    assert not holds.owns_from("intake", "qualification_review")
    assert not holds.owns_from("supervision", "notice")
    assert holds.owns_from("revocation", "revocation")
    assert len(STEPS) == 14


def test_topology_binds_one_durable_queue_per_service_with_identical_arguments():
    for service in topology.SERVICES:
        bindings = topology.inbox_bindings(service)
        sources = set(topology.SUBSCRIPTIONS[service])
        assert {ex for ex, _ in bindings if ex.endswith(".events")} == {f"{s}.events" for s in sources}
        # replay reaches this inbox only, through the replay exchanges of its sources and its own
        assert {(ex, key) for ex, key in bindings if ex.endswith(".replay")} == {
            (f"{s}.replay", f"{service}.inbox") for s in sources | {service}}
    assert topology.queue_arguments("classic") == {}
    assert topology.queue_arguments("quorum") == {"x-queue-type": "quorum"}


def test_a_bureau_queue_takes_every_public_award_event():
    assert set(topology.bureau_bindings("market-regulation")) == {
        ("publicity.events", "award.#"), ("revocation.events", "award.#"),
        ("publicity.replay", "bureau.market-regulation"), ("revocation.replay", "bureau.market-regulation")}
