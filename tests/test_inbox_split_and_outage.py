"""The inbox when a batch fails where no handler is to blame (issue 10, items 1 and 2).

- A message that makes its batch's commit fail while the database answers is found by
  splitting the batch, and only it becomes a dead letter (stage ``commit``).
- A dependency that does not answer (here the business clock) is an outage: nothing is
  dead-lettered, the consumer backs off (doubling, not a hot requeue loop), and says so in
  ``/health/ready`` and ``award_inbox_backoff_seconds``; once it answers, every event applies.
"""
import copy
import json
import uuid

import pytest
import sqlalchemy as sa
from kombu import Connection, Exchange, Producer

from award_scoring.service import ScoringService
from award_shared import events
from award_shared.bus.consumer import consume
from award_shared.events import envelope
from award_shared.events.samples import SAMPLES
from award_shared.store import db
from award_testing.helpers import clock_source_of, consumer_of, count_rows, metric, wait_for

POISON = 2997  # an edition whose batch cannot commit: as a value the driver refuses at commit


def _refuse_commit(connection):
    raise ValueError("probe: a value this database cannot store")


class CommitProbeScoring(ScoringService):
    @consume(events.CycleOpened, sources=("intake",))
    def on_cycle_opened(self, tx, event):
        if event.data["edition"] == POISON:  # not the handler's failure: the commit's
            sa.event.listen(tx.session, "commit", _refuse_commit)  # the unit of work's Connection
        tx.audit("probe.applied", target=event.id)


def bodies(n, edition=2019):
    out = []
    for _ in range(n):
        data = copy.deepcopy(SAMPLES["cycle.opened"])
        data["cycle_id"] = f"cycle-{uuid.uuid4().hex[:12]}"
        data["edition"] = edition
        out.append(json.dumps(envelope.build(service="intake", event_type="cycle.opened", subject=data["cycle_id"],
                                             data=data, cycle_id=data["cycle_id"], sequence=1)).encode())
    return out


def publish(rabbit_config, stream):
    with Connection(rabbit_config["AMQP_URI"]) as conn:
        producer = Producer(conn.default_channel)
        for body in stream:
            producer.publish(body, exchange=Exchange("intake.events", type="topic", durable=True),
                             routing_key="cycle.opened", content_type="application/json",
                             content_encoding="binary")


def applied(service):
    with service.engine.connect() as conn:
        return dict(conn.execute(sa.select(db.audit_log.c.target, sa.func.count())
                                 .where(db.audit_log.c.action == "probe.applied")
                                 .group_by(db.audit_log.c.target)).all())


def test_a_batch_that_cannot_commit_is_split_until_its_poison_is_the_only_dead_letter(
        service_factory, rabbit_config):
    scoring = service_factory(CommitProbeScoring, start=False)  # the stream arrives as one batch
    good, poison = bodies(40), bodies(1, edition=POISON)
    stream = good[:23] + poison + good[23:]
    publish(rabbit_config, stream)
    scoring.start()

    counts = wait_for(lambda: (lambda c: c if len(c) == 40 else None)(applied(scoring)),
                      message="the 40 good events to be applied")
    assert sorted(set(counts.values())) == [1]
    letters = wait_for(lambda: scoring.client.get("/admin/v1/dead-letters", "operator").json()["dead_letters"],
                       message="the poison's dead letter")
    assert [(d["stage"], d["event_id"]) for d in letters] == [("commit", json.loads(poison[0])["id"])]
    assert "a value this database cannot store" in letters[0]["error"]
    assert count_rows(scoring.engine, db.inbox) == 40  # the poison's inbox row went with its transaction


class BrokenClock:
    """The business clock of a service whose time source fails (e.g. overflowed)."""

    def __init__(self, clock):
        self.clock, self.broken = clock, True

    def now(self):
        if self.broken:
            raise OverflowError("date value out of range")
        return self.clock.now()

    def __getattr__(self, name):
        return getattr(self.clock, name)


# the subject is the inbox's back-off while the clock does not answer, not the database: the
# split above and the services' own tests cover both engines
@pytest.mark.engines("postgresql")
def test_a_failing_dependency_makes_the_inbox_back_off_not_dead_letter(service_factory, rabbit_config):
    # a ceiling of 2 s: three tries prove the doubling (0.5, 1, 2 s) and the recovery waits 2 s at most
    scoring = service_factory(CommitProbeScoring, extra={"INBOX_BACKOFF_MAX_SECONDS": 2})
    source, inbox = clock_source_of(scoring), consumer_of(scoring)
    clock = source.clock = BrokenClock(source.clock)
    retries_before = metric("award_inbox_retries_total", service="scoring")
    publish(rabbit_config, bodies(5))

    wait_for(lambda: inbox.backoff >= 2, message="the back-off to double up to its ceiling")
    retries = metric("award_inbox_retries_total", service="scoring") - retries_before
    assert 3 <= retries <= 6, "0.5, 1, 2 s: a few tries, not a hot loop"
    assert metric("award_inbox_backoff_seconds", service="scoring") == 2
    ready = scoring.client.get("/health/ready")
    assert ready.status_code == 503
    assert ready.json()["checks"]["inbox"].startswith("backing off")
    assert "OverflowError" in ready.json()["checks"]["inbox"]
    assert count_rows(scoring.engine, db.dead_letters) == 0 and applied(scoring) == {}

    clock.broken = False  # the dependency answers again
    counts = wait_for(lambda: (lambda c: c if len(c) == 5 else None)(applied(scoring)),
                      message="the five events to be applied once the clock answers")
    assert sorted(set(counts.values())) == [1]
    assert count_rows(scoring.engine, db.dead_letters) == 0
    assert metric("award_inbox_backoff_seconds", service="scoring") == 0
    assert scoring.client.get("/health/ready").status_code == 200
