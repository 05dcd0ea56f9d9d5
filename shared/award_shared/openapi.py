"""``/openapi.json``: generated from the service's ``api`` entrypoints and the marshmallow
schemas of their bodies, so the document cannot drift from what the service accepts."""
import re

from .events.jsonschema import schema_to_json

_CONVERTER = re.compile(r"<(?:(\w+):)?(\w+)>")
_ERROR = {"$ref": "#/components/schemas/Error"}
_ERROR_SCHEMA = {
    "type": "object",
    "properties": {"error": {"type": "object", "required": ["code", "message", "message_en"], "properties": {
        "code": {"type": "string"}, "message": {"type": "string", "description": "Chinese, citing 第N条"},
        "message_en": {"type": "string"}, "article": {"type": "string", "examples": ["Art. 10(1)"]},
        "fields": {"type": "object"}}}},
}


def openapi_document(container):
    from .http import ApiHandler
    paths = {}
    for ep in sorted(container.entrypoints, key=lambda e: (getattr(e, "url", ""), getattr(e, "method", ""))):
        if not isinstance(ep, ApiHandler):
            continue
        path = _CONVERTER.sub(r"{\2}", ep.url)
        params = [{"name": name, "in": "path", "required": True,
                   "schema": {"type": "integer" if conv == "int" else "string"}}
                  for conv, name in _CONVERTER.findall(ep.url)]
        op = {
            "operationId": ep.method_name,
            "summary": ep.summary or (getattr(container.service_cls, ep.method_name).__doc__ or "").strip().split("\n")[0],
            "parameters": params,
            "responses": {str(ep.status): {"description": "OK"},
                          "default": {"description": "error", "content": {"application/json": {"schema": _ERROR}}}},
        }
        if ep.public:
            op["security"] = []
        elif ep.roles:
            op["x-roles"] = sorted(ep.roles)
        if ep.body_schema is not None:
            op["requestBody"] = {"required": True, "content": {"application/json": {
                "schema": schema_to_json(ep.body_schema)}}}
        paths.setdefault(path, {})[ep.method.lower()] = op
    return {
        "openapi": "3.1.0",
        "info": {"title": f"Jinan Mayor's Quality Award — {container.service_name}", "version": "1"},
        "paths": paths,
        "components": {
            "schemas": {"Error": _ERROR_SCHEMA},
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}},
        },
        "security": [{"bearer": []}],
    }
