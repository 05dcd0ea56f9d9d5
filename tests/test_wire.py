"""The kit's AMQP connections against a real broker, in both ``AMQP_TRANSPORT`` modes:
messages of every size arrive whole and in order, a read that times out keeps what it had,
gathered publishes all reach the queue, and no publish reads the socket first (the
connection does not negotiate ``connection.blocked``). The buffered transport's own
internals (frames cut from read-ahead buffers, the put-back on timeout, gathered writes)
are checked on it alone."""
import socket

import amqp
import amqp.transport
import pytest
from kombu import Exchange, Queue

from award_shared.bus import wire

SIZES = [0, 1, 7, 600, 4096, 65535, 65536, 65537, 200_000, 1_000_000]


def _open(rabbit_config, mode):
    conn = wire.connect(rabbit_config["AMQP_URI"], mode, connect_timeout=5)
    conn.ensure_connection(max_retries=1)
    assert isinstance(conn.connection.transport, wire.BufferedTCPTransport) == (mode == "buffered")
    assert isinstance(conn.connection.transport, amqp.transport.TCPTransport)
    channel = conn.channel()
    Queue("wire.probe", Exchange("wire.probe", type="topic", durable=True), routing_key="#",
          durable=True)(channel).declare()
    return conn, channel


@pytest.fixture(params=wire.TRANSPORTS)
def channel(request, rabbit_config):
    conn, channel = _open(rabbit_config, request.param)
    yield channel
    conn.release()


@pytest.fixture
def buffered_channel(rabbit_config):
    conn, channel = _open(rabbit_config, "buffered")
    yield channel
    conn.release()


def _publish(channel, bodies):
    channel.confirm_select()
    for body in bodies:
        channel.basic_publish(amqp.Message(body, delivery_mode=2), exchange="wire.probe", routing_key="k")


def _consume(channel, n):
    got = []
    channel.basic_consume("wire.probe", callback=got.append, no_ack=True)
    while len(got) < n:
        channel.connection.drain_events(timeout=10)
    return got


def test_messages_of_every_size_arrive_whole_and_in_order(channel):
    bodies = [bytes([i % 251]) * size for i, size in enumerate(SIZES * 3)]
    with wire.gathered(channel):
        _publish(channel, bodies)
    got = _consume(channel, len(bodies))
    assert [m.body or b"" for m in got] == bodies  # py-amqp gives '' for an empty body


def test_a_burst_of_gathered_publishes_all_reach_the_queue(channel):
    bodies = [f"message {i}".encode() * 20 for i in range(3000)]
    with wire.gathered(channel):
        _publish(channel, bodies)
    got = _consume(channel, len(bodies))
    assert [m.body for m in got] == bodies


def test_a_read_that_times_out_keeps_the_buffer_and_the_next_frames_still_parse(channel):
    _publish(channel, [b"first"])
    got = _consume(channel, 1)
    with pytest.raises(socket.timeout):  # the confirm comes first; then nothing: the wait times out
        for _ in range(10):
            channel.connection.drain_events(timeout=0.05)
    _publish(channel, [b"second", b"third"])
    while len(got) < 3:
        channel.connection.drain_events(timeout=10)
    assert [m.body for m in got] == [b"first", b"second", b"third"]


def test_a_synchronous_call_inside_a_gathered_block_gets_its_answer(channel):
    with wire.gathered(channel):
        channel.basic_publish(amqp.Message(b"before"), exchange="wire.probe", routing_key="k")
        _, count, _ = channel.queue_declare("wire.probe", passive=True)  # waits for declare-ok
    assert count in (0, 1)  # answered at all: the request was written before the read
    assert [m.body for m in _consume(channel, 1)] == [b"before"]


def test_a_frame_split_by_a_timeout_is_put_back_together():
    """Half a frame, a timeout, then the rest: py-amqp's frame reader hands the half back to
    the buffer on timeout, and the next read returns the whole frame."""
    import struct
    ours, broker = socket.socketpair()
    transport = wire.BufferedTCPTransport.__new__(wire.BufferedTCPTransport)
    transport.sock, transport.raise_on_initial_eintr, transport.connected = ours, True, True
    transport._setup_transport()
    payload = b"x" * 1000
    frame = struct.pack(">BHI", 1, 1, len(payload)) + payload + b"\xce"
    following = struct.pack(">BHI", 3, 1, 2) + b"ok" + b"\xce"
    broker.sendall(frame[:500])
    ours.settimeout(0.05)
    with pytest.raises(socket.timeout):
        transport.read_frame()
    broker.sendall(frame[500:] + following)
    ours.settimeout(5)
    assert transport.read_frame() == (1, 1, payload)
    assert transport.read_frame() == (3, 1, b"ok")
    ours.close(), broker.close()


def test_no_publish_reads_the_socket_first(channel):
    """py-amqp's basic_publish reads (drain_events) before each message when the connection
    negotiated connection.blocked; the kit's connections decline that capability."""
    connection = channel.connection
    assert connection.server_capabilities.get("connection.blocked")  # RabbitMQ offers it
    assert connection.client_properties["capabilities"]["connection.blocked"] is False
    reads, drain = [], connection.drain_events
    connection.drain_events = lambda *a, **kw: (reads.append(kw), drain(*a, **kw))[1]
    try:
        for i in range(200):
            channel.basic_publish(amqp.Message(b"x" * 100), exchange="wire.probe", routing_key="k")
    finally:
        del connection.drain_events
    assert reads == []
    assert len(_consume(channel, 200)) == 200


def test_a_gathered_burst_goes_out_in_few_writes(buffered_channel):
    """1,000 publishes of ~600 bytes in a gathered block: a handful of writes (one per
    64 KiB), not one per message — a read before each message would flush each one."""
    channel = buffered_channel
    transport = channel.connection.transport
    writes, write = [], transport._write
    transport._write = lambda data: (writes.append(len(data)), write(data))[1]
    try:
        with wire.gathered(channel):
            for i in range(1000):
                channel.basic_publish(amqp.Message(b"x" * 600, delivery_mode=2), "wire.probe", "k")
    finally:
        transport._write = write
    assert sum(writes) > 600_000
    assert len(writes) <= 20, f"{len(writes)} writes for 1,000 messages"
    assert len(_consume(channel, 1000)) == 1000
