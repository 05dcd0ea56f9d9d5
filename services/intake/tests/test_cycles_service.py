"""Service tests of intake's cycles: one container, a real RabbitMQ vhost, a real database."""
import sqlalchemy as sa

from award_intake.service import IntakeService
from award_shared import db
from award_shared.testing import wait_for

CLOCK_2019 = "fixed:2019-03-01T09:00:00+08:00"
SCHEDULE_2019 = {"application": "2019-05-31T17:00:00+08:00", "district_review": "2019-06-30T17:00:00+08:00"}


def test_opening_a_cycle_commits_it_and_relays_cycle_opened(service_factory):
    intake = service_factory(IntakeService, clock=CLOCK_2019)
    resp = intake.client.post("/v1/cycles", "office", json_body={"edition": 2019, "schedule": SCHEDULE_2019})
    assert resp.status_code == 201, resp.text
    body = resp.json()
    assert body["ruleset_id"] == "jinan-2018"
    with intake.engine.connect() as conn:
        row = conn.execute(sa.select(db.outbox)).mappings().one()
    assert row["type"] == "cycle.opened"

    def sent():
        with intake.engine.connect() as conn:
            return conn.execute(sa.select(db.outbox.c.sent_at)).scalar()
    wait_for(sent, message="the relay to confirm cycle.opened")
