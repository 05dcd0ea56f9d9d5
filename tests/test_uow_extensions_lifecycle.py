"""The unit of work split into the container's own extensions (issue 9, item 5): the
database, the business clock and the outbox relay each started and stopped by nameko; the
relay ends before the engine is disposed; an HTTP worker's ApiCall reaches the audit
through the worker context, never by guessing at the worker's arguments."""
import sqlalchemy as sa

from award_intake.service import IntakeService
from award_shared.events.samples import SAMPLES
from award_shared.store import db
from award_testing.helpers import audit_entries, clock_source_of, commit_events, count_rows, database_of, relay_of, uow_of, wait_for

CLOCK_2019 = "fixed:2019-03-01T09:00:00+08:00"


def test_stopping_the_container_ends_the_relay_then_disposes_of_the_engine(service_factory):
    intake = service_factory(IntakeService)
    database, relay = database_of(intake), relay_of(intake)
    commit_events(intake, "cycle.opened", [dict(SAMPLES["cycle.opened"], cycle_id="c-stop")])
    wait_for(lambda: count_rows(intake.engine, db.outbox, db.outbox.c.sent_at.is_(None)) == 0,
             message="the relay to publish the event")
    assert relay.running
    seen = []
    sa.event.listen(database.engine, "engine_disposed", lambda engine: seen.append(relay.running))
    intake.stop()
    assert seen == [False], "disposed once, after the relay thread had ended"


def test_a_service_with_its_relay_off_stops_and_disposes_too(service_factory):
    intake = service_factory(IntakeService, extra={"OUTBOX_RELAY": "off"})
    seen = []
    sa.event.listen(database_of(intake).engine, "engine_disposed", lambda engine: seen.append(True))
    assert not relay_of(intake).running
    intake.stop()
    assert seen == [True]


def test_the_unit_of_work_and_the_clock_route_share_one_business_clock(service_factory):
    intake = service_factory(IntakeService, clock=CLOCK_2019)
    source = clock_source_of(intake)
    moved = intake.client.post("/admin/v1/clock", "operator", json_body={"at": "2019-06-01T09:00:00+08:00"})
    assert moved.status_code == 200, moved.text
    with uow_of(intake).standalone() as tx:
        assert tx.clock is source.clock
        assert tx.now().isoformat() == "2019-06-01T01:00:00+00:00"
    [entry] = audit_entries(intake.engine, "clock.set")
    assert entry["actor"] == "operator-test" and entry["at"].isoformat() == "2019-06-01T01:00:00+00:00"


def test_the_caller_is_audited_from_the_worker_context_not_from_the_arguments(service_factory):
    intake = service_factory(IntakeService, clock=CLOCK_2019)
    r = intake.client.post("/admin/v1/outbox/pause", "operator", json_body={"reason": "maintenance"},
                           sub="ops-wang")
    assert r.status_code == 200, r.text
    [entry] = audit_entries(intake.engine, "outbox.pause")
    assert (entry["actor"], entry["roles"], entry["reason"]) == ("ops-wang", "operator", "maintenance")
    with uow_of(intake).standalone(actor="bench") as tx:  # no call: the actor given, nothing sniffed
        assert tx.call is None
        tx.audit("probe.standalone")
    assert audit_entries(intake.engine, "probe.standalone")[0]["actor"] == "bench"
