"""Sessions kept on the server, in a store every replica of the console shares: the browser
holds only a random id in an HttpOnly, SameSite=Lax cookie (Secure unless on this machine's
loopback); the person's tokens never reach the browser. A session ends after
``CONSOLE_IDLE_MINUTES`` without a request and, whatever happens, ``CONSOLE_ABSOLUTE_MINUTES``
after sign-in; an ended session's row is deleted (when next read, and by a sweep as new ones
are made), and signing out deletes it at once. Each session carries its CSRF token, which every
form posts back.

The store is one table, ``console_sessions``, in ``CONSOLE_DATABASE_URL`` (SQLite by default,
PostgreSQL in production), made by the console's own Alembic migrations (``award-migrate
console``, which the console also runs at start: a no-op where the deployment already has). A
row is named by the SHA-256 of the cookie's id, so the table alone opens no session, and everything the session
holds (the person, the access, refresh and ID tokens, the CSRF token) is one Fernet token
encrypted with ``CONSOLE_SESSION_KEYS`` (the first encrypts; every one listed still decrypts, so
a key is rotated by putting the new one first). A row the keys cannot open is no session.
The console keeps no award data there: who is signed in and their tokens, nothing else.
"""
import hashlib
import hmac
import json
import logging
import secrets
import threading
import time

import sqlalchemy as sa
from cryptography.fernet import InvalidToken

from award_shared import fernet_keys
from award_shared.store.db import is_sqlite, make_engine
from award_shared.store.migrations import upgrade

log = logging.getLogger("award_console.session")
COOKIE = "award_console"
#: ``seen`` is written again only when it is older than this: a page view is then a read, and
#: the idle timeout is exact to this many seconds
TOUCH_SECONDS = 30
#: how often one console instance deletes the ended sessions of every instance
SWEEP_SECONDS = 300

METADATA = sa.MetaData()
TABLE = sa.Table(
    "console_sessions", METADATA,
    sa.Column("key", sa.String(64), primary_key=True),       # sha256 hex of the cookie's id
    sa.Column("created", sa.Float, nullable=False),          # seconds since the epoch: sign-in (or first visit)
    sa.Column("seen", sa.Float, nullable=False),             # the last request, to TOUCH_SECONDS
    sa.Column("signed_in", sa.Boolean, nullable=False),      # for the metric of signed-in sessions
    sa.Column("lease", sa.Float, nullable=True),             # a refresh under way until then (one per session)
    sa.Column("data", sa.Text, nullable=False),              # Fernet token of the session's JSON
    sa.Index("ix_console_sessions_seen", "seen"),
)
#: what the row keeps in its own columns, not in the encrypted data
_COLUMNS = ("id", "created", "seen")


def key_of(session_id):
    return hashlib.sha256(session_id.encode()).hexdigest()


def fernet(keys):
    """A MultiFernet of ``keys`` (urlsafe base64 of 32 bytes each; the first encrypts)."""
    return fernet_keys.cipher(keys, "CONSOLE_SESSION_KEYS")


class Session(dict):
    """One browser's session: ``id``, ``csrf``, ``created``, ``seen``; once signed in ``user``
    (sub, name, roles, district), ``token`` and, from a provider, ``id_token``,
    ``refresh_token`` and ``token_expires``."""

    def __init__(self, *args, **kw):
        super().__init__(*args, **kw)
        self.saved = None      # the JSON of the data as the store has it (None: not stored yet)
        self.saved_seen = None  # ``seen`` as the store has it
        self.gone = False      # dropped: never stored again

    @property
    def user(self):
        return self.get("user")

    def csrf_ok(self, value):
        return isinstance(value, str) and hmac.compare_digest(value.encode(), self["csrf"].encode())

    def data(self):
        return json.dumps({k: v for k, v in self.items() if k not in _COLUMNS}, sort_keys=True,
                          ensure_ascii=False)


