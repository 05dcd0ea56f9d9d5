"""The outbox relay: publishes committed events to ``<service>.events``, persistently,
with publisher confirms streamed (a window of messages in flight, acks counted as they
come back), then marks them sent.

Nothing is lost: a row is marked sent only after the broker confirmed it, so a crash or
outage between publishing and marking re-sends it (consumers de-duplicate by ``id``).
One relay is active per database: a PostgreSQL advisory lock, or a file lock beside the
SQLite file.
"""
import fcntl
import logging
import os
import socket
import time
import zlib
from datetime import datetime, timedelta, timezone

import amqp
import eventlet
import sqlalchemy as sa
from eventlet.event import Event
from . import db, metrics, wire
from .topology import declare_exchange

log = logging.getLogger(__name__)

BROKER_ERRORS = (OSError, socket.error, amqp.exceptions.AMQPError, ConnectionError,
                 amqp.exceptions.RecoverableConnectionError, amqp.exceptions.IrrecoverableConnectionError)


class ConfirmTimeout(Exception):
    pass


class RelayLock:
    """One active relay per database."""

    def __init__(self, engine, service):
        self.engine = engine
        self.service = service
        self._conn = None
        self._fh = None

    def acquire(self):
        if self.engine.dialect.name == "postgresql":
            return self._acquire_pg()
        return self._acquire_file()

    def _acquire_pg(self):
        if self._conn is not None:
            try:
                self._conn.exec_driver_sql("SELECT 1")
                return True
            except sa.exc.DBAPIError:
                self.release()
        conn = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        got = conn.exec_driver_sql(f"SELECT pg_try_advisory_lock({self._key})").scalar()
        if got:
            self._conn = conn
            return True
        conn.close()
        return False

    @property
    def _key(self):
        return zlib.crc32(f"award-outbox-{self.service}".encode())

    def _acquire_file(self):
        if self._fh is not None:
            return True
        path = self.engine.url.database
        if not path or path == ":memory:":
            return True
        fh = open(os.path.abspath(path) + ".relay.lock", "a+")
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            fh.close()
            return False
        self._fh = fh
        return True

    def release(self):
        if self._conn is not None:
            try:  # advisory locks belong to the session, which a pool would keep alive
                self._conn.exec_driver_sql(f"SELECT pg_advisory_unlock({self._key})")
                self._conn.invalidate()
            except Exception:  # the connection may already be gone, and the lock with it
                pass
            self._conn = None
        if self._fh is not None:
            fcntl.flock(self._fh, fcntl.LOCK_UN)
            self._fh.close()
            self._fh = None


