"""What supervision's service tests share: its clock, members of the five kinds (Art. 9), intake's
side of the bus and the service driven through its HTTP API. A module of its own name, not
``conftest``: a test importing from ``conftest`` gets whichever directory's conftest pytest
loaded last under that name (the console's, in a whole run)."""
import hashlib
import itertools
import json

import sqlalchemy as sa
from kombu import Connection, Exchange, Producer

from award_shared.events import envelope
from award_shared.events.schemas import MEMBER_KINDS
from award_shared.store import db
from award_testing.helpers import wait_for

CLOCK_2019 = "fixed:2019-03-01T09:00:00+08:00"


def members(ids, names=None):
    """Members for the given person ids, the five kinds in turn (Art. 9)."""
    names = names or {}
    return [{"person_id": pid, "kind": MEMBER_KINDS[i % len(MEMBER_KINDS)], "name": names.get(pid, f"成员{pid}")}
            for i, pid in enumerate(ids)]


class Bus:
    """Publishes another service's events on its exchange, as its relay would."""

    def __init__(self, amqp_uri):
        self.amqp_uri = amqp_uri
        self._seq = itertools.count(1)

    def publish(self, service, event_type, data, subject, cycle_id):
        body = envelope.build(service=service, event_type=event_type, subject=subject, data=data,
                              cycle_id=cycle_id, sequence=next(self._seq))
        with Connection(self.amqp_uri) as conn:
            Producer(conn.default_channel).publish(
                json.dumps(body, ensure_ascii=False).encode(), exchange=Exchange(f"{service}.events", type="topic",
                                                                                 durable=True),
                routing_key=event_type, content_type="application/json", content_encoding="binary",
                delivery_mode=2)
        return body

    def open_cycle(self, edition, ruleset=None):
        cycle_id = f"cycle-{edition}"
        ruleset = ruleset or {"id": "jinan-2018"}
        self.publish("intake", "cycle.opened", {
            "cycle_id": cycle_id, "edition": edition, "ruleset": ruleset, "ruleset_id": "jinan-2018",
            "ruleset_sha256": hashlib.sha256(json.dumps(ruleset).encode()).hexdigest(),
            "schedule": {}, "opened_at": f"{edition}-03-01T01:00:00+00:00"}, cycle_id, cycle_id)
        return cycle_id

    def close_cycle(self, cycle_id):
        self.publish("intake", "cycle.closed", {"cycle_id": cycle_id}, cycle_id, cycle_id)

    def hold_applied(self, hold, owner="intake", subject_step=None):
        self.publish(owner, "hold.applied", {
            "hold_id": hold["hold_id"], "cycle_id": hold["cycle_id"], "owner": owner,
            "subject": hold.get("subject"), "subject_step": subject_step,
            "applied_at": "2019-03-01T01:00:05+00:00"}, hold["hold_id"], hold["cycle_id"])


class Supervision:
    """The running service, with the steps the tests take again and again."""

    def __init__(self, container, bus):
        self.container = container
        self.client = container.client
        self.engine = container.engine
        self.bus = bus

    def open_cycle(self, edition=2019, ruleset=None):
        cycle_id = self.bus.open_cycle(edition, ruleset)
        wait_for(lambda: self.client.get(f"/v1/cycles/{cycle_id}", "office").status_code == 200,
                 message=f"supervision to learn {cycle_id}")
        return cycle_id

    def close_cycle(self, cycle_id):
        self.bus.close_cycle(cycle_id)
        wait_for(lambda: self.client.get(f"/v1/cycles/{cycle_id}", "office").json()["status"] == "closed",
                 message=f"supervision to learn {cycle_id} closed")

    def appoint(self, cycle_id, ids, names=None):
        resp = self.client.post(f"/v1/cycles/{cycle_id}/group", "office", json_body={"members": members(ids, names)})
        assert resp.status_code == 201, resp.text
        resp = self.client.post(f"/v1/cycles/{cycle_id}/group/approve", "leading_group", json_body={})
        assert resp.status_code == 200, resp.text
        return resp.json()

    def finding(self, sub, **body):
        return self.client.post("/v1/findings", "supervisor", sub=sub, json_body=body)

    def outbox(self, event_type):
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(db.outbox.c.body).where(db.outbox.c.type == event_type)
                                .order_by(db.outbox.c.id)).scalars().all()
        return [json.loads(r)["data"] for r in rows]

    def consumed(self, event_ids):
        """Have all these events been applied (the inbox holds their ids)?"""
        with self.engine.connect() as conn:
            found = conn.execute(sa.select(sa.func.count()).select_from(db.inbox)
                                 .where(db.inbox.c.event_id.in_(list(event_ids)))).scalar()
        return found == len(set(event_ids))

    def audit(self, action):
        with self.engine.connect() as conn:
            return conn.execute(sa.select(db.audit_log).where(db.audit_log.c.action == action)).mappings().all()


