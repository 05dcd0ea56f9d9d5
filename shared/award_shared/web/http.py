"""HTTP plumbing: the ``api`` entrypoint wraps nameko's ``http`` with bearer-token auth,
role checks, marshmallow-loaded bodies, path values and query parameters, the JSON error
format of contract.md, per-client rate limits on public routes and the request-duration
histogram.

A service method receives the unit of work's transaction, one :class:`ApiCall` and the path
values — ``def get_case(self, tx, call, case_id)`` — and returns a dict or list (JSON, status
``status``), a ``(status, payload)`` pair, or a werkzeug ``Response``; what it answers is
declared beside its body (``answer=`` / ``answers=``, :func:`declared_answers`), which the
route's ``/openapi.json`` entry states. ``@api`` opens the
transaction around the method and commits it before the answer is sent, so an entrypoint is
validate (the route's schemas), call one function, answer; a refusal (``errors.Conflict``) on a
route that names its ``step=`` is counted as that step's ``refused`` transition. A route
that must not hold a transaction (a liveness probe, a call that talks to the broker)
declares ``transaction=False`` and receives ``(self, call, …)``.
Everything a client sends goes through a schema or the kit's text rules before a handler
sees it (docs/design.md, "Limits"): bodies within ``BODY_MAX_BYTES`` and ``BODY_MAX_DEPTH``,
no string a database cannot store, path and query values loaded by ``path=`` / ``query=``
schemas where a route declares them. An unknown path or method answers the JSON error too.
The web server bounds how long a connection may keep it waiting and how many it keeps open
(``HTTP_*`` settings, :class:`ApiWebServer`).
"""
import ipaddress
import json
import logging
import math
import re
import socket
import time
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import partial, wraps

from eventlet import wsgi
from eventlet.event import Event
from marshmallow import Schema, ValidationError, fields, validate
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import ClientDisconnected, HTTPException
from werkzeug.wrappers import Request, Response

from award_shared import errors, limits, logs, metrics, tracing
from award_shared.container import ENTRYPOINT_EXTENSIONS_ATTR, HttpRequestHandler, SharedExtension, WebServer, WsgiApp
from award_shared.events import fastload
from award_shared.web import cycle_access, pages
from award_shared.web.auth import TokenVerifier, admit
from award_shared.web.http_protocol import CLOSE_CONNECTION, ApiProtocol
from award_shared.web.ratelimit import ClientAddress, RateLimiter, is_within, trusted_proxies

log = logging.getLogger(__name__)


class Unavailable(errors.ApiError):
    status = 503
    code = "unavailable"


class TooManyRequests(errors.ApiError):
    """429: the answer says when to call again (``Retry-After``, whole seconds, at least 1)."""
    status = 429
    code = "rate_limited"

    def __init__(self, message, message_en=None, *, retry_after=1, **kw):
        super().__init__(message, message_en, **kw)
        self.retry_after = max(1, math.ceil(retry_after))


class PayloadTooLarge(errors.ApiError):
    status = 413
    code = "payload_too_large"


class MethodNotAllowed(errors.ApiError):
    status = 405
    code = "method_not_allowed"


class RequestTimeout(errors.ApiError):
    status = 408
    code = "request_timeout"


# where an HTTP worker's ApiCall travels to its dependencies (the unit of work audits its
# actor): the worker context's data, which is this process's own. nameko would copy that
# data into the headers of any message the worker sent through nameko's own dispatchers,
# which the kit does not use.
API_CALL_KEY = "award.api_call"
NOT_DECLARED = object()  # a route that says nothing of its answer


