"""bench/cycle.py — the whole cycle at scale: N applications through steps 1-13 and a
revocation, through the six services' HTTP APIs and the bus, on one machine.

    .venv/bin/python bench/cycle.py [--applications 1000] [--db sqlite|postgresql|both] [--instances 2]
                                    [--verbose]

The five services run as real ``nameko run`` processes on the simulated business clock, each
with its own port and database, on a throwaway vhost (bench/_harness.py). The cycle is driven
by ``award-demo``'s own steps (award_demo.replay), so the bench replays exactly what the
demo does — applications, district review, the supervision group, the third party and its
experts, the four review stages with a hold, the candidate list, deliberation, the public
notice with two objections, approval, conferral with certificates, and in 2020 two failed spot
checks, a revocation and the recovery — only with N applicants.

Printed: the time and HTTP calls of each step; where the CPU went (each service process, the
broker, the machine's PostgreSQL server processes and this client, in ms per HTTP call of the whole run, from /proc); the events each
service applied, counted from
its inbox and checked against the publishers' outboxes (each sent event of a type it
subscribes to applied exactly once: no event missing, none twice — the inbox's primary key is
the event id — and no dead letters); each service's peak RSS; and the ratio of the whole run
to a baseline measured in the same run: as many no-op HTTP calls, one after another, through
a plain nameko ``@http`` service (bench/_noop.py) run the same way — for the whole run and for
each step (its calls at the baseline's rate against its time, so the table shows which steps
hold the ratio down).

The machine's speed drifts (two runs of the same code have differed by 17 % in time and 0.04 in
the ratio): before the suite starts, a short probe of the same no-op calls is timed, and its
rate is printed beside the baseline's, measured after the run. When they differ by more than
10 % the machine changed speed during the run, and its ratio says less; compare code only in
alternating runs. A slowdown can also come and go inside a run, unseen by both: throughout the
run a fixed piece of Python is timed in CPU seconds every few seconds (bench/_speed.py), and each
step's row says how much more it cost during that step than at its fastest (``machine``).
"""
import argparse
import io
import itertools
import os
import subprocess
import sys
import tempfile
import time
import warnings
from collections import Counter
from datetime import date, timedelta

warnings.filterwarnings("ignore")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import requests  # noqa: E402
import sqlalchemy as sa  # noqa: E402
import yaml  # noqa: E402

from _harness import Services, databases, process_cpu_seconds, vhost  # noqa: E402
from _speed import SpeedProbe  # noqa: E402
from award_demo import people as demo_people, replay as demo_replay, review_steps  # noqa: E402
from award_demo.api import Suite  # noqa: E402
from award_demo.progress import Progress  # noqa: E402
from award_demo.replay import START, replay  # noqa: E402
from award_rules.identifiers import (credit_code_check_char, organisation_code_check_char,  # noqa: E402
                                      resident_id_check_char)
from award_shared.store import db  # noqa: E402
from award_tools.topology import main as declare_topology  # noqa: E402
from award_shared.bus.topology import SERVICES, SUBSCRIPTIONS  # noqa: E402
from award_testing.plugin import free_port  # noqa: E402


class CountingSession(requests.Session):
    """The demo's HTTP session, counting the calls it makes. ``spread``: a service's address ->
    its instances' addresses, taken in turn call by call (a load balancer's round robin)."""

    def __init__(self, spread=None):
        super().__init__()
        self.calls = 0
        self.instances = spread or {}
        self.spread = {base: itertools.cycle(others) for base, others in self.instances.items()}

    def request(self, method, url, *args, **kwargs):
        self.calls += 1
        kwargs["timeout"] = 900  # the demo's 30 s is short for one call over 10,000 applications
        for base, turns in self.spread.items():
            if url.startswith(base):
                if "/admin/v1/clock" in url and method == "POST":  # each process keeps its own clock: move all
                    for other in self.instances[base][1:]:
                        self.calls += 1
                        super().request(method, other + url[len(base):], *args, **kwargs).raise_for_status()
                    break
                url = next(turns) + url[len(base):]
                break
        return super().request(method, url, *args, **kwargs)


