"""Service tests of the shared kit through a real service (intake, and its neighbours):
HTTP conventions, auth, audit, OpenAPI, metrics, holds feed, relay lock, bureau topology,
and the migrations of every service."""
import copy
import importlib
import json

import eventlet
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from kombu import Connection, Queue

from award_intake.service import IntakeService
from award_publicity.service import PublicityService
from award_shared import holds
from award_shared.bus.relay import OutboxRelay, RelayLock
from award_shared.events.samples import SAMPLES
from award_shared.store import db
from award_shared.store.migrations import upgrade
from award_supervision.service import SupervisionService
from award_testing.helpers import commit_events, count_rows, metric, relay_of, uow_of, wait_for
from award_tools.topology import main as topology_main

CLOCK_2019 = "fixed:2019-03-01T09:00:00+08:00"
OPEN_2019 = {"edition": 2019, "schedule": {"application": "2019-05-31T17:00:00+08:00"}}


def unchanged(intake):
    return (count_rows(intake.engine, db.outbox), count_rows(intake.engine, db.audit_log))


def test_bad_calls_get_the_json_error_of_the_contract_and_change_nothing(service_factory):
    intake = service_factory(IntakeService, clock=CLOCK_2019)
    before = unchanged(intake)
    c = intake.client

    r = c.post("/v1/cycles", json_body=OPEN_2019)
    assert r.status_code == 401 and r.json()["error"]["code"] == "unauthorized"
    r = c.call("POST", "/v1/cycles", json_body=OPEN_2019, headers={"Authorization": "Bearer x.y.z"})
    assert r.status_code == 401 and r.json()["error"]["message_en"]
    r = c.post("/v1/cycles", "applicant", json_body=OPEN_2019)
    assert r.status_code == 403 and "office" in r.json()["error"]["message_en"]
    r = c.call("POST", "/v1/cycles", "office", data=b"{not json", headers={"Content-Type": "application/json"})
    assert r.status_code == 400
    r = c.post("/v1/cycles", "office", json_body={"edition": "二〇一九", "schedule": {}})
    assert r.status_code == 422 and set(r.json()["error"]["fields"]) >= {"edition"}
    r = c.get("/v1/cycles/cycle-1999", "office")
    assert r.status_code == 404
    assert unchanged(intake) == before


def test_a_rule_refusal_names_its_article_in_chinese_and_english(service_factory):
    intake = service_factory(IntakeService, clock=CLOCK_2019)
    assert intake.client.post("/v1/cycles", "office", json_body=OPEN_2019).status_code == 201
    before = unchanged(intake)
    r = intake.client.post("/v1/cycles", "office", json_body=dict(OPEN_2019, edition=2020))
    assert r.status_code == 409
    error = r.json()["error"]
    assert error["article"] == "Art. 2" and "第二条" in error["message"] and "2019" in error["message_en"]  # the edition is the year it opens in
    assert unchanged(intake) == before


def test_every_state_changing_call_is_audited_with_who_and_why(service_factory):
    intake = service_factory(IntakeService, clock=CLOCK_2019)
    intake.client.post("/v1/cycles", "office", json_body=dict(OPEN_2019, reason="第一届"), sub="office-li")
    entries = intake.client.every_page("/admin/v1/audit", "entries", "operator")
    assert [(e["actor"], e["action"], e["target"], e["reason"]) for e in entries] == [
        ("office-li", "cycle.open", "cycle-2019", "第一届")]


def test_health_metrics_and_openapi_answer(service_factory):
    intake = service_factory(IntakeService, clock=CLOCK_2019)
    c = intake.client
    assert c.get("/health/live").json()["status"] == "live"
    ready = c.get("/health/ready")
    assert ready.status_code == 200 and ready.json()["checks"] == {"database": "ok", "broker": "ok", "inbox": "ok"}
    c.post("/v1/cycles", "office", json_body=OPEN_2019)
    text = c.get("/metrics").text
    for name in ("award_step_transitions_total", "award_events_published_total", "award_events_consumed_total",
                 "award_outbox_backlog", "award_holds_active", "award_http_request_duration_seconds_bucket"):
        assert name in text
    assert 'route="/v1/cycles"' in text
    doc = c.get("/openapi.json").json()
    op = doc["paths"]["/v1/cycles"]["post"]
    assert op["x-roles"] == ["office"]
    assert "edition" in op["requestBody"]["content"]["application/json"]["schema"]["properties"]
    assert "/admin/v1/dead-letters/{letter_id}/replay" in doc["paths"]


