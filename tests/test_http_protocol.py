"""The kit's HTTP protocol (award_shared.web.http_protocol) answers as the standard library's does:
its header parser gives ``http.client.parse_headers``' message for every header block, plain
or not, and a server speaking it answers the same bytes as nameko's own protocol to well- and
ill-formed requests (bad versions, HTTP/0.9, too many headers, ``Connection``, ``Expect``),
but for the security headers on its own HTML error pages (issue 29, item 9)."""
import email.parser
import http.client
import io
import socket

import eventlet
import pytest
from eventlet import wsgi
from nameko.web.server import HttpOnlyProtocol

from award_shared.web import http_protocol
from award_shared.web.http import ApiWebServer
from award_shared.web.http_protocol import ApiProtocol, parse_headers
from award_supervision.service import SupervisionService

# the subject is the kit's HTTP protocol on the socket, not the database:
# the services' own tests and the suite's database tests cover both engines
pytestmark = pytest.mark.engines("postgresql")

BEARER = "Bearer " + "eyJhbGciOiJFZERTQSJ9." * 12
PLAIN = [
    b"Host: 127.0.0.1:8002\r\nUser-Agent: python-requests/2.32.3\r\nAccept-Encoding: gzip, deflate\r\n"
    b"Accept: */*\r\nConnection: keep-alive\r\nAuthorization: " + BEARER.encode() + b"\r\n"
    b"Content-Length: 312\r\nContent-Type: application/json\r\n\r\n",
    b"\r\n",                                               # no headers at all
    b"",                                                   # the stream ends at once
    b"A: 1\nB:2\n\n",                                      # bare LF line ends
    b"X-Empty:\r\nX-Spaces:   \t padded  \r\n\r\n",       # empty value; trailing blanks kept
    b"Accept: a\r\naccept: b\r\nACCEPT: c\r\n\r\n",       # repeated, any case
    b"X-Latin: caf\xe9 \xff\r\n\r\n",                     # ISO-8859-1 bytes
    b"X-Odd-Name_~!#$%&'*+.^`|: v\r\n\r\n",               # every token character
    b"X-Colons: a:b::c\r\n\r\n",
    b"X-Nul: a\x00b\r\n\r\n",
]
ODD = [
    b"X-Folded: first\r\n second line\r\n\r\n",            # obsolete line folding
    b"X-Tab: a\r\n\tb\r\nNext: c\r\n\r\n",
    b"No colon here\r\nX-A: b\r\n\r\n",                   # a line that is no header
    b": no name\r\n\r\n",
    b"X Space: v\r\n\r\n",                                 # a name outside the token characters
    b"X(Paren): v\r\n\r\n",
    b"From someone@example.org\r\nX-A: b\r\n\r\n",         # mbox's From_ line
    b"X-CR: a\rb\r\n\r\n",                                 # a bare CR inside the value
    b"X-A: b\r\nX-Eof: no line end",                       # the stream ends inside a header
    b" Leading: space\r\n\r\n",
    b"X-A: \xe9\xe9\r\nX-B \xe9: c\r\n\r\n",
]


def _message(parse, raw):
    try:
        message = parse(io.BytesIO(raw))
    except http.client.HTTPException as exc:
        return type(exc), str(exc)
    return (message.items(), message.get_payload(), [type(d) for d in message.defects],
            message.get_content_type(), message.get("content-length"), message.get_all("accept"))


@pytest.mark.parametrize("raw", PLAIN + ODD)
def test_the_header_block_means_what_the_standard_library_reads(raw):
    assert _message(parse_headers, raw) == _message(http.client.parse_headers, raw)


def _email_parses(monkeypatch):
    calls = []
    real = email.parser.Parser

    class Counting(real):
        def parsestr(self, *args, **kwargs):
            calls.append(1)
            return super().parsestr(*args, **kwargs)
    monkeypatch.setattr(http_protocol.email.parser, "Parser", Counting)
    return calls


@pytest.mark.parametrize("raw", PLAIN)
def test_plain_lines_are_read_without_the_email_parser(raw, monkeypatch):
    calls = _email_parses(monkeypatch)
    parse_headers(io.BytesIO(raw))
    assert calls == []


@pytest.mark.parametrize("raw", ODD)
def test_any_other_line_sends_the_whole_block_to_the_email_parser(raw, monkeypatch):
    calls = _email_parses(monkeypatch)
    parse_headers(io.BytesIO(raw))
    assert calls == [1]


@pytest.mark.parametrize("raw", [b"X-Long: " + b"a" * 70000 + b"\r\n\r\n",
                                 b"".join(b"X-%d: v\r\n" % i for i in range(101)) + b"\r\n"])
