"""Issue 29, item 7: a client cannot hold the web server's connections. A connection that
sends nothing, or trickles its request's head a byte at a time, or stops sending its body, is
closed after the configured timeouts; an answer the service takes long to compute is not
cut; connections over the caps (in all, from one address) are answered 503 / 429 and
closed, and a normal client is answered meanwhile. Real services, real sockets."""
import http.client
import json
import socket

import eventlet
import pytest
import requests

from award_shared.web.http import ApiWebServer, api
from award_supervision.service import SupervisionService
from award_supervision.tables import complaints
from award_testing.helpers import count_rows, wait_for

# the subject is the web server's sockets and timeouts, not the database:
# the services' own tests and the suite's database tests cover both engines
pytestmark = pytest.mark.engines("postgresql")

CLOCK_2019 = "fixed:2019-03-01T09:00:00+08:00"
SHORT = {"HTTP_IDLE_TIMEOUT_SECONDS": 0.5, "HTTP_HEADER_TIMEOUT_SECONDS": 0.5, "HTTP_SOCKET_TIMEOUT_SECONDS": 0.5}
LONG = {"HTTP_IDLE_TIMEOUT_SECONDS": 600, "HTTP_HEADER_TIMEOUT_SECONDS": 600, "HTTP_SOCKET_TIMEOUT_SECONDS": 600}


def address_of(service):
    host, port = service.client.base_url.split("//", 1)[1].split(":")
    return host, int(port)


def web_server_of(service):
    [server] = [ext for ext in service.shared_extensions.values() if isinstance(ext, ApiWebServer)]
    return server


class Connection:
    """A raw client connection from ``source`` (any 127.x.y.z address reaches the service)."""

    def __init__(self, service, source="127.0.0.1"):
        self.sock = socket.socket()
        self.sock.bind((source, 0))
        self.sock.connect(address_of(service))
        self.received = b""
        self.eof = False

    def send(self, data):
        self.sock.sendall(data)

    def trickle(self, data, pause=0.05):
        """Sends ``data`` a byte at a time, each well within the socket timeout, until the
        server closes the connection."""
        try:
            for i in range(len(data)):
                self.sock.send(data[i:i + 1])
                eventlet.sleep(pause)
        except OSError:
            pass

    def closed(self):
        """Takes what has arrived; True once the server has closed the connection."""
        self.sock.settimeout(0)
        while not self.eof:
            try:
                chunk = self.sock.recv(65536)
            except ConnectionResetError:
                chunk = b""
            except (BlockingIOError, socket.timeout):
                return False
            self.received += chunk
            self.eof = not chunk
        return True

    def answer(self):
        """The status and the JSON body the server sent before closing."""
        head, _, body = self.received.partition(b"\r\n\r\n")
        return int(head.split(b" ")[1]), json.loads(body) if body else None

    def close(self):
        self.sock.close()


def http_from(service, source, path="/health/live"):
    """A keep-alive HTTP/1.1 client bound to ``source``: (the connection, its first answer's status)."""
    host, port = address_of(service)
    conn = http.client.HTTPConnection(host, port, source_address=(source, 0), timeout=30)
    conn.request("GET", path)
    resp = conn.getresponse()
    resp.read()
    return conn, resp.status


def answered(service):
    """A request on a connection of its own (a pooled one may be closing for its idleness)."""
    return requests.get(service.client.base_url + "/health/live", headers={"Connection": "close"}, timeout=30).status_code


@pytest.fixture
def supervision(service_factory):
    return service_factory(SupervisionService, clock=CLOCK_2019, extra=SHORT)


def test_silent_and_trickling_connections_are_closed_while_a_client_is_answered(supervision):
    silent = [Connection(supervision, "127.0.0.5") for _ in range(40)]
    trickling = [Connection(supervision, "127.0.0.6") for _ in range(10)]
    endless_head = b"GET /health/live HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 100000
    senders = [eventlet.spawn(c.trickle, endless_head) for c in trickling]
    for _ in range(5):
        assert answered(supervision) == 200
    wait_for(lambda: all(c.closed() for c in silent + trickling), message="the server to close every stalled connection")
    assert all(c.received == b"" for c in silent + trickling)  # a timeout closes, it does not answer
    for sender in senders:
        sender.wait()
    assert answered(supervision) == 200
    wait_for(lambda: web_server_of(supervision).open_connections == 0, message="every connection to be let go")