def test_a_hold_reaches_the_step_owner_which_enforces_it_and_says_so(service_factory):
    intake = service_factory(IntakeService, clock=CLOCK_2019)
    supervision = service_factory(SupervisionService, clock=CLOCK_2019)
    hold = dict(SAMPLES["hold.placed"], hold_id="hold-1", cycle_id="cycle-2019", step="district_review",
                subject="app-1")
    commit_events(supervision, "hold.placed", [hold])
    known = wait_for(lambda: intake.client.get("/admin/v1/holds", "operator").json()["holds"],
                     message="intake to record the hold")
    assert known[0]["applied_at"] and known[0]["status"] == "active"
    with intake.engine.connect() as conn:
        applied = conn.execute(sa.select(db.outbox.c.body).where(db.outbox.c.type == "hold.applied")).scalars().all()
    assert len(applied) == 1 and '"owner": "intake"' in applied[0]

    with uow_of(intake).standalone() as tx:
        with pytest.raises(holds.HoldActive) as refused:
            holds.guard(tx.session, cycle_id="cycle-2019", step="district_review", subject="app-1")
        holds.guard(tx.session, cycle_id="cycle-2019", step="district_review", subject="app-2")
    assert refused.value.fields["hold_id"] == "hold-1"


def test_a_release_is_final_even_against_a_late_placement(service_factory):
    intake = service_factory(IntakeService, clock=CLOCK_2019)
    supervision = service_factory(SupervisionService, clock=CLOCK_2019)
    placed = dict(SAMPLES["hold.placed"], hold_id="hold-2", cycle_id="cycle-2019", step="district_review",
                  subject="app-1")
    released = dict(SAMPLES["hold.released"], hold_id="hold-2", cycle_id="cycle-2019", step="district_review",
                    subject="app-1")
    commit_events(supervision, "hold.released", [released])   # the release overtakes the placement
    commit_events(supervision, "hold.placed", [placed, copy.deepcopy(placed)])

    def settled():
        return count_rows(intake.engine, db.inbox) == 3
    wait_for(settled, message="intake to take all three events")
    with uow_of(intake).standalone() as tx:
        holds.guard(tx.session, cycle_id="cycle-2019", step="district_review", subject="app-1")
    statuses = [h["status"] for h in intake.client.get("/admin/v1/holds", "operator").json()["holds"]]
    assert statuses == ["released"]


def test_one_relay_per_database(database_url_factory):
    url = database_url_factory("lock")
    upgrade("award_intake", url)
    engine = db.make_engine(url)
    first, second = RelayLock(engine, "intake"), RelayLock(engine, "intake")
    try:
        assert first.acquire()
        assert not second.acquire()
        first.release()
        assert second.acquire()
    finally:
        first.release()
        second.release()
        engine.dispose()


def test_the_relay_stops_cleanly_when_its_vhost_is_gone(database_url_factory):
    url = database_url_factory("gone")
    upgrade("award_intake", url)
    engine = db.make_engine(url)
    relay = OutboxRelay(service="intake", engine=engine, gate=db.TransactionGate(db.is_sqlite(url)),
                        amqp_uri="pyamqp://guest:guest@127.0.0.1:5672/no-such-vhost-award", retry_max=0.5)
    thread = eventlet.spawn(relay.run)
    eventlet.sleep(1.0)
    assert not thread.dead and relay.connects == 0
    relay.stop()
    with eventlet.Timeout(10):
        thread.wait()
    assert not relay.running
    engine.dispose()


def test_a_wake_that_lands_as_the_relays_sleep_times_out_is_not_lost(tmp_path):
    """A commit's wake can land after the relay's sleep has timed out but before the relay's
    green thread runs again (the hub fires the timeout first, then the wake, in one turn).
    The relay then took it for a sleep that was not woken and replaced the woken event: the
    commit waited a whole poll interval (seen on bench/holds.py: a hold travelled in ≈218 ms
    where the others took ≈10; 0.2 s was the bench's OUTBOX_POLL_SECONDS)."""
    import time
    relay = OutboxRelay(service="intake", engine=db.make_engine(f"sqlite:///{tmp_path}/intake.db"),
                        gate=db.TransactionGate(True), amqp_uri="pyamqp://guest:guest@127.0.0.1:5672//")
    woken = []
    sleeper = eventlet.spawn(lambda: woken.append(relay._sleep(0.01)))
    eventlet.sleep(0)  # the relay is asleep now, for 10 ms
    until = time.perf_counter() + 0.03
    while time.perf_counter() < until:  # the hub does not run: the 10 ms pass unnoticed
        pass
    relay.wake()  # a commit, now: the timeout is due first
    sleeper.wait()
    assert woken == [True]
    assert relay._sleep(0) is False  # and the wake is spent: the next sleep is not woken by it


def test_a_bureau_queue_receives_every_public_award_event(service_factory, rabbit_config, queue_type):
    assert topology_main(["--amqp-uri", rabbit_config["AMQP_URI"], "--bureau", "market-regulation",
                          "--queue-type", queue_type]) == 0
    publicity = service_factory(PublicityService)
    commit_events(publicity, "award.granted", [SAMPLES["award.granted"]])
    with Connection(rabbit_config["AMQP_URI"]) as conn:
        # a bureau consumes the queue the operator declared; it does not declare it (its user
        # may not, and a classic re-declaration of a quorum queue is refused)
        queue = conn.SimpleQueue(Queue("bureau.market-regulation", no_declare=True), no_ack=True)
        message = queue.get(timeout=30)
        assert message.delivery_info["routing_key"] == "award.granted"
        # application/cloudevents+json: kombu, the type unregistered, leaves the body to us (docs/bureaus.md)
        assert json.loads(message.body)["data"]["certificate_number"] == SAMPLES["award.granted"]["certificate_number"]
        queue.close()


def test_a_trickle_of_single_events_costs_the_relay_one_transaction_each_and_sends_none_twice(
        service_factory, rabbit_config, queue_type):
    # one event per commit, as most calls publish: the relay marks each confirmed event sent in
    # the next fetch's transaction (award_shared.bus.relay, _follow) — one transaction an event,
    # where it took three (fetch, mark, an empty fetch) — and never sends one of them again
    assert topology_main(["--amqp-uri", rabbit_config["AMQP_URI"], "--bureau", "trickle",
                          "--queue-type", queue_type]) == 0
    publicity = service_factory(PublicityService)
    relay, commits, n = relay_of(publicity), [], 12
    sa.event.listen(relay.engine, "commit", lambda conn: commits.append(1))
    for _ in range(n):
        commit_events(publicity, "award.granted", [SAMPLES["award.granted"]])  # one commit each
        eventlet.sleep(0.01)
    outbox_sent = db.outbox.c.sent_at.is_not(None)
    wait_for(lambda: count_rows(relay.engine, db.outbox, outbox_sent) == n, message="every event marked sent")
    eventlet.sleep(0.2)
    # one an event, and now and then a fetch that finds its event already sent (its wake-up came
    # late); three an event before (36 here)
    assert len(commits) - n <= n * 3 // 2, f"{len(commits) - n} relay transactions for {n} events"
    with Connection(rabbit_config["AMQP_URI"]) as conn:
        queue = conn.SimpleQueue(Queue("bureau.trickle", no_declare=True), no_ack=True)
        ids = [json.loads(queue.get(timeout=10).body)["id"] for _ in range(n)]
        with pytest.raises(queue.Empty):
            queue.get(timeout=0.5)
        queue.close()
    assert len(set(ids)) == n


@pytest.mark.parametrize("service", ["intake", "scoring", "supervision", "publicity", "revocation", "feed"])
def test_migrations_build_exactly_the_tables_the_code_uses(service, database_url_factory):
    url = database_url_factory(service)
    upgrade(f"award_{service}", url)
    tables = importlib.import_module(f"award_{service}.tables")
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), tables.ALL) == []
    engine.dispose()


def test_a_second_instance_on_the_same_sqlite_database_refuses_to_start(service_factory, tmp_path):
    url = f"sqlite:///{tmp_path}/intake.db"
    service_factory(IntakeService, database_url=url)
    second = service_factory(IntakeService, database_url=url, start=False)
    with pytest.raises(RuntimeError, match="SQLite supports one instance"):
        second.start()


def test_an_operator_can_pause_publishing_and_the_backlog_drains_on_resume(service_factory):
    intake = service_factory(IntakeService, clock=CLOCK_2019)
    c = intake.client
    assert c.post("/admin/v1/outbox/pause", "operator", json_body={"reason": "broker upgrade"}).status_code == 200
    assert c.post("/v1/cycles", "office", json_body=OPEN_2019).status_code == 201
    eventlet.sleep(0.5)  # several poll intervals: nothing may go out while paused
    state = c.get("/admin/v1/outbox", "operator").json()
    assert (state["backlog"], state["relay_paused"]) == (1, True)
    assert c.post("/admin/v1/outbox/resume", "operator", json_body={}).status_code == 200
    wait_for(lambda: c.get("/admin/v1/outbox", "operator").json()["backlog"] == 0, message="the backlog to drain")
    actions = [e["action"] for e in c.every_page("/admin/v1/audit", "entries", "operator")]
    assert actions == ["outbox.pause", "cycle.open", "outbox.resume"]


