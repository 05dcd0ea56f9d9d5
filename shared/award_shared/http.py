"""HTTP plumbing: the ``api`` entrypoint wraps nameko's ``http`` with bearer-token auth,
role checks, marshmallow-loaded bodies, the JSON error format of contract.md, per-client
rate limits on public routes and the request-duration histogram.

A service method receives one :class:`ApiCall` plus the path values, and returns a dict or
list (JSON, status ``status``), a ``(status, payload)`` pair, or a werkzeug ``Response``.
"""
import json
import logging
import time
from dataclasses import dataclass, field
from functools import partial

from eventlet.event import Event
from marshmallow import ValidationError
from nameko.extensions import SharedExtension
from nameko.web.handlers import HttpRequestHandler
from sqlalchemy.exc import OperationalError
from werkzeug.wrappers import Response

from . import errors, metrics
from .auth import TokenVerifier, require

log = logging.getLogger(__name__)


class Unavailable(errors.ApiError):
    status = 503
    code = "unavailable"


class TooManyRequests(errors.ApiError):
    status = 429
    code = "rate_limited"


@dataclass
class ApiCall:
    request: object
    principal: object
    body: object
    method: str
    route: str
    client: str
    path: dict = field(default_factory=dict)

    @property
    def query(self):
        return self.request.args

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


class RateLimiter(SharedExtension):
    """A token bucket per client for the public routes (contract.md: rate-limited per client)."""

    def setup(self):
        self.per_minute = float(self.container.config.get("PUBLIC_RATE_PER_MINUTE", 60))
        self.buckets = {}

    def allow(self, client):
        now = time.monotonic()
        tokens, last = self.buckets.get(client, (self.per_minute, now))
        tokens = min(self.per_minute, tokens + (now - last) * self.per_minute / 60.0)
        if tokens < 1:
            self.buckets[client] = (tokens, now)
            return False
        self.buckets[client] = (tokens - 1, now)
        if len(self.buckets) > 10000:  # forget the oldest clients rather than grow without bound
            for key in list(self.buckets)[:5000]:
                del self.buckets[key]
        return True


def json_response(payload, status=200, headers=None):
    return Response(json.dumps(payload, ensure_ascii=False, default=str), status=status,
                    headers=headers, mimetype="application/json")


def error_response(exc):
    return json_response(exc.to_dict(), status=exc.status)


class ApiHandler(HttpRequestHandler):
    auth = Auth()
    limiter = RateLimiter()

    def __init__(self, method, url, *, roles=None, public=False, body=None, status=200,
                 summary=None, limited=True, **kwargs):
        # refusals are answers, not failures: nameko logs them as warnings, not errors
        kwargs.setdefault("expected_exceptions", (errors.ApiError, ValidationError))
        super().__init__(method, url, **kwargs)
        self.roles = frozenset(roles or ())
        self.public = public
        self.body_schema = body
        self.status = status
        self.summary = summary
        self.limited = limited

    def handle_request(self, request):
        started = time.perf_counter()
        request.shallow = False
        try:
            call = self._prepare(request)
            event = Event()
            self.container.spawn_worker(
                self, (call,), request.path_values, context_data={},
                handle_result=partial(self.handle_result, event))
            response = self._response(event.wait())
        except errors.ApiError as exc:
            response = error_response(exc)
        except ValidationError as exc:
            response = error_response(errors.Invalid(exc.messages))
        except OperationalError as exc:  # a deadlock or a lost connection: nothing committed
            log.warning("%s %s: database unavailable: %s", self.method, self.url, exc.__class__.__name__)
            response = error_response(Unavailable("数据库暂时不可用，未作任何更改，请重试",
                                                  "the database is briefly unavailable; nothing changed, retry"))
        except Exception:  # noqa: BLE001 - the caller gets a JSON 500, the log the traceback
            log.exception("unhandled error in %s %s", self.method, self.url)
            response = error_response(errors.ApiError("内部错误", "internal error"))
        metrics.HTTP_DURATION.labels(self.container.service_name, self.url, self.method,
                                     str(response.status_code)).observe(time.perf_counter() - started)
        return response

    def _prepare(self, request):
        client = request.headers.get("X-Forwarded-For", request.remote_addr or "-").split(",")[0].strip()
        principal = None
        if self.public:
            if self.limited and not self.limiter.allow(client):
                raise TooManyRequests("请求过于频繁，请稍后再试", "too many requests; try again later")
        else:
            principal = self.auth.verifier.verify(request.headers.get("Authorization"))
            if self.roles:
                require(principal, *sorted(self.roles))
        body = None
        if self.method in ("POST", "PUT", "PATCH"):
            body = self._load_body(request)
        return ApiCall(request=request, principal=principal, body=body, method=self.method,
                       route=self.url, client=client, path=dict(request.path_values))

    def _load_body(self, request):
        if self.body_schema is None:
            return None
        raw = request.get_data(cache=True)
        if not raw.strip():
            data = {}
        else:
            try:
                data = json.loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, ValueError) as exc:
                raise errors.BadRequest("请求体不是有效的 JSON", f"the body is not valid JSON: {exc}") from None
        if not isinstance(data, dict):
            raise errors.BadRequest("请求体必须是 JSON 对象", "the body must be a JSON object")
        try:
            return self.body_schema.load(data)
        except ValidationError as exc:
            raise errors.Invalid(exc.messages) from None

    def _response(self, result):
        if isinstance(result, Response):
            return result
        status = self.status
        if isinstance(result, tuple):
            status, result = result
        return json_response(result, status=status)


api = ApiHandler.decorator
