"""Traces across HTTP and the bus (issue 33, item 5): OpenTelemetry, off unless an operator
turns it on, in the kit alone — a service's code never sees it.

- **A span per HTTP request** (kind SERVER, named ``POST /v1/findings``), a child of the
  caller's span when the request carries a W3C ``traceparent`` (and ``tracestate``);
  :mod:`award_shared.web.http` opens it and hands its context to the worker that runs the
  method, so what the method publishes and logs is inside it.
- **The context travels in the event**: :func:`inject` puts the current span's context on the
  envelope as CloudEvents' distributed-tracing extension (``traceparent``, ``tracestate``) when
  the unit of work stages it in the outbox; the relay sends the body as it was committed, so
  the context crosses the broker untouched, and the consumer opens a span (kind CONSUMER,
  ``process hold.placed``) whose parent is the publisher's (:func:`consuming`). A handler's
  own events carry the consumer's span on, so a finding, the hold it places and the hold's
  application at intake are one trace.
- **Never on a public channel**: the public events (``award.*``, which bureaus read from their
  own queues) are staged without it (:func:`carried`), and the feed serves no extension
  but its own.

It is on when ``OTEL_TRACES_EXPORTER=otlp``, or when that is unset and an OTLP endpoint is
(``OTEL_EXPORTER_OTLP_ENDPOINT`` or ``OTEL_EXPORTER_OTLP_TRACES_ENDPOINT``); ``none`` or
``OTEL_SDK_DISABLED=true`` keeps it off. Spans are exported over OTLP/HTTP (protobuf) by the
SDK's batch processor, whose worker thread is a green thread under eventlet; the gRPC
exporter is refused (grpc's own threads and sockets do not run under eventlet). The SDK reads
its other ``OTEL_*`` settings (endpoint, headers, sampler, batch sizes) itself. Off, every
function here returns at its first line. Imports nothing of the kit.
"""
import contextlib
import os
import threading

from opentelemetry import context as otel_context
from opentelemetry import trace
from opentelemetry.trace import SpanKind, Status, StatusCode
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

#: the CloudEvents distributed-tracing extension's attributes (W3C Trace Context)
EXTENSIONS = ("traceparent", "tracestate")
_PROPAGATOR = TraceContextTextMapPropagator()
_LOCK = threading.Lock()
_tracer = None  # None: tracing is off (the default)
_provider = None


class TracingSettingError(ValueError):
    """An ``OTEL_*`` setting the kit cannot honour; the message names it."""


