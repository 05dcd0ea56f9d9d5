"""``/openapi.json``: generated from the service's ``api`` entrypoints and the marshmallow
schemas of their bodies, path values, query parameters and answers, so the document cannot
drift from what the service accepts and answers. A body is ``required`` exactly when its schema
has a required field (an empty body is read as ``{}``); rules a schema cannot state are in the
operation's ``description``, taken from the handler's docstring, whose first sentence, whole,
is its ``summary``.

An answer (``@api(..., answer=Schema())`` or ``answers={201: …}``,
:func:`award_shared.web.http.declared_answers`) is documented under its status with its media
type: a schema's JSON Schema from its dumped fields, closed (a field the schema does not name is
not part of the answer), or a document's media type (PDF, XLSX, CSV, an HTML page). A schema's
``example`` class attribute is its example, on a body as on an answer. Every refusal has one
shape, the ``Error`` component, answered for any 4XX and 5XX."""
import copy
import re

from marshmallow import INCLUDE, fields

from award_shared.events.jsonschema import field_to_json, schema_to_json

_CONVERTER = re.compile(r"<(?:(\w+):)?(\w+)>")
#: where a docstring's first sentence ends: a full stop and a space outside parentheses, but
#: not the one of "Art. 13", "e.g." or "i.e." (the summary Redoc's menu shows, /docs)
_FULL_STOP = re.compile(r"(?<!\bArt)(?<!\bArts)(?<!\be\.g)(?<!\bi\.e)(?<!\bcf)(?<!\bvs)\.(\s|$)")
_ERROR = {"$ref": "#/components/schemas/Error"}
ERROR_SCHEMA = {
    "type": "object",
    "description": "A refusal: its code, the message in Chinese first (citing 第N条 where a rule of the "
                   "Measures refuses), in English, the article, and for a 422 the fields at fault.",
    "required": ["error"],
    "additionalProperties": False,
    "properties": {"error": {"type": "object", "required": ["code", "message", "message_en"],
                             "additionalProperties": False, "properties": {
        "code": {"type": "string", "examples": ["rule_violation"]},
        "message": {"type": "string", "description": "Chinese, citing 第N条"},
        "message_en": {"type": "string"},
        "article": {"type": "string", "examples": ["Art. 10(1)"]},
        "fields": {"type": "object", "description": "422: each field at fault and what is wrong with it"}}}},
    "examples": [{"error": {"code": "rule_violation", "message": "申报单位须在济南市注册满三年（第十条第一项）",
                          "message_en": "the applicant must be registered in Jinan for three years (Art. 10(1))",
                          "article": "Art. 10(1)"}}],
}
_ERROR_RESPONSE = {"description": "a refusal, in the Error shape", "content": {"application/json": {
    "schema": _ERROR}}}
#: what a document's media type says of its body
_BINARY = {"type": "string", "format": "binary"}
_TEXT = {"type": "string"}


def summary_of(doc):
    """The docstring's first sentence, whole: parentheses closed (a citation "(Art. 29, 30)" is
    never cut), ending at a full stop that is not an abbreviation's."""
    depth = 0
    for i, char in enumerate(doc):
        if char in "(（":
            depth += 1
        elif char in ")）":
            depth = max(0, depth - 1)
        elif depth == 0 and char == "." and _FULL_STOP.match(doc, i) and not _abbreviation(doc, i):
            return doc[:i + 1]
        elif depth == 0 and char == "。":
            return doc[:i + 1]
    return doc


def _abbreviation(doc, i):
    before = doc[max(0, i - 4):i]
    return before.endswith(("Art", "Arts", "e.g", "i.e", "cf", "vs", "No"))