@dataclass
class ApiCall:
    request: object
    principal: object
    body: object
    method: str
    route: str
    client: str
    path: dict = field(default_factory=dict)
    params: object = None  # the query, loaded by the route's ``query`` schema
    roles: frozenset = frozenset()  # the route's roles (empty: any signed-in caller)
    request_id: str = ""  # the client's X-Request-Id, or one made here: in the answer and every log line
    trace_context: object = None  # the request's span, for the worker that runs the method (award_shared.tracing)
    cycle_checked: bool = False  # the handler asked award_shared.web.cycle_access (cycle_scoped routes must)
    writer_checked: bool = False  # Art. 27 asked of this write (by the kit, or by a route declaring art27_in_handler)

    def cycle_reader(self, tx, cycle_id):
        """The caller as it may read ``cycle_id`` here: its roles narrowed to those it holds for
        this cycle (third party and supervisors: appointed to it), or 403 naming the article."""
        self.cycle_checked = True
        return cycle_access.reader(tx.session, self.principal, cycle_id, self.roles)

    def readable_cycles(self, tx):
        """A :class:`award_shared.web.cycle_access.CycleFilter`: the cycles the caller reads here."""
        self.cycle_checked = True
        return cycle_access.readable(tx.session, self.principal, self.roles)

    def refuse_disqualified_writer(self, rows):
        """Art. 27 for this write, on ``rows`` the handler read itself (the rows of
        :data:`award_shared.web.cycle_access.DISQUALIFIED_ROWS`, folded into a statement it runs
        anyway): 403 if the caller was disqualified from the path's cycle (none named: from a
        cycle still open). A route declaring ``art27_in_handler=True`` asks this before it writes."""
        self.writer_checked = True
        cycle_access.refuse_disqualified(rows, self.principal, self.path.get("cycle_id"))

    @property
    def query(self):
        return self.params if self.params is not None else self.request.args

    @property
    def target(self):
        return ",".join(str(v) for v in self.path.values()) or None

    @property
    def actor(self):
        return self.principal.sub if self.principal else f"public:{self.client}"


class Auth(SharedExtension):
    """The service's token verifier (public key or JWKS from config); one per container."""

    def setup(self):
        self.verifier = TokenVerifier.from_config(self.container.config)


def _json_default(value):
    """Instants as RFC 3339 (``2019-09-27T01:00:00+00:00``, as the events carry them), dates as
    ISO 8601; anything else JSON does not know, as its text (``Decimal`` money, UUIDs)."""
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return str(value)


def json_response(payload, status=200, headers=None):
    text = json.dumps(payload, ensure_ascii=False, default=_json_default)
    # a lone surrogate must not turn an answer into a 500 while it is encoded
    return Response(text.encode("utf-8", errors="backslashreplace"), status=status,
                    headers=headers, mimetype="application/json")


def error_response(exc):
    retry_after = getattr(exc, "retry_after", None)
    return json_response(exc.to_dict(), status=exc.status,
                         headers={"Retry-After": str(retry_after)} if retry_after else None)


def _http_error(exc):
    """werkzeug's own refusals (no such path, another method, too large) in the JSON shape."""
    if exc.code == 404:
        return error_response(errors.NotFound("没有这个地址", "no such route"))
    if exc.code == 405:
        allowed = ", ".join(getattr(exc, "valid_methods", None) or ())
        return error_response(MethodNotAllowed("此地址不接受该方法", f"method not allowed here; use {allowed}"))
    if exc.code == 413:
        return error_response(PayloadTooLarge("请求体过大", "the body is too large"))
    return error_response(errors.BadRequest("请求无效", f"bad request: {exc.name}"))


class _JsonWsgiApp(WsgiApp):
    """nameko's WSGI app, but a path no route matches answers the JSON error, not HTML; every
    answer gets the security headers (``pages.secure``)."""

    def __call__(self, environ, start_response):
        request = Request(environ, shallow=True)
        adapter = self.url_map.bind_to_environ(environ)
        try:
            provider, values = adapter.match()
            request.path_values = values
            response = provider.handle_request(request)
        except HTTPException as exc:
            response = _http_error(exc)
        return pages.secure(response)(environ, start_response)


