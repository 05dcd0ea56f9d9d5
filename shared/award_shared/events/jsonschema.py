"""The event schemas as JSON Schema (draft 2020-12), for subscribers who do not use Python.

contract.md (Events): "Each schema is also published as JSON Schema". The converter
covers the marshmallow fields and validators the event schemas use; a field may bring
its own JSON Schema (a ``json_schema`` attribute, as ``Money`` does), and a schema its
cross-field rules (a ``json_schema_extra`` class attribute, merged along the MRO).
Validators it does not know (plain functions) are left to the Python side.
"""
import copy
import json
from pathlib import Path

from marshmallow import RAISE, fields, missing, validate

from award_shared.events.envelope import EnvelopeSchema, dataschema_of
from award_shared.events.schemas import DATA_SCHEMAS, SCHEMA_VERSION

DRAFT = "https://json-schema.org/draft/2020-12/schema"
# RFC 3339 with an offset: what AwareDateTime accepts and envelope.build writes.
DATE_TIME_PATTERN = r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$"
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
UUID_PATTERN = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"


def schema_to_json(schema):
    """A marshmallow schema (class or instance) → a JSON Schema object."""
    schema = schema() if isinstance(schema, type) else schema
    properties, required = {}, []
    for name, field in schema.load_fields.items():
        key = field.data_key or name
        properties[key] = field_to_json(field)
        if field.required:
            required.append(key)
    result = {"type": "object"}
    doc = type(schema).__doc__
    if doc:
        result["description"] = " ".join(doc.split())
    result["properties"] = properties
    if required:
        result["required"] = required
    result["additionalProperties"] = schema.unknown != RAISE  # INCLUDE and EXCLUDE tolerate
    for cls in reversed(type(schema).__mro__):
        result.update(copy.deepcopy(vars(cls).get("json_schema_extra", {})))
    return result


def field_to_json(field):
    """One marshmallow field → the JSON Schema of its value."""
    result = _base(field)
    for validator in _validators(field):
        _apply(validator, result)
    if field.allow_none:
        _allow_null(result)
    description = field.metadata.get("description")
    if description:
        result["description"] = description
    default = field.load_default
    if default is not missing and not callable(default) and default is not None:
        result["default"] = default
    return result


def _base(field):
    own = getattr(field, "json_schema", None)
    if own is not None:
        return copy.deepcopy(own)
    if isinstance(field, fields.Nested):
        nested = schema_to_json(field.schema)
        return {"type": "array", "items": nested} if field.many else nested
    if isinstance(field, fields.List):
        return {"type": "array", "items": field_to_json(field.inner)}
    if isinstance(field, fields.Dict):
        result = {"type": "object"}
        if field.key_field is not None:
            result["propertyNames"] = field_to_json(field.key_field)
        if field.value_field is not None:
            result["additionalProperties"] = field_to_json(field.value_field)
        return result
    if isinstance(field, fields.Boolean):
        return {"type": "boolean"}
    if isinstance(field, fields.Integer):
        return {"type": "integer"}
    if isinstance(field, fields.Decimal) and field.as_string:
        return {"type": "string"}
    if isinstance(field, fields.Number):
        return {"type": "number"}
    if isinstance(field, fields.UUID):
        return {"type": "string", "format": "uuid", "pattern": UUID_PATTERN}
    if isinstance(field, fields.DateTime):  # AwareDateTime included
        return {"type": "string", "format": "date-time", "pattern": DATE_TIME_PATTERN}
    if isinstance(field, fields.Date):
        return {"type": "string", "format": "date", "pattern": DATE_PATTERN}
    if isinstance(field, fields.String):
        return {"type": "string"}
    return {}  # Raw and anything else: any JSON value


def _validators(field):
    for validator in field.validators:
        if isinstance(validator, validate.And):
            yield from validator.validators
        else:
            yield validator


def _apply(validator, result):
    kind = result.get("type")
    if isinstance(validator, validate.ContainsOnly):
        result.setdefault("items", {})["enum"] = list(validator.choices)
    elif isinstance(validator, validate.OneOf):
        result["enum"] = list(validator.choices)
    elif isinstance(validator, validate.NoneOf):
        result["not"] = {"enum": list(validator.iterable)}
    elif isinstance(validator, validate.Equal):
        result["const"] = validator.comparable
    elif isinstance(validator, validate.Regexp):
        result["pattern"] = validator.regex.pattern
    elif isinstance(validator, validate.Length):
        low, high = {"array": ("minItems", "maxItems"), "object": ("minProperties", "maxProperties")
                     }.get(kind, ("minLength", "maxLength"))
        if validator.equal is not None:
            result[low] = result[high] = validator.equal
        if validator.min is not None:
            result[low] = validator.min
        if validator.max is not None:
            result[high] = validator.max
    elif isinstance(validator, validate.Range):
        if validator.min is not None:
            key = "minimum" if validator.min_inclusive else "exclusiveMinimum"
            result[key] = _number(validator.min)
        if validator.max is not None:
            key = "maximum" if validator.max_inclusive else "exclusiveMaximum"
            result[key] = _number(validator.max)


def _number(value):
    return value if isinstance(value, (int, float)) else float(value)


def _allow_null(result):
    if "type" in result:
        types = result["type"] if isinstance(result["type"], list) else [result["type"]]
        result["type"] = [*types, "null"]
    if "enum" in result:
        result["enum"] = [*result["enum"], None]
    if "const" in result:
        result["enum"] = [result.pop("const"), None]


def envelope_json_schema(event_type):
    """The JSON Schema of a whole CloudEvents envelope of ``event_type``, its ``data`` included."""
    version = SCHEMA_VERSION[event_type]
    dataschema = dataschema_of(event_type, version)
    result = schema_to_json(EnvelopeSchema)
    result["description"] = f"A CloudEvents 1.0 envelope (contract.md, Events) of {event_type}."
    result["properties"]["type"]["const"] = event_type
    result["properties"]["dataschema"]["const"] = dataschema
    result["properties"]["data"] = schema_to_json(DATA_SCHEMAS[event_type])
    return {
        "$schema": DRAFT,
        "$id": dataschema,
        "title": f"{event_type} v{version}",
        **result,
    }


def export_all(directory):
    """Write ``<type>.v<version>.json`` per event type into ``directory``; return the paths."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for event_type, version in SCHEMA_VERSION.items():
        path = directory / f"{event_type}.v{version}.json"
        body = json.dumps(envelope_json_schema(event_type), ensure_ascii=False, indent=2)
        path.write_text(body + "\n", encoding="utf-8")
        paths.append(path)
    return paths
