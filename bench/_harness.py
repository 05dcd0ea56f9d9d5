"""What the benches share: a throwaway vhost, throwaway databases, services as real
``nameko run`` processes, and their peak memory."""
import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid

import requests
import sqlalchemy as sa
import yaml
from cryptography.fernet import Fernet

from award_shared.store.migrations import upgrade
from award_shared.web import keys
from award_testing.plugin import free_port

API = os.environ.get("RABBIT_API_URI", "http://guest:guest@127.0.0.1:15672")
PG = os.environ.get("AWARD_BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
CLASSES = {"intake": "IntakeService", "scoring": "ScoringService", "supervision": "SupervisionService",
           "publicity": "PublicityService", "revocation": "RevocationService", "feed": "FeedService"}


@contextlib.contextmanager
def vhost():
    name = f"bench-{uuid.uuid4().hex[:8]}"
    requests.put(f"{API}/api/vhosts/{name}", timeout=10).raise_for_status()
    requests.put(f"{API}/api/permissions/{name}/guest", json={"configure": ".*", "write": ".*", "read": ".*"},
                 timeout=10).raise_for_status()
    try:
        yield f"pyamqp://guest:guest@127.0.0.1:5672/{name}"
    finally:
        requests.delete(f"{API}/api/vhosts/{name}", timeout=30)


@contextlib.contextmanager
def databases(engine_kind, names):
    tmp = tempfile.mkdtemp(prefix="award-bench-")
    created, urls = [], {}
    admin = sa.create_engine(PG, isolation_level="AUTOCOMMIT") if engine_kind == "postgresql" else None
    for name in names:
        if admin is None:
            urls[name] = f"sqlite:///{tmp}/{name}.db"
        else:
            dbname = f"award_bench_{name}_{uuid.uuid4().hex[:8]}"
            with admin.connect() as conn:
                conn.exec_driver_sql(f'CREATE DATABASE "{dbname}"')
            created.append(dbname)
            urls[name] = PG.rsplit("/", 1)[0] + "/" + dbname
    try:
        yield urls
    finally:
        if admin is not None:
            with admin.connect() as conn:
                for dbname in created:
                    conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
            admin.dispose()
        shutil.rmtree(tmp, ignore_errors=True)


class Services:
    """The suite as real processes, one per service, each with its own port and database."""

    def __init__(self, amqp_uri, urls, workdir, extra=None, instances=None):
        """``extra``: service -> further config keys (a clock, a document folder, ...);
        ``instances``: service -> how many processes run it on its one database (1 when not
        named), each with a port of its own (``instance_ports``; ``ports`` has the first)."""
        self.amqp_uri, self.urls, self.workdir = amqp_uri, urls, workdir
        self.extra = extra or {}
        self.instances = instances or {}
        self.procs, self.ports = {}, {}
        self.instance_ports, self.extra_procs = {}, {}  # name -> [ports]; (name, port) -> process
        self._token, self._http = None, requests.Session()
        keys.ensure_dev_keypair(os.path.join(workdir, "keys"))
        self.webhook_key = Fernet.generate_key().decode()

    def start(self):
        nameko = os.path.join(os.path.dirname(sys.executable), "nameko")
        for name, url in self.urls.items():
            upgrade(f"award_{name}", url)
            ports = self.instance_ports[name] = [free_port() for _ in range(max(1, self.instances.get(name, 1)))]
            self.ports[name] = ports[0]
            for n, port in enumerate(ports):
                self._start_one(nameko, name, url, port, n)
        for name, ports in self.instance_ports.items():
            for port in ports:
                self._wait_ready(name, port)

    def _start_one(self, nameko, name, url, port, n):
        label = name if n == 0 else f"{name}-{n + 1}"
        config = os.path.join(self.workdir, f"{label}.yaml")
        settings = {"AMQP_URI": self.amqp_uri, "WEB_SERVER_ADDRESS": f"127.0.0.1:{port}",
                    "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
                    "DATABASE_URL": url, "OUTBOX_POLL_SECONDS": 0.2,
                    "AMQP_TRANSPORT": os.environ.get("AMQP_TRANSPORT", "buffered"),
                    "JWT_PUBLIC_KEY_FILE": os.path.join(self.workdir, "keys", keys.PUBLIC_KEY_NAME)}
        if name == "feed":  # its webhook secrets' key at rest (feed does not start without one)
            settings["WEBHOOK_SECRET_KEYS"] = self.webhook_key
        settings.update(self.extra.get(name, {}))
        with open(config, "w") as fh:
            yaml.safe_dump(settings, fh)
        log = open(os.path.join(self.workdir, f"{label}.log"), "w")
        command = [nameko, "run", "--config", config, f"award_{name}.service:{CLASSES[name]}"]
        if name in os.environ.get("BENCH_PROFILE", "").split(","):  # where a service's CPU goes
            out = os.path.join(os.environ.get("BENCH_PROFILE_DIR", self.workdir), f"{label}.prof")
            command = [sys.executable, "-m", "cProfile", "-o", out] + command
        proc = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=self.workdir)
        if n == 0:
            self.procs[name] = proc
        else:
            self.extra_procs[(name, port)] = proc

    def _process(self, name, port):
        return self.procs[name] if port == self.ports[name] else self.extra_procs[(name, port)]

    def _wait_ready(self, name, port):
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(f"http://127.0.0.1:{port}/health/ready", timeout=2).ok:
                    break
            except (requests.ConnectionError, requests.Timeout):  # a busy machine answers late
                pass
            if time.monotonic() > deadline or self._process(name, port).poll() is not None:
                raise RuntimeError(f"{name} did not start; see {self.workdir}/{name}*.log")
            time.sleep(0.2)

    def all_ports(self):
        """(service, port) of every instance that runs."""
        return [(name, port) for name, ports in self.instance_ports.items() for port in ports
                if self._process(name, port).poll() is None]

    def stop_instance(self, name, port):
        """Stop one instance (e.g. the one holding its relay lock)."""
        proc = self._process(name, port)
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()

    def admin(self, service, path):
        """POST an operations call to a running service, as an operator (the token is minted
        once, so a timed call costs only its request)."""
        if self._token is None:
            self._token = keys.mint(os.path.join(self.workdir, "keys", keys.PRIVATE_KEY_NAME), "bench",
                                    ["operator"])
        resp = self._http.post(f"http://127.0.0.1:{self.ports[service]}{path}", json={"reason": "bench"},
                               headers={"Authorization": f"Bearer {self._token}"}, timeout=10)
        resp.raise_for_status()
        return resp.json()

    def cpu_seconds(self):
        """CPU time (user + system) each service process and the broker have used so far."""
        pids = {name: proc.pid for name, proc in self.procs.items()}
        pids.update({f"{name}:{port}": proc.pid for (name, port), proc in self.extra_procs.items()})
        broker = _broker_pid()
        if broker is not None:
            pids["rabbitmq"] = broker
        out = {}
        for name, pid in pids.items():
            try:
                out[name] = process_cpu_seconds(pid)
            except OSError:
                pass
        server = _postgres_cpu_seconds()
        if server is not None:
            out["postgresql server"] = server
        return out

    def peak_rss_mb(self):
        out = {}
        for name, proc in list(self.procs.items()) + [(f"{n}:{p}", proc) for (n, p), proc in self.extra_procs.items()]:
            if proc.poll() is not None:
                continue
            with open(f"/proc/{proc.pid}/status") as fh:
                for line in fh:
                    if line.startswith("VmHWM:"):
                        out[name] = int(line.split()[1]) / 1024
        return out

    def stop(self):
        every = list(self.procs.values()) + list(self.extra_procs.values())
        for proc in every:
            proc.terminate()
        for proc in every:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


def _broker_pid():
    """The RabbitMQ node on this machine (its Erlang VM), if it runs here."""
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/comm") as fh:
                    if fh.read().strip() == "beam.smp":
                        return int(entry)
            except OSError:
                continue
    return None


def _postgres_cpu_seconds():
    """CPU time all of this machine's PostgreSQL server processes (postmaster, backends, WAL
    writer, checkpointer) have used so far; None without a PostgreSQL server. The services'
    pooled backends live through a measurement, so a difference of two readings is theirs."""
    total, found = 0.0, False
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/comm") as fh:
                if fh.read().strip() != "postgres":
                    continue
            total += process_cpu_seconds(entry)
            found = True
        except OSError:  # gone meanwhile
            continue
    return total if found else None


def process_cpu_seconds(pid):
    """CPU time (user + system) a process has used so far, from /proc."""
    with open(f"/proc/{pid}/stat") as fh:
        fields = fh.read().rsplit(")", 1)[1].split()  # after the command name, which may hold spaces
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime
