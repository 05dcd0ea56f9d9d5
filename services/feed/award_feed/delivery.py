"""Sending webhooks (issue 36, item 2): the HTTP side, away from the database.

The feed's timer (``webhooks.tick``) claims the subscriptions that are due, in one short
transaction, and hands each one's next events to :meth:`Deliverer.start`; each subscription is
delivered in a thread of its own — a green thread under the service's runtime (eventlet patches
``threading``), so a receiver that is slow or never answers holds its own thread and nothing
else: no transaction, no database connection, not the timer, not another subscriber. The thread
posts the events one by one in the feed's order (hence in order per subject), each at most
``WEBHOOK_TIMEOUT_SECONDS`` to connect and per read, stops at the first failure and leaves
its outcome for the next tick to record. At most ``WEBHOOK_CONCURRENCY`` subscriptions are in
flight at once in an instance."""
import collections
import json
import socket
import threading
import time
import urllib.parse

import requests
import requests.adapters

from . import sealing
from .domain import destinations, signing

MEDIA_TYPE = "application/cloudevents+json"
#: the most of a receiver's answer read (then the connection is dropped)
ANSWER_BYTES = 1024

Outcome = collections.namedtuple("Outcome", "subscription_id lease delivered error latencies")
Job = collections.namedtuple("Job", "subscription_id lease url secrets events")


class PinnedAdapter(requests.adapters.HTTPAdapter):
    """Connects to the address checked, not to a second lookup of the name (a DNS rebinding
    between the check and the connection): the request's URL names the address, and TLS still
    sends and verifies the name (SNI, the certificate's host name)."""

    def __init__(self, hostname):
        self.hostname = hostname
        super().__init__(max_retries=0)

    def build_connection_pool_key_attributes(self, request, verify, cert=None):
        host_params, pool_kwargs = super().build_connection_pool_key_attributes(request, verify, cert)
        if host_params["scheme"] == "https":
            pool_kwargs["server_hostname"] = self.hostname
            pool_kwargs["assert_hostname"] = self.hostname
        return host_params, pool_kwargs


def pinned(url, address):
    """(``url`` with its host replaced by ``address``, the Host header, the host name)."""
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname
    literal = f"[{address}]" if ":" in str(address) else str(address)
    netloc = literal + (f":{parts.port}" if parts.port else "")
    header = (f"[{host}]" if ":" in host else host) + (f":{parts.port}" if parts.port else "")
    return urllib.parse.urlunsplit(parts._replace(netloc=netloc)), header, host


def resolve(host, port):
    """The addresses ``host`` resolves to, as text (the runtime's DNS: green under eventlet)."""
    return sorted({info[4][0] for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)})


class Policy:
    """What webhook delivery reads of the config (config.yaml, ``WEBHOOK_*``)."""

    def __init__(self, config, sealer=None):
        self.timeout = float(config.get("WEBHOOK_TIMEOUT_SECONDS") or 10)
        self.retry_for = float(config.get("WEBHOOK_RETRY_FOR_SECONDS") or 259200)
        self.backoff_first = float(config.get("WEBHOOK_BACKOFF_FIRST_SECONDS") or 5)
        self.backoff_max = float(config.get("WEBHOOK_BACKOFF_MAX_SECONDS") or 3600)
        self.concurrency = int(config.get("WEBHOOK_CONCURRENCY") or 20)
        self.batch = int(config.get("WEBHOOK_BATCH") or 50)
        self.overlap = float(config.get("WEBHOOK_SECRET_OVERLAP_SECONDS") or 86400)
        self.allowed = destinations.networks(config.get("WEBHOOK_ALLOWED_NETWORKS") or "")
        self.http_loopback = str(config.get("WEBHOOK_HTTP_LOOPBACK") or "false").lower() in ("1", "true", "yes", "on")
        # the CAs a receiver's certificate is verified against (empty: the public ones, certifi's)
        self.ca_bundle = config.get("WEBHOOK_CA_BUNDLE") or True
        # the subscriptions' secrets at rest (sealing.py): the deliverer's, built at start
        self.sealer = sealer

    def check(self, url, resolver=resolve):
        """The URL's addresses, or :class:`destinations.Refused`."""
        return destinations.check(url, resolver, self.allowed, self.http_loopback)

    def lease_seconds(self, events):
        """How long a claim holds: every event's request at its longest, and a margin."""
        return (2 * self.timeout + 1) * max(events, 1) + 30


class Deliverer:
    """The instance's deliveries in flight and the outcomes not yet recorded."""

    def __init__(self, config):
        # WEBHOOK_SECRET_KEYS read here, when the service starts: without a key it does not
        self.policy = Policy(config, sealing.from_config(config))
        self._lock = threading.Lock()
        self._in_flight = set()
        self._outcomes = []

    def free(self):
        with self._lock:
            return max(self.policy.concurrency - len(self._in_flight), 0)

    def in_flight(self):
        with self._lock:
            return frozenset(self._in_flight)

    def take(self):
        """The outcomes finished since the last call (the tick records them)."""
        with self._lock:
            taken, self._outcomes = self._outcomes, []
            return taken

    def start(self, job):
        with self._lock:
            if job.subscription_id in self._in_flight:
                return
            self._in_flight.add(job.subscription_id)
        threading.Thread(target=self._run, args=(job,), daemon=True).start()

    def _run(self, job):
        try:
            outcome = send(job, self.policy)
        except Exception as exc:  # a bug here must not lose the lease's outcome
            outcome = Outcome(job.subscription_id, job.lease, None, f"{type(exc).__name__}: {exc}"[:500], [])
        with self._lock:
            self._outcomes.append(outcome)
            self._in_flight.discard(job.subscription_id)


def send(job, policy, now=time.time, resolver=resolve):
    """POST each event of ``job`` in order until one fails: the Outcome (``delivered``: the
    position of the last event the receiver took, None if none). The URL's host is resolved
    and every address checked once per run, and the run connects to the first address checked."""
    delivered, latencies = None, []
    try:
        address = policy.check(job.url, resolver)[0]
    except destinations.Refused as refused:
        return Outcome(job.subscription_id, job.lease, None, f"refused: {refused.message_en}", latencies)
    url, host_header, hostname = pinned(job.url, address)
    with requests.Session() as session:
        session.trust_env = False  # no proxy from the environment: the address checked is the one reached
        session.max_redirects = 0
        session.verify = policy.ca_bundle
        session.mount("https://", PinnedAdapter(hostname))
        session.mount("http://", PinnedAdapter(hostname))
        for event in job.events:
            body = json.dumps(event, ensure_ascii=False).encode("utf-8")
            headers = signing.headers(event["id"], now(), body, job.secrets)
            headers.update({"Content-Type": MEDIA_TYPE, "Host": host_header})
            started = time.monotonic()
            try:
                with session.post(url, data=body, headers=headers, timeout=(policy.timeout, policy.timeout),
                                  allow_redirects=False, stream=True) as answer:
                    answer.raw.read(ANSWER_BYTES)
                    status = answer.status_code
            except requests.RequestException as exc:
                return Outcome(job.subscription_id, job.lease, delivered,
                               f"{type(exc).__name__}: {exc}"[:500], latencies)
            latencies.append(time.monotonic() - started)
            if not 200 <= status < 300:
                why = " (redirects are not followed)" if 300 <= status < 400 else ""
                return Outcome(job.subscription_id, job.lease, delivered, f"HTTP {status}{why}", latencies)
            delivered = event["feedcursor"]
    return Outcome(job.subscription_id, job.lease, delivered, None, latencies)
