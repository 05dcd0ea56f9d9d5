"""Quorum queues and their delivery limit (issue 14, item 2), on the real broker.

While the database (here: the business clock) does not answer, the inbox consumer keeps its
batch unacknowledged and backs off; each time the broker connection drops meanwhile, the
broker takes the batch back and hands it out again, and a quorum queue counts one more
delivery. RabbitMQ 4 drops (or dead-letters elsewhere) a message delivered more than 20
times by default — outside the service's own dead letters, so lost to it. With a delivery
limit of 1 the loss shows after two drops; with the policies shipped in
``award_shared/bus/broker_policies.json`` the same outage loses nothing.
"""
import copy
import json
import uuid

import pytest
import sqlalchemy as sa
from kombu import Connection, Exchange, Producer

from award_scoring.service import ScoringService
from award_shared.bus.broker_access import Management, policies
from award_shared import events
from award_shared.bus.consumer import consume
from award_shared.events import envelope
from award_shared.events.samples import SAMPLES
from award_shared.store import db
from award_testing.helpers import clock_source_of, consumer_of, count_rows, rabbitmqctl, wait_for

# the subject is the broker's delivery limit on quorum queues, not the database:
# the services' own tests and the suite's database tests cover both engines
pytestmark = pytest.mark.engines("postgresql")

DROPS = 3  # broker connection drops during the outage: more than a limit of 1 allows


@pytest.fixture
def queue_type():
    """Quorum queues here, whatever ``--queue-type`` the run has (the policies come with them)."""
    return "quorum"


class CountingScoring(ScoringService):
    @consume(events.CycleOpened, sources=("intake",))
    def on_cycle_opened(self, tx, event):
        tx.audit("limit.applied", target=event.id)


class StoppedClock:
    """A business clock that does not answer until told to (a dependency's outage)."""

    def __init__(self, clock):
        self.clock, self.stopped = clock, True

    def now(self):
        if self.stopped:
            raise OverflowError("probe: the clock does not answer")
        return self.clock.now()

    def __getattr__(self, name):
        return getattr(self.clock, name)


def cycle_bodies(n):
    for _ in range(n):
        data = copy.deepcopy(SAMPLES["cycle.opened"])
        data["cycle_id"] = f"cycle-{uuid.uuid4().hex[:12]}"
        yield json.dumps(envelope.build(service="intake", event_type="cycle.opened", subject=data["cycle_id"],
                                        data=data, cycle_id=data["cycle_id"], sequence=1)).encode()


def inbox_counts(rabbit_config):
    """(ready, unacknowledged) on scoring.inbox, as the broker has them now: ready by a passive
    declare, unacknowledged from the vhost's channels (scoring's inbox consumer is the only one
    that holds any) — ``rabbitmqctl list_queues`` reports a quorum queue's counts seconds late."""
    with Connection(rabbit_config["AMQP_URI"]) as conn:
        ready = conn.default_channel.queue_declare("scoring.inbox", passive=True).message_count
    out = rabbitmqctl("list_channels", "--no-table-headers", "--quiet", "vhost", "messages_unacknowledged").stdout
    unacked = sum(int(row[1]) for row in map(str.split, out.splitlines())
                  if len(row) == 2 and row[0] == rabbit_config["vhost"])
    return ready, unacked


def applied(scoring):
    with scoring.engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(db.audit_log)
                            .where(db.audit_log.c.action == "limit.applied")).scalar_one()


@pytest.mark.parametrize("limit", [1, None], ids=["delivery-limit-1", "shipped-policy"])
def test_an_outage_with_broker_drops_loses_events_only_under_a_low_delivery_limit(
        service_factory, rabbit_config, request, limit):
    vhost = rabbit_config["vhost"]
    if limit is not None:  # an operator's stricter policy wins over the shipped one (priority)
        shipped = policies()[0]
        Management(request.config.getoption("RABBIT_API_URI"), vhost).apply_policies([{
            **shipped, "name": "strict", "priority": shipped["priority"] + 1,
            "definition": {**shipped["definition"], "delivery-limit": limit}}])
    scoring = service_factory(CountingScoring, extra={"INBOX_BACKOFF_MAX_SECONDS": 1})
    source, inbox = clock_source_of(scoring), consumer_of(scoring)
    clock = source.clock = StoppedClock(source.clock)
    with Connection(rabbit_config["AMQP_URI"], transport_options={"confirm_publish": True}) as conn:
        producer = Producer(conn.default_channel)
        for body in cycle_bodies(5):
            producer.publish(body, exchange=Exchange("intake.events", type="topic", durable=True),
                             routing_key="cycle.opened", content_type="application/json",
                             content_encoding="binary")

    held = lambda: inbox.outage and len(inbox._pending) == 5  # noqa: E731 - the batch, unacked
    wait_for(held, message="the batch to be held through the outage")
    wait_for(lambda: inbox_counts(rabbit_config) == (0, 5), message="the broker to count it unacknowledged")
    for _ in range(DROPS):
        connects = inbox.connects
        rabbitmqctl("close_all_connections", "--vhost", vhost, "test: the broker drops connections")
        wait_for(lambda: inbox.connects > connects, message="the consumer to reconnect")
        if not wait_for(lambda: "held" if held() else "gone" if inbox_counts(rabbit_config) == (0, 0) else None,
                        message="the batch back, or gone from the queue") == "held":
            break  # the queue gave up on the batch
    clock.stopped = False  # the outage ends
    if limit is None:
        wait_for(lambda: applied(scoring) == 5, message="all five events once the outage ends")
        assert count_rows(scoring.engine, db.inbox) == 5
    else:
        # the broker dropped them: no inbox row, no dead letter — the service never knew
        wait_for(lambda: inbox.outage is None or inbox_counts(rabbit_config) == (0, 0), message="a settled queue")
        assert inbox_counts(rabbit_config) == (0, 0)
        assert applied(scoring) == 0 and count_rows(scoring.engine, db.inbox) == 0
    assert count_rows(scoring.engine, db.dead_letters) == 0