class TimedProgress(Progress):
    """The demo's progress, which also notes when each step began and how many calls it made."""

    def __init__(self, out, session):
        super().__init__(out)
        self.session, self.marks = session, []

    def step(self, title):
        self.marks.append((title, time.perf_counter(), self.session.calls))
        super().step(title)


def _code(letter, n):
    body = f"{letter}{n:07d}"
    first17 = "91370100" + body + organisation_code_check_char(body)
    return first17 + credit_code_check_char(first17)


def _resident_id(n):
    first17 = "370102" + (date(1960, 1, 1) + timedelta(days=n // 1000)).strftime("%Y%m%d") + f"{n % 1000:03d}"
    return first17 + resident_id_check_char(first17)


def province_field(count):
    """The demo's field (award_demo.people), with identifiers that stay distinct past the
    demo's few thousand: its credit codes number units, employers (5000 + n) and experts (7000 +
    i) in one four-digit space, and its resident IDs repeat every 1,000 applicants — at 10,000
    a unit would share an expert's employer code (a conflict) and two people one ID."""
    field = original_field_of(count)
    for person in field:
        if person.kind == "unit":
            person.form["credit_code"] = _code("U", person.n)
        else:
            person.form["employer_credit_code"] = _code("W", person.n)
            person.form["resident_id"] = _resident_id(person.n)
    return field


original_field_of = demo_people.field_of
demo_people.credit_code = lambda n: _code("B", n)  # what field_of computes first, then replaced
demo_replay.field_of = province_field
review_steps.credit_code = lambda n: _code("E", n)  # experts' employers and the third party


def extra_config(workdir):
    common = {"CLOCK": f"simulated:{START}", "PUBLIC_RATE_PER_MINUTE": 1000000, "PERSON_KEY_SECRET": "bench-secret"}
    return {name: dict(common, **{"DOCUMENT_DIR": os.path.join(workdir, "documents", name),
                                  "NOTICE_TIMER_SECONDS": 0.2}) for name in SERVICES}


def run_cycle(services, applications, workdir, verbose):
    session = CountingSession({f"http://127.0.0.1:{services.ports[name]}": [f"http://127.0.0.1:{p}" for p in ports]
                               for name, ports in services.instance_ports.items() if len(ports) > 1})
    suite = Suite({n: f"http://127.0.0.1:{p}" for n, p in services.ports.items()},
                  os.path.join(workdir, "keys"), timeout=600.0)
    suite.http = session
    progress = TimedProgress(sys.stdout if verbose else io.StringIO(), session)
    started = time.perf_counter()
    replay(suite, progress, applications, os.path.join(workdir, "certificates"))
    finished = time.perf_counter()
    steps = []
    for (title, at, calls), (_, until, calls_until) in zip(progress.marks, progress.marks[1:] + [(None, finished,
                                                                                                 session.calls)]):
        steps.append((title, until - at, calls_until - calls, (at, until)))
    return steps, finished - started, session.calls


def handler_time(services):
    """service -> (HTTP calls answered, seconds inside its handlers): each service's own
    ``award_http_request_duration_seconds`` histogram (token, body, unit of work, answer),
    so the run's wall time splits into what the handlers spent and what lies outside them
    (eventlet's HTTP parsing, nameko's worker, the client); and the same per route —
    "service METHOD route" -> [calls, seconds] — to show which calls hold a step down; and each
    route's statements, round trips, commits and seconds at its database (``award_db_*``,
    award_shared.store.counts), summed over a service's instances."""
    from prometheus_client.parser import text_string_to_metric_families
    out, routes, db_counts = {}, {}, {}
    for name, port in services.all_ports():
        text = requests.get(f"http://127.0.0.1:{port}/metrics", timeout=30).text
        for family in text_string_to_metric_families(text):
            if family.name.startswith("award_db_"):  # award_shared.store.counts: where a route's DB time goes
                for sample in family.samples:
                    if not sample.name.endswith("_total"):
                        continue
                    labels = sample.labels
                    what = family.name[len("award_db_"):] + (f":{labels['phase']}" if "phase" in labels else "")
                    route = f"{name} {labels.get('method')} {labels.get('route')}" if labels.get("method") else \
                        f"{name} events and timers"
                    per = db_counts.setdefault(route, {})
                    per[what] = per.get(what, 0.0) + sample.value
                continue
            if family.name != "award_http_request_duration_seconds":
                continue
            for sample in family.samples:
                labels = sample.labels
                if labels.get("route") == "/metrics" or not sample.name.endswith(("_count", "_sum")):
                    continue
                at = 0 if sample.name.endswith("_count") else 1
                routes.setdefault(f"{name} {labels.get('method')} {labels.get('route')}", [0, 0.0])[at] += sample.value
                out.setdefault(name, [0, 0.0])[at] += sample.value
    return {name: (int(count), seconds) for name, (count, seconds) in out.items()}, routes, db_counts


def relay_lock(services):
    """Which instance holds each several-instance service's relay lock, and whether it moves:
    the holder is stopped, and the lock must pass to another instance (its
    ``award_outbox_relay_active`` turns 1) — a description for the report."""
    from prometheus_client.parser import text_string_to_metric_families

    def active(port):
        text = requests.get(f"http://127.0.0.1:{port}/metrics", timeout=30).text
        return sum(sample.value for family in text_string_to_metric_families(text)
                   if family.name == "award_outbox_relay_active" for sample in family.samples)
    said = []
    for name, ports in services.instance_ports.items():
        if len(ports) < 2:
            continue
        held = [port for port in ports if active(port) >= 1]
        if len(held) != 1:
            said.append(f"{name}: {len(held)} of {len(ports)} instances hold it: WRONG")
            continue
        services.stop_instance(name, held[0])
        deadline, taken = time.monotonic() + 60, []
        while not taken and time.monotonic() < deadline:
            taken = [port for port in ports if port != held[0] and active(port) >= 1]
            time.sleep(0.2)
        said.append(f"{name}: instance :{held[0]} of {len(ports)} held it; once it stopped, "
                    + (f"instance :{taken[0]} took it" if taken else "no other took it within 60 s: WRONG"))
    return "; ".join(said)


def sent_by(urls):
    """source -> Counter of event types its relay has sent."""
    out = {}
    for name, url in urls.items():
        engine = sa.create_engine(url)
        with engine.connect() as conn:
            rows = conn.execute(sa.select(db.outbox.c.type, sa.func.count()).where(db.outbox.c.sent_at.is_not(None))
                                .group_by(db.outbox.c.type)).all()
        engine.dispose()
        out[name] = Counter(dict(rows))
    return out


def applied_by(urls):
    """consumer -> (Counter of (source, type) in its inbox, dead letters)."""
    out = {}
    for name, url in urls.items():
        engine = sa.create_engine(url)
        with engine.connect() as conn:
            rows = conn.execute(sa.select(db.inbox.c.source, db.inbox.c.type, sa.func.count())
                                .group_by(db.inbox.c.source, db.inbox.c.type)).all()
            dead = conn.execute(sa.select(sa.func.count()).select_from(db.dead_letters)).scalar_one()
        engine.dispose()
        out[name] = (Counter({(s, t): c for s, t, c in rows}), dead)
    return out


def expected_by(sent):
    """consumer -> Counter of (source, type) it must have applied, from what was sent."""
    return {consumer: Counter({(source, t): sent[source][t] for source, types in by_source.items()
                               for t in types if sent.get(source, {}).get(t)})
            for consumer, by_source in SUBSCRIPTIONS.items()}


def settled_events(urls, timeout=120.0):
    """Wait until every sent event is in each subscriber's inbox (the bus drains after the last
    step); then each consumer's applied count, what it should be, and its dead letters."""
    deadline = time.monotonic() + timeout
    while True:
        sent = sent_by(urls)
        expected, applied = expected_by(sent), applied_by(urls)
        if all(applied[c][0] == expected[c] for c in urls) or time.monotonic() > deadline:
            return {c: (sum(applied[c][0].values()), sum(expected[c].values()), applied[c][1],
                        applied[c][0] == expected[c]) for c in urls}
        time.sleep(0.5)


def noop_baseline(amqp_uri, workdir, calls, label="noop"):
    """Seconds for ``calls`` no-op POSTs, one after another, through a plain nameko @http service
    (its config and log named ``label``)."""
    port = free_port()
    config = os.path.join(workdir, f"{label}.yaml")
    with open(config, "w") as fh:
        yaml.safe_dump({"AMQP_URI": amqp_uri, "WEB_SERVER_ADDRESS": f"127.0.0.1:{port}"}, fh)
    nameko = os.path.join(os.path.dirname(sys.executable), "nameko")
    env = dict(os.environ, PYTHONPATH=os.path.dirname(os.path.abspath(__file__)))
    with open(os.path.join(workdir, f"{label}.log"), "w") as log:
        proc = subprocess.Popen([nameko, "run", "--config", config, "_noop:NoopService"], stdout=log,
                                stderr=subprocess.STDOUT, cwd=workdir, env=env)
    try:
        url, http = f"http://127.0.0.1:{port}/noop", requests.Session()
        deadline = time.monotonic() + 60
        while True:
            try:
                if http.post(url, json={}, timeout=2).ok:
                    break
            except (requests.ConnectionError, requests.Timeout):  # a busy machine answers late
                pass
            if time.monotonic() > deadline or proc.poll() is not None:
                raise RuntimeError(f"the no-op service did not start; see {workdir}/{label}.log")
            time.sleep(0.2)
        body = {"reason": "基准：空调用", "n": 0}
        server_before, client_before = process_cpu_seconds(proc.pid), time.process_time()
        started = time.perf_counter()
        for _ in range(calls):
            http.post(url, json=body, timeout=30).raise_for_status()
        elapsed = time.perf_counter() - started
        cpu = {"no-op service": process_cpu_seconds(proc.pid) - server_before,
               "client (bench)": time.process_time() - client_before}
        http.close()  # a kept-alive connection holds nameko's graceful stop
        return elapsed, cpu
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def database_latency(url, tries=300):
    """(round trip, commit) in seconds on this machine's PostgreSQL: the median of ``tries``
    ``SELECT 1`` and of as many one-row INSERTs' COMMIT (durable: ``synchronous_commit`` as the
    server has it, on by default; the WAL flushed before the answer)."""
    import statistics
    engine = sa.create_engine(url)
    trips, commits = [], []
    with engine.connect() as conn:
        conn.exec_driver_sql("CREATE TABLE IF NOT EXISTS bench_commit_probe (n integer)")
        conn.commit()
        raw = conn.connection.dbapi_connection
        cursor = raw.cursor()
        for n in range(tries):
            started = time.perf_counter()
            cursor.execute("SELECT 1")
            cursor.fetchall()
            trips.append(time.perf_counter() - started)
            cursor.execute("INSERT INTO bench_commit_probe VALUES (%s)", (n,))
            started = time.perf_counter()
            raw.commit()
            commits.append(time.perf_counter() - started)
        cursor.execute("SHOW synchronous_commit")
        synchronous = cursor.fetchone()[0]
        cursor.execute("DROP TABLE bench_commit_probe")
        raw.commit()
    engine.dispose()
    return statistics.median(trips), statistics.median(commits), synchronous


#: the routes whose database time the bench splits, whatever their rank (issue 37)
WATCHED = ("scoring POST /v1/applications/<application_id>/reviews/<stage>",
           "scoring POST /v1/cycles/<cycle_id>/stages/<stage>/close",
           "intake POST /v1/applications/<application_id>/submit",
           "intake POST /v1/applications/<application_id>/district-review",
           "intake POST /v1/applications/<application_id>/documents",
           "intake POST /v1/cycles/<cycle_id>/applications")


def report_database(kind, calls, total, baseline, routes, db_counts, latency):
    """Where the watched routes' and the busiest routes' time goes at the database, and (on
    PostgreSQL) the floor one connection per call puts under the run's ratio."""
    def per(route, what):
        return db_counts.get(route, {}).get(what, 0.0)
    busiest = [r for r, _ in sorted(routes.items(), key=lambda kv: -kv[1][1])[:4]]
    shown = list(WATCHED) + [r for r in busiest if r not in WATCHED]
    print("  at the database, per call (award_db_* counters; Python: the handler's time less its database's):")
    for route in shown:
        n, seconds = routes.get(route, (0, 0.0))
        if not n:
            continue
        connect, statements, commit = (per(route, f"seconds:{p}") for p in ("connect", "statements", "commit"))
        python = seconds - connect - statements - commit
        print(f"    {route}: {per(route, 'statements') / n:.1f} statements, {per(route, 'round_trips') / n:.1f} "
              f"round trips; ms: connect {1000 * connect / n:.2f}, statements {1000 * statements / n:.2f}, "
              f"commit {1000 * commit / n:.2f}, Python {1000 * python / n:.2f} of {1000 * seconds / n:.2f} "
              f"({n:.0f} calls)")
    http_commits = sum(c.get("commits", 0.0) for r, c in db_counts.items() if not r.endswith("events and timers"))
    other_commits = sum(c.get("commits", 0.0) for r, c in db_counts.items() if r.endswith("events and timers"))
    http_trips = sum(c.get("round_trips", 0.0) for r, c in db_counts.items() if not r.endswith("events and timers"))
    if latency is None:
        print(f"  commits: {http_commits:.0f} by the HTTP calls, {other_commits:.0f} by consumed events and timers")
        return
    trip, commit, synchronous = latency
    noop = baseline / calls
    at_commits = noop / (noop + http_commits / calls * commit)
    at_trips = noop / (noop + http_commits / calls * commit + max(0.0, http_trips - http_commits) / calls * trip)
    print(f"  {kind}'s floor: the HTTP calls committed {http_commits:.0f} times ({http_commits / calls:.2f} a call; "
          f"{other_commits:.0f} more by consumed events and timers, beside the calls) in {http_trips:.0f} round trips "
          f"({http_trips / calls:.1f} a call); on this machine a commit waits {commit * 1000:.2f} ms "
          f"(synchronous_commit {synchronous}) and a round trip takes {trip * 1000:.3f} ms. One connection per "
          f"call, one call after another: at best {at_commits:.2f}× the no-op baseline if a call cost only the "
          f"no-op's time and its commit; {at_trips:.2f}× with this run's round trips (against the run's "
          f"{baseline / total:.2f}×)")


#: no-op calls timed before the suite starts, to see whether the machine's speed moved
PROBE_CALLS = 2000


def report(kind, applications, steps, total, calls, baseline, events, rss, cpu, handlers, probe, speed,
           latency=None, relay=None):
    baseline, baseline_cpu = baseline
    per_call = baseline / calls  # a no-op call's time, from the baseline after the run
    print(f"\n{kind}: {applications} applications, {calls} HTTP calls, {total:.1f} s "
          f"({calls / total:.0f} calls/s)")
    print(f"  {'step':<78} {'s':>8} {'calls':>7} {'× no-op':>8} {'machine':>8}")
    for title, seconds, n, (start, end) in steps:
        ratio = f"{n * per_call / seconds:8.2f}" if n >= 100 and seconds > 0 else f"{'':>8}"
        slower = speed.relative(speed.during(start, end))
        print(f"  {title[:78]:<78} {seconds:8.1f} {n:7d} {ratio} " + (f"{slower:+8.0%}" if slower is not None else ""))
    print("  (machine: the median CPU time of a fixed piece of Python, sampled every "
          f"{speed.every:.0f} s during the step, against its fastest in the run: +30 % is the same work costing "
          "a third more CPU; bench/_speed.py)")
    print("  events applied (from the inboxes; against the publishers' sent outboxes):")
    for name, (applied, expected, dead, exact) in sorted(events.items()):
        verdict = "each exactly once" if exact and not dead else "MISMATCH"
        print(f"    {name:<12} {applied:7d} applied of {expected:7d} sent to it, {dead} dead letters: {verdict}")
    print("  peak RSS (MB): " + ", ".join(f"{k} {v:.0f}" for k, v in sorted(rss.items())))
    busy = sum(cpu.values())
    print("  CPU, ms per HTTP call: " + ", ".join(f"{k} {v / calls * 1000:.2f}" for k, v in
                                                  sorted(cpu.items(), key=lambda kv: -kv[1]))
          + f"; total {busy / calls * 1000:.2f} ({busy / total / (os.cpu_count() or 1):.0%} of "
          f"{os.cpu_count()} cores over the run)")
    handlers, routes, db_counts = handlers
    inside = sum(seconds for _, seconds in handlers.values())
    print("  inside the handlers, ms per call each service answered: " + ", ".join(
        f"{k} {1000 * s / n:.2f} ({n} calls)" for k, (n, s) in sorted(handlers.items(), key=lambda kv: -kv[1][1]) if n)
          + f"; {inside:.1f} s of the run's {total:.1f} s")
    print("  the routes that spent most inside their handlers, ms per call: " + ", ".join(
        f"{route} {1000 * s / n:.2f} ({n:.0f} calls)" for route, (n, s) in
        sorted(routes.items(), key=lambda kv: -kv[1][1])[:6] if n))
    report_database(kind, calls, total, baseline, routes, db_counts, latency)
    if relay:
        print("  relay lock (award_outbox_relay_active per instance): " + relay)
    ratio = baseline / total
    print(f"  baseline: {calls} no-op HTTP calls through a nameko service in {baseline:.1f} s "
          f"({calls / baseline:.0f} calls/s); CPU, ms per call: " + ", ".join(
              f"{k} {v / calls * 1000:.2f}" for k, v in baseline_cpu.items()))
    before, after = probe / PROBE_CALLS, baseline / calls
    drift = after / before - 1
    print(f"  the machine's speed: a no-op call took {before * 1000:.2f} ms in a probe of {PROBE_CALLS} before the "
          f"run and {after * 1000:.2f} ms in the baseline after it ({drift:+.0%})"
          + ("; over 10 %: the machine changed speed during the run, and its ratio says less" if abs(drift) > 0.10
             else ""))
    summary = speed.summary()
    if summary:
        middle, described = summary
        print(f"  a fixed piece of Python took {speed.fastest * 1000:.1f} ms of CPU at its fastest; before the run "
              f"{speed.relative(speed.before):+.0%}, during it {described}"
              + ("; over 10 %: the machine ran slower for much of the run, and its ratio says less"
                 if middle > 0.10 else ""))
    target = TARGETS.get(kind.split()[0], 0.5)
    print(f"  whole cycle vs baseline: {ratio:.2f}× (target ≥ {target})")
    print("  " + cpu_budget(cpu, calls, total, baseline, target))


#: each engine's target ratio to the no-op baseline at 1,000 applications (SQLite: issue 15; PostgreSQL: issue 37)
TARGETS = {"sqlite": 0.5, "postgresql": 0.35}


def cpu_budget(cpu, calls, total, baseline, target):
    """What the target asks of the CPU, by arithmetic from the run's own figures: the run keeps
    ``busy`` cores busy on average (one call after another: the client, the service, the database
    and the consumers beside them), so at the same concurrency a ratio ``target`` leaves each call
    at most ``baseline / calls / target × busy`` seconds of CPU, summed over every process; and
    the ratio the run would reach if its database server's CPU cost nothing (the rest as busy)."""
    spent = sum(cpu.values())
    busy = spent / total
    budget = baseline / calls / target * busy
    server = cpu.get("postgresql server", 0.0)
    line = (f"the CPU budget: the run kept {busy:.2f} cores busy ({spent / calls * 1000:.2f} ms of CPU a call "
            f"over {total / calls * 1000:.2f} ms a call); as busy, {target}× the no-op baseline allows "
            f"{budget * 1000:.2f} ms of CPU a call in all (this run: {(spent / calls - budget) * 1000:+.2f} ms over it)")
    if server:
        free = baseline / ((spent - server) / busy)
        line += (f"; the database server's own {server / calls * 1000:.2f} ms a call is "
                 f"{server / calls / budget:.0%} of that budget, and with it free the run would reach ≈{free:.2f}×")
    return line


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--applications", type=int, default=1000)
    parser.add_argument("--db", default="sqlite", choices=("sqlite", "postgresql", "both"))
    parser.add_argument("--verbose", action="store_true", help="print the replay's own progress")
    parser.add_argument("--instances", type=int, default=1,
                        help="processes of scoring and intake each, on one database, their calls taken in turn "
                             "(PostgreSQL; SQLite allows one instance per file)")
    args = parser.parse_args(argv)
    if args.applications < 8:
        parser.error("--applications must be at least 8 (the replay's refusals and failures need them)")
    print(f"bench/cycle.py: {args.applications} applications, steps 1-13 and a revocation through the HTTP "
          f"APIs and the bus; {os.cpu_count()} cores shared with the broker, the database and anything else "
          "running on this machine")
    for kind in (["sqlite", "postgresql"] if args.db == "both" else [args.db]):
        with vhost() as amqp_uri, databases(kind, list(SERVICES)) as urls, \
                tempfile.TemporaryDirectory(prefix="award-cycle-") as work:
            if declare_topology(["--amqp-uri", amqp_uri]) != 0:
                raise SystemExit("bench/cycle.py: could not declare the topology (is RabbitMQ running?)")
            probe, _ = noop_baseline(amqp_uri, work, PROBE_CALLS, label="noop-probe")
            speed = SpeedProbe()  # the machine before the suite starts
            instances = args.instances if kind == "postgresql" else 1
            services = Services(amqp_uri, urls, work, extra=extra_config(work),
                                instances={"scoring": instances, "intake": instances})
            services.start()
            try:
                cpu_before, client_before = services.cpu_seconds(), time.process_time()
                with speed:
                    steps, total, calls = run_cycle(services, args.applications, work, args.verbose)
                cpu = {name: spent - cpu_before.get(name, 0.0) for name, spent in services.cpu_seconds().items()}
                cpu["client (bench)"] = time.process_time() - client_before
                events = settled_events(urls)
                rss = services.peak_rss_mb()
                handlers = handler_time(services)
                relay = relay_lock(services) if instances > 1 else None
            finally:
                services.stop()
            latency = database_latency(urls["scoring"]) if kind == "postgresql" else None
            baseline = noop_baseline(amqp_uri, work, calls)
        label = kind if instances == 1 else f"{kind} ×{instances} (scoring, intake)"
        report(label, args.applications, steps, total, calls, baseline, events, rss, cpu, handlers, probe, speed,
               latency, relay)


if __name__ == "__main__":
    main()
