"""The outbox relay: publishes committed events to ``<service>.events``, persistently,
with publisher confirms streamed (a window of messages in flight, acks counted as they
come back), then marks them sent.

Nothing is lost: a row is marked sent only after the broker confirmed it, so a crash or
outage between publishing and marking re-sends it (consumers de-duplicate by ``id``).
One relay is active per database (:mod:`award_shared.store.locks`): a PostgreSQL advisory lock,
or a file lock beside the SQLite file. A running service's relay is
:class:`award_shared.bus.relay_provider.ServiceRelay`.
"""
import collections
import logging
import socket
import time
import uuid
from datetime import datetime, timedelta, timezone

import amqp
import eventlet
import sqlalchemy as sa
from eventlet.event import Event
from award_shared import metrics
from award_shared.bus import wire
from award_shared.bus.errors import BROKER_ERRORS
from award_shared.bus.relay_floor import UnsentFloor
from award_shared.bus.topology import declare_exchange, exchange_name
from award_shared.events import envelope
from award_shared.store import db, kit_writes
from award_shared.store.locks import RelayLock
from award_shared.store.outbox_notify import Listener
from award_shared.store.prepared import Prepared

log = logging.getLogger(__name__)

PRUNE_EVERY_SECONDS = 3600  # an idle relay forgets rows past their retention at most this often
# read at every wake-up: built once and run on the driver's cursor (award_shared.store.prepared)
_UNSENT = Prepared(sa.select(db.outbox.c.id, db.outbox.c.type, db.outbox.c.event_id, db.outbox.c.body)
                   .where(db.outbox.c.sent_at.is_(None), db.outbox.c.id > sa.bindparam("after"))
                   .order_by(db.outbox.c.id).limit(sa.bindparam("limit")))
Unsent = collections.namedtuple("Unsent", "id type event_id body")


class ConfirmTimeout(Exception):
    pass


