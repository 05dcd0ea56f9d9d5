"""The outbox relay and the inbox consumer in each ``AMQP_TRANSPORT`` mode, against the
real broker: every event committed by intake is published, confirmed, marked sent and
applied once by scoring; an unknown mode refuses to start."""
import pytest

from award_intake.service import IntakeService
from award_scoring.service import ScoringService
from award_shared.bus import wire
from award_shared.events.samples import SAMPLES
from award_shared.store import db
from award_testing.helpers import commit_events, consumer_of, count_rows, relay_of, wait_for

EVENTS = 600  # more than one relay batch and several inbox batches


@pytest.mark.parametrize("mode", wire.TRANSPORTS)
def test_events_flow_from_relay_to_consumer_in_each_transport_mode(service_factory, mode):
    intake = service_factory(IntakeService, extra={"AMQP_TRANSPORT": mode, "OUTBOX_BATCH": 200})
    scoring = service_factory(ScoringService, extra={"AMQP_TRANSPORT": mode, "INBOX_BATCH": 50})
    relay, inbox = relay_of(intake), consumer_of(scoring)
    commit_events(intake, "cycle.opened",
                  [dict(SAMPLES["cycle.opened"], cycle_id=f"wire-{mode}-{i}") for i in range(EVENTS)],
                  per_transaction=100)
    wait_for(lambda: count_rows(scoring.engine, db.inbox, db.inbox.c.type == "cycle.opened") == EVENTS,
             timeout=120, message=f"all {EVENTS} events to be applied ({mode})")
    wait_for(lambda: count_rows(intake.engine, db.outbox, db.outbox.c.sent_at.is_(None)) == 0,
             message="every row to be marked sent")
    assert count_rows(scoring.engine, db.dead_letters) == 0
    for conn in (relay._conn, inbox._conn):  # the mode each one actually runs on
        assert isinstance(conn.connection.transport, wire.BufferedTCPTransport) == (mode == "buffered")


def test_an_unknown_transport_mode_refuses_to_start(service_factory):
    intake = service_factory(IntakeService, extra={"AMQP_TRANSPORT": "fast"}, start=False)
    with pytest.raises(ValueError, match="AMQP_TRANSPORT"):
        intake.start()
