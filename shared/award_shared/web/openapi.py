"""``/openapi.json``: generated from the service's ``api`` entrypoints and the marshmallow
schemas of their bodies, path values and query parameters, so the document cannot drift
from what the service accepts. A body is ``required`` exactly when its schema has a required
field (an empty body is read as ``{}``); rules a schema cannot state are in the operation's
``description``, taken from the handler's docstring."""
import re

from award_shared.events.jsonschema import field_to_json, schema_to_json

_CONVERTER = re.compile(r"<(?:(\w+):)?(\w+)>")
#: where a docstring's first sentence ends: a full stop and a space, but not the one of "Art. 13",
#: "e.g." or "i.e." (the summary Redoc's menu shows, /docs)
_FIRST_SENTENCE_END = re.compile(r"(?<!\bArt)(?<!\be\.g)(?<!\bi\.e)\.\s")
_ERROR = {"$ref": "#/components/schemas/Error"}
_ERROR_SCHEMA = {
    "type": "object",
    "properties": {"error": {"type": "object", "required": ["code", "message", "message_en"], "properties": {
        "code": {"type": "string"}, "message": {"type": "string", "description": "Chinese, citing 第N条"},
        "message_en": {"type": "string"}, "article": {"type": "string", "examples": ["Art. 10(1)"]},
        "fields": {"type": "object"}}}},
}


def openapi_document(container):
    from award_shared.web.http import ApiHandler
    paths = {}
    for ep in sorted(container.entrypoints, key=lambda e: (getattr(e, "url", ""), getattr(e, "method", ""))):
        if not isinstance(ep, ApiHandler):
            continue
        path = _CONVERTER.sub(r"{\2}", ep.url)
        path_fields = ep.path_schema.load_fields if ep.path_schema is not None else {}
        params = [{"name": name, "in": "path", "required": True,
                   "schema": field_to_json(path_fields[name]) if name in path_fields else
                   {"type": "integer" if conv == "int" else "string", "minLength": 1}}
                  for conv, name in _CONVERTER.findall(ep.url)]
        if ep.query_schema is not None:
            params += [{"name": field.data_key or name, "in": "query", "required": field.required,
                        "schema": field_to_json(field)}
                       for name, field in ep.query_schema.load_fields.items()]
        doc = " ".join((getattr(container.service_cls, ep.method_name).__doc__ or "").split())
        op = {
            "operationId": ep.method_name,
            "summary": ep.summary or _FIRST_SENTENCE_END.split(doc, maxsplit=1)[0],
            "parameters": params,
            "responses": {str(ep.status): {"description": "OK"},
                          "default": {"description": "error", "content": {"application/json": {"schema": _ERROR}}}},
        }
        if doc:
            op["description"] = doc
        if ep.public:
            op["security"] = []
        elif ep.roles:
            op["x-roles"] = sorted(ep.roles)
        if ep.body_schema is not None:
            body = schema_to_json(ep.body_schema)
            op["requestBody"] = {"required": bool(body.get("required")), "content": {"application/json": {
                "schema": body}}}
        paths.setdefault(path, {})[ep.method.lower()] = op
    document = {
        "openapi": "3.1.0",
        "info": {"title": f"Jinan Mayor's Quality Award — {container.service_name}", "version": "1"},
        "paths": paths,
        "components": {
            "schemas": {"Error": _ERROR_SCHEMA},
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}},
        },
        "security": [{"bearer": []}],
    }
    # what a service sends rather than serves (OpenAPI 3.1's ``webhooks``): the class's
    # ``openapi_webhooks``, with the schemas they refer to in ``openapi_schemas``
    webhooks = getattr(container.service_cls, "openapi_webhooks", None)
    if webhooks:
        document["webhooks"] = webhooks
    document["components"]["schemas"].update(getattr(container.service_cls, "openapi_schemas", None) or {})
    return document
