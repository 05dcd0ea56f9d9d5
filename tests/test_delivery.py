"""Nothing lost, nothing applied twice: the event spine under faults (issue 2, item 5).

Publisher: intake's own outbox and relay. Consumer: scoring, with its cycle.opened handler
wrapped to leave one audit row per applied event, so a double application would show.
"""
import copy
import json
import uuid
from datetime import datetime, timezone

import eventlet
import pytest
import sqlalchemy as sa
from kombu import Connection, Exchange, Producer

from award_intake.service import IntakeService
from award_scoring.service import ScoringService
from award_shared import events
from award_shared.bus.consumer import consume
from award_shared.events.samples import SAMPLES
from award_shared.events.schemas import DATA_SCHEMAS
from award_shared.store import db
from award_testing.helpers import commit_events, consumer_of, count_rows, metric, rabbitmqctl, relay_of, wait_for

BOOM = 2999  # an edition the probe's handler refuses, to prove a raising handler is dead-lettered
FAILING_EDITIONS = {BOOM}
TRANSIENT = 2998  # an edition whose first application meets a deadlock
TRANSIENT_SEEN = []


class ProbeScoring(ScoringService):
    @consume(events.CycleOpened, sources=("intake",))
    def on_cycle_opened(self, tx, event):
        if event.data["edition"] in FAILING_EDITIONS:
            raise RuntimeError("probe handler failure for edition 2999")
        if event.data["edition"] == TRANSIENT and event.id not in TRANSIENT_SEEN:
            TRANSIENT_SEEN.append(event.id)
            raise sa.exc.OperationalError("INSERT ...", {}, Exception("deadlock detected"))
        tx.audit("probe.applied", target=event.id)


def cycle_payloads(n, edition=2019):
    for _ in range(n):
        data = copy.deepcopy(SAMPLES["cycle.opened"])
        data["cycle_id"] = f"cycle-{uuid.uuid4().hex[:12]}"
        data["edition"] = edition
        yield data


def applied_counts(scoring):
    """event id -> how many times the probe applied it."""
    with scoring.engine.connect() as conn:
        rows = conn.execute(sa.select(db.audit_log.c.target, sa.func.count())
                            .where(db.audit_log.c.action == "probe.applied")
                            .group_by(db.audit_log.c.target)).all()
    return dict(rows)


def dead_letters(scoring):
    resp = scoring.client.get("/admin/v1/dead-letters", "operator")
    assert resp.status_code == 200, resp.text
    return resp.json()["dead_letters"]


def test_relay_stopped_between_publishing_and_marking_sent_delivers_twice_applies_once(service_factory):
    intake = service_factory(IntakeService, extra={"OUTBOX_RELAY": "off"})
    scoring = service_factory(ProbeScoring)
    duplicates_before = metric("award_events_consumed_total", service="scoring", type="cycle.opened",
                               outcome="duplicate")
    commit_events(intake, "cycle.opened", cycle_payloads(1))
    relay = relay_of(intake)

    # the relay publishes and the broker confirms; then it "dies" before marking the row sent
    with Connection(relay.amqp_uri) as conn:
        channel = relay._open_channel(conn)
        confirmed = relay.publish(channel, relay.fetch())
    assert len(confirmed) == 1
    assert count_rows(intake.engine, db.outbox, db.outbox.c.sent_at.is_(None)) == 1

    # a new relay drains what is left at start-up: the same event goes out again
    thread = eventlet.spawn(relay.run)
    try:
        wait_for(lambda: count_rows(intake.engine, db.outbox, db.outbox.c.sent_at.is_(None)) == 0,
                 message="the restarted relay to re-send and mark the event")
        wait_for(lambda: metric("award_events_consumed_total", service="scoring", type="cycle.opened",
                                outcome="duplicate") == duplicates_before + 1,
                 message="the second delivery to be recognised as a duplicate")
    finally:
        relay.stop()
        thread.wait()
    assert list(applied_counts(scoring).values()) == [1]


class Stream:
    """cycle.opened events committed through intake's outbox, 10 a transaction, until told to
    end: a stream that lasts as long as the interruption it must outlast, and no longer."""

    def __init__(self, intake):
        self.intake, self.committed, self.end_at = intake, 0, None
        self.thread = eventlet.spawn(self.run)

    def run(self):
        while self.end_at is None or self.committed < self.end_at:
            commit_events(self.intake, "cycle.opened", cycle_payloads(10), per_transaction=10)
            self.committed += 10
            eventlet.sleep(0.02)

    def end_after(self, more):
        """Commit ``more`` events yet, then stop; how many were committed in all."""
        self.end_at = self.committed + more
        self.thread.wait()
        return self.committed


