"""The gauges the alert rules of deploy/monitoring/ need, read from a running service's
/metrics: the oldest unsent outbox event's age, whether this instance relays its outbox,
and the age of the oldest hold in force."""
from award_intake.service import IntakeService
from award_shared.events.samples import SAMPLES
from award_shared.store import db
from award_shared.store.locks import RelayLock
from award_shared.store.migrations import upgrade
from award_supervision.service import SupervisionService
from award_testing.helpers import commit_events, wait_for

CLOCK = "fixed:2019-03-01T09:00:00+08:00"
OPEN_2019 = {"edition": 2019, "schedule": {"application": "2019-05-31T17:00:00+08:00"}}


def sample(text, name):
    """The value of the one sample of ``name`` labelled service="intake"."""
    for line in text.splitlines():
        if line.startswith(name + '{') and 'service="intake"' in line:
            return float(line.rsplit(" ", 1)[1])
    raise AssertionError(f"{name} not exposed")


def scrape(intake):
    return intake.client.get("/metrics").text


def test_relay_activity_and_the_oldest_unsent_event_age_are_exposed(service_factory):
    intake = service_factory(IntakeService, clock=CLOCK)
    wait_for(lambda: sample(scrape(intake), "award_outbox_relay_active") == 1.0,
             message="the relay to take its lock")
    assert sample(scrape(intake), "award_outbox_oldest_unsent_age_seconds") == 0.0

    intake.client.post("/admin/v1/outbox/pause", "operator", json_body={"reason": "broker maintenance"})
    assert intake.client.post("/v1/cycles", "office", json_body=OPEN_2019).status_code == 201
    intake.client.post("/admin/v1/clock", "operator", json_body={"at": "2019-03-01T09:30:00+08:00"})
    text = scrape(intake)
    assert sample(text, "award_outbox_oldest_unsent_age_seconds") == 1800.0
    assert sample(text, "award_outbox_backlog") >= 1

    intake.client.post("/admin/v1/outbox/resume", "operator", json_body={})
    wait_for(lambda: sample(scrape(intake), "award_outbox_oldest_unsent_age_seconds") == 0.0,
             message="the backlog to drain")


def test_the_oldest_active_hold_age_is_exposed(service_factory):
    intake = service_factory(IntakeService, clock=CLOCK)
    supervision = service_factory(SupervisionService, clock=CLOCK)
    assert sample(scrape(intake), "award_holds_oldest_active_age_seconds") == 0.0
    hold = dict(SAMPLES["hold.placed"], hold_id="hold-1", cycle_id="cycle-2019", step="district_review",
                subject="app-1")
    commit_events(supervision, "hold.placed", [hold])
    wait_for(lambda: intake.client.get("/admin/v1/holds", "operator").json()["holds"],
             message="intake to record the hold")
    intake.client.post("/admin/v1/clock", "operator", json_body={"at": "2019-03-03T09:00:00+08:00"})
    assert sample(scrape(intake), "award_holds_oldest_active_age_seconds") == 2 * 86400.0


def test_only_the_replica_holding_the_relay_lock_counts_as_relaying(database_url_factory):
    """award_outbox_relay_active is 1 on one replica per database: the one holding the lock."""
    url = database_url_factory("held")
    upgrade("award_intake", url)
    engine = db.make_engine(url)
    first, second = RelayLock(engine, "intake"), RelayLock(engine, "intake")
    try:
        assert not first.held
        assert first.acquire() and first.held
        assert not second.acquire() and not second.held
        first.release()
        assert not first.held and second.acquire() and second.held
    finally:
        first.release()
        second.release()
        engine.dispose()
