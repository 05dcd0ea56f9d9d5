"""The kit's own AMQP connections (outbox relay, inbox consumer): py-amqp over TCP with
fewer system calls.

py-amqp reads a frame in three exact-size ``recv`` calls (header, payload, end octet), so a
delivered message (method, header and body frames) costs nine trips through eventlet's
green socket; and it writes each published message with its own ``sendall``. Here:

- reads take whatever the broker has already sent, up to 64 KiB, and frames are cut from
  that buffer;
- writes may be *gathered* (``with gathered(channel):``): a burst of publishes goes out
  in a few large writes instead of one per message, and whatever is gathered is written
  before anything is read (a synchronous call inside the block cannot wait for an answer
  to a request still in the buffer). The relay gathers each batch it publishes; nothing is
  confirmed before it is written, so a failure while gathering loses nothing (the rows
  stay unsent and are published again);
- :func:`publish` sends ``basic.publish`` without py-amqp's read before every message
  (which would write out the gathered burst one message at a time).

This leans on py-amqp internals (``_read`` and the ``_read_buffer`` put-back on timeout,
the frame writer holding ``transport.write``, ``Channel.send_method``); amqp is pinned in
constraints.txt and ``tests/test_wire.py`` checks each of them: rerun it on an upgrade.
TLS connections keep py-amqp's own transport. nameko's own consumers and RPC are untouched.
"""
import contextlib
import errno
import socket

import amqp
import amqp.exceptions
import amqp.spec
import amqp.transport
from kombu import Connection
from kombu.transport import pyamqp

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


class _AmqpConnection(pyamqp.Connection):
    def Transport(self, host, connect_timeout, ssl=False, read_timeout=None,  # noqa: N802 - py-amqp's
                  write_timeout=None, socket_settings=None, **kwargs):
        if ssl:
            return super().Transport(host, connect_timeout, ssl, read_timeout, write_timeout,
                                     socket_settings=socket_settings, **kwargs)
        return BufferedTCPTransport(host, connect_timeout=connect_timeout, read_timeout=read_timeout,
                                    write_timeout=write_timeout, socket_settings=socket_settings, **kwargs)


class KitTransport(pyamqp.Transport):
    """kombu's py-amqp transport on :class:`BufferedTCPTransport`."""
    Connection = _AmqpConnection


def connect(amqp_uri, **kwargs):
    """A kombu ``Connection`` to ``amqp_uri``; plain ``amqp://``/``pyamqp://`` URIs use the
    buffered transport, anything else kombu's own."""
    scheme = str(amqp_uri).split("://", 1)[0]
    if scheme in ("amqp", "pyamqp"):
        kwargs.setdefault("transport", KitTransport)
    return Connection(amqp_uri, **kwargs)


def publish(channel, message, exchange, routing_key):
    """``basic.publish`` without py-amqp's look at the socket before each message.

    py-amqp's ``basic_publish`` first reads whatever the broker has sent (to notice a
    ``connection.blocked``) whenever the broker supports it, as RabbitMQ does: one read per
    message, which also writes out everything gathered so far. Whoever publishes in bulk
    reads the connection between bursts anyway (the relay does, for its confirms).
    """
    if not channel.connection:
        raise amqp.exceptions.RecoverableConnectionError("basic_publish: connection closed")
    channel.send_method(amqp.spec.Basic.Publish, "Bssbb", (0, exchange, routing_key, False, False), message)


@contextlib.contextmanager
def gathered(channel):
    """Gather the writes made on ``channel``'s connection inside the block."""
    transport = getattr(channel.connection, "transport", None)
    if not isinstance(transport, BufferedTCPTransport):
        yield
        return
    with transport.gathering():
        yield
