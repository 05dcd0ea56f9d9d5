"""The HTTP/1.1 protocol the kit's web server speaks: eventlet's, as nameko runs it, with the
request's header block parsed without the email package.

The standard library parses request headers with ``email.parser`` (``http.client.parse_headers``):
a feed parser built for mail, ≈45 µs for the eight headers a client sends with a call, measured
in a running server — about a twentieth of the scoring service's own work on a score sheet.
Headers are simpler than mail: a block of ``name: value`` lines. :func:`parse_headers` reads the
same lines under the same limits and builds the same ``http.client.HTTPMessage`` from them
directly (≈8 µs in a micro-benchmark where the standard library's takes ≈23) when
every line is a plain ``token: value`` line; any other line — a folded continuation, no colon, a
name outside RFC 9110's token characters — and the whole block goes to the email parser as
before, so what a request's headers mean never depends on which path read them.
``tests/test_http_protocol.py`` holds both paths to the standard library's answers.

It also bounds how long a connection may keep the server waiting (docs/design.md, "Limits"),
given a server that carries ``idle_timeout`` and ``header_timeout`` (``award_shared.web.http``):
a kept-alive connection that sends nothing for ``idle_timeout`` seconds is closed, and a
request's line and headers must be complete ``header_timeout`` seconds after their first
byte (a new connection's first request: after it was accepted) however often a byte
trickles in — a deadline, where a socket timeout is renewed by every byte. The server's
``socket_timeout`` bounds each read of a body and each write of an answer; nothing bounds
the time the service takes to compute an answer.
``tests/test_http_timeouts.py`` holds them to it. The standard library's own error pages
(HTML, e.g. a 431 for too many headers) carry the security headers of every HTML answer
(docs/design.md, "Security headers").
"""
import email.parser
import http.client
import re
import socket
from http import HTTPStatus

import eventlet
from eventlet.support import get_errno
from eventlet.wsgi import BAD_SOCK, BROKEN_SOCK

from award_shared.container import HttpOnlyProtocol
from award_shared.web.pages import html_security_headers

MAX_LINE = 65536     # http.client's limits for a header line and for the number of headers
MAX_HEADERS = 100

#: ``name: value`` with a token name (RFC 9110 5.1, 5.6.2) and no CR or LF inside the value
_PLAIN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+:[^\r\n]*\r?\n\Z")


def read_header_lines(fp):
    """The header block's lines, through its blank line (or the end of the stream), as
    ``http.client`` reads them: raises ``http.client.LineTooLong`` or ``HTTPException``."""
    lines = []
    while True:
        line = fp.readline(MAX_LINE + 1)
        if len(line) > MAX_LINE:
            raise http.client.LineTooLong("header line")
        lines.append(line)
        if len(lines) > MAX_HEADERS:
            raise http.client.HTTPException(f"got more than {MAX_HEADERS} headers")
        if line in (b"\r\n", b"\n", b""):
            return lines


def parse_headers(fp, message_class=http.client.HTTPMessage):
    """``http.client.parse_headers``, without the email parser when every line is plain."""
    lines = read_header_lines(fp)
    text = [line.decode("iso-8859-1") for line in lines]
    message = message_class()
    for line in text[:-1]:
        if _PLAIN.match(line) is None:
            return email.parser.Parser(_class=message_class).parsestr("".join(text))
        name, _, value = line.partition(":")
        message.set_raw(name, value.lstrip(" \t").rstrip("\r\n"))  # as email's compat32 policy reads a line
    message.set_payload("")  # what the email parser leaves after a header block
    return message


class HeaderTimeout(socket.timeout):
    """A request's line and headers did not arrive in time: the connection is closed (the
    wsgi server closes a connection on ``socket.timeout``)."""


#: in a request's WSGI environ: call it to close the connection after the answer
CLOSE_CONNECTION = "award.close_connection"


