"""bench/holds.py — hold latency: from a finding accepted by supervision (its 201) to the
step's owner refusing the step (docs/design.md, "Holds"), under a background load of
events, p50 and p99 over at least 200 holds.

    .venv/bin/python bench/holds.py [--holds 200] [--load 200] [--db both|sqlite|postgresql]
                                    [--instances 2]

Both engines by default: the target (p99 refused under 100 ms) is issue 15's for PostgreSQL,
and SQLite's row beside it is the reference a reader compares it with.

Intake (owner of the district review) and supervision run in-process, each in its own
nameko ServiceContainer with its own port and database, on a throwaway vhost (as the tests
do). For each hold: a supervisor's procedural finding halts the district review of one
submitted application (201 = accepted); the bench then watches intake's own database until
the hold is in force there (the guard reads exactly that row, so from that commit on intake
refuses), then calls the district review and checks it is refused (409 hold_active);
then the hold is released and the application is used again later.

Background load: ``--load`` events per second of publicity's hold feed (``hold.placed`` /
``hold.released`` on another cycle) published on ``publicity.events``; intake and
supervision both consume and apply every one of them while the holds are measured.

``--instances 2`` (PostgreSQL; SQLite allows one instance per file): a second supervision
instance shares supervision's database, and the findings go to the instance that does NOT
hold the relay lock, so each hold travels only if that commit wakes the holder's relay
(award_shared.store.outbox_notify), not on its poll interval.

Rows printed per engine: "in force at intake" (finding 201 → intake's copy committed) and
"refused at intake" (finding 201 → the district review's 409 observed by a client), each as
p50 / p99 / max in milliseconds, and the background events applied per second; then how much
slower the machine ran meanwhile than at its fastest (the target is for a quiet machine: a
fixed loop of Python timed every 2 s by a process of its own, bench/_speed.py).
"""
import eventlet

eventlet.monkey_patch()

import argparse  # noqa: E402
import itertools  # noqa: E402
import json  # noqa: E402
import logging  # noqa: E402
import os  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402

warnings.filterwarnings("ignore")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import requests  # noqa: E402
import sqlalchemy as sa  # noqa: E402
from kombu import Connection, Exchange, Producer  # noqa: E402
from nameko.containers import ServiceContainer  # noqa: E402

from _harness import databases, vhost  # noqa: E402
from _speed import SpeedProbe  # noqa: E402
from award_intake import examples  # noqa: E402
from award_intake.service import IntakeService  # noqa: E402
from award_shared.web import keys  # noqa: E402
from award_shared.bus.topology import declare_all  # noqa: E402
from award_shared.events import envelope  # noqa: E402
from award_shared.events.schemas import MEMBER_KINDS  # noqa: E402
from award_shared.store import db
from award_shared.store.migrations import upgrade  # noqa: E402
from award_supervision.service import SupervisionService  # noqa: E402
from award_testing.helpers import relay_of  # noqa: E402
from award_testing.plugin import free_port  # noqa: E402

CLOCK = "fixed:2019-03-01T09:00:00+08:00"
SCHEDULE = {"application": "2019-05-31T17:00:00+08:00", "district_review": "2019-06-30T17:00:00+08:00"}


class Api:
    def __init__(self, port, private_key):
        self.base = f"http://127.0.0.1:{port}"
        self.private_key = private_key
        self.session = requests.Session()
        self._tokens = {}

    def call(self, method, path, role=None, sub=None, district=None, body=None):
        headers = {}
        if role:
            key = (role, sub, district)
            if key not in self._tokens:
                self._tokens[key] = keys.mint(self.private_key, sub or f"{role}-bench", [role], district=district)
            headers["Authorization"] = "Bearer " + self._tokens[key]
        resp = self.session.request(method, self.base + path, json=body, headers=headers, timeout=60)
        return resp

    def ok(self, method, path, role=None, status=(200, 201), **kw):
        resp = self.call(method, path, role, **kw)
        if resp.status_code not in status:
            raise RuntimeError(f"{method} {path}: {resp.status_code} {resp.text[:300]}")
        return resp.json()


