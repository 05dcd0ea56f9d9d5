"""bench/bus.py — how fast committed events are consumed and applied, against baselines
measured in the same run on the same broker and database.

    .venv/bin/python bench/bus.py [--events 2000] [--db sqlite|postgresql|both]

Rows printed per database engine:
- suite: events committed through intake's outbox → relayed (streamed confirms) → consumed
  by scoring's inbox and applied (inbox row + effect, one transaction each), per second,
  with all five services running as real ``nameko run`` processes;
- db single-row tx: the database's own rate of one-row transactions (the ceiling the
  consumer's one-transaction-per-event design can approach);
- nameko dispatcher: plain nameko ``EventDispatcher`` → ``event_handler`` (one blocking
  confirm per message, nothing stored);
- raw kombu: persistent publish + consume with acks of the same number of messages.
Then each service's peak RSS. Ratios are against the database's single-row rate.
"""
import eventlet

eventlet.monkey_patch()

import argparse  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402

warnings.filterwarnings("ignore")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import sqlalchemy as sa  # noqa: E402
from kombu import Connection, Consumer, Exchange, Producer, Queue  # noqa: E402

from _harness import Services, databases, vhost  # noqa: E402
from award_shared import db  # noqa: E402
from award_shared.cli.topology import main as declare_topology  # noqa: E402
from award_shared.events.samples import SAMPLES  # noqa: E402
from award_shared.topology import SERVICES  # noqa: E402


def suite_rate(amqp_uri, urls, n, workdir):
    services = Services(amqp_uri, urls, workdir)
    declare_topology(["--amqp-uri", amqp_uri])
    services.start()
    try:
        intake = db.make_engine(urls["intake"])
        scoring = sa.create_engine(urls["scoring"])
        gate = db.TransactionGate(db.is_sqlite(urls["intake"]))
        started = time.perf_counter()
        _commit(intake, gate, n)
        committed = time.perf_counter() - started
        while True:
            with scoring.connect() as conn:
                done = conn.execute(sa.select(sa.func.count()).select_from(db.inbox)
                                    .where(db.inbox.c.type == "cycle.opened")).scalar_one()
            if done >= n:
                break
            time.sleep(0.05)
        elapsed = time.perf_counter() - started
        return n / elapsed, committed, services.peak_rss_mb()
    finally:
        services.stop()


def _commit(engine, gate, n, per_tx=100):
    """Commit ``n`` cycle.opened events into intake's outbox, as its unit of work would."""
    import json
    import uuid
    from datetime import datetime, timezone
    from award_shared.events import envelope
    now = datetime.now(timezone.utc)
    for start in range(0, n, per_tx):
        with gate(), engine.begin() as conn:
            rows = []
            for _ in range(min(per_tx, n - start)):
                cycle_id = f"cycle-{uuid.uuid4().hex[:12]}"
                data = dict(SAMPLES["cycle.opened"], cycle_id=cycle_id)
                seq = db.next_sequence(conn, cycle_id)
                body = envelope.build(service="intake", event_type="cycle.opened", subject=cycle_id, data=data,
                                      cycle_id=cycle_id, sequence=seq, time=now)
                rows.append({"event_id": body["id"], "type": "cycle.opened", "subject": cycle_id,
                             "body": json.dumps(body, ensure_ascii=False), "created_at": now})
            conn.execute(db.outbox.insert(), rows)


def db_tx_rate(url, n):
    engine = db.make_engine(url)
    table = sa.Table("bench_rows", sa.MetaData(), sa.Column("id", sa.Integer, primary_key=True),
                     sa.Column("payload", sa.String(100)))
    table.metadata.create_all(engine)
    gate = db.TransactionGate(db.is_sqlite(url))
    started = time.perf_counter()
    for i in range(n):
        with gate(), engine.begin() as conn:
            conn.execute(table.insert().values(payload=f"row {i}"))
    rate = n / (time.perf_counter() - started)
    table.metadata.drop_all(engine)
    engine.dispose()
    return rate


def raw_kombu_rate(amqp_uri, n):
    exchange = Exchange("bench.raw", type="topic", durable=True)
    queue = Queue("bench.raw", exchange, routing_key="#", durable=True)
    received = []
    with Connection(amqp_uri) as conn:
        queue(conn.default_channel).declare()
        started = time.perf_counter()
        producer = Producer(conn.default_channel)
        for i in range(n):
            producer.publish({"i": i}, exchange=exchange, routing_key="x", delivery_mode=2, serializer="json")
        with Consumer(conn.channel(), queues=[queue], callbacks=[lambda body, m: (received.append(1), m.ack())],
                      prefetch_count=100):
            while len(received) < n:
                conn.drain_events(timeout=10)
        return n / (time.perf_counter() - started)


def nameko_dispatcher_rate(amqp_uri, n):
    from nameko.containers import ServiceContainer
    from nameko.events import EventDispatcher, event_handler
    from nameko.standalone.events import event_dispatcher
    done = eventlet.event.Event()
    count = [0]

    class Sink:
        name = "bench_sink"

        @event_handler("bench_source", "ping")
        def ping(self, payload):
            count[0] += 1
            if count[0] == n:
                done.send(True)

    container = ServiceContainer(Sink, {"AMQP_URI": amqp_uri})
    container.start()
    try:
        dispatch = event_dispatcher({"AMQP_URI": amqp_uri})
        started = time.perf_counter()
        for i in range(n):
            dispatch("bench_source", "ping", {"i": i})
        done.wait()
        return n / (time.perf_counter() - started)
    finally:
        container.stop()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both")
    args = parser.parse_args(argv)
    engines = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
    n = args.events
    print(f"bench/bus.py: {n} events per measurement; 2 cores; broker and databases on this machine\n")
    print(f"{'engine':<11} {'measurement':<28} {'events/s':>10} {'× db tx':>8}")
    for kind in engines:
        with vhost() as amqp_uri, databases(kind, list(SERVICES)) as urls, tempfile.TemporaryDirectory() as work:
            tx = db_tx_rate(urls["revocation"], n)
            suite, _, rss = suite_rate(amqp_uri, urls, n, work)
            plain = nameko_dispatcher_rate(amqp_uri, n)
            raw = raw_kombu_rate(amqp_uri, n)
        for label, rate in (("suite (outbox→inbox)", suite), ("db single-row tx", tx),
                            ("nameko dispatcher→handler", plain), ("raw kombu pub+consume", raw)):
            print(f"{kind:<11} {label:<28} {rate:>10.0f} {rate / tx:>8.2f}")
        print(f"{kind:<11} suite vs nameko dispatcher: {suite / plain:.2f}×;  target ≥ 0.70× db tx: "
              f"{'met' if suite >= 0.7 * tx else 'NOT met'}")
        print(f"{kind:<11} peak RSS (MB): " + ", ".join(f"{k} {v:.0f}" for k, v in sorted(rss.items())))
        print()


if __name__ == "__main__":
    main()
