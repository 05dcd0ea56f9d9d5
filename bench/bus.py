"""bench/bus.py — how fast committed events are consumed and applied, against baselines
measured in the same run on the same broker and database.

    .venv/bin/python bench/bus.py [--events 2000] [--repeat 3] [--db sqlite|postgresql|both]
                                  [--transport buffered|plain]

Rows printed per database engine:
- suite: events committed to intake's outbox (while its relay is paused through
  ``/admin/v1/outbox/pause``) → relayed (streamed confirms) → consumed by one service's
  inbox and applied (inbox row + the handler's effect, in batches), per second from just
  before the relay's resumption to the last event applied, all five services running as
  real ``nameko run`` processes. The spine row uses ``hold.applied`` (supervision records
  where a hold bit: one row), run ``--repeat`` times; the domain row uses
  ``application.submitted`` (scoring's replica: a read and two writes);
- suite fan-out: ``cycle.opened``, which four services consume, each applying every event;
- db single-row tx: the database's own rate of one-row transactions through SQLAlchemy
  (a database of its own on the same server or disk), run in turns with the spine;
- nameko dispatcher: plain nameko ``EventDispatcher`` → ``event_handler`` (one blocking
  confirm per message, nothing stored);
- raw kombu: persistent publish + consume with acks of the same number of messages.
Repeated rows print their median and their range; ratios are against the median of the
database's single-row rate, and the spine's target ratio is the median over the pairs
(spine run, db run next to it): the machine's speed drifts, and a pair shares it. Then
where the CPU went in the domain and fan-out rows (each service's, the broker's and the
machine's PostgreSQL server processes' CPU time per event, from /proc, over the measured interval; the bench's own is left out),
the rate that CPU allows with every core busy all the time (a row short of its target beside a
cap near it is CPU-bound: only less CPU per event or more cores move it), the fan-out's rate
against its cap (issue 37's target: at least 0.9 ×) and against the cap on the cores the rest of
a shared machine left the suite (``/proc/stat``), and each service's peak RSS.
"""
import eventlet

eventlet.monkey_patch()

import argparse  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402
from datetime import datetime, timezone  # noqa: E402

warnings.filterwarnings("ignore")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import sqlalchemy as sa  # noqa: E402
from kombu import Connection, Consumer, Exchange, Producer, Queue  # noqa: E402

from _harness import Services, databases, vhost  # noqa: E402
from award_shared.store import kit_writes  # noqa: E402
from award_shared.bus.topology import SERVICES  # noqa: E402
from award_shared.events.samples import SAMPLES  # noqa: E402
from award_shared.store import db
from award_tools.topology import main as declare_topology  # noqa: E402


def suite_rate(amqp_uri, urls, baseline_url, n, workdir, repeat):
    """Rates of the spine and of the database's single-row transactions, measured in turns
    (``repeat`` pairs, so each pair sees the machine in the same state), then a domain
    handler and a four-way fan-out; and each service's peak RSS."""
    services = Services(amqp_uri, urls, workdir)
    if declare_topology(["--amqp-uri", amqp_uri]) != 0:
        raise SystemExit("bench/bus.py: could not declare the topology (is RabbitMQ running?)")
    services.start()
    try:
        intake = db.make_engine(urls["intake"])
        gate = db.TransactionGate(db.is_sqlite(urls["intake"]))
        rates, cpu = {"spine": [], "tx": []}, {}
        for _ in range(repeat):
            rates["tx"].append(db_tx_rate(baseline_url, n))
            rates["spine"].append(_measure(services, intake, gate, n, "hold.applied", [urls["supervision"]])[0])
        rate, cpu["domain"] = _measure(services, intake, gate, n, "application.submitted", [urls["scoring"]])
        rates["domain"] = [rate]
        rate, cpu["fanout"] = _measure(services, intake, gate, n, "cycle.opened",
                                       [urls[s] for s in ("scoring", "supervision", "publicity", "revocation")])
        rates["fanout"] = [rate]
        return rates, cpu, services.peak_rss_mb()
    finally:
        services.stop()