class OutboxRelay:
    def __init__(self, *, service, engine, gate, amqp_uri, batch=500, poll_interval=1.0,
                 confirm_timeout=30.0, retry_max=5.0, outbox_days=30, inbox_days=365):
        self.service = service
        self.engine = engine
        self.gate = gate
        self.amqp_uri = amqp_uri
        self.batch = batch
        self.poll_interval = poll_interval
        self.confirm_timeout = confirm_timeout
        self.retry_max = retry_max
        self.exchange = f"{service}.events"
        self.lock = RelayLock(engine, service)
        self.retention = {"outbox": outbox_days, "inbox": inbox_days}
        self._pruned_at = 0.0
        self._wake = Event()
        self._stopping = False
        self._conn = None
        self.running = False
        self.connects = 0  # how many times it has (re)connected: operators and tests read it
        self.paused = False  # an operator may hold publishing (broker maintenance); commits go on

    # -- control -------------------------------------------------------------------
    def wake(self):
        if not self._wake.ready():
            self._wake.send(True)

    def stop(self):
        self._stopping = True
        self.wake()
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                conn.release()
            except Exception:  # closing a dead connection may raise; it is gone either way
                pass

    def pause(self):
        self.paused = True

    def resume(self):
        self.paused = False
        self.wake()

    def _sleep(self, seconds):
        """Sleep until woken, stopped or ``seconds`` pass."""
        self._wake.wait(seconds)
        self._wake = Event()

    # -- loop ----------------------------------------------------------------------
    def run(self):
        """Drain what is left, then follow new commits until stopped; survives outages."""
        backoff = 0.2
        self.running = True
        try:
            while not self._stopping:
                if not self.lock.acquire():
                    self._sleep(self.poll_interval)  # another instance relays this database
                    continue
                try:
                    self._conn = wire.connect(self.amqp_uri, connect_timeout=5, heartbeat=0)
                    channel = self._open_channel(self._conn)
                    self.connects += 1
                    backoff = 0.2
                    while not self._stopping:
                        if self.paused or self.pump(channel) == 0:
                            self._sleep(self.poll_interval)
                except BROKER_ERRORS + (ConfirmTimeout,) as exc:
                    if self._stopping:
                        break
                    log.warning("outbox relay of %s: broker unavailable (%s); retrying in %.1fs",
                                self.service, exc, backoff)
                    self._drop_connection()
                    eventlet.sleep(backoff)
                    backoff = min(backoff * 2, self.retry_max)
                except sa.exc.DBAPIError as exc:
                    if self._stopping:
                        break
                    log.warning("outbox relay of %s: database error (%s); retrying", self.service, exc)
                    eventlet.sleep(backoff)
                    backoff = min(backoff * 2, self.retry_max)
        finally:
            self._drop_connection()
            self.lock.release()
            self.running = False

    def _drop_connection(self):
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                conn.release()
            except Exception:  # already broken
                pass

    def _open_channel(self, conn):
        conn.ensure_connection(max_retries=1)
        channel = conn.channel()
        declare_exchange(channel, self.service)
        channel.confirm_select()
        channel._award_acked = set()
        channel._award_nacked = set()
        channel._award_next_tag = 1

        def on_ack(tag, multiple):
            _settle(channel, channel._award_acked, tag, multiple)

        def on_nack(tag, multiple):
            _settle(channel, channel._award_nacked, tag, multiple)

        channel.events["basic_ack"].add(on_ack)
        channel.events["basic_nack"].add(on_nack)
        channel._award_inflight = {}
        return channel

    # -- one batch -----------------------------------------------------------------
    def fetch(self):
        with self.gate(), self.engine.begin() as conn:
            rows = conn.execute(
                sa.select(db.outbox.c.id, db.outbox.c.type, db.outbox.c.event_id, db.outbox.c.body)
                .where(db.outbox.c.sent_at.is_(None)).order_by(db.outbox.c.id).limit(self.batch)
            ).all()
        return rows

    def publish(self, channel, rows):
        """Publish ``rows`` and wait for the broker's confirms; returns the confirmed ids."""
        inflight = channel._award_inflight
        with wire.gathered(channel):  # few large writes, not one per message
            for row in rows:
                tag = channel._award_next_tag
                channel._award_next_tag += 1
                inflight[tag] = row
                message = amqp.Message(
                    row.body.encode("utf-8"), content_type="application/json",
                    content_encoding="utf-8", delivery_mode=2, message_id=row.event_id, type=row.type)
                channel.basic_publish(message, exchange=self.exchange, routing_key=row.type)
        deadline = time.monotonic() + self.confirm_timeout
        while inflight.keys() - channel._award_acked - channel._award_nacked:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise ConfirmTimeout(f"{len(inflight)} messages unconfirmed after {self.confirm_timeout}s")
            try:
                channel.connection.drain_events(timeout=min(remaining, 1.0))
            except socket.timeout:
                pass
        confirmed = [inflight[tag] for tag in sorted(inflight) if tag in channel._award_acked]
        inflight.clear()
        channel._award_acked.clear()
        channel._award_nacked.clear()
        return confirmed

    def mark_sent(self, rows):
        if not rows:
            return
        now = datetime.now(timezone.utc)
        with self.gate(), self.engine.begin() as conn:
            conn.execute(db.outbox.update().where(db.outbox.c.id.in_([r.id for r in rows]))
                         .values(sent_at=now))
        for row in rows:
            metrics.EVENTS_PUBLISHED.labels(self.service, row.type).inc()

    def pump(self, channel):
        rows = self.fetch()
        if not rows:
            metrics.OUTBOX_BACKLOG.labels(self.service).set(0)
            if time.monotonic() - self._pruned_at > 3600:  # idle: tidy up, at most hourly
                self.prune()
            return 0
        self.mark_sent(self.publish(channel, rows))
        metrics.OUTBOX_BACKLOG.labels(self.service).set(self.backlog())
        return len(rows)

    def prune(self, now=None):
        """Forget sent outbox rows and inbox ids past their retention (days; 0 keeps them).

        An inbox id must outlive any redelivery of its event, so its retention is long; a
        sent outbox row is only history (the bus and the consumers have it).
        """
        now = now or datetime.now(timezone.utc)
        removed = {}
        with self.gate(), self.engine.begin() as conn:
            if self.retention["outbox"]:
                cutoff = now - timedelta(days=self.retention["outbox"])
                removed["outbox"] = conn.execute(db.outbox.delete().where(
                    db.outbox.c.sent_at.is_not(None), db.outbox.c.sent_at < cutoff)).rowcount
            if self.retention["inbox"]:
                cutoff = now - timedelta(days=self.retention["inbox"])
                removed["inbox"] = conn.execute(db.inbox.delete().where(
                    db.inbox.c.received_at < cutoff)).rowcount
        self._pruned_at = time.monotonic()
        return removed

    def backlog(self):
        with self.gate(), self.engine.connect() as conn:
            return conn.execute(sa.select(sa.func.count()).select_from(db.outbox)
                                .where(db.outbox.c.sent_at.is_(None))).scalar_one()


def _settle(channel, bucket, tag, multiple):
    if multiple:
        bucket.update(t for t in channel._award_inflight if t <= tag)
    else:
        bucket.add(tag)