def start(service_cls, amqp_uri, url, key_dir):
    upgrade(f"award_{service_cls.name}", url)
    port = free_port()
    container = ServiceContainer(service_cls, {
        "AMQP_URI": amqp_uri, "WEB_SERVER_ADDRESS": f"127.0.0.1:{port}", "DATABASE_URL": url,
        "JWT_PUBLIC_KEY_FILE": os.path.join(key_dir, keys.PUBLIC_KEY_NAME), "CLOCK": CLOCK,
        "OUTBOX_POLL_SECONDS": 0.2, "PUBLIC_RATE_PER_MINUTE": 100000, "PERSON_KEY_SECRET": "bench-secret",
        "DOCUMENT_DIR": os.path.join(key_dir, "documents")})
    container.start()
    return container, Api(port, os.path.join(key_dir, keys.PRIVATE_KEY_NAME))


class BackgroundLoad:
    """Publicity's hold feed on another cycle, at ``rate`` events per second."""

    def __init__(self, amqp_uri, rate):
        self.amqp_uri, self.rate = amqp_uri, rate
        self.sent = 0
        self._stop = False
        self._thread = None

    def start(self):
        if self.rate > 0:
            self._thread = eventlet.spawn(self._run)

    def stop(self):
        self._stop = True
        if self._thread is not None:
            self._thread.wait()

    def _run(self):
        exchange = Exchange("publicity.events", type="topic", durable=True)
        seq = itertools.count(1)
        with Connection(self.amqp_uri) as conn:
            producer = Producer(conn.default_channel)
            started = time.monotonic()
            for n in itertools.count():
                if self._stop:
                    return
                hold_id = f"bg-{n // 2}"
                event_type = "hold.placed" if n % 2 == 0 else "hold.released"
                data = {"hold_id": hold_id, "cycle_id": "cycle-bg", "step": "public_notice", "subject": f"bg-app-{n}",
                        "reason": "背景负载", "article": "Art. 17"}
                data.update({"placed_by": "publicity-bench", "placed_by_service": "publicity"}
                            if event_type == "hold.placed" else {"released_by": "publicity-bench"})
                body = envelope.build(service="publicity", event_type=event_type, subject=hold_id, data=data,
                                      cycle_id="cycle-bg", sequence=next(seq))
                producer.publish(json.dumps(body, ensure_ascii=False).encode(), exchange=exchange,
                                 routing_key=event_type, content_type=envelope.CONTENT_TYPE,
                                 content_encoding=envelope.CONTENT_ENCODING, delivery_mode=2)
                self.sent += 1
                ahead = started + self.sent / self.rate - time.monotonic()
                eventlet.sleep(max(ahead, 0))


def applied_background(engine):
    with engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(db.inbox)
                            .where(db.inbox.c.source == "publicity")).scalar_one()


def prepare(intake, supervision, applications):
    cycle = intake.ok("POST", "/v1/cycles", "office", body={"edition": 2019, "schedule": SCHEDULE})["cycle_id"]
    scheme = intake.ok("POST", f"/v1/cycles/{cycle}/review-scheme", "office", body={})
    intake.ok("POST", f"/v1/cycles/{cycle}/review-scheme/decision", "leading_group", body={
        "outcome": "approved", "scheme_sha256": scheme["scheme_sha256"], "decision": "领导小组审定评审方案"})
    intake.ok("POST", f"/v1/cycles/{cycle}/notice", "office", body={"text": "关于组织申报2019年度济南市市长质量奖的通知"})
    deadline = time.monotonic() + 30
    while supervision.call("GET", f"/v1/cycles/{cycle}", "office").status_code != 200:
        if time.monotonic() > deadline:
            raise RuntimeError("supervision did not learn the cycle")
        eventlet.sleep(0.05)
    members = [{"person_id": f"p{i}", "kind": MEMBER_KINDS[i % 5], "name": f"监督员{i}"} for i in range(9)]
    supervision.ok("POST", f"/v1/cycles/{cycle}/group", "office", body={"members": members})
    supervision.ok("POST", f"/v1/cycles/{cycle}/group/approve", "leading_group", body={})
    apps = []
    for i in range(applications):
        sub = f"unit-{i}"
        form = examples.unit_form(name=f"济南基准企业{i}有限公司", credit_code=examples.credit_code(body=f"MB{i:06d}"))
        app = intake.ok("POST", f"/v1/cycles/{cycle}/applications", "applicant", sub=sub, body=form)["application_id"]
        for doc in examples.required_documents():  # Art. 14: the form, the report, the evidence
            intake.ok("POST", f"/v1/applications/{app}/documents", "applicant", sub=sub, body=doc)
        intake.ok("POST", f"/v1/applications/{app}/submit", "applicant", sub=sub)
        apps.append(app)
    return cycle, apps