class ApiWebServer(WebServer):
    """nameko's web server with the kit's protocol and app, and bounds on connections
    (docs/design.md, "Limits"): the timeouts of ``limits.Connections`` (enforced by
    :class:`~award_shared.web.http_protocol.ApiProtocol`), and at most ``HTTP_MAX_CONNECTIONS``
    open at once, ``HTTP_MAX_CONNECTIONS_PER_CLIENT`` of them from one address (an IPv6
    client: its /64; a proxy of ``TRUSTED_PROXIES``: no cap of its own). A connection over a
    cap is answered 503 (the server's) or 429 (the client's) at once and closed, so a
    handful of clients cannot hold every file descriptor of the process."""

    def setup(self):
        super().setup()
        self.connections = limits.Connections.from_config(self.container.config)
        self.proxies = trusted_proxies(self.container.config)
        self.open_connections = 0
        self.open_by_client = {}
        self._refused, self._refusals_logged_at = 0, None

    def get_wsgi_app(self):
        return _JsonWsgiApp(self)

    def get_wsgi_server(self, sock, wsgi_app, protocol=ApiProtocol, debug=False):
        server = wsgi.Server(sock, sock.getsockname(), wsgi_app, protocol=protocol, debug=debug,
                             log=logging.getLogger("nameko.web.server"),
                             socket_timeout=self.connections.socket_timeout)
        server.idle_timeout = self.connections.idle_timeout
        server.header_timeout = self.connections.header_timeout
        return server

    def run(self):  # nameko's accept loop, with the caps
        while self._is_accepting:
            sock, address = self._sock.accept()
            client = self._client_of(address[0])
            refusal = self._refusal(client)
            if refusal is not None:
                self._refuse(sock, refusal, address[0])
                continue
            self.open_connections += 1
            if client is not None:
                self.open_by_client[client] = self.open_by_client.get(client, 0) + 1
            sock.settimeout(self._serv.socket_timeout)
            self.container.spawn_managed_thread(partial(self._serve, sock, address, client))

    def _serve(self, sock, address, client):
        try:
            self.process_request(sock, address)
        finally:
            sock.close()
            self.open_connections -= 1
            if client is not None:
                left = self.open_by_client.pop(client) - 1
                if left:
                    self.open_by_client[client] = left

    def _client_of(self, host):
        """The key a client's connections are counted by; None for a trusted proxy."""
        if is_within(host, self.proxies):
            return None
        try:
            ip = ipaddress.ip_address(host)
        except ValueError:
            return host
        if ip.version == 6:
            if ip.ipv4_mapped is not None:
                return str(ip.ipv4_mapped)
            return str(ipaddress.ip_network(f"{ip}/64", strict=False))
        return str(ip)

    def _refusal(self, client):
        if self.open_connections >= self.connections.max_connections:
            return _OVER_SERVER_CAP
        if client is not None and self.open_by_client.get(client, 0) >= self.connections.max_per_client:
            return _OVER_CLIENT_CAP
        return None

    def _refuse(self, sock, answer, host):
        try:
            sock.settimeout(0)  # a fresh socket's buffer takes the answer; never wait for a client
            sock.send(answer)
        except OSError:
            pass
        finally:
            sock.close()
        self._refused += 1
        now = time.monotonic()
        if self._refusals_logged_at is None or now - self._refusals_logged_at >= 60:
            log.warning("refused %d connection(s) over HTTP_MAX_CONNECTIONS (%d) or "
                        "HTTP_MAX_CONNECTIONS_PER_CLIENT (%d); the last from %s", self._refused,
                        self.connections.max_connections, self.connections.max_per_client, host)
            self._refused, self._refusals_logged_at = 0, now


def _refusal_answer(status, exc):
    body = json.dumps(exc.to_dict(), ensure_ascii=False).encode("utf-8")
    return (f"HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n"
            "Retry-After: 1\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n").encode() + body


_OVER_SERVER_CAP = _refusal_answer("503 Service Unavailable", Unavailable(
    "服务器连接数已满，请稍后再试", "too many connections to this server; try again later"))
_OVER_CLIENT_CAP = _refusal_answer("429 Too Many Requests", TooManyRequests(
    "来自此地址的连接过多，请稍后再试", "too many connections from this address; try again later"))


