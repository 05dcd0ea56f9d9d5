"""Sessions kept on the server: the browser holds only a random id in an HttpOnly, SameSite=Lax
cookie (Secure unless on this machine's loopback); the person's access token never reaches the
browser. A session ends after ``CONSOLE_IDLE_MINUTES`` without a request and, whatever happens,
``CONSOLE_ABSOLUTE_MINUTES`` after sign-in. Each session carries its CSRF token, which every form
posts back.

The store is this process's memory: a restart signs everyone out, and several replicas need
session affinity (the Kubernetes Service's ``sessionAffinity: ClientIP``; docs/console.md).
"""
import hmac
import secrets
import threading
import time

COOKIE = "award_console"


class Session(dict):
    """One browser's session: ``id``, ``csrf``, ``created``, ``seen``; once signed in ``user``
    (sub, name, roles, district), ``token`` and, from a provider, ``id_token``."""

    @property
    def user(self):
        return self.get("user")

    def csrf_ok(self, value):
        return isinstance(value, str) and hmac.compare_digest(value.encode(), self["csrf"].encode())


class Sessions:
    def __init__(self, idle_seconds, absolute_seconds, clock=time.monotonic, limit=100_000):
        self.idle = idle_seconds
        self.absolute = absolute_seconds
        self.clock = clock
        self.limit = limit
        self._store = {}
        self._lock = threading.Lock()

    def new(self):
        now = self.clock()
        session = Session(id=secrets.token_urlsafe(32), csrf=secrets.token_urlsafe(32), created=now, seen=now)
        with self._lock:
            if len(self._store) >= self.limit:
                self._sweep(now)
            self._store[session["id"]] = session
        return session

    def get(self, session_id):
        """The live session of ``session_id`` (its idle time restarted), or None."""
        if not session_id:
            return None
        now = self.clock()
        with self._lock:
            session = self._store.get(session_id)
            if session is None:
                return None
            if self._expired(session, now):
                del self._store[session_id]
                return None
            session["seen"] = now
            return session

    def renew(self, session):
        """A new id and CSRF token for a session that has just signed in (no fixation)."""
        with self._lock:
            self._store.pop(session["id"], None)
            session.update(id=secrets.token_urlsafe(32), csrf=secrets.token_urlsafe(32), created=self.clock())
            self._store[session["id"]] = session
        return session

    def drop(self, session):
        with self._lock:
            self._store.pop(session["id"], None)

    def count(self):
        with self._lock:
            self._sweep(self.clock())
            return sum(1 for s in self._store.values() if s.get("user"))

    def _expired(self, session, now):
        return now - session["seen"] > self.idle or now - session["created"] > self.absolute

    def _sweep(self, now):
        for key in [k for k, s in self._store.items() if self._expired(s, now)]:
            del self._store[key]
