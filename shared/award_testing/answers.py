"""Every answer the service tests receive, held to the route's documented answer (issue 32,
item 8): the client of ``service_factory`` (``award_testing.plugin.Client``) hands each response
here, which finds the route that answered and checks its status, media type and body against
that route's entry in the service's own OpenAPI document — built once per service class, its
validators compiled once (jsonschema_rs) — so a route that answers a field, a status or a media type its
document does not state fails the test that received it, naming the route and what it lacks.

A refusal (4xx, 5xx) is held to the one ``Error`` shape. A route that declares no answer is
not checked here: ``tests/test_openapi_answers.py`` names every route of the six services that
declares none. ``AWARD_RECORD_ANSWERS=file`` also
appends every answer to ``file`` (JSON lines), to write a new route's schema from, and holds
none of them to their documents."""
import json
import os
import threading

import jsonschema
import jsonschema_rs
from werkzeug.routing import Map, Rule

from award_shared.web.openapi import ERROR_SCHEMA, openapi_document

_DOCUMENTS = {}
_LOCK = threading.Lock()
_FIX = ("declare it on the route: @api(..., answer=Schema()) or answers={status: …} "
        "(docs/developing.md, \"What a route answers\")")


class UndocumentedAnswer(AssertionError):
    """A route answered something its OpenAPI document does not state."""


class _Documented:
    """One service class's routes: a werkzeug map to find the route, and per route and
    status the validators of its documented answer."""

    def __init__(self, container):
        from award_shared.web.http import ApiHandler
        doc = openapi_document(container)
        self.service = container.service_name
        self.routes = Map([Rule(ep.url, methods=[ep.method], endpoint=(ep.method, ep.url, ep.method_name))
                           for ep in container.entrypoints if isinstance(ep, ApiHandler)])
        self.answers = {}
        for path, operations in doc["paths"].items():
            for method, op in operations.items():
                statuses = {}
                for status, response in op["responses"].items():
                    if not status.isdigit():
                        continue
                    statuses[int(status)] = {media: (_Validator(content["schema"]) if media.endswith("json") else None)
                                             for media, content in response.get("content", {}).items()}
                self.answers[(method.upper(), op["operationId"])] = (
                    None if op.get("x-answer-undocumented") else statuses)
        self.error = _Validator(ERROR_SCHEMA)

    def problems(self, method, path, response):
        status = response.status_code
        media = response.headers.get("Content-Type", "").split(";")[0].strip()
        try:
            route_method, url, name = self.routes.bind("localhost").match(path.split("?", 1)[0], method=method)[0]
        except Exception:  # noqa: BLE001 - no route: the kit's own 404/405, in the Error shape
            route_method = url = name = None
        where = (f"{self.service} {route_method} {url} ({name})" if name else f"{self.service} {method} {path}")
        statuses = self.answers.get((route_method, name)) if name else None
        if status >= 400 and not (statuses and status in statuses):  # a refusal; /health/ready declares its 503
            if media != "application/json":
                return f"{where} answered {status} as {media or 'no media type'}, not the Error shape"
            return _invalid(self.error, response, f"{where} answered {status} outside the Error shape")
        if name is None or status in (304,):
            return None
        if statuses is None:  # tests/test_openapi_answers.py names every route of the suite that declares none
            return None
        if status not in statuses:
            return (f"{where} answered {status}, which its document does not state "
                    f"(it states {sorted(statuses)}): {_FIX}")
        contents = statuses[status]
        if not contents:
            return None if not response.content else f"{where} answered {status} with a body it documents none of"
        if media not in contents:
            return (f"{where} answered {status} as {media or 'no media type'}; its document states "
                    f"{sorted(contents)}: {_FIX}")
        validator = contents[media]
        if validator is None:
            return None
        return _invalid(validator, response, f"{where} answered {status} outside its documented schema")


class _Validator:
    """A schema compiled once (jsonschema_rs: about a hundred times faster than jsonschema, which
    explains an answer that fails)."""

    def __init__(self, schema):
        self.schema = schema
        self.fast = jsonschema_rs.Draft202012Validator(schema)

    def is_valid(self, body):
        return self.fast.is_valid(body)

    def iter_errors(self, body):
        return jsonschema.Draft202012Validator(self.schema).iter_errors(body)


def _invalid(validator, response, what):
    try:
        body = response.json()
    except ValueError:
        return f"{what}: not JSON"
    if validator.is_valid(body):
        return None
    error = jsonschema.exceptions.best_match(validator.iter_errors(body))
    if error is None:
        return None
    at = "/".join(str(p) for p in error.absolute_path) or "the body"
    return f"{what}: at {at}: {error.message[:300]}"


def _documented(container):
    key = container.service_cls
    with _LOCK:
        documented = _DOCUMENTS.get(key)
        if documented is None:
            documented = _DOCUMENTS[key] = _Documented(container)
    return documented


def check(container, method, path, response):
    """Raise :class:`UndocumentedAnswer` when ``response`` is not what the route documents."""
    record = os.environ.get("AWARD_RECORD_ANSWERS")
    if record:  # recording answers to write schemas from: nothing is held to them yet
        _record(record, container, method, path, response)
        return
    found = problem(container, method, path, response)
    if found:
        raise UndocumentedAnswer(found)


def problem(container, method, path, response):
    """What ``response`` (a ``requests`` response to ``method path``) has that its route does not
    document, or None: the check without the raise, for a caller that gathers every problem
    (tests/test_fuzz_openapi_every_service.py)."""
    return _documented(container).problems(method, path, response)


def _record(record, container, method, path, response):
    documented = _documented(container)
    try:
        _, url, name = documented.routes.bind("localhost").match(path.split("?", 1)[0], method=method)[0]
    except Exception:  # noqa: BLE001
        url = name = None
    body = None
    if response.headers.get("Content-Type", "").startswith("application/json"):
        try:
            body = response.json()
        except ValueError:
            pass
    with _LOCK, open(record, "a", encoding="utf-8") as out:
        out.write(json.dumps({"service": container.service_name, "endpoint": name, "url": url, "method": method,
                              "path": path, "status": response.status_code,
                              "type": response.headers.get("Content-Type", ""), "body": body},
                             ensure_ascii=False, default=str) + "\n")
