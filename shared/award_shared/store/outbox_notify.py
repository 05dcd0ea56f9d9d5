"""Waking the relay that holds the lock when another instance commits (PostgreSQL).

Several instances of a service may share one PostgreSQL database, and only one of them
relays its outbox (:class:`award_shared.store.locks.RelayLock`). A unit of work wakes its own
instance's relay after a commit; on another instance the event would wait for the holder's
poll interval. So a publishing transaction also sends ``NOTIFY`` on the service's channel
(PostgreSQL delivers it at commit, once per transaction), and the relay that holds the lock
listens on a connection of its own and wakes on it. A notification names the instance that
sent it (its relay's ``instance``), and a relay ignores its own: its unit of work already
woke it, and a second wake-up would cost a fetch that finds nothing. SQLite allows one
instance per file: nothing to do there.
"""
import logging

import eventlet
from eventlet.hubs import trampoline
import sqlalchemy as sa

from award_shared.store import driver

log = logging.getLogger(__name__)


def channel(service):
    return f"award_outbox_{service}"


def notify(connection, service, instance="", deferred=False):
    """Within a publishing transaction on PostgreSQL: wake the lock holder's relay at commit
    (``instance``: the sender's relay's, which its own commit wakes directly). ``deferred``: in a
    unit of work that owns its transaction, sent with its next round trip
    (:func:`award_shared.store.driver.defer`) — nobody reads its answer."""
    if connection.dialect.name != "postgresql":
        return
    if deferred:
        driver.defer(driver.connection_of(connection), "SELECT pg_notify(%s, %s)", (channel(service), instance))
    else:
        connection.execute(sa.text("SELECT pg_notify(:channel, :instance)"),
                           {"channel": channel(service), "instance": instance})


class Listener:
    """Calls ``wake`` whenever a transaction of another instance (not ``instance``) on
    ``engine`` notified ``service``'s channel."""

    def __init__(self, engine, service, wake, instance=None):
        self.engine, self.service, self.wake, self.instance = engine, service, wake, instance
        self._thread = None

    def start(self):
        if self.engine.dialect.name == "postgresql" and self._thread is None:
            self._thread = eventlet.spawn(self._run)

    def stop(self):
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.kill()

    def _run(self):
        while True:
            conn = None
            try:
                conn = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
                conn.exec_driver_sql(f'LISTEN "{channel(self.service)}"')
                raw = conn.connection.dbapi_connection
                self.wake()  # a commit made before LISTEN took effect is not lost
                while True:
                    trampoline(raw.fileno(), read=True)
                    raw.poll()
                    if raw.notifies:
                        others = any(n.payload != self.instance for n in raw.notifies)
                        raw.notifies.clear()
                        if others:  # this instance's own commits woke its relay already
                            self.wake()
            except sa.exc.DBAPIError as exc:  # the poll interval still covers the gap
                log.warning("outbox listener of %s: database error (%s); listening again", self.service, exc)
                eventlet.sleep(1.0)
            except Exception as exc:  # noqa: BLE001 - psycopg2's own errors from poll()
                if exc.__class__.__module__.startswith("psycopg2"):
                    log.warning("outbox listener of %s: %s; listening again", self.service, exc)
                    eventlet.sleep(1.0)
                else:
                    raise
            finally:
                if conn is not None:
                    try:  # a LISTENing session must not go back to the pool
                        conn.invalidate()
                        conn.close()
                    except Exception:  # noqa: BLE001 - already gone
                        pass