def test_a_kept_alive_connection_that_falls_silent_after_its_answer_is_closed(supervision):
    conn = Connection(supervision)
    conn.send(b"GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n")
    wait_for(lambda: conn.closed(), message="the idle connection to be closed")
    status, body = conn.answer()
    assert status == 200 and body["status"] == "live"
    assert b"Connection: close" not in conn.received  # it was kept alive, then closed for its silence


def test_a_body_that_stops_arriving_is_a_408_and_the_connection_is_closed(supervision):
    conn = Connection(supervision)
    conn.send(b"POST /public/v1/complaints HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
              b"Content-Length: 100\r\n\r\n{\"content\": \"")
    wait_for(lambda: conn.closed(), message="the stalled body's connection to be closed")
    status, body = conn.answer()
    assert status == 408 and body["error"]["code"] == "request_timeout"
    assert count_rows(supervision.engine, complaints) == 0


GATE = {}


class SlowSupervision(SupervisionService):
    @api("GET", "/probe/v1/slow", public=True, limited=False, transaction=False)
    def slow(self, call):
        """Answers when the test lets it: an answer that takes longer than every timeout."""
        GATE["entered"].send()
        GATE["release"].wait()
        return {"answer": "x" * 1_000_000}


def test_an_answer_that_takes_longer_than_every_timeout_is_not_cut(service_factory):
    GATE.update(entered=eventlet.event.Event(), release=eventlet.event.Event())
    service = service_factory(SlowSupervision, clock=CLOCK_2019, extra=SHORT)
    slow = eventlet.spawn(requests.get, service.client.base_url + "/probe/v1/slow", timeout=60)
    wait_for(GATE["entered"].ready, message="the slow route to begin")
    witness = Connection(service)  # opened after the route began, closed after the longest timeout
    wait_for(witness.closed, message="the witness connection to be closed")
    GATE["release"].send()
    answer = slow.wait()
    assert answer.status_code == 200 and len(answer.json()["answer"]) == 1_000_000


def test_connections_over_a_cap_are_answered_and_closed_and_others_still_served(service_factory):
    service = service_factory(SupervisionService, clock=CLOCK_2019, extra={
        **LONG, "HTTP_MAX_CONNECTIONS_PER_CLIENT": 3, "HTTP_MAX_CONNECTIONS": 8, "TRUSTED_PROXIES": "127.0.0.9"})
    held = [Connection(service, "127.0.0.2") for _ in range(3)]  # silent: they hold their places
    over = Connection(service, "127.0.0.2")  # accepted after them (one queue, one accept loop)
    wait_for(over.closed, message="the connection over the client's cap to be closed")
    status, body = over.answer()
    assert status == 429 and body["error"]["code"] == "rate_limited"

    # a proxy of TRUSTED_PROXIES carries many clients: no cap of its own
    proxied = [http_from(service, "127.0.0.9") for _ in range(4)]
    assert [status for _, status in proxied] == [200] * 4
    other, status = http_from(service, "127.0.0.3")
    assert status == 200  # 3 + 4 + 1: the server's cap of 8 is reached
    full = Connection(service, "127.0.0.4")
    wait_for(full.closed, message="the connection over the server's cap to be closed")
    status, body = full.answer()
    assert status == 503 and body["error"]["code"] == "unavailable"

    for c in held:
        c.close()
    wait_for(lambda: http_from(service, "127.0.0.2")[1] == 200, message="a place to be free again")
    for conn, _ in proxied:
        conn.close()
    other.close()


def test_a_clients_connections_are_counted_by_address_an_ipv6_client_by_its_64():
    server = ApiWebServer()
    server.proxies = []
    assert server._client_of("2001:db8:1:2::1") == server._client_of("2001:db8:1:2:ffff::9") == "2001:db8:1:2::/64"
    assert server._client_of("2001:db8:1:3::1") != server._client_of("2001:db8:1:2::1")
    assert server._client_of("::ffff:192.0.2.7") == server._client_of("192.0.2.7") == "192.0.2.7"