def hold_status(engine, hold_id):
    with engine.connect() as conn:
        return conn.execute(sa.select(db.holds.c.status).where(db.holds.c.hold_id == hold_id)).scalar()


def wait_status(engine, hold_id, status, timeout=30):
    deadline = time.monotonic() + timeout
    while hold_status(engine, hold_id) != status:
        if time.monotonic() > deadline:
            raise RuntimeError(f"hold {hold_id} never became {status} at intake")
        eventlet.sleep(0.001)
    return time.monotonic()


def wall_of(engine, table, hold_id, column, wait=1.0):
    """When the hold's ``hold.placed`` row of ``table`` got ``column`` (wall clock), in seconds.
    The relay writes ``sent_at`` (the broker's confirm time) with its next fetch or up to
    50 ms later, so it is waited for."""
    deadline = time.monotonic() + wait
    while True:
        with engine.connect() as conn:
            at = conn.execute(sa.select(column).where(table.c.subject == hold_id)
                              .where(table.c.type == "hold.placed")).scalar()
        if at is not None:
            return at.timestamp()
        if time.monotonic() > deadline:
            return float("nan")
        eventlet.sleep(0.01)


def measure(intake, supervision, intake_engine, cycle, apps, holds, supervision_engine=None):
    """Per hold: finding 201 → in force at intake, → refused to a client; and where the time
    went: → supervision's relay had the broker's confirm (its outbox ``sent_at``, wall clock;
    intake's inbox rows carry the business clock, fixed here, so they cannot split the rest)."""
    in_force, refused, relayed = [], [], []
    for n in range(holds):
        app = apps[n % len(apps)]
        resp = supervision.call("POST", "/v1/findings", "supervisor", sub="p1", body={
            "cycle_id": cycle, "kind": "procedural", "step": "district_review", "subject": app, "article": "Art. 14",
            "summary": "基准：区县初审程序待核实", "evidence": ["基准"], "halt": True})
        accepted, accepted_wall = time.monotonic(), time.time()
        if resp.status_code != 201:
            raise RuntimeError(f"finding refused: {resp.status_code} {resp.text[:300]}")
        hold_id = resp.json()["hold"]["hold_id"]
        in_force.append(wait_status(intake_engine, hold_id, "active") - accepted)
        review = intake.call("POST", f"/v1/applications/{app}/district-review", "district", sub="coordinator",
                             district="历下区", body={"decision": "recommend", "opinion": "同意推荐", "signatory": "王主任",
                                   "member_units": examples.MEMBER_UNITS})
        refused.append(time.monotonic() - accepted)
        if review.status_code != 409 or review.json()["error"]["code"] != "hold_active":
            raise RuntimeError(f"intake did not refuse under hold {hold_id}: {review.status_code} {review.text[:300]}")
        if supervision_engine is not None:
            relayed.append(wall_of(supervision_engine, db.outbox, hold_id, db.outbox.c.sent_at) - accepted_wall)
        supervision.ok("POST", f"/v1/holds/{hold_id}/release", "supervisor", sub="p2", body={"reason": "基准：释放"})
        wait_status(intake_engine, hold_id, "released")
    return in_force, refused, relayed


def percentiles(samples):
    ordered = sorted(samples)
    q = statistics.quantiles(ordered, n=100, method="inclusive")
    return q[49] * 1000, q[98] * 1000, ordered[-1] * 1000


