"""A publisher replays its sent events to one named queue (issue 14, item 7a): a subscriber
that lost what it had applied gets it again and applies it once; other subscribers get
nothing; a range older than the inbox retention is refused; award.* rows are never pruned."""
import copy
import uuid
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa

from award_intake.service import IntakeService
from award_publicity.service import PublicityService
from award_scoring.service import ScoringService
from award_shared import events
from award_shared.bus.consumer import consume
from award_shared.events.samples import SAMPLES
from award_shared.store import db
from award_testing.helpers import audit_entries, commit_events, count_rows, rabbitmqctl, relay_of, wait_for


class TallyScoring(ScoringService):
    @consume(events.CycleOpened, sources=("intake",))
    def on_cycle_opened(self, tx, event):
        tx.audit("tally.applied", target=event.id)


def cycles(n):
    for _ in range(n):
        data = copy.deepcopy(SAMPLES["cycle.opened"])
        data["cycle_id"] = f"cycle-{uuid.uuid4().hex[:12]}"
        yield data


def tally(scoring):
    with scoring.engine.connect() as conn:
        return dict(conn.execute(sa.select(db.audit_log.c.target, sa.func.count())
                                 .where(db.audit_log.c.action == "tally.applied")
                                 .group_by(db.audit_log.c.target)).all())


def ready_in(rabbit_config, queue):
    out = rabbitmqctl("list_queues", "-p", rabbit_config["vhost"], "--no-table-headers", "--quiet",
                      "name", "messages_ready").stdout
    return next(int(line.split()[1]) for line in out.splitlines() if line.split()[0] == queue)


def test_a_subscriber_that_lost_events_gets_them_again_and_no_one_else_does(service_factory, rabbit_config):
    intake = service_factory(IntakeService)
    scoring = service_factory(TallyScoring)
    start = datetime.now(timezone.utc) - timedelta(seconds=1)
    commit_events(intake, "cycle.opened", cycles(3))
    applied = wait_for(lambda: (lambda t: t if len(t) == 3 else None)(tally(scoring)), message="three events")
    wait_for(lambda: ready_in(rabbit_config, "publicity.inbox") == 3, message="publicity's copies waiting")
    lost = sorted(applied)[0]
    with scoring.engine.begin() as conn:  # as if restored from a dump taken before it arrived
        conn.execute(db.inbox.delete().where(db.inbox.c.event_id == lost))
        conn.execute(db.audit_log.delete().where(db.audit_log.c.target == lost))

    resp = intake.client.post("/admin/v1/outbox/replay", "operator", json_body={
        "queue": "scoring.inbox", "since": start.isoformat(), "reason": "scoring restored"})
    assert resp.status_code == 200, resp.text
    assert resp.json()["replayed"] == 3 and resp.json()["more"] is False
    wait_for(lambda: tally(scoring).get(lost) == 1, message="the lost event applied again")
    wait_for(lambda: count_rows(scoring.engine, db.inbox) == 3, message="every replayed copy settled")
    assert set(tally(scoring).values()) == {1}  # the two it had kept were recognised, not re-applied
    assert ready_in(rabbit_config, "publicity.inbox") == 3  # another subscriber got nothing more
    [entry] = audit_entries(intake.engine, "outbox.replay")
    assert entry["target"] == "scoring.inbox" and entry["reason"] == "scoring restored"

    # from the high-water mark the answer gave: nothing more
    again = intake.client.post("/admin/v1/outbox/replay", "operator", json_body={
        "queue": "scoring.inbox", "after_id": resp.json()["last_id"]})
    assert again.json()["replayed"] == 0


def test_a_replay_older_than_the_inbox_retention_or_to_a_queue_it_cannot_reach_is_refused(service_factory):
    intake = service_factory(IntakeService, extra={"INBOX_RETENTION_DAYS": 30})
    commit_events(intake, "cycle.opened", cycles(1))
    wait_for(lambda: count_rows(intake.engine, db.outbox, db.outbox.c.sent_at.is_(None)) == 0, message="sent")
    with intake.engine.begin() as conn:
        conn.execute(db.outbox.update().values(sent_at=datetime.now(timezone.utc) - timedelta(days=31)))
    old = intake.client.post("/admin/v1/outbox/replay", "operator", json_body={"queue": "scoring.inbox", "after_id": 0})
    assert old.status_code == 409 and "applied twice" in old.json()["error"]["message_en"]
    for body, field in (({"queue": "intake.inbox", "after_id": 0}, "queue"),         # its own inbox
                        ({"queue": "bureau.market-regulation", "after_id": 0}, "queue"),  # intake sends no award
                        ({"queue": "scoring.inbox", "types": ["award.granted"], "after_id": 0}, "types"),
                        ({"queue": "scoring.inbox"}, "since")):
        refused = intake.client.post("/admin/v1/outbox/replay", "operator", json_body=body)
        assert refused.status_code == 422 and field in refused.json()["error"]["fields"], refused.text
    assert audit_entries(intake.engine, "outbox.replay") == []


def test_award_events_stay_in_the_outbox_past_its_retention(service_factory):
    publicity = service_factory(PublicityService, extra={"OUTBOX_RETENTION_DAYS": 30})
    commit_events(publicity, "award.granted", [SAMPLES["award.granted"]])
    commit_events(publicity, "hold.placed", [SAMPLES["hold.placed"]])
    # publicity also consumes its own hold.placed and, owning later steps, announces hold.applied:
    # wait for that row too, so that nothing is added to the outbox after the count below
    wait_for(lambda: count_rows(publicity.engine, db.outbox, db.outbox.c.type == "hold.applied") == 1
             and count_rows(publicity.engine, db.outbox, db.outbox.c.sent_at.is_(None)) == 0, message="sent")
    relay = relay_of(publicity)
    with publicity.engine.connect() as conn:
        before = [r.type for r in conn.execute(sa.select(db.outbox.c.type))]
    assert "award.granted" in before and "hold.placed" in before
    assert relay.prune(now=datetime.now(timezone.utc) + timedelta(days=365 * 5))["outbox"] == len(before) - 1
    with publicity.engine.connect() as conn:
        assert [r.type for r in conn.execute(sa.select(db.outbox.c.type))] == ["award.granted"]


def test_a_bureau_joining_late_gets_every_award_event_however_old(service_factory, declare_topology, rabbit_config):
    declare_topology(bureaus=("market-regulation",))
    publicity = service_factory(PublicityService, extra={"INBOX_RETENTION_DAYS": 30})
    commit_events(publicity, "award.granted", [SAMPLES["award.granted"]])
    commit_events(publicity, "hold.placed", [SAMPLES["hold.placed"]])
    wait_for(lambda: count_rows(publicity.engine, db.outbox, db.outbox.c.sent_at.is_(None)) == 0, message="sent")
    wait_for(lambda: ready_in(rabbit_config, "bureau.market-regulation") == 1, message="the live award event")
    with publicity.engine.begin() as conn:  # given years ago
        conn.execute(db.outbox.update().values(sent_at=datetime.now(timezone.utc) - timedelta(days=3 * 365)))
    resp = publicity.client.post("/admin/v1/outbox/replay", "operator", json_body={
        "queue": "bureau.market-regulation", "after_id": 0, "reason": "bureau joined late"})
    assert resp.status_code == 200, resp.text
    assert resp.json()["replayed"] == 1  # the award, not the hold
    wait_for(lambda: ready_in(rabbit_config, "bureau.market-regulation") == 2, message="the replayed award")
