"""Log lines an operator can read and a log pipeline can parse (issue 32, 7).

Every line carries its time (UTC, RFC 3339), level, the service's name and the logger; where
the line is written while a request or an event is handled, also that request's id, the
event's id and the cycle it concerns. Two formats, chosen by ``LOG_FORMAT`` in each service's
``config.yaml``: ``text`` (the default, one readable line) and ``json`` (one JSON object per
line, for production). Both are wired in the ``LOGGING`` section nameko applies at start::

    filters:    {service: {(): award_shared.logs.ServiceFilter, service: intake}}
    formatters: {text: {(): award_shared.logs.TextFormatter}, json: {(): award_shared.logs.JsonFormatter}}
    handlers:   {console: {class: logging.StreamHandler, formatter: "${LOG_FORMAT:text}", filters: [service]}}

When tracing is on (:mod:`award_shared.tracing`) and a span is current, a line also carries
its ``trace_id`` and ``span_id`` (W3C hex), so a log pipeline finds a trace's lines (issue 33, 6).

The context is a :class:`contextvars.ContextVar`, which greenlet keeps per green thread, so
two requests served at once never mix their ids. Imports nothing of the kit but its tracing leaf.
"""
import contextlib
import contextvars
import json
import logging
from datetime import datetime, timezone

from award_shared import tracing

#: the fields of the request or event being handled: request_id, event_id, event_type, cycle_id;
#: and of the current span, when tracing is on: trace_id, span_id
CONTEXT = contextvars.ContextVar("award_log_context", default=None)
BOUND = ("request_id", "event_id", "event_type", "cycle_id")
FIELDS = BOUND + ("trace_id", "span_id")


@contextlib.contextmanager
def bound(**fields):
    """Log lines written inside carry ``fields`` (beside those already bound; None is left out)."""
    current = CONTEXT.get() or {}
    token = CONTEXT.set({**current, **{k: v for k, v in fields.items() if v is not None}})
    try:
        yield
    finally:
        CONTEXT.reset(token)


def bind_for_this_thread(**fields):
    """Bind ``fields`` for the rest of this green thread (one that serves one request and ends)."""
    CONTEXT.set({**(CONTEXT.get() or {}), **{k: v for k, v in fields.items() if v is not None}})


class ServiceFilter(logging.Filter):
    """Puts the service's name and the bound context on every record it passes."""

    def __init__(self, service=""):
        super().__init__()
        self.service = service

    def filter(self, record):
        record.service = self.service
        context = CONTEXT.get() or {}
        for name in BOUND:
            setattr(record, name, context.get(name))
        record.trace_id, record.span_id = tracing.ids() or (None, None)
        return True


def _time(record):
    return datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds")


class TextFormatter(logging.Formatter):
    """``2026-12-07T09:00:00.123+00:00 INFO intake award_shared.bus.relay: message [event_id=…]``"""

    def format(self, record):
        context = " ".join(f"{name}={getattr(record, name)}" for name in FIELDS if getattr(record, name, None))
        line = (f"{_time(record)} {record.levelname} {getattr(record, 'service', '') or '-'} {record.name}: "
                f"{record.getMessage()}" + (f" [{context}]" if context else ""))
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, service, logger, message, the bound context and,
    for an error, its traceback as ``exception``."""

    def format(self, record):
        out = {"time": _time(record), "level": record.levelname, "service": getattr(record, "service", None),
               "logger": record.name, "message": record.getMessage()}
        out.update({name: getattr(record, name) for name in FIELDS if getattr(record, name, None)})
        if record.exc_info:
            out["exception"] = self.formatException(record.exc_info)
        return json.dumps(out, ensure_ascii=False, default=str)
