"""Webhooks against real receivers (issue 36, items 2 and 4): HTTP servers in this process
that verify every delivery's signature with the ``standardwebhooks`` library. A receiver that
fails for a while then recovers gets every event once, in order per subject; a receiver that
never answers holds only its own delivery — the other gets everything while it hangs — and,
failing on, is parked, listed with its last error, and delivered again by a replay. Real
RabbitMQ, real database (SQLite and PostgreSQL)."""
import http.server
import importlib.util
import json
import pathlib
import sys
import threading
import uuid

import pytest
import sqlalchemy as sa
from standardwebhooks.webhooks import Webhook

from award_feed.service import FeedService
from award_testing.helpers import wait_for
from test_art18_19_29_feed_service import publish_cycle

OPERATOR = "operator"
EXAMPLE = pathlib.Path(__file__).resolve().parents[4] / "examples" / "bureau"


def example(name):
    """A module of examples/bureau (the bureau's own code, not on the suite's path)."""
    sys.path.insert(0, str(EXAMPLE))
    try:
        spec = importlib.util.spec_from_file_location(f"bureau_{name}", EXAMPLE / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(EXAMPLE))


receiver_example, follower_example = example("webhook_receiver"), example("feed_follower")


class Receiver:
    """A webhook endpoint on 127.0.0.1: ``fail_first`` requests answer 500, then each delivery
    is verified (standardwebhooks) and kept; ``hang`` holds every request unanswered until
    :meth:`release`, after which the connection is dropped without an answer (a dead host)."""

    def __init__(self, fail_first=0, hang=False):
        self.secret = None
        self.fail_first, self.hang = fail_first, hang
        self.released = threading.Event()
        self.requests, self.accepted, self.bad = 0, [], []
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests += 1
                if receiver.hang:
                    receiver.released.wait()
                    self.close_connection = True
                    return
                if receiver.requests <= receiver.fail_first:
                    return self.answer(500)
                try:
                    Webhook(receiver.secret).verify(body, dict(self.headers))
                except Exception as exc:  # noqa: BLE001 — any failure of verification is kept
                    receiver.bad.append(repr(exc))
                    return self.answer(400)
                # the example receiver's own check (examples/bureau) agrees with the library
                if not receiver_example.verified([receiver.secret], {k.lower(): v for k, v in self.headers.items()}, body):
                    receiver.bad.append("examples/bureau/webhook_receiver.py refused it")
                    return self.answer(400)
                assert self.headers["Content-Type"] == "application/cloudevents+json"
                assert json.loads(body)["id"] == self.headers["webhook-id"]
                receiver.accepted.append(json.loads(body))
                self.answer(204)

            def answer(self, status):
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def release(self):
        self.released.set()

    def close(self):
        self.released.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receivers():
    made = []
    yield lambda **kw: made.append(Receiver(**kw)) or made[-1]
    for receiver in made:
        receiver.close()


def subscribe(feed, receiver, name):
    answer = feed.client.post("/v1/webhooks", OPERATOR, json_body={"name": name, "url": receiver.url, "after": 0})
    assert answer.status_code == 201, answer.text
    receiver.secret = answer.json()["secret"]
    return answer.json()["id"]


def per_subject(events):
    order = {}
    for event in events:
        order.setdefault(event["subject"], []).append(event["id"])
    return order