def test_the_relay_forgets_old_sent_rows_and_old_inbox_ids_but_never_an_unsent_event(service_factory):
    from datetime import timedelta
    intake = service_factory(IntakeService, clock=CLOCK_2019, extra={"OUTBOX_RELAY": "off"})
    commit_events(intake, "cycle.opened", [dict(SAMPLES["cycle.opened"], cycle_id=f"c-{i}") for i in range(3)])
    relay = relay_of(intake)
    with intake.engine.begin() as conn:
        ids = conn.execute(sa.select(db.outbox.c.id).order_by(db.outbox.c.id)).scalars().all()
        conn.execute(db.outbox.update().where(db.outbox.c.id == ids[0]).values(sent_at=relay_now() - timedelta(days=40)))
        conn.execute(db.outbox.update().where(db.outbox.c.id == ids[1]).values(sent_at=relay_now() - timedelta(days=1)))
        conn.execute(db.inbox.insert().values(event_id="old", type="hold.placed", source="supervision", subject="h",
                                              sequence=1, received_at=relay_now() - timedelta(days=400)))
    assert relay.prune(now=relay_now()) == {"outbox": 1, "inbox": 1}
    with intake.engine.connect() as conn:
        left = conn.execute(sa.select(db.outbox.c.id, db.outbox.c.sent_at).order_by(db.outbox.c.id)).all()
    assert [row.id for row in left] == ids[1:] and left[1].sent_at is None


def test_an_idle_relay_tidies_up_at_its_first_idle_turn_then_hourly(service_factory):
    """Not only once the host has been up an hour: a monotonic clock starts near boot, and a
    service restarted on fresh hosts must still forget what is past its retention."""
    from award_shared.bus.relay import PRUNE_EVERY_SECONDS
    intake = service_factory(IntakeService, clock=CLOCK_2019)
    relay = relay_of(intake)
    wait_for(lambda: relay._pruned_at is not None, message="the relay's first tidy-up, at its first idle turn")
    last = relay._pruned_at
    assert not relay.prune_due(last + 60) and relay.prune_due(last + PRUNE_EVERY_SECONDS + 1)
    relay._pruned_at = None  # as a relay that has not tidied up yet, on a host up for five seconds
    try:
        assert relay.prune_due(5.0)
    finally:
        relay._pruned_at = last


def test_inbox_ids_are_kept_by_real_time_whatever_the_business_clock_says(service_factory):
    """A service on a simulated or fixed clock in 2019 (a demo, a training copy, a replay) still
    receives events in real time, and a redelivery comes in real time: the inbox stamps an id
    with the wall clock, so the relay's tidy-up (365 days by default) does not forget the ids
    of events consumed a moment ago — which would let a redelivered event apply twice."""
    intake = service_factory(IntakeService, clock=CLOCK_2019)
    supervision = service_factory(SupervisionService, clock=CLOCK_2019)
    commit_events(intake, "cycle.opened", [dict(SAMPLES["cycle.opened"], cycle_id="c-wall")])
    wait_for(lambda: count_rows(supervision.engine, db.inbox) == 1, message="supervision to apply cycle.opened")
    assert relay_of(supervision).prune()["inbox"] == 0
    assert count_rows(supervision.engine, db.inbox) == 1


def relay_now():
    from datetime import datetime, timezone
    return datetime.now(timezone.utc)


def test_a_transition_is_counted_only_once_its_transaction_commits(service_factory):
    publicity = service_factory(PublicityService)
    provider = uow_of(publicity)
    labels = {"service": "publicity", "step": "deliberation", "outcome": "kit-test"}
    before = metric("award_step_transitions_total", **labels)
    with pytest.raises(RuntimeError):
        with provider.standalone() as tx:
            tx.transition("deliberation", "kit-test", 3)
            raise RuntimeError("the transaction rolls back")
    assert metric("award_step_transitions_total", **labels) == before
    with provider.standalone() as tx:
        tx.transition("deliberation", "kit-test", 2)
        assert metric("award_step_transitions_total", **labels) == before  # not yet committed
    assert metric("award_step_transitions_total", **labels) == before + 2