def _measure(services, intake, gate, n, event_type, consumer_urls):
    """Commit ``n`` events while intake's relay is paused (``/admin/v1/outbox/pause``), then
    time from just before its resumption until every consumer has applied all of them:
    committed → relayed → consumed → applied, as a backlog drains after a deploy or an
    outage.

    The bench looks every 5 ms for the last event's inbox row (a primary-key probe, so it
    adds no load), then checks that all ``n`` are there. Returns the rate and the CPU time
    per event (µs) that each service process and the broker spent meanwhile.
    """
    consumers = [sa.create_engine(url) for url in consumer_urls]
    count = sa.select(sa.func.count()).select_from(db.inbox).where(db.inbox.c.type == event_type)
    before = []
    for engine in consumers:
        with engine.connect() as conn:
            before.append(conn.execute(count).scalar_one())
    services.admin("intake", "/admin/v1/outbox/pause")
    try:
        last_id = _commit(intake, gate, n, event_type)[-1]
    finally:
        cpu_before, machine_before = services.cpu_seconds(), _machine_busy_seconds()
        started = time.perf_counter()
        services.admin("intake", "/admin/v1/outbox/resume")
    probe = sa.select(db.inbox.c.event_id).where(db.inbox.c.event_id == last_id)
    for engine, count_before in zip(consumers, before):
        with engine.connect() as conn:
            while conn.execute(probe).first() is None or conn.execute(count).scalar_one() < count_before + n:
                conn.rollback()  # a fresh snapshot for the next look
                time.sleep(0.005)
    elapsed = time.perf_counter() - started
    cpu = {name: (spent - cpu_before.get(name, 0.0)) / n * 1e6 for name, spent in services.cpu_seconds().items()}
    cpu[MACHINE] = (_machine_busy_seconds() - machine_before) / n * 1e6
    for engine in consumers:
        engine.dispose()
    return n / elapsed, cpu


MACHINE = "(every process on the machine)"  # not the suite's: the cores' busy time, whoever used them