class Sessions:
    def __init__(self, idle_seconds, absolute_seconds, database_url, keys, clock=time.time):
        self.idle = idle_seconds
        self.absolute = absolute_seconds
        self.clock = clock
        self.fernet = fernet(keys)
        self.engine = make_engine(database_url, pool_size=5)
        # SQLite has one connection (award_shared.store.db): one statement at a time
        self._serial = threading.Lock() if is_sqlite(database_url) else None
        self._swept = 0.0
        self.create(database_url)

    def create(self, database_url):
        """The store brought to its newest migration (``award_console/migrations``), as
        ``award-migrate console`` does before the console starts (the migration Job, compose's
        entrypoint, scripts/up), so there it finds nothing to do; a database the console made
        before it had migrations is adopted as it is. Two replicas migrating one new database
        at once: the one that loses the race finds the table made."""
        try:
            upgrade("award_console", database_url)
        except sa.exc.DBAPIError:
            if not sa.inspect(self.engine).has_table(TABLE.name):
                raise

    def _run(self, statement):
        if self._serial is None:
            with self.engine.begin() as conn:
                return conn.execute(statement)
        with self._serial, self.engine.begin() as conn:
            return conn.execute(statement)

    # -- one session ----------------------------------------------------------------------------
    def new(self):
        """A new session, stored when it is first saved (a page that sets its cookie)."""
        now = self.clock()
        return Session(id=secrets.token_urlsafe(32), csrf=secrets.token_urlsafe(32), created=now, seen=now)

    def get(self, session_id):
        """The live session of ``session_id`` (its idle time restarted), or None."""
        if not session_id or not isinstance(session_id, str) or len(session_id) > 128:
            return None
        row = self._run(sa.select(TABLE.c.created, TABLE.c.seen, TABLE.c.data)
                        .where(TABLE.c.key == key_of(session_id))).first()
        if row is None:
            return None
        now = self.clock()
        if self._expired(row.created, row.seen, now):
            self._run(sa.delete(TABLE).where(TABLE.c.key == key_of(session_id)))
            return None
        try:
            data = json.loads(self.fernet.decrypt(row.data.encode()))
        except (InvalidToken, ValueError):
            log.warning("a session the console's keys cannot open: treated as none")
            return None
        session = Session(data, id=session_id, created=row.created, seen=now)
        session.saved, session.saved_seen = session.data(), row.seen
        return session

    def reload(self, session):
        """The session as the store has it now (another request, or replica, may have changed it)."""
        fresh = self.get(session["id"])
        if fresh is None:
            return None
        session.clear()
        session.update(fresh)
        session.saved, session.saved_seen = fresh.saved, fresh.saved_seen
        return session

    def save(self, session):
        """Store what changed: the data when it changed, ``seen`` when it is older than TOUCH_SECONDS."""
        if session is None or session.gone:
            return
        data = session.data()
        values = {"seen": session["seen"], "signed_in": bool(session.get("user"))}
        if session.saved is None:
            self._run(sa.insert(TABLE).values(key=key_of(session["id"]), created=session["created"],
                                              data=self.fernet.encrypt(data.encode()).decode(), **values))
        elif data != session.saved:
            self._run(sa.update(TABLE).where(TABLE.c.key == key_of(session["id"]))
                      .values(data=self.fernet.encrypt(data.encode()).decode(), created=session["created"], **values))
        elif session["seen"] - (session.saved_seen or 0) >= TOUCH_SECONDS:
            self._run(sa.update(TABLE).where(TABLE.c.key == key_of(session["id"])).values(seen=session["seen"]))
        else:
            return
        session.saved, session.saved_seen = data, session["seen"]
        self.sweep()

    def renew(self, session):
        """A new id and CSRF token for a session that has just signed in (no fixation)."""
        self.drop(session)
        session.update(id=secrets.token_urlsafe(32), csrf=secrets.token_urlsafe(32), created=self.clock(),
                       seen=self.clock())
        session.saved = session.saved_seen = None
        session.gone = False
        self.save(session)
        return session

    def drop(self, session):
        session.gone = True
        self._run(sa.delete(TABLE).where(TABLE.c.key == key_of(session["id"])))

    def lease(self, session, seconds):
        """Take the session's lease for ``seconds`` (a refresh under way): True when this request
        has it, False when another request, on any replica, holds it."""
        now = self.clock()
        result = self._run(sa.update(TABLE).where(TABLE.c.key == key_of(session["id"]))
                           .where(sa.or_(TABLE.c.lease.is_(None), TABLE.c.lease < now))
                           .values(lease=now + seconds))
        return result.rowcount == 1

    def release(self, session):
        self._run(sa.update(TABLE).where(TABLE.c.key == key_of(session["id"])).values(lease=None))

    # -- every session --------------------------------------------------------------------------
    def count(self):
        """Signed-in sessions still live, of every replica."""
        now = self.clock()
        return self._run(sa.select(sa.func.count()).select_from(TABLE).where(
            TABLE.c.signed_in.is_(True), TABLE.c.seen >= now - self.idle,
            TABLE.c.created >= now - self.absolute)).scalar()

    def sweep(self, force=False):
        """Delete the ended sessions (at most every SWEEP_SECONDS from one instance)."""
        now = self.clock()
        if not force and now - self._swept < SWEEP_SECONDS:
            return 0
        self._swept = now
        return self._run(sa.delete(TABLE).where(sa.or_(
            TABLE.c.seen < now - self.idle, TABLE.c.created < now - self.absolute))).rowcount

    def _expired(self, created, seen, now):
        return now - seen > self.idle or now - created > self.absolute

    def close(self):
        self.engine.dispose()
