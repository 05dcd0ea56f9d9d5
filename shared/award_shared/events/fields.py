"""The building blocks of the payload schemas: field types, field helpers and ``DataSchema``.

``DataSchema`` is the base of every payload (open to new fields, closed to resident ID
numbers); ``_require_when`` and ``_json_require_when`` state one cross-field rule on the
marshmallow side and on the JSON Schema side alike.
"""
import re

from marshmallow import INCLUDE, Schema, ValidationError, fields, validate, validates_schema

from award_shared.events import fastload
from award_shared.limits import bad_text
from award_rules.vocabulary import (
    ARTICLE_PATTERN, CREDIT_CODE_PATTERN, FORBIDDEN_FIELD_NAMES, MONEY_PATTERN, PERSON_KEY_PATTERN,
    STEPS)

# -- fields -----------------------------------------------------------------------------

class Pattern(validate.Regexp):
    """The whole value must match, as JSON Schema's ``^...$`` means it.

    (``re.match`` with ``$`` would also let a trailing newline through.)
    """

    def __call__(self, value):
        if not isinstance(value, str) or self.regex.fullmatch(value) is None:
            raise ValidationError(self._format_error(value))
        return value


class Text(fields.String):
    r"""A string a database can store: valid Unicode (no lone surrogate, as ``"\ud800"``
    decodes to) and no NUL, which PostgreSQL refuses in text. The kit's ``id_field``,
    ``text_field`` and ``choice_field`` are all Text; a refusal is a 422 naming the field,
    never a 500 at the database."""

    default_error_messages = {"text": "Not storable text: {why}."}

    def _deserialize(self, value, attr, data, **kwargs):
        value = super()._deserialize(value, attr, data, **kwargs)
        why = bad_text(value)
        if why:
            raise self.make_error("text", why=why)
        return value


@fastload.converts(Text)
def _text_loaded(field):
    """Text, on the quick path of :mod:`award_shared.events.fastload`: a storable string."""
    return lambda value: value if type(value) is str and not bad_text(value) else fastload.UNSURE


class StrictFloat(fields.Float):
    """A JSON number, not a string that looks like one (as JSON Schema's ``number``)."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str):
            raise self.make_error("invalid", input=value)
        return super()._deserialize(value, attr, data, **kwargs)


fastload.converts(StrictFloat)(fastload.float_converter)  # which never takes a string either


class Money(fields.Decimal):
    """An amount in yuan, sent as a string such as ``"500000.00"``; loads as a Decimal."""

    json_schema = {"type": "string", "pattern": MONEY_PATTERN}

    def __init__(self, **kwargs):
        super().__init__(places=2, as_string=True, allow_nan=False, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, str) or not re.fullmatch(MONEY_PATTERN, value):
            raise self.make_error("invalid", input=value)
        return super()._deserialize(value, attr, data, **kwargs)


def _desc(description, kwargs):
    if description:
        kwargs["metadata"] = {"description": description}
    return kwargs


def id_field(description=None, required=True, **kw):
    """An opaque id (contract: "ids are opaque strings")."""
    return Text(required=required, validate=validate.Length(min=1, max=200),
                **_desc(description, kw))


def text_field(description=None, required=True, max_length=20000, **kw):
    """Free text (a name, a complaint, a reason): :class:`Text`, 1 to ``max_length`` characters."""
    return Text(required=required, validate=validate.Length(min=1, max=max_length),
                **_desc(description, kw))


def choice_field(choices, description=None, required=True, **kw):
    return Text(required=required, validate=validate.OneOf(choices),
                         **_desc(description, kw))


def instant_field(description=None, required=True, **kw):
    return fields.AwareDateTime(required=required, **_desc(description, kw))


def optional(field_factory, *args, **kw):
    """The field may be absent or null; absent loads as None."""
    return field_factory(*args, required=False, allow_none=True, load_default=None, **kw)


def step_field(description=None, **kw):
    return choice_field(STEPS, description, **kw)


def article_field(description="the article cited, e.g. 'Art. 10(1)'", **kw):
    return fields.String(validate=Pattern(ARTICLE_PATTERN), **_desc(description, kw))


def credit_code_field(description="unified social credit code (18 characters)", **kw):
    return fields.String(validate=Pattern(CREDIT_CODE_PATTERN), **_desc(description, kw))


def person_key_field(**kw):
    return fields.String(validate=Pattern(PERSON_KEY_PATTERN), **_desc(
        "keyed hash (HMAC-SHA256, hex) of the resident ID number; never the number", kw))


def _forbidden_keys(value, path=""):
    if isinstance(value, dict):
        for key, inner in value.items():
            if str(key).lower() in FORBIDDEN_FIELD_NAMES:
                yield path + str(key)
            yield from _forbidden_keys(inner, f"{path}{key}.")
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from _forbidden_keys(inner, f"{path}{index}.")


def _has_forbidden_key(value):
    """Whether any key at any depth is a forbidden name; no paths built (every consumed
    event is checked, and a rule set is a deep tree)."""
    if isinstance(value, dict):
        for key, inner in value.items():
            if (key if type(key) is str else str(key)).lower() in FORBIDDEN_FIELD_NAMES:
                return True
            if isinstance(inner, (dict, list)) and _has_forbidden_key(inner):
                return True
    elif isinstance(value, list):
        return any(isinstance(inner, (dict, list)) and _has_forbidden_key(inner) for inner in value)
    return False


class DataSchema(Schema):
    """Base of every payload: open to new fields, closed to resident ID numbers."""

    class Meta:
        unknown = INCLUDE

    json_schema_extra = {"propertyNames": {"not": {"enum": sorted(FORBIDDEN_FIELD_NAMES)}}}

    @validates_schema(pass_original=True)
    def _no_resident_id(self, data, original_data, **kwargs):
        if not _has_forbidden_key(original_data):
            return
        found = list(_forbidden_keys(original_data))
        if found:
            raise ValidationError({name: ["No resident ID number may travel on the bus; "
                                          "send person_key instead."] for name in found})


def _require_when(data, condition, names):
    missing = [name for name in names if condition and not data.get(name)]
    if missing:
        raise ValidationError({name: ["Missing data for required field."] for name in missing})


def _json_require_when(prop, values, names):
    """``_require_when`` in JSON Schema: present and not null."""
    return {"if": {"properties": {prop: {"enum": list(values)}}, "required": [prop]},
            "then": {"required": list(names), "properties": {n: {"type": "string"} for n in names}}}