def _machine_busy_seconds():
    """The machine's cores' busy time so far (``/proc/stat``: all but idle and I/O wait), in seconds:
    on a shared machine the suite's cap is what the rest of the machine leaves it."""
    with open("/proc/stat") as fh:
        fields = [int(v) for v in fh.readline().split()[1:]]
    return (sum(fields) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")


def _commit(engine, gate, n, event_type, per_tx=100):
    """Commit ``n`` events into intake's outbox, as its unit of work would; their ids, in order."""
    import json
    import uuid
    from award_shared.events import envelope
    from award_shared.events.schemas import SUBJECT_FIELD
    now = datetime.now(timezone.utc)
    ids = []
    for start in range(0, n, per_tx):
        with gate(), engine.begin() as conn:
            rows = []
            for _ in range(min(per_tx, n - start)):
                unique = uuid.uuid4().hex[:12]
                data = dict(SAMPLES[event_type], **{SUBJECT_FIELD[event_type]: f"bench-{unique}"})
                subject = data[SUBJECT_FIELD[event_type]]
                seq = kit_writes.next_sequence(conn, subject)
                body = envelope.build(service="intake", event_type=event_type, subject=subject, data=data,
                                      cycle_id=data["cycle_id"], sequence=seq, time=now)
                rows.append({"event_id": body["id"], "type": event_type, "subject": subject,
                             "body": json.dumps(body, ensure_ascii=False), "created_at": now})
                ids.append(body["id"])
            conn.execute(db.outbox.insert(), rows)
    return ids


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
    from nameko.events import event_handler
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
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs of the spine and of the db baseline; the median is reported")
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--transport", choices=("buffered", "plain"), default="buffered",
                        help="AMQP_TRANSPORT of the services' relays and inboxes (award_shared.bus.wire)")
    args = parser.parse_args(argv)
    os.environ["AMQP_TRANSPORT"] = args.transport  # the harness hands it to every service
    engines = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
    n, repeat = args.events, max(1, args.repeat)
    print(f"bench/bus.py: {n} events per measurement, spine and db tx run {repeat}× (median, then "
          f"range); AMQP_TRANSPORT={args.transport}; {os.cpu_count()} cores; broker and databases "
          "on this machine\n")
    print(f"{'engine':<11} {'measurement':<29} {'events/s':>10} {'× db tx':>8}  range")
    for kind in engines:
        with vhost() as amqp_uri, databases(kind, list(SERVICES) + ["baseline"]) as urls, \
                tempfile.TemporaryDirectory() as work:
            baseline = urls.pop("baseline")
            suite, cpu, rss = suite_rate(amqp_uri, urls, baseline, n, work, repeat)
            plain = [nameko_dispatcher_rate(amqp_uri, n)]
            raw = [raw_kombu_rate(amqp_uri, n)]
        tx = statistics.median(suite["tx"])
        for label, rates in (("suite spine (hold.applied)", suite["spine"]),
                             ("suite domain (app.submitted)", suite["domain"]),
                             ("suite fan-out (×4 services)", suite["fanout"]),
                             ("db single-row tx", suite["tx"]),
                             ("nameko dispatcher→handler", plain), ("raw kombu pub+consume", raw)):
            rate = statistics.median(rates)
            spread = f"  {min(rates):.0f}–{max(rates):.0f}" if len(rates) > 1 else ""
            print(f"{kind:<11} {label:<29} {rate:>10.0f} {rate / tx:>8.2f}{spread}")
        spine = statistics.median(suite["spine"])
        paired = statistics.median(s / t for s, t in zip(suite["spine"], suite["tx"]))
        print(f"{kind:<11} spine vs nameko dispatcher: {spine / plain[0]:.2f}× (target > 1);  "
              f"spine vs db tx, median of {repeat} pairs: {paired:.2f}× (target ≥ 0.70)")
        for row, label in (("domain", "domain"), ("fanout", "fan-out")):
            spent = dict(cpu[row])
            machine = spent.pop(MACHINE)
            if kind == "sqlite":  # the machine's PostgreSQL serves other work then, not the suite
                spent.pop("postgresql server", None)
            total = sum(spent.values())
            # every core busy all the time, the CPU an event costs bounds the rate
            cap = (os.cpu_count() or 1) / (total * 1e-6) if total else float("inf")
            print(f"{kind:<11} CPU µs per event, {label}: " + ", ".join(
                f"{k} {v:.0f}" for k, v in sorted(spent.items(), key=lambda kv: -kv[1]))
                + f"; total {total:.0f}: at most {cap:.0f} events/s on {os.cpu_count()} cores, "
                f"{cap / tx:.2f} × db tx (measured {statistics.median(suite[row]) / tx:.2f} ×)")
            if row == "fanout":  # issue 37, item 4: the fan-out's target is its cap on this machine
                rate = statistics.median(suite[row])
                # the cores other processes kept busy meanwhile were not the suite's to use
                left = (os.cpu_count() or 1) - max(0.0, machine - total) * 1e-6 * rate
                print(f"{kind:<11} fan-out vs its cap: {rate / cap:.2f} × (target ≥ 0.90); the machine's cores were "
                      f"busy {machine:.0f} µs an event, {max(0.0, machine - total):.0f} of them outside the suite, "
                      f"leaving it {left:.2f} of {os.cpu_count()} cores: {rate * total * 1e-6 / left:.2f} × the cap "
                      "on those")
        print(f"{kind:<11} peak RSS (MB): " + ", ".join(f"{k} {v:.0f}" for k, v in sorted(rss.items())))
        print()


if __name__ == "__main__":
    main()
