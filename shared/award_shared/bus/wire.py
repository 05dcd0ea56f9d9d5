"""The kit's own AMQP connections (outbox relay, inbox consumer), in one of two modes set
by ``AMQP_TRANSPORT`` (every service's config.yaml):

``plain``
    py-amqp's own TCP transport, through public API only. The one change: the connection
    does not negotiate RabbitMQ's ``connection.blocked`` capability (py-amqp's documented
    ``negotiate_capabilities``), so ``basic_publish`` no longer reads the socket before
    every message to look for that notification. A blocked broker still shows: the relay's
    confirms stop coming and it reconnects after ``confirm_timeout``; nothing handled the
    notification before (py-amqp's default ``on_blocked`` does nothing).
``buffered`` (the default: the throughput of docs/benchmarks.md)
    the same, on a transport with fewer system calls. py-amqp reads a frame in three
    exact-size ``recv`` calls (header, payload, end octet), so a delivered message
    (method, header and body frames) costs nine trips through eventlet's green socket, and
    writes each published message with its own ``sendall``. Here reads take whatever the
    broker has already sent, up to 64 KiB, and frames are cut from that buffer; and writes
    may be *gathered* (``with gathered(channel):``): a burst of publishes goes out in a few
    large writes, and whatever is gathered is written before anything is read (a
    synchronous call inside the block cannot wait for an answer to a request still in the
    buffer). Nothing is confirmed before it is written, so a failure while gathering loses
    nothing (the rows stay unsent and are published again).

``buffered`` leans on py-amqp internals (``_read`` and the ``_read_buffer`` put-back on
timeout, the frame writer holding ``transport.write``); amqp is pinned in constraints.txt
and ``tests/test_wire.py`` checks each of them: rerun it on an upgrade, and switch to
``plain`` if an upgrade breaks them. TLS connections keep py-amqp's own transport in both
modes. nameko's own consumers and RPC are untouched.
"""
import contextlib
import errno
import socket

import amqp.transport
from kombu import Connection
from kombu.transport import pyamqp

TRANSPORTS = ("buffered", "plain")
READ_AHEAD = 65536
GATHER_FLUSH = 65536  # bytes gathered before they are written anyway


class BufferedTCPTransport(amqp.transport.TCPTransport):
    """:class:`amqp.transport.TCPTransport` with read-ahead and gathered writes."""

    def _setup_transport(self):
        super()._setup_transport()
        self._gather = None
        self._gathered = 0

    # py-amqp's frame reader puts back a partly read frame through ``_read_buffer`` when a
    # read times out; the unread part of the buffer is kept as (bytes, offset) so that
    # cutting a frame does not copy everything after it.
    @property
    def _read_buffer(self):
        return self._rbuf[self._rpos:]

    @_read_buffer.setter
    def _read_buffer(self, value):
        self._rbuf = value
        self._rpos = 0

    def _read(self, n, initial=False, _errnos=(errno.EAGAIN, errno.EINTR)):
        if self._gather:
            self.flush()  # whoever reads may be waiting for the answer to what was gathered
        buf, pos = self._rbuf, self._rpos
        if len(buf) - pos < n:
            buf, pos = buf[pos:], 0
            recv = self._quick_recv
            try:
                while len(buf) < n:
                    try:
                        chunk = recv(max(n - len(buf), READ_AHEAD))
                    except OSError as exc:
                        if exc.errno in _errnos:
                            if initial and self.raise_on_initial_eintr:
                                raise socket.timeout()
                            continue
                        raise
                    if not chunk:
                        raise OSError("Server unexpectedly closed connection")
                    buf += chunk
            except BaseException:
                self._rbuf, self._rpos = buf, 0
                raise
        self._rbuf, self._rpos = buf, pos + n
        return buf[pos:pos + n]

    def write(self, s):
        if self._gather is None:
            return super().write(s)
        self._gather.append(bytes(s))  # py-amqp hands over a view of a buffer it reuses
        self._gathered += len(s)
        if self._gathered >= GATHER_FLUSH:
            self.flush()

    def flush(self):
        parts, self._gather, self._gathered = self._gather, [], 0
        if parts:
            super().write(b"".join(parts))

    @contextlib.contextmanager
    def gathering(self):
        self._gather, self._gathered = [], 0
        try:
            yield
            self.flush()
        finally:
            self._gather, self._gathered = None, 0


class _PlainConnection(pyamqp.Connection):
    # no connection.blocked notifications: basic_publish reads before each message for them
    negotiate_capabilities = {**pyamqp.Connection.negotiate_capabilities, "connection.blocked": False}


class _BufferedConnection(_PlainConnection):
    def Transport(self, host, connect_timeout, ssl=False, read_timeout=None,  # noqa: N802 - py-amqp's
                  write_timeout=None, socket_settings=None, **kwargs):
        if ssl:
            return super().Transport(host, connect_timeout, ssl, read_timeout, write_timeout,
                                     socket_settings=socket_settings, **kwargs)
        return BufferedTCPTransport(host, connect_timeout=connect_timeout, read_timeout=read_timeout,
                                    write_timeout=write_timeout, socket_settings=socket_settings, **kwargs)


class PlainTransport(pyamqp.Transport):
    """kombu's py-amqp transport, without the per-publish read."""
    Connection = _PlainConnection


class BufferedTransport(pyamqp.Transport):
    """kombu's py-amqp transport on :class:`BufferedTCPTransport`."""
    Connection = _BufferedConnection


_KOMBU_TRANSPORTS = {"buffered": BufferedTransport, "plain": PlainTransport}


def transport_setting(config):
    """``AMQP_TRANSPORT`` of ``config``, checked: a typo must not start a service."""
    mode = str(config.get("AMQP_TRANSPORT") or "buffered").strip().lower()
    if mode not in TRANSPORTS:
        raise ValueError(f"AMQP_TRANSPORT is {mode!r}: use one of {', '.join(TRANSPORTS)}")
    return mode


def connect(amqp_uri, mode="buffered", **kwargs):
    """A kombu ``Connection`` to ``amqp_uri`` in ``mode`` (``buffered`` or ``plain``) for
    plain ``amqp://``/``pyamqp://`` URIs; anything else is kombu's own."""
    scheme = str(amqp_uri).split("://", 1)[0]
    if scheme in ("amqp", "pyamqp"):
        kwargs.setdefault("transport", _KOMBU_TRANSPORTS[mode])
    return Connection(amqp_uri, **kwargs)


@contextlib.contextmanager
def gathered(channel):
    """Gather the writes made on ``channel``'s connection inside the block (``buffered``
    mode; in ``plain`` mode each message is written as it is published)."""
    transport = getattr(channel.connection, "transport", None)
    if not isinstance(transport, BufferedTCPTransport):
        yield
        return
    with transport.gathering():
        yield