class ApiHandler(HttpRequestHandler):
    server = ApiWebServer()
    auth = Auth()
    limiter = RateLimiter()
    clients = ClientAddress()

    def __init__(self, method, url, *, roles=None, public=False, body=None, status=200,
                 summary=None, limited=True, path=None, query=None, cycle_scoped=False,
                 answer=NOT_DECLARED, answers=None, **kwargs):
        # refusals are answers, not failures: nameko logs them as warnings, not errors
        kwargs.setdefault("expected_exceptions", (errors.ApiError, ValidationError))
        url, path = _integers_by_schema(url, path)
        super().__init__(method, url, **kwargs)
        self.roles = frozenset(roles or ())
        self.public = public
        self.body_schema = body
        self.status = status
        self.summary = summary
        self.limited = limited
        self.path_schema = path
        self.query_schema = query
        self.cycle_scoped = cycle_scoped  # answers a cycle's data: the handler asks cycle_access
        self.answers = declared_answers(status, answer, answers)  # {status: what it answers}, or None

    def setup(self):
        super().setup()
        self.body_limits = limits.Limits.for_bodies(self.container.config)

    def handle_request(self, request):
        started = time.perf_counter()
        request.shallow = False
        request_id = request_id_of(request)
        with logs.bound(request_id=request_id), \
                tracing.serving(self.container.service_name, self.method, self.url, request.headers) as span:
            response = self._handle(request, request_id)
            tracing.answered(span, response.status_code, request_id)
        response.headers["X-Request-Id"] = request_id
        metrics.HTTP_DURATION.labels(self.container.service_name, self.url, self.method,
                                     str(response.status_code)).observe(time.perf_counter() - started)
        return response

    def _handle(self, request, request_id):
        try:
            call = self._prepare(request)
            call.request_id = request_id
            call.trace_context = tracing.current()
            event = Event()
            self.container.spawn_worker(
                self, (call,), request.path_values, context_data={API_CALL_KEY: call},
                handle_result=partial(self.handle_result, event))
            response = self._response(event.wait())
        except errors.ApiError as exc:
            response = error_response(exc)
            tracing.refused(exc)
        except ValidationError as exc:
            response = error_response(errors.Invalid(exc.messages))
        except HTTPException as exc:  # e.g. a body over the limit, from werkzeug's reader
            response = _http_error(exc)
        except OperationalError as exc:  # a deadlock or a lost connection: nothing committed
            log.warning("%s %s: database unavailable: %s", self.method, self.url, exc.__class__.__name__)
            response = error_response(Unavailable("数据库暂时不可用，未作任何更改，请重试",
                                                  "the database is briefly unavailable; nothing changed, retry"))
        except Exception:  # noqa: BLE001 - the caller gets a JSON 500, the log the traceback
            log.exception("unhandled error in %s %s", self.method, self.url)
            response = error_response(errors.ApiError("内部错误", "internal error"))
        return response

    def _prepare(self, request):
        client = self.clients.of(request)
        principal = None
        if self.public:
            wait = self.limiter.wait(client) if self.limited else 0
            if wait:
                raise TooManyRequests("请求过于频繁，请稍后再试", "too many requests; try again later",
                                      retry_after=wait)
        else:
            principal = self.auth.verifier.verify(request.headers.get("Authorization"))
            admit(principal, self.roles)
        path = self._load_values(self.path_schema, dict(request.path_values))
        request.path_values = path  # the handler's keyword arguments, as loaded
        params = None
        if self.query_schema is not None:
            params = self._load_values(self.query_schema, {k: request.args.get(k) for k in request.args})
        else:
            _check_values({k: request.args.getlist(k) for k in request.args})
        body = None
        if self.method in ("POST", "PUT", "PATCH"):
            body = self._load_body(request)
        return ApiCall(request=request, principal=principal, body=body, method=self.method,
                       route=self.url, client=client, path=path, params=params, roles=self.roles)

    @staticmethod
    def _load_values(schema, values):
        if schema is None:
            _check_values(values)
            return values
        _check_text(values)
        try:
            return schema.load(values)
        except ValidationError as exc:
            raise errors.Invalid(exc.messages) from None

    def _load_body(self, request):
        if self.body_schema is None:
            return None
        if (request.content_length or 0) > self.body_limits.max_bytes:
            raise PayloadTooLarge("请求体过大", f"the body is larger than {self.body_limits.max_bytes} bytes")
        request.max_content_length = self.body_limits.max_bytes  # a chunked body is cut there too
        try:
            raw = request.get_data(cache=True)
        except ClientDisconnected as exc:  # werkzeug's word for a read that failed, a timeout too
            if not isinstance(exc.__context__, socket.timeout):
                raise
            # the client stopped sending its body for HTTP_SOCKET_TIMEOUT_SECONDS: the rest is not awaited
            request.environ.get(CLOSE_CONNECTION, lambda: None)()
            raise RequestTimeout("请求体发送超时", "the body did not arrive in time") from None
        if not raw.strip():
            data = {}
        else:
            try:
                data = limits.load_json(raw, self.body_limits)
            except limits.LimitError as exc:
                if exc.kind == "size":
                    raise PayloadTooLarge("请求体过大", f"the body is too large: {exc.detail}") from None
                if exc.kind == "text":
                    raise errors.Invalid({exc.where or "body": [_TEXT_RULE]}) from None
                raise errors.BadRequest("请求体嵌套过深", f"the body is nested too deeply: {exc.detail}") from None
            except ValueError as exc:  # UnicodeDecodeError, JSONDecodeError
                raise errors.BadRequest("请求体不是有效的 JSON", f"the body is not valid JSON: {exc}") from None
        if not isinstance(data, dict):
            raise errors.BadRequest("请求体必须是 JSON 对象", "the body must be a JSON object")
        try:
            return fastload.load(self.body_schema, data)
        except ValidationError as exc:
            raise errors.Invalid(exc.messages) from None

    def _response(self, result):
        if isinstance(result, Response):
            return result
        status = self.status
        if isinstance(result, tuple):
            status, result = result
        return json_response(result, status=status)