class ApiProtocol(HttpOnlyProtocol):
    """nameko's protocol; ``parse_request`` is the standard library's (``http.server``), step
    for step, with :func:`parse_headers` reading the header block. Reading a request's head
    is bounded in time (the module's docstring)."""

    requests_begun = 0
    _head_deadline = None

    def handle_one_request(self):
        try:
            super().handle_one_request()
        finally:
            self._end_head_deadline()

    def _read_request_line(self):
        idle = getattr(self.server, "idle_timeout", None)
        if self.requests_begun and idle and not self.rfile.closed:
            if not self._next_request_begins(idle):
                self.close_connection = 1
                return ""
        self.requests_begun += 1
        header_timeout = getattr(self.server, "header_timeout", None)
        if header_timeout:
            self._head_deadline = eventlet.Timeout(header_timeout, HeaderTimeout)
        return super()._read_request_line()

    def _next_request_begins(self, idle):
        """Waits up to ``idle`` seconds for a kept-alive connection's next byte (already
        buffered, or one read): False when the client closed it; ``socket.timeout`` when it
        stayed silent."""
        self.connection.settimeout(idle)
        try:
            return bool(self.rfile.peek(1))
        except socket.timeout:
            raise
        except OSError as exc:
            if get_errno(exc) in BROKEN_SOCK | BAD_SOCK:
                return False
            raise
        finally:
            self.connection.settimeout(self.server.socket_timeout)

    def _end_head_deadline(self):
        if self._head_deadline is not None:
            self._head_deadline.cancel()
            self._head_deadline = None

    def end_headers(self):
        # reached only by the standard library's send_error, whose page is HTML: the security
        # headers every HTML answer carries (award_shared.web.pages)
        for name, value in html_security_headers().items():
            self.send_header(name, value)
        super().end_headers()

    def get_environ(self):
        environ = super().get_environ()
        environ[CLOSE_CONNECTION] = self._close_after_answer
        return environ

    def _close_after_answer(self):
        self.close_connection = 1

    def parse_request(self):
        self.command = None
        self.request_version = version = self.default_request_version
        self.close_connection = True
        requestline = str(self.raw_requestline, "iso-8859-1").rstrip("\r\n")
        self.requestline = requestline
        words = requestline.split()
        if not words:
            return False
        if len(words) >= 3:  # enough to determine the protocol's version
            version = words[-1]
            try:
                if not version.startswith("HTTP/"):
                    raise ValueError
                base_version_number = version.split("/", 1)[1]
                version_number = base_version_number.split(".")
                if (len(version_number) != 2 or not all(part.isdigit() for part in version_number)
                        or any(len(part) > 10 for part in version_number)):
                    raise ValueError
                version_number = int(version_number[0]), int(version_number[1])
            except (ValueError, IndexError):
                self.send_error(HTTPStatus.BAD_REQUEST, f"Bad request version ({version!r})")
                return False
            if version_number >= (1, 1) and self.protocol_version >= "HTTP/1.1":
                self.close_connection = False
            if version_number >= (2, 0):
                self.send_error(HTTPStatus.HTTP_VERSION_NOT_SUPPORTED,
                                f"Invalid HTTP version ({base_version_number})")
                return False
            self.request_version = version
        if not 2 <= len(words) <= 3:
            self.send_error(HTTPStatus.BAD_REQUEST, f"Bad request syntax ({requestline!r})")
            return False
        command, path = words[:2]
        if len(words) == 2:
            self.close_connection = True
            if command != "GET":
                self.send_error(HTTPStatus.BAD_REQUEST, f"Bad HTTP/0.9 request type ({command!r})")
                return False
        self.command, self.path = command, path
        if self.path.startswith("//"):
            self.path = "/" + self.path.lstrip("/")  # reduce to a single /
        try:
            self.headers = parse_headers(self.rfile, self.MessageClass)
            self._end_head_deadline()  # the head is read: what follows is the body's and the service's time
        except http.client.LineTooLong as err:
            self.send_error(HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "Line too long", str(err))
            return False
        except http.client.HTTPException as err:
            self.send_error(HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "Too many headers", str(err))
            return False
        conntype = self.headers.get("Connection", "").lower()
        if conntype == "close":
            self.close_connection = True
        elif conntype == "keep-alive" and self.protocol_version >= "HTTP/1.1":
            self.close_connection = False
        expect = self.headers.get("Expect", "")
        if (expect.lower() == "100-continue" and self.protocol_version >= "HTTP/1.1"
                and self.request_version >= "HTTP/1.1"):
            if not self.handle_expect_100():
                return False
        return True