class OutboxRelay:
    MARK_WITHIN = 0.05  # seconds a confirmed row may wait to be marked sent with the next fetch

    def __init__(self, *, service, engine, gate, amqp_uri, amqp_ssl=None, batch=500, window=2000,
                 poll_interval=1.0, confirm_timeout=30.0, retry_max=5.0, outbox_days=30, inbox_days=365,
                 transport="buffered"):
        self.service = service
        self.transport = transport  # award_shared.bus.wire: buffered | plain
        self.engine = engine
        self.gate = gate
        self.amqp_uri = amqp_uri
        self.amqp_ssl = amqp_ssl  # kombu's ssl option (award_shared.bus.tls)
        self.batch = batch
        self.window = max(1, window)
        self.poll_interval = poll_interval
        self.confirm_timeout = confirm_timeout
        self.retry_max = retry_max
        self.exchange = exchange_name(service)
        self.lock = RelayLock(engine, service)
        self.instance = uuid.uuid4().hex  # how this instance's NOTIFYs name it (outbox_notify)
        self.listener = Listener(engine, service, self.wake, self.instance)  # commits on other instances
        self.retention = {"outbox": outbox_days, "inbox": inbox_days}
        self._pruned_at = None  # monotonic time of the last tidy-up; None: not yet, do it when first idle
        self._wake = Event()
        self._wake_due = False
        self._unmarked = []  # (confirmed at, rows) the broker confirmed, not yet marked sent (see pump)
        self.floor = UnsentFloor()  # where a pump's search for unsent rows begins (award_shared.bus.relay_floor)
        self._stopping = False
        self._conn = None
        self.running = False
        self.connects = 0  # how many times it has (re)connected: operators and tests read it
        self.paused = False  # an operator may hold publishing (broker maintenance); commits go on

    # -- control -------------------------------------------------------------------
    def wake(self):
        if not self._wake.ready():
            self._wake.send(True)

    def wake_after_answer(self):
        """Wake the relay once the greenlets already waiting have run: after a commit, the
        worker's HTTP answer (its caller is waiting) goes out before the relay publishes.
        Woken at once, the relay ran first and each publishing call's answer waited for the
        publishes (≈0.8 ms a call on this machine); nothing is published later than the next
        turn of the hub."""
        if not self._wake_due:
            self._wake_due = True
            eventlet.hubs.get_hub().schedule_call_global(0, self._wake_now)

    def _wake_now(self):
        self._wake_due = False
        self.wake()

    def stop(self):
        self._stopping = True
        self.wake()
        self._drop_connection()

    def pause(self):
        self.paused = True

    def resume(self):
        self.paused = False
        self.wake()

    def _sleep(self, seconds):
        """Sleep until woken, stopped or ``seconds`` pass; True if woken.

        Woken is what the event says, not what ``wait`` returned: a wake can land after the
        timeout fired but before this green thread runs again (the hub fires both in one
        turn), and ``wait`` then answers the timeout. Taken as not woken, the event replaced
        here would have lost that commit's wake, and its events waited a whole poll interval."""
        wake = self._wake
        wake.wait(seconds)
        self._wake = Event()
        return wake.ready()

    # -- loop ----------------------------------------------------------------------
    def run(self):
        """Drain what is left, then follow new commits until stopped; survives outages."""
        backoff = 0.2
        self.running = True
        try:
            while not self._stopping:
                if not self.lock.acquire():
                    self.listener.stop()
                    self._sleep(self.poll_interval)  # another instance relays this database
                    continue
                self.listener.start()
                try:
                    self._conn = wire.connect(self.amqp_uri, self.transport, connect_timeout=5, heartbeat=0,
                                              ssl=self.amqp_ssl)
                    stream = self._open_channel(self._conn)
                    self.connects += 1
                    backoff = 0.2
                    while not self._stopping:
                        self._follow(stream)
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
                except Exception:
                    if self._stopping:  # stop() closed the connection under a read: py-amqp may
                        break           # fail on its own closed transport; nothing is lost
                    raise
        finally:
            self.listener.stop()
            self._drop_connection()
            try:
                self.mark_sent()  # what was confirmed; left unmarked, it would only be sent again
            except Exception as exc:  # noqa: BLE001 - stopping: the inboxes make a resend harmless
                log.warning("outbox relay of %s: could not mark confirmed events sent (%s)", self.service, exc)
            self.lock.release()
            self.running = False

    def _follow(self, stream):
        """One turn: publish what is there, then wait for the next commit.

        After a pump that emptied the outbox the relay sleeps until woken — every commit that
        publishes wakes it (and NOTIFY on PostgreSQL), so a fetch that could only come back
        empty is not made. Rows confirmed by the broker are marked sent in the next fetch's
        transaction, or after ``MARK_WITHIN`` seconds without one: one transaction per event
        in a steady trickle of single events instead of three (fetch, mark, fetch again).
        A crash in between sends them again; the inboxes make that harmless."""
        if self.paused:
            self.mark_sent()
            self._sleep(self.poll_interval)
            return
        published, drained = self.pump(stream)
        if published and not drained:
            return  # more rows than one fetch: go on at once
        if self._unmarked and self._sleep(self.MARK_WITHIN):
            return  # woken: the next fetch marks them
        self.mark_sent()
        self._sleep(self.poll_interval)

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
        return Confirms(channel)

    # -- streaming -----------------------------------------------------------------
    def fetch(self, after=0, limit=None):
        """Unsent rows in commit order, after outbox id ``after``; the rows confirmed since the
        last fetch are marked sent first, in the same transaction."""
        with self.gate(), self.engine.begin() as conn:
            marked = self._write_sent(conn)
            rows = [Unsent(**row) for row in _UNSENT.all(conn, {"after": after, "limit": limit or self.batch})]
        self._marked(marked)
        return rows

    def _send(self, stream, rows):
        """Publish ``rows`` without waiting; they are in flight until the broker confirms."""
        with wire.gathered(stream.channel):  # buffered transport: few large writes, not one per message
            for row in rows:
                message = amqp.Message(
                    row.body.encode("utf-8"), content_type=envelope.CONTENT_TYPE,
                    content_encoding=envelope.CONTENT_ENCODING, delivery_mode=2, message_id=row.event_id, type=row.type)
                stream.publish(row, message, self.exchange, row.type)

    def publish(self, stream, rows):
        """Publish ``rows`` and wait for the broker's confirms; returns the confirmed rows."""
        self._send(stream, rows)
        confirmed, deadline = [], time.monotonic() + self.confirm_timeout
        while stream.inflight:
            if time.monotonic() > deadline:
                raise ConfirmTimeout(f"{len(stream.inflight)} messages unconfirmed "
                                     f"after {self.confirm_timeout}s")
            stream.read(1.0)
            confirmed += stream.confirmed()
        return confirmed

    def confirmed(self, rows):
        """The broker has ``rows``: they are marked sent — at this instant, ``sent_at`` — with
        the next fetch or by :meth:`mark_sent`."""
        if rows:
            self._unmarked.append((datetime.now(timezone.utc), rows))

    def mark_sent(self):
        """Mark the confirmed rows still unmarked sent, now."""
        if not self._unmarked:
            return
        with self.gate(), self.engine.begin() as conn:
            marked = self._write_sent(conn)
        self._marked(marked)

    def _write_sent(self, conn):
        groups = list(self._unmarked)
        for at, rows in groups:
            kit_writes.mark_outbox_sent(conn, [r.id for r in rows], at)
        return groups

    def _marked(self, groups):
        """``groups`` are committed as sent: no longer pending, counted as published."""
        if not groups:
            return
        del self._unmarked[:len(groups)]
        counts = collections.Counter(row.type for _, rows in groups for row in rows)
        for event_type, count in counts.items():
            metrics.EVENTS_PUBLISHED.labels(self.service, event_type).inc(count)

    def pump(self, stream):
        """Publish every unsent row, streaming: up to ``window`` messages await their
        confirms while the next rows go out. A backlog is marked sent a batch at a time as
        confirms arrive; the last confirmed rows are left for the next fetch's transaction
        (:meth:`_follow`). Returns how many were published (0 when there was nothing to do) and
        whether the outbox was left empty."""
        after, published, exhausted = self.floor.start(), 0, False
        pending, progress_at = 0, time.monotonic()
        inflight = stream.inflight
        while not self._stopping:
            want = min(self.batch, self.window - len(inflight))  # read only when half a batch fits
            if not exhausted and not self.paused and want > 0 and want >= min(self.batch, self.window) // 2:
                began = self.floor.clock()
                rows = self.fetch(after, want)
                self.floor.fetched(after, rows, began)
                if rows:
                    self._send(stream, rows)
                    after, published = rows[-1].id, published + len(rows)
                exhausted = len(rows) < want
            if not inflight:
                break
            # while there is more to send, only look at what has come back; otherwise wait
            stream.read(1.0 if exhausted or self.paused or len(inflight) >= self.window else 0.001)
            newly = stream.confirmed()
            if newly:
                self.confirmed(newly)
                pending += len(newly)
                progress_at = time.monotonic()
            elif time.monotonic() - progress_at > self.confirm_timeout:
                raise ConfirmTimeout(f"{len(inflight)} messages unconfirmed after {self.confirm_timeout}s")
            if pending >= self.batch:  # a backlog draining: mark as it goes
                self.mark_sent()
                pending = 0
        if published == 0 and self.prune_due(time.monotonic()):  # idle: tidy up
            self.prune()
        return published, exhausted  # what is confirmed and unmarked goes with the next fetch, or soon (_follow)

    def prune_due(self, now):
        """Whether an idle relay tidies up at monotonic time ``now``: at its first idle turn,
        then hourly. (A monotonic clock starts near the host's boot, so a first tidy-up timed
        from 0 waited until the host had been up for an hour, and a relay restarted every
        night on a fresh host never pruned.)"""
        return self._pruned_at is None or now - self._pruned_at > PRUNE_EVERY_SECONDS

    def prune(self, now=None):
        """Forget sent outbox rows and inbox ids past their retention (days; 0 keeps them).

        An inbox id must outlive any redelivery of its event, so its retention is long; a
        sent outbox row is only history (the bus and the consumers have it) and what a replay
        sends again — except ``award.*`` events, kept for good: revocations come years later.
        """
        now = now or datetime.now(timezone.utc)
        removed = {}
        with self.gate(), self.engine.begin() as conn:
            if self.retention["outbox"]:
                cutoff = now - timedelta(days=self.retention["outbox"])
                removed["outbox"] = conn.execute(db.outbox.delete().where(
                    db.outbox.c.sent_at.is_not(None), db.outbox.c.sent_at < cutoff,
                    db.outbox.c.type.not_like("award.%"))).rowcount
                if removed["outbox"]:
                    self.floor.forget()  # their ids may be handed out again (SQLite)
            if self.retention["inbox"]:
                cutoff = now - timedelta(days=self.retention["inbox"])
                removed["inbox"] = conn.execute(db.inbox.delete().where(
                    db.inbox.c.received_at < cutoff)).rowcount
        self._pruned_at = time.monotonic()
        return removed