def start_supervision(amqp_uri, url, key_dir, instances):
    """``instances`` supervision containers on one database; the API of one that does not
    hold the relay lock when there are several (its commits must wake the holder's relay)."""
    started = [start(SupervisionService, amqp_uri, url, key_dir) for _ in range(instances)]
    deadline = time.monotonic() + 30
    while not any(relay_of(c).lock.held for c, _ in started):
        if time.monotonic() > deadline:
            raise RuntimeError("no supervision relay took the lock")
        eventlet.sleep(0.05)
    api = next((a for c, a in started if not relay_of(c).lock.held), started[0][1])
    return [c for c, _ in started], api


def run(engine_kind, holds, load, applications, instances=1):
    with vhost() as amqp_uri, databases(engine_kind, ["intake", "supervision"]) as urls, \
            tempfile.TemporaryDirectory(prefix="award-bench-keys-") as key_dir:
        with Connection(amqp_uri) as conn:
            declare_all(conn.default_channel)
        keys.ensure_dev_keypair(key_dir)
        intake_c, intake = start(IntakeService, amqp_uri, urls["intake"], key_dir)
        super_cs, supervision = start_supervision(amqp_uri, urls["supervision"], key_dir, instances)
        intake_engine = sa.create_engine(urls["intake"])
        supervision_engine = sa.create_engine(urls["supervision"])
        background = BackgroundLoad(amqp_uri, load)
        try:
            cycle, apps = prepare(intake, supervision, applications)
            background.start()
            eventlet.sleep(1.0)  # let the load reach a steady state
            applied_before, t0 = applied_background(intake_engine), time.monotonic()
            in_force, refused, relayed = measure(intake, supervision, intake_engine, cycle, apps, holds,
                                                           supervision_engine)
            applied_rate = (applied_background(intake_engine) - applied_before) / (time.monotonic() - t0)
        finally:
            background.stop()
            for container in super_cs:
                container.stop()
            intake_c.stop()
            intake_engine.dispose()
            supervision_engine.dispose()
        return in_force, refused, relayed, applied_rate


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--holds", type=int, default=200)
    parser.add_argument("--load", type=float, default=200.0, help="background events per second")
    parser.add_argument("--applications", type=int, default=20, help="applications the holds cycle through")
    parser.add_argument("--db", default="both", choices=("sqlite", "postgresql", "both"))
    parser.add_argument("--instances", type=int, default=1,
                        help="supervision instances on PostgreSQL; findings go to one without the relay lock")
    parser.add_argument("--verbose", action="store_true", help="show the services' logs")
    args = parser.parse_args(argv)
    # every refusal measured is logged by nameko as a worker error: keep the table readable
    logging.basicConfig(level=logging.INFO if args.verbose else logging.CRITICAL)
    engines = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
    print(f"hold latency, {args.holds} holds, background {args.load:.0f} events/s "
          f"(publicity hold feed, applied by intake and supervision)")
    print(f"{'engine':<11} {'measure':<22} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}   background applied/s")
    for kind in engines:
        instances = args.instances if kind == "postgresql" else 1
        with SpeedProbe(every=2.0) as speed:  # the target is for a quiet machine: say how quiet
            in_force, refused, relayed, rate = run(kind, args.holds, args.load, args.applications, instances)
        name = kind if instances == 1 else f"{kind[:8]}×{instances}"
        for label, samples in (("confirmed by broker", relayed), ("in force at intake", in_force), ("refused at intake", refused)):
            p50, p99, worst = percentiles(samples)
            target = f"   p99 vs target 100 ms: {p99 / 100:.2f}×" if label.startswith("refused") else ""
            print(f"{name:<11} {label:<22} {p50:8.1f} {p99:8.1f} {worst:8.1f}   {rate:8.0f}{target}")
        summary = speed.summary()
        if summary:
            print(f"{name:<11} the machine: meanwhile a fixed piece of Python cost {summary[1]}")


if __name__ == "__main__":
    main()