def declared_answers(status, answer, answers):
    """What a route answers on success, by status: ``answer=`` is the answer of ``status``,
    ``answers={200: …, 201: …}`` one per status. Each is a marshmallow schema (JSON; a
    ``Schema(many=True)`` answers a list of them), a media type (``"application/pdf"``,
    ``"text/csv"`` …: a document), a ``{media type: schema or None}`` of several (JSON or an HTML
    page), or ``None`` (no body). None when the route declares nothing (its document then
    says nothing of the answer, and the service tests fail on it)."""
    if answers is not None:
        if answer is not NOT_DECLARED:
            raise TypeError("declare answer= or answers=, not both")
        return dict(answers)
    if answer is NOT_DECLARED:
        return None
    return {status: answer}


_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,100}$")


def request_id_of(request):
    """The client's ``X-Request-Id`` when it is a plain token of at most 100 characters (a
    gateway's, carried on), else a new one."""
    given = request.headers.get("X-Request-Id", "")
    return given if _REQUEST_ID.match(given) else uuid.uuid4().hex


_TEXT_RULE = "Not valid text: a lone surrogate or a NUL character cannot be stored."


MAX_INTEGER = 2 ** 63 - 1  # what both engines compare without overflow (SQLite: 64-bit signed)
_INT_CONVERTER = re.compile(r"<int:(\w+)>")


def _integers_by_schema(url, path):
    """werkzeug's ``<int:name>`` answers a bare 404 for ``abc`` and takes any size of integer;
    the kit loads such a value with a schema instead (0 .. MAX_INTEGER, as the converter
    never matched a sign), so a bad one is a 422 naming it."""
    names = _INT_CONVERTER.findall(url)
    if not names:
        return url, path
    declared = dict(path.load_fields) if path is not None else {}
    integers = {name: fields.Integer(required=True, validate=validate.Range(min=0, max=MAX_INTEGER))
                for name in names if name not in declared}
    return _INT_CONVERTER.sub(r"<\1>", url), Schema.from_dict({**declared, **integers})()


VALUE_MAX_LENGTH = 500  # a path or query value no schema of the route describes (ids are <= 200)