class Confirms:
    """A channel in confirm mode and what is in flight on it: the delivery tags are counted
    here as the broker counts them (from 1, one per ``basic.publish``), and its acks and
    nacks are collected as they are read."""

    def __init__(self, channel):
        self.channel = channel
        self.inflight = {}  # tag -> row, in publishing order
        self.acked, self.nacked = set(), set()
        self._next_tag = 1
        channel.confirm_select()
        channel.events["basic_ack"].add(lambda tag, multiple: self._settle(self.acked, tag, multiple))
        channel.events["basic_nack"].add(lambda tag, multiple: self._settle(self.nacked, tag, multiple))

    def publish(self, row, message, exchange, routing_key):
        self.inflight[self._next_tag] = row
        self._next_tag += 1
        self.channel.basic_publish(message, exchange, routing_key)

    def read(self, wait):
        """Read what the broker has sent, for up to ``wait`` seconds."""
        try:
            self.channel.connection.drain_events(timeout=wait)
        except socket.timeout:
            pass

    def confirmed(self):
        """Take the rows the broker has confirmed so far out of flight, in publishing order;
        a nack means the broker could not take a message: reconnect and send again."""
        if self.nacked:
            raise ConfirmTimeout(f"the broker refused {len(self.nacked)} messages (basic.nack)")
        done = []
        while self.inflight:
            tag = next(iter(self.inflight))
            if tag not in self.acked:
                break
            done.append(self.inflight.pop(tag))
            self.acked.discard(tag)
        return done

    def _settle(self, bucket, tag, multiple):
        if not multiple:
            bucket.add(tag)
            return
        for t in self.inflight:  # in publishing order: stop at the first one after ``tag``
            if t > tag:
                break
            bucket.add(t)