# the subject is the broker's connections, not the database: the services' tests and the
# suite's database tests cover both engines (and the relay and the inbox are the same code)
@pytest.mark.engines("postgresql")
def test_broker_dropping_every_connection_mid_stream_loses_nothing_and_applies_nothing_twice(
        service_factory, rabbit_config):
    intake = service_factory(IntakeService)
    scoring = service_factory(ProbeScoring)
    vhost = rabbit_config["AMQP_URI"].rsplit("/", 1)[1]

    # transactions of 10 events, going on until both ends have reconnected and 200 more followed
    stream = Stream(intake)
    wait_for(lambda: len(applied_counts(scoring)) >= 100, message="the stream to be under way")
    relay, inbox = relay_of(intake), consumer_of(scoring)
    connects_before = relay.connects, inbox.connects
    rabbitmqctl("close_all_connections", "--vhost", vhost, "test: broker drops every connection")
    assert not stream.thread.dead, "the drop must come in the middle of the stream"
    wait_for(lambda: relay.connects > connects_before[0] and inbox.connects > connects_before[1],
             message="both the relay and the inbox to reconnect")
    committed = stream.end_after(200)

    counts = wait_for(lambda: (lambda c: c if len(c) == committed else None)(applied_counts(scoring)),
                      timeout=120, message=f"all {committed} events to be applied")
    assert sorted(set(counts.values())) == [1]
    # the relay marks rows as their confirms come: the last ones may be applied before they are marked
    wait_for(lambda: count_rows(intake.engine, db.outbox, db.outbox.c.sent_at.is_(None)) == 0,
             message="every row to be marked sent")
    assert dead_letters(scoring) == []


def test_a_raising_handler_makes_a_dead_letter_and_the_service_keeps_consuming(service_factory):
    intake = service_factory(IntakeService)
    scoring = service_factory(ProbeScoring)
    bad, good = next(cycle_payloads(1, edition=BOOM)), next(cycle_payloads(1))
    commit_events(intake, "cycle.opened", [bad])
    letters = wait_for(lambda: dead_letters(scoring), message="the dead letter")
    assert letters[0]["stage"] == "handler"
    assert "probe handler failure for edition 2999" in letters[0]["error"]
    assert letters[0]["type"] == "cycle.opened"

    commit_events(intake, "cycle.opened", [good])
    wait_for(lambda: len(applied_counts(scoring)) == 1, message="the next event to be applied")
    # nothing of the failed event was kept: no cycle, no inbox record
    assert count_rows(scoring.engine, db.inbox) == 1


@pytest.mark.parametrize("body, stage", [
    (b"{not json", "json"),
    (b'"a JSON string, not an object"', "json"),
    (b'{"specversion": "1.0"}', "envelope"),
    (None, "data"),  # a well-formed envelope whose data fails cycle.opened's schema
])
def test_an_undecodable_or_invalid_body_becomes_a_dead_letter_and_changes_nothing(
        service_factory, rabbit_config, body, stage):
    from award_shared.events import envelope
    intake = service_factory(IntakeService)
    scoring = service_factory(ProbeScoring)
    if body is None:
        data = next(cycle_payloads(1))
        del data["ruleset"]
        body = json.dumps(envelope.build(service="intake", event_type="cycle.opened", subject=data["cycle_id"],
                                         data=data, cycle_id=data["cycle_id"], sequence=1)).encode()
    with Connection(rabbit_config["AMQP_URI"]) as conn:
        Producer(conn.default_channel).publish(
            body, exchange=Exchange("intake.events", type="topic", durable=True),
            routing_key="cycle.opened", content_type="application/json", content_encoding="binary")

    letters = wait_for(lambda: dead_letters(scoring), message="the dead letter")
    assert [letter["stage"] for letter in letters] == [stage]
    assert letters[0]["body"] == body.decode("utf-8", errors="replace")
    assert count_rows(scoring.engine, db.inbox) == 0
    assert applied_counts(scoring) == {}

    commit_events(intake, "cycle.opened", cycle_payloads(1))  # the consumer is still running
    wait_for(lambda: len(applied_counts(scoring)) == 1, message="a valid event after the bad one")


def test_a_dead_letter_can_be_replayed_once_the_cause_is_fixed(service_factory):
    intake = service_factory(IntakeService)
    scoring = service_factory(ProbeScoring)
    commit_events(intake, "cycle.opened", cycle_payloads(1, edition=BOOM))
    letter = wait_for(lambda: dead_letters(scoring), message="the dead letter")[0]

    FAILING_EDITIONS.discard(BOOM)  # "deploy the fix"
    try:
        resp = scoring.client.post(f"/admin/v1/dead-letters/{letter['id']}/replay", "operator",
                                   json_body={"reason": "handler fixed"})
        assert resp.status_code == 200, resp.text
        wait_for(lambda: len(applied_counts(scoring)) == 1, message="the replayed event to apply")
    finally:
        FAILING_EDITIONS.add(BOOM)
    assert dead_letters(scoring) == []
    replay = scoring.client.post(f"/admin/v1/dead-letters/{letter['id']}/replay", "operator", json_body={})
    assert replay.status_code == 409


def test_a_transient_database_error_is_retried_not_dead_lettered(service_factory):
    intake = service_factory(IntakeService)
    scoring = service_factory(ProbeScoring)
    commit_events(intake, "cycle.opened", cycle_payloads(3, edition=TRANSIENT), per_transaction=3)
    counts = wait_for(lambda: (lambda c: c if len(c) == 3 else None)(applied_counts(scoring)),
                      message="the batch to be retried and applied")
    assert sorted(counts.values()) == [1, 1, 1]
    assert len(TRANSIENT_SEEN) >= 1
    assert dead_letters(scoring) == []