def enabled_by(environ):
    """Whether ``environ`` (the process's environment) turns tracing on."""
    if (environ.get("OTEL_SDK_DISABLED") or "").strip().lower() == "true":
        return False
    exporter = (environ.get("OTEL_TRACES_EXPORTER") or "").strip().lower()
    if exporter == "none":
        return False
    if exporter and exporter != "otlp":
        raise TracingSettingError(f"OTEL_TRACES_EXPORTER={exporter!r}: the suite exports traces over OTLP/HTTP "
                                  "only ('otlp', or 'none' for no traces)")
    for name in ("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "OTEL_EXPORTER_OTLP_PROTOCOL"):
        protocol = (environ.get(name) or "").strip().lower()
        if protocol and protocol != "http/protobuf":
            raise TracingSettingError(f"{name}={protocol!r}: the suite exports over OTLP/HTTP ('http/protobuf'); "
                                      "the gRPC exporter does not run under eventlet")
        if protocol:
            break
    return exporter == "otlp" or bool(environ.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
                                      or environ.get("OTEL_EXPORTER_OTLP_ENDPOINT"))


def configure(service, environ=None):
    """Turn tracing on for this process if its environment says so (each service's start calls
    this; the first call decides). ``service`` names the process in the traces
    (``service.name``, unless ``OTEL_SERVICE_NAME`` says otherwise)."""
    environ = os.environ if environ is None else environ
    with _LOCK:
        if _provider is not None or not enabled_by(environ):
            return
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
        from opentelemetry.sdk.resources import Resource
        from opentelemetry.sdk.trace import TracerProvider
        from opentelemetry.sdk.trace.export import BatchSpanProcessor

        name = environ.get("OTEL_SERVICE_NAME") or service
        provider = TracerProvider(resource=Resource.create({"service.name": name,
                                                            "service.namespace": "jinan-quality-award"}))
        provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
        _use(provider)


def use(provider):
    """Trace with ``provider`` (an SDK ``TracerProvider``: a test's, with an in-memory
    exporter), or stop tracing (None). Returns the provider used before."""
    with _LOCK:
        return _use(provider)


def _use(provider):
    global _tracer, _provider
    before, _provider = _provider, provider
    _tracer = provider.get_tracer("award_shared") if provider is not None else None
    return before


def enabled():
    return _tracer is not None


def _carrier(get):
    return {name: value for name in EXTENSIONS if isinstance(value := get(name), str) and value}


@contextlib.contextmanager
def serving(service, method, route, headers):
    """The span of one HTTP request (None when off): the child of the caller's ``traceparent``
    when it sends a valid one, else the root of a new trace."""
    if _tracer is None or route.startswith(UNTRACED):
        yield None
        return
    parent = _PROPAGATOR.extract(_carrier(headers.get))
    with _tracer.start_as_current_span(
            f"{method} {route}", context=parent, kind=SpanKind.SERVER, record_exception=False,
            set_status_on_exception=False,
            attributes={"http.request.method": method, "http.route": route, "award.service": service}) as span:
        yield span


def answered(span, status, request_id=None):
    """The request's span learns its answer: a 5xx is an error; a refusal (4xx) is an answer."""
    if span is None:
        return
    span.set_attribute("http.response.status_code", status)
    if request_id:
        span.set_attribute("award.request_id", request_id)
    if status >= 500:
        span.set_status(Status(StatusCode.ERROR))


def refused(error):
    """The current request's span learns why it was refused: the error's code, its article and
    the ids it names (``hold_id`` of a hold in force: the way from a refusal to the hold's trace)."""
    if _tracer is None:
        return
    span = trace.get_current_span()
    if not span.is_recording():
        return
    span.set_attribute("award.error.code", error.code)
    if getattr(error, "article", None):
        span.set_attribute("award.error.article", error.article)
    for name, value in (getattr(error, "fields", None) or {}).items():
        if isinstance(name, str) and name.endswith("_id") and isinstance(value, str):
            span.set_attribute(f"award.error.{name}", value)


#: routes a probe or a scraper calls every few seconds: no span, they would bury the traces
UNTRACED = ("/health/", "/metrics")


def current():
    """The current context, to hand to another green thread (None when off)."""
    return otel_context.get_current() if _tracer is not None else None


def adopt(context):
    """Make ``context`` current for the rest of this green thread (a worker that serves one
    call and ends; green threads do not inherit their spawner's context)."""
    if context is not None:
        otel_context.attach(context)


def carried(event_type, public_types):
    """Whether an event of ``event_type`` carries the trace context: every event but the public
    ones (bureaus read those from their own queues; the context is the suite's)."""
    return _tracer is not None and event_type not in public_types


def inject(envelope):
    """Put the current span's context on ``envelope`` (the CloudEvents distributed-tracing
    extension); nothing when there is none."""
    if _tracer is None:
        return envelope
    carrier = {}
    _PROPAGATOR.inject(carrier)
    envelope.update((k, v) for k, v in carrier.items() if k in EXTENSIONS)
    return envelope


@contextlib.contextmanager
def consuming(service, event):
    """The span of applying one event from the bus (None when off): the child of the span that
    published it, when its envelope carries one."""
    if _tracer is None:
        yield None
        return
    raw = event.raw or {}
    parent = _PROPAGATOR.extract(_carrier(raw.get))
    with _tracer.start_as_current_span(
            f"process {event.type}", context=parent, kind=SpanKind.CONSUMER, record_exception=False,
            set_status_on_exception=False, attributes={
                "messaging.system": "rabbitmq", "messaging.operation.type": "process",
                "messaging.operation.name": "process", "messaging.destination.name": f"{service}.inbox",
                "messaging.message.id": event.id, "cloudevents.event_id": event.id,
                "cloudevents.event_type": event.type, "cloudevents.event_source": event.source,
                "cloudevents.event_subject": event.subject, "award.service": service}) as span:
        yield span


def settled(span, outcome):
    """The consumer's span learns what became of its event: ``applied``, ``duplicate`` or
    ``dead_letter`` (an error: the event was not applied)."""
    if span is None:
        return
    span.set_attribute("award.outcome", outcome)
    if outcome == "dead_letter":
        span.set_status(Status(StatusCode.ERROR, "kept as a dead letter"))


def ids():
    """(trace_id, span_id) of the current span as 32 and 16 hex digits, or None (off, or no span)."""
    if _tracer is None:
        return None
    context = trace.get_current_span().get_span_context()
    if not context.is_valid:
        return None
    return format(context.trace_id, "032x"), format(context.span_id, "016x")
