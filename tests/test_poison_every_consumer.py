"""Suite test (issue 10, item 1): a deeply nested body published among 1,000 valid events
is one dead letter at every consuming service, and the 1,000 are applied exactly once at
each — no consumer stalls, nothing stays on a queue.

All five services run, each in its own container, port and database. The events are
``hold.released`` on ``supervision.events``, which every service consumes (the holds feed);
they are published by a plain AMQP client, as a careless or hostile publisher would.
"""
import json
import uuid

from kombu import Connection, Exchange, Producer

from award_feed.service import FeedService
from award_intake.service import IntakeService
from award_publicity.service import PublicityService
from award_revocation.service import RevocationService
from award_scoring.service import ScoringService
from award_shared.events import envelope
from award_shared.store import db
from award_supervision.service import SupervisionService
from award_testing.helpers import count_rows, rabbitmqctl, wait_for

NESTED = b"[" * 10000 + b"]" * 10000
VALID = 1000


def released(n):
    for i in range(n):
        hold_id = f"hold-{uuid.uuid4().hex[:12]}"
        data = {"hold_id": hold_id, "cycle_id": "cycle-2019", "step": "onsite_review", "subject": f"app-{i}",
                "released_by": "supervisor-wang", "reason": "经核实，记录已补正"}
        yield json.dumps(envelope.build(service="supervision", event_type="hold.released", subject=hold_id,
                                        data=data, cycle_id="cycle-2019", sequence=1)).encode()


def test_a_nested_body_among_a_thousand_events_is_one_dead_letter_at_every_consumer(
        service_factory, rabbit_config):
    services = [service_factory(cls) for cls in
                (IntakeService, ScoringService, SupervisionService, PublicityService, RevocationService, FeedService)]
    bodies = list(released(VALID))
    bodies.insert(VALID // 2, NESTED)
    with Connection(rabbit_config["AMQP_URI"]) as conn:
        producer = Producer(conn.default_channel)
        exchange = Exchange("supervision.events", type="topic", durable=True)
        for body in bodies:
            producer.publish(body, exchange=exchange, routing_key="hold.released",
                             content_type="application/json", content_encoding="binary")

    for service in services:
        wait_for(lambda s=service: count_rows(s.engine, db.inbox) == VALID, timeout=60,
                 message=f"{service.service_name} to apply the {VALID} valid events")
        letters = wait_for(lambda s=service: s.client.get("/admin/v1/dead-letters", "operator")
                           .json()["dead_letters"], message=f"{service.service_name}'s dead letter")
        assert [(d["stage"], len(d["body"])) for d in letters] == [("limits", len(NESTED))], service.service_name
        assert count_rows(service.engine, db.holds, db.holds.c.status == "released") == VALID
    # every message settled: nothing ready, nothing held unacknowledged, on any inbox
    wait_for(lambda: all(depth == (0, 0) for depth in inbox_depths(rabbit_config).values()),
             message="every inbox to be empty")


def inbox_depths(rabbit_config):
    vhost = rabbit_config["AMQP_URI"].rsplit("/", 1)[1]
    out = rabbitmqctl("list_queues", "-p", vhost, "--no-table-headers", "--quiet",
                      "name", "messages_ready", "messages_unacknowledged").stdout
    rows = [line.split() for line in out.splitlines() if line.strip()]
    return {name: (int(ready), int(unacked)) for name, ready, unacked in rows if name.endswith(".inbox")}