def queue_depth(rabbit_config, queue):
    """(ready messages, consumers) of ``queue`` in the test's vhost, as the broker has them now: a
    passive declare (``rabbitmqctl list_queues`` reports a quorum queue's counts seconds late)."""
    with Connection(rabbit_config["AMQP_URI"]) as conn:
        declared = conn.default_channel.queue_declare(queue, passive=True)
    return declared.message_count, declared.consumer_count


def test_one_batch_with_copies_an_old_event_a_bad_body_and_a_failing_handler(service_factory, rabbit_config):
    """Messages waiting before the consumer starts arrive as one batch: each event is applied
    once, copies and events consumed before are duplicates, the bad ones are dead letters,
    and every message is acked (nothing left on the queue, nothing unacknowledged)."""
    from award_shared.events import envelope
    scoring = service_factory(ProbeScoring, start=False)
    fresh, old, later = cycle_payloads(3)
    failing = next(cycle_payloads(1, edition=BOOM))
    bodies = {}
    for name, data in (("fresh", fresh), ("old", old), ("failing", failing), ("later", later)):
        bodies[name] = json.dumps(envelope.build(service="intake", event_type="cycle.opened",
                                                 subject=data["cycle_id"], data=data,
                                                 cycle_id=data["cycle_id"], sequence=1)).encode()
    old_event = envelope.decode(bodies["old"], DATA_SCHEMAS)
    with scoring.engine.begin() as conn:  # consumed in an earlier life of the service
        conn.execute(db.inbox.insert().values(
            event_id=old_event.id, type="cycle.opened", source="intake", subject=old_event.subject,
            sequence=1, received_at=datetime.now(timezone.utc)))
    stream = [bodies["fresh"], bodies["fresh"], bodies["old"], b"{not json", bodies["failing"], bodies["later"]]
    with Connection(rabbit_config["AMQP_URI"], transport_options={"confirm_publish": True}) as conn:
        producer = Producer(conn.default_channel)
        for body in stream:
            producer.publish(body, exchange=Exchange("intake.events", type="topic", durable=True),
                             routing_key="cycle.opened", content_type="application/json",
                             content_encoding="binary")
    wait_for(lambda: queue_depth(rabbit_config, "scoring.inbox") == (len(stream), 0),
             message="the stream to wait on the queue")
    duplicates_before = metric("award_events_consumed_total", service="scoring", type="cycle.opened",
                               outcome="duplicate")

    scoring.start()
    letters = wait_for(lambda: (lambda d: d if len(d) == 2 else None)(dead_letters(scoring)),
                       message="the two dead letters")
    assert sorted(letter["stage"] for letter in letters) == ["handler", "json"]
    ids = {name: json.loads(body)["id"] for name, body in bodies.items()}
    assert applied_counts(scoring) == {ids["fresh"]: 1, ids["later"]: 1}
    assert metric("award_events_consumed_total", service="scoring", type="cycle.opened",
                  outcome="duplicate") == duplicates_before + 2
    # every message of the batch acked: once the consumer is gone (the broker has taken back
    # whatever it held unacknowledged), nothing is left on the queue
    scoring.stop()
    wait_for(lambda: queue_depth(rabbit_config, "scoring.inbox")[1] == 0, message="the consumer to be gone")
    assert queue_depth(rabbit_config, "scoring.inbox") == (0, 0)
    assert count_rows(scoring.engine, db.inbox) == 3  # fresh, old, later: not the failing one


@pytest.mark.parametrize("batch, window", [(5, 12), (500, 1)])
def test_the_relay_streams_within_its_window_and_marks_rows_as_confirms_come(service_factory, batch, window):
    """Rows go out while earlier ones await their confirms, never more than OUTBOX_WINDOW
    at once; every row is marked sent once confirmed, and each event is applied once."""
    intake = service_factory(IntakeService, extra={"OUTBOX_BATCH": batch, "OUTBOX_WINDOW": window})
    scoring = service_factory(ProbeScoring)
    relay = relay_of(intake)
    relay.pause()
    commit_events(intake, "cycle.opened", cycle_payloads(200), per_transaction=50)
    in_flight, send = [], relay._send

    def recording_send(stream, rows):
        send(stream, rows)
        in_flight.append(len(stream.inflight))
    relay._send = recording_send
    try:
        relay.resume()
        counts = wait_for(lambda: (lambda c: c if len(c) == 200 else None)(applied_counts(scoring)),
                          timeout=60, message="all 200 events to be applied")
    finally:
        relay._send = send
    assert sorted(set(counts.values())) == [1]
    assert max(in_flight) <= window
    if window > batch:
        assert max(in_flight) > batch, "the next rows went out before the earlier ones were confirmed"
    wait_for(lambda: count_rows(intake.engine, db.outbox, db.outbox.c.sent_at.is_(None)) == 0,
             message="every row to be marked sent")
