"""The demo's only way into the suite: HTTP calls to the five services' public routes, each with
a token of the persona that makes it: minted from the local key, as ``award-token`` does, or,
given the personas' clients (award_demo.personas), asked of the city's provider by each
persona's own client (client credentials).

It behaves as a client of the public should: a 429 is waited out for as long as its
``Retry-After`` says (at most ``MAX_RETRY_AFTER`` at a time, and no longer in all than the
suite's timeout) and the call made again — a 429 changed nothing, so any call may be repeated;
an event is waited for by polling less and less often (``POLL_FIRST`` growing to ``POLL_MAX``),
within the public routes' 60 calls a minute."""
import time
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

import jwt
import requests

from award_shared.web.keys import PRIVATE_KEY_NAME, mint
from award_shared.web.oidc import dotted
from award_tools.credentials import ClientCredentials, CredentialsError

MAX_RETRY_AFTER = 30.0  # seconds: a longer Retry-After is waited in steps of this, then asked again
POLL_FIRST, POLL_GROWTH, POLL_MAX = 0.2, 1.5, 2.0  # seconds between polls while an event travels


class DemoError(Exception):
    """A step did not answer as the replay needs; the message says which and what the service said."""


def retry_after(resp, default=1.0):
    """The seconds a 429's ``Retry-After`` asks for (delay-seconds or an HTTP date), within
    POLL_FIRST .. MAX_RETRY_AFTER; ``default`` when it says nothing readable."""
    value = (resp.headers.get("Retry-After") or "").strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            seconds = (parsedate_to_datetime(value) - datetime.now(timezone.utc)).total_seconds()
        except (TypeError, ValueError):
            seconds = default
    return min(max(seconds, POLL_FIRST), MAX_RETRY_AFTER)


def explain(resp):
    try:
        error = resp.json().get("error") or {}
    except ValueError:
        return resp.text[:300]
    return f"{error.get('code')}: {error.get('message_en') or error.get('message')} ({error.get('article')})"


class Suite:
    """``clients``: {persona: (Persona, client id, secret)} of the provider at ``issuer`` (each
    persona signs in there), or None (development tokens from ``key_dir``)."""

    def __init__(self, urls, key_dir, timeout=60.0, clients=None, issuer=None, subject_claim="sub"):
        self.urls = {name: url.rstrip("/") for name, url in urls.items()}
        self.key = f"{key_dir}/{PRIVATE_KEY_NAME}"
        self.timeout = timeout
        self.http = requests.Session()
        self.sleep = time.sleep
        self.backed_off = 0.0  # seconds spent waiting out 429s
        self._tokens = {}
        self.subject_claim = subject_claim
        self.signins = None if clients is None else {
            name: (persona, ClientCredentials(issuer, client_id, secret, persona.scope))
            for name, (persona, client_id, secret) in clients.items()}
        self._subjects = {}

    def token(self, role, sub=None, district=None, service="intake"):
        sub = sub or f"{role}-demo"
        if self.signins is not None:
            return self._provider_token(role, sub, service)
        key = (role, sub, district)
        if key not in self._tokens:
            self._tokens[key] = mint(self.key, sub, [role], district=district, ttl_seconds=12 * 3600)
        return self._tokens[key]

    def _provider_token(self, role, persona, service):
        if persona not in self.signins:
            raise DemoError(f"no client for persona {persona} ({role}) in the clients file")
        known, signin = self.signins[persona]
        if known.role != role:
            raise DemoError(f"persona {persona} is a {known.role}, the replay asked it to act as {role}")
        try:
            return signin.token(service)
        except CredentialsError as exc:
            raise DemoError(f"persona {persona} ({role}) cannot sign in: {exc}") from None

    def subject(self, persona, role):
        """Who ``persona`` is to the services: its name with development tokens, else its
        provider token's subject (the claim the services read, ``OIDC_SUBJECT_CLAIM``)."""
        if self.signins is None:
            return persona
        if persona not in self._subjects:
            claims = jwt.decode(self._provider_token(role, persona, "intake"), options={"verify_signature": False})
            subject = dotted(claims, self.subject_claim)
            if not isinstance(subject, str) or not subject:
                raise DemoError(f"persona {persona}'s token has no {self.subject_claim!r} claim (--subject-claim)")
            self._subjects[persona] = subject
        return self._subjects[persona]

    def persona(self, subject):
        """The persona whose subject is ``subject`` (say an expert a panel names)."""
        if self.signins is None:
            return subject
        return next((name for name, known in self._subjects.items() if known == subject), subject)

    def request(self, service, method, path, role=None, *, sub=None, district=None, body=None):
        """One call, made again after each 429 once its Retry-After has passed; the last 429
        is returned when waiting longer would pass the suite's timeout."""
        headers = {"Authorization": f"Bearer {self.token(role, sub, district, service)}"} if role else {}
        deadline = None
        while True:
            resp = self.http.request(method, self.urls[service] + path, json=body, headers=headers, timeout=30)
            if resp.status_code != 429:
                return resp
            wait = retry_after(resp)
            deadline = deadline or time.monotonic() + self.timeout
            if time.monotonic() + wait > deadline:
                return resp
            self.sleep(wait)
            self.backed_off += wait

    def call(self, service, method, path, role=None, *, expect=(200, 201), **kw):
        """The JSON answer of a call that must succeed (``expect``), else a DemoError saying why."""
        resp = self.request(service, method, path, role, **kw)
        if resp.status_code not in expect:
            raise DemoError(f"{method} {service}{path} as {role}: {resp.status_code} {explain(resp)}")
        return resp.json() if resp.content and resp.headers.get("content-type", "").startswith(
            "application/json") else resp.content

    def get(self, service, path, role=None, **kw):
        return self.call(service, "GET", path, role, **kw)

    def post(self, service, path, role=None, body=None, **kw):
        return self.call(service, "POST", path, role, body={} if body is None else body, **kw)

    def wait(self, predicate, what):
        """Wait for an event to travel: the services learn from each other only through the bus."""
        deadline = time.monotonic() + self.timeout
        pause = POLL_FIRST
        while True:
            try:
                result = predicate()
            except requests.RequestException:
                result = None
            if result:
                return result
            if time.monotonic() > deadline:
                raise DemoError(f"gave up after {self.timeout:.0f} s waiting for {what}")
            self.sleep(pause)
            pause = min(pause * POLL_GROWTH, POLL_MAX)

    def clock(self, service="intake"):
        return self.get(service, "/admin/v1/clock", "operator")

    def set_clock(self, at, reason):
        """Move every service's business clock (the operators' admin route, as ``award-clock`` does)."""
        for service in self.urls:
            self.post(service, "/admin/v1/clock", "operator", {"at": at, "reason": reason})