def test_a_recovering_receiver_gets_every_event_once_in_order_while_a_dead_one_hangs_then_is_parked(
        service_factory, rabbit_config, receivers):
    feed = service_factory(FeedService, extra={
        "WEBHOOK_HTTP_LOOPBACK": "true", "WEBHOOK_TICK_SECONDS": 0.05, "WEBHOOK_TIMEOUT_SECONDS": 30,
        "WEBHOOK_BACKOFF_FIRST_SECONDS": 0.05, "WEBHOOK_BACKOFF_MAX_SECONDS": 0.2, "WEBHOOK_RETRY_FOR_SECONDS": 2})
    flaky, dead = receivers(fail_first=3), receivers(hang=True)
    dead_id = subscribe(feed, dead, "dead-bureau")
    name = f"market-{uuid.uuid4().hex[:8]}"   # the counters are the process's: one name per run
    flaky_id = subscribe(feed, flaky, name)
    sent = publish_cycle(rabbit_config["AMQP_URI"])

    wait_for(lambda: len(flaky.accepted) >= len(sent), message="the recovering receiver to get every event")
    assert dead.requests == 1 and not dead.released.is_set()   # still holding its first delivery
    assert flaky.bad == [] and flaky.requests == 3 + len(sent)
    assert sorted(e["id"] for e in flaky.accepted) == sorted(e["id"] for e in sent)  # each once
    in_feed = feed.client.get("/public/v1/feed?after=0").json()
    assert per_subject(flaky.accepted) == per_subject(in_feed)   # the feed's order, hence each subject's
    assert "person_key" not in json.dumps(flaky.accepted) and all("feedcursor" in e for e in flaky.accepted)

    dead.release()   # from now on it drops every connection unanswered
    wait_for(lambda: feed.client.get(f"/v1/webhooks/{dead_id}", OPERATOR).json()["state"] == "parked",
             message="the dead receiver's subscription to be parked")
    parked = feed.client.get("/v1/webhooks?state=parked", OPERATOR).json()["subscriptions"]
    assert [s["id"] for s in parked] == [dead_id] and parked[0]["cursor"] == 0 and parked[0]["last_error"]
    assert "secret" not in parked[0]
    metrics = feed.client.get("/metrics").text
    assert "award_feed_webhooks_parked 1.0" in metrics
    assert f'award_feed_webhook_failures_total{{subscription="{name}"}} 3.0' in metrics
    assert "award_feed_webhook_delivery_seconds_count" in metrics

    # a replay from cursor 3 sends the recovered receiver events 4 and 5 again, same ids
    answer = feed.client.post(f"/v1/webhooks/{flaky_id}/replay", OPERATOR, json_body={"after": 3, "reason": "test"})
    assert answer.status_code == 200, answer.text
    wait_for(lambda: len(flaky.accepted) == len(sent) + 2, message="the replay to be delivered")
    assert [e["feedcursor"] for e in flaky.accepted[-2:]] == [4, 5] and flaky.bad == []


def test_a_rotated_secret_is_verified_by_either_side_and_ssrf_is_refused_at_the_door(service_factory, rabbit_config,
                                                                                      receivers, tmp_path):
    feed = service_factory(FeedService, extra={"WEBHOOK_HTTP_LOOPBACK": "true", "WEBHOOK_TICK_SECONDS": 0.05})
    receiver = receivers()
    sub = subscribe(feed, receiver, "credit-platform")
    old = receiver.secret
    rotated = feed.client.post(f"/v1/webhooks/{sub}/secret", OPERATOR, json_body={"overlap_seconds": 600})
    assert rotated.status_code == 200 and rotated.json()["secret"] != old
    receiver.secret = old   # the receiver has not switched yet: the previous secret's signature still verifies
    with feed.engine.connect() as conn:   # the database holds neither secret in clear (WEBHOOK_SECRET_KEYS)
        stored = conn.execute(sa.text("SELECT secret, previous_secret FROM webhook_subscriptions")).one()
    assert not {old, rotated.json()["secret"]} & set(stored) and all(s.startswith("gAAAAA") for s in stored)
    publish_cycle(rabbit_config["AMQP_URI"])
    wait_for(lambda: len(receiver.accepted) == 5, message="every event signed with both secrets")
    assert receiver.bad == []
    # the example feed follower (examples/bureau) reads the same five events into its register
    register = example("register").Register(str(tmp_path / "awards.db"))
    assert follower_example.follow(feed.client.base_url, register, once=True) == 5
    assert sorted(r[0] for r in register.db.execute("SELECT id FROM processed")) == \
        sorted(e["id"] for e in receiver.accepted)

    for url in ("https://10.0.0.1/h", "https://169.254.169.254/latest/meta-data", "http://93.184.216.34/h",
                "https://[fd00::1]/h", "ftp://127.0.0.1/h"):
        refused = feed.client.post("/v1/webhooks", OPERATOR, json_body={"name": "ssrf", "url": url})
        assert refused.status_code == 422 and list(refused.json()["error"]["fields"]) == ["url"], (url, refused.text)
    assert feed.client.post("/v1/webhooks", "office", json_body={"name": "x", "url": receiver.url}).status_code == 403
    listed = feed.client.get("/v1/webhooks?limit=1", OPERATOR).json()
    assert [s["name"] for s in listed["subscriptions"]] == ["credit-platform"] and listed["next"] == sub


@pytest.mark.engines("sqlite")   # its subject is the start, not the database
def test_feed_without_a_key_for_its_webhook_secrets_does_not_start_and_names_the_setting(service_factory):
    feed = service_factory(FeedService, extra={"WEBHOOK_SECRET_KEYS": ""}, start=False)
    with pytest.raises(ValueError, match="WEBHOOK_SECRET_KEYS"):
        feed.start()