def test_the_limits_are_http_clients(raw):
    assert _message(parse_headers, raw) == _message(http.client.parse_headers, raw)


def _app(environ, start_response):
    body = environ["wsgi.input"].read()
    start_response("200 OK", [("Content-Type", "text/plain")])
    seen = "|".join(f"{k}={environ[k]}" for k in sorted(environ) if k.startswith("HTTP_") or k in (
        "CONTENT_TYPE", "CONTENT_LENGTH", "REQUEST_METHOD", "PATH_INFO", "QUERY_STRING", "SERVER_PROTOCOL"))
    return [seen.encode("latin-1"), b"|", body]


@pytest.fixture
def servers():
    """Two servers of one app: nameko's protocol and the kit's."""
    started = []
    for protocol in (HttpOnlyProtocol, ApiProtocol):
        sock = eventlet.listen(("127.0.0.1", 0))
        started.append((sock, eventlet.spawn(wsgi.server, sock, _app, protocol=protocol, log_output=False)))
    yield [sock.getsockname() for sock, _ in started]
    for sock, thread in started:
        thread.kill()
        sock.close()


def _exchange(address, raw):
    """All the server answers to ``raw`` until it closes the connection or falls silent."""
    with socket.create_connection(address, timeout=5) as conn:
        conn.sendall(raw)
        conn.settimeout(0.5)
        answer = b""
        while True:
            try:
                chunk = conn.recv(65536)
            except socket.timeout:
                return answer, "open"
            if not chunk:
                return answer, "closed"
            answer += chunk


SECURITY_HEADERS = (b"Content-Security-Policy:", b"Referrer-Policy:", b"X-Content-Type-Options:")


def _without_date(answer, dropped=(b"Date:",)):
    return b"\r\n".join(line for line in answer[0].split(b"\r\n") if not line.startswith(dropped)), answer[1]


REQUESTS = [
    b"POST /v1/x?a=1 HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}",
    b"GET /a HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n",
    b"GET /a HTTP/1.0\r\nHost: h\r\n\r\n",
    b"GET /a HTTP/1.0\r\nHost: h\r\nConnection: keep-alive\r\n\r\nGET /b HTTP/1.0\r\nConnection: close\r\n\r\n",
    b"GET /a HTTP/1.1\r\nHost: h\r\n\r\nGET /b HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n",
    b"POST /e HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc",
    b"GET /f HTTP/1.1\r\nHost: h\r\nX-Folded: one\r\n two\r\nConnection: close\r\n\r\n",
    b"GET //double//slash HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n",
    b"GET /a HTTP/2.0\r\nHost: h\r\n\r\n",
    b"GET /a HTTP/1.x\r\n\r\n",
    b"GET /a FTP/1.1\r\n\r\n",
    b"GET /a HTTP/1.1 extra\r\n\r\n",
    b"POST /a\r\n\r\n",
    b"GET /a\r\n\r\n",
    b"GET /a HTTP/1.1\r\n" + b"".join(b"X-%d: v\r\n" % i for i in range(101)) + b"\r\n",
    b"GET /a HTTP/1.1\r\nX-Long: " + b"a" * 9000 + b"\r\n\r\n",
    b"\r\n",
]


@pytest.mark.parametrize("raw", REQUESTS)
def test_the_kit_server_answers_as_namekos_does(servers, raw):
    nameko_answer = _without_date(_exchange(servers[0], raw))
    kit_answer = _without_date(_exchange(servers[1], raw), (b"Date:", *SECURITY_HEADERS))
    assert kit_answer == nameko_answer


def test_the_kit_servers_own_html_error_pages_carry_the_security_headers(servers):
    too_many_headers = REQUESTS[14]
    answer, _ = _exchange(servers[1], too_many_headers)
    head = answer.split(b"\r\n\r\n", 1)[0].split(b"\r\n")
    assert head[0] == b"HTTP/1.1 431 Too many headers" and b"Content-Type: text/html;charset=utf-8" in head
    assert b"X-Content-Type-Options: nosniff" in head and b"Referrer-Policy: no-referrer" in head
    [csp] = [line for line in head if line.startswith(b"Content-Security-Policy:")]
    assert b"frame-ancestors 'none'" in csp and b"default-src 'none'" in csp


def test_a_service_speaks_the_kit_protocol(service_factory):
    service = service_factory(SupervisionService)
    servers = [ext for ext in service.shared_extensions.values() if isinstance(ext, ApiWebServer)]
    assert len(servers) == 1 and servers[0]._serv.protocol is ApiProtocol
    assert service.client.get("/health/live").status_code == 200