def _check_values(values):
    """The kit's schema for path and query values a route does not describe itself:
    storable text, at most VALUE_MAX_LENGTH characters."""
    _check_text(values)
    for name, value in values.items():
        for item in (value if isinstance(value, list) else [value]):
            if isinstance(item, str) and len(item) > VALUE_MAX_LENGTH:
                raise errors.Invalid({name: [f"Longer than {VALUE_MAX_LENGTH} characters."]})


def _check_text(values):
    where = limits.bad_text_path(values)
    if where is not None:
        raise errors.Invalid({where.split(".")[0] or "value": [_TEXT_RULE]})


def api(method, url, *, transaction=True, step=None, cycle_scoped=False, art27_in_handler=False, **kwargs):
    """``@api("POST", "/v1/cases", roles=("office",), body=OpenCaseSchema(), status=201)``: an
    HTTP entrypoint (see the module's docstring and :class:`ApiHandler` for the options).

    ``cycle_scoped=True``: the route answers a cycle's data, and its handler asks who may read
    it (``call.cycle_reader(tx, cycle_id)`` or ``call.readable_cycles(tx)``,
    :mod:`award_shared.web.cycle_access`); a handler that answers without asking is a bug, and the
    caller gets a 500, never the data.

    ``art27_in_handler=True`` (a write): the kit does not run Art. 27's write refusal in a
    statement of its own before the handler; the handler reads the rows in one it runs anyway and
    asks ``call.refuse_disqualified_writer(rows)`` before it writes — one round trip fewer on a
    hot route. A handler that returns without asking is a bug: the transaction rolls back, 500."""
    def register(fn):
        if getattr(fn, ENTRYPOINT_EXTENSIONS_ATTR, None):
            raise TypeError(f"{fn.__qualname__}: one @api or @consume per method")
        if cycle_scoped and not transaction:
            raise TypeError(f"{fn.__qualname__}: a cycle_scoped route reads in a transaction")
        if art27_in_handler and (not transaction or method == "GET"):
            raise TypeError(f"{fn.__qualname__}: art27_in_handler is for a write in a transaction")
        target = in_transaction(fn, step, cycle_scoped, art27_in_handler) if transaction else fn
        return ApiHandler.decorator(method, url, cycle_scoped=cycle_scoped, **kwargs)(logged(target))
    return register


def logged(fn):
    """The worker's log lines carry the request's id and, where the path names one, its cycle.
    The worker is a green thread of its own, started with no context and ended with the call:
    what is bound here stays for its whole life, nameko's own lines about the worker included;
    so does the request's span (award_shared.tracing), which what the method publishes carries."""
    @wraps(fn)
    def entrypoint(self, call, *args, **kwargs):
        logs.bind_for_this_thread(request_id=call.request_id, cycle_id=call.path.get("cycle_id"))
        tracing.adopt(call.trace_context)
        return fn(self, call, *args, **kwargs)
    return entrypoint


def in_transaction(fn, step=None, cycle_scoped=False, art27_in_handler=False):
    """``fn(self, tx, call, …)`` run inside ``self.uow``: committed before the answer is sent."""
    @wraps(fn)
    def entrypoint(self, call, *args, **kwargs):
        try:
            with self.uow as tx:
                if call.method != "GET" and not art27_in_handler:  # Art. 27: the disqualified write nothing of their cycle
                    call.writer_checked = True
                    cycle_access.refuse_disqualified_writer(tx.session, call.principal, call.path.get("cycle_id"))
                result = fn(self, tx, call, *args, **kwargs)
                if art27_in_handler and not call.writer_checked:
                    raise RuntimeError(f"{fn.__qualname__} writes without asking Art. 27 "
                                       "(call.refuse_disqualified_writer)")
                if cycle_scoped and call.principal is not None and not call.cycle_checked:
                    raise RuntimeError(f"{fn.__qualname__} answers a cycle's data without asking "
                                       "award_shared.web.cycle_access who may read it")
                return result
        except errors.Conflict:
            if step is not None:  # a refused transition: nothing committed, counted all the same
                metrics.STEP_TRANSITIONS.labels(self.name, step, "refused").inc()
            raise
    return entrypoint