def answer_schema(schema):
    """A marshmallow schema → the JSON Schema of what it dumps: closed, unless the schema
    includes unknown fields (``unknown = INCLUDE``: an open mapping it does not name)."""
    many = getattr(schema, "many", False)
    result = {"type": "object"}
    doc = type(schema).__doc__
    if doc:
        result["description"] = " ".join(doc.split())
    properties, required = {}, []
    for name, field in schema.dump_fields.items():
        key = field.data_key or name
        properties[key] = _answer_field(field)
        if field.required:
            required.append(key)
    result["properties"] = properties
    if required:
        result["required"] = required
    result["additionalProperties"] = schema.unknown == INCLUDE
    for cls in reversed(type(schema).__mro__):
        result.update(copy.deepcopy(vars(cls).get("json_schema_extra", {})))
    return {"type": "array", "items": result} if many else result


def _answer_field(field):
    if isinstance(field, fields.Nested):
        nested = field.schema
        inner = answer_schema(nested)
        if field.many and not getattr(nested, "many", False):
            inner = {"type": "array", "items": inner}
        if field.allow_none:
            inner = {"anyOf": [inner, {"type": "null"}]}
        description = field.metadata.get("description")
        return {**inner, "description": description} if description else inner
    if isinstance(field, fields.List) and isinstance(field.inner, fields.Nested):
        result = {"type": ["array", "null"] if field.allow_none else "array", "items": _answer_field(field.inner)}
        if field.metadata.get("description"):
            result["description"] = field.metadata["description"]
        return result
    result = field_to_json(field)
    result.pop("default", None)
    return result


def _example_of(schema):
    example = getattr(schema, "example", None)
    if example is None:
        return None
    many = getattr(schema, "many", False)
    return [example] if many and not isinstance(example, list) else example


def _media(media_type, schema):
    if schema is None:
        if media_type.endswith("json"):  # JSON no schema of the service describes (the OpenAPI document)
            return {"schema": {}}
        return {"schema": _BINARY if not media_type.startswith("text/") else _TEXT}
    content = {"schema": answer_schema(schema)}
    example = _example_of(schema)
    if example is not None:
        content["example"] = example
    return content


def response_of(spec):
    """One declared answer (see :func:`award_shared.web.http.declared_answers`) → an OpenAPI response."""
    if spec is None:
        return {"description": "no body"}
    if isinstance(spec, str):
        return {"description": f"a document ({spec})", "content": {spec: _media(spec, None)}}
    if isinstance(spec, dict):
        return {"description": " or ".join(spec), "content": {media: _media(media, schema)
                                                               for media, schema in spec.items()}}
    doc = " ".join((type(spec).__doc__ or "").split())
    return {"description": summary_of(doc) or "OK", "content": {"application/json": _media("application/json", spec)}}


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
        if ep.answers is None:
            responses = {str(ep.status): {"description": "not documented"}}
        else:
            responses = {str(status): response_of(spec) for status, spec in sorted(ep.answers.items())}
        responses["4XX"] = {"$ref": "#/components/responses/Error"}
        responses["5XX"] = {"$ref": "#/components/responses/Error"}
        op = {
            "operationId": ep.method_name,
            "summary": ep.summary or summary_of(doc),
            "parameters": params,
            "responses": responses,
        }
        if ep.answers is None:
            op["x-answer-undocumented"] = True
        if doc:
            op["description"] = doc
        if ep.public:
            op["security"] = []
        elif ep.roles:
            op["x-roles"] = sorted(ep.roles)
        if ep.body_schema is not None:
            body = schema_to_json(ep.body_schema)
            content = {"schema": body}
            example = _example_of(ep.body_schema)
            if example is not None:
                content["example"] = example
            op["requestBody"] = {"required": bool(body.get("required")), "content": {"application/json": content}}
        paths.setdefault(path, {})[ep.method.lower()] = op
    document = {
        "openapi": "3.1.0",
        "info": {"title": f"Jinan Mayor's Quality Award — {container.service_name}", "version": "1"},
        "paths": paths,
        "components": {
            "schemas": {"Error": ERROR_SCHEMA},
            "responses": {"Error": _ERROR_RESPONSE},
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

