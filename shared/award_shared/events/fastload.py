"""Loading with a marshmallow schema, quicker for data the schema certainly accepts.

Every consumed event's ``data`` and every HTTP body goes through a marshmallow schema, and
the schema's machinery (error stores, per-field closures, hook lookups) costs several times
the checks themselves: 57 µs to load an ``application.submitted`` payload, of which its
validators take 2. :func:`load` compiles a schema once into plain checks of the same rules
and answers what ``schema.load`` would answer — the same dict, with the same defaults — when
the data passes every one of them; whenever it is not certain (a value of an unexpected type,
a validator or a schema rule that refuses, a field type it does not know) it hands the data
to ``schema.load``, which decides and words the error. It never accepts what marshmallow
would refuse: it calls the fields' own validators and the schema's own ``@validates_schema``
methods, and ``tests/test_fastload.py`` holds every schema of the suite to giving the same
answer as marshmallow on valid, invalid and mutated data.

A schema it cannot follow (``@validates`` field hooks, ``data_key``,
partial or many schemas, a field class with no converter) is simply always loaded by
marshmallow. A field class of the suite's own registers its converter with :func:`converts`.
"""
import datetime as dt
import math

from marshmallow import EXCLUDE, INCLUDE, ValidationError, fields, missing
from marshmallow.decorators import POST_LOAD, PRE_LOAD, VALIDATES, VALIDATES_SCHEMA

#: What a converter returns when it is not certain: marshmallow decides.
UNSURE = object()

_CONVERTERS = {}  # exact field class -> factory(field) -> convert(value) -> value | UNSURE
_ATTR = "_award_fastload"
_MAX_DEPTH = 8  # nested schemas deeper than this (or referring to themselves) go to marshmallow


class Unsupported(Exception):
    """The schema uses something this module does not follow; marshmallow loads it."""


def load(schema, data):
    """``schema.load(data)``: the same result, the same ValidationError — sooner when certain."""
    loader = loader_of(schema)
    if loader is not None:
        result = loader(data)
        if result is not UNSURE:
            return result
    return schema.load(data)


def loader_of(schema):
    """The compiled loader of ``schema`` (built at first use, kept on the instance), or None
    when the schema uses something this module does not follow."""
    try:
        return schema.__dict__[_ATTR]
    except KeyError:
        pass
    try:
        loader = _compile_schema(schema, schema.unknown, 0)
    except Unsupported:
        loader = None
    schema.__dict__[_ATTR] = loader
    return loader


def converts(*classes):
    """Register ``factory(field) -> convert(value)`` for fields of exactly these classes;
    ``convert`` returns the loaded value, as the field's ``_deserialize`` would, or
    :data:`UNSURE`. The field's validators and ``allow_none`` are applied around it."""
    def register(factory):
        for cls in classes:
            _CONVERTERS[cls] = factory
        return factory
    return register


# -- schemas --------------------------------------------------------------------------------

def _compile_schema(schema, unknown, depth, items=False):
    """``items``: a nested schema loaded one item of a list at a time (``many``)."""
    if depth > _MAX_DEPTH:
        raise Unsupported("nested too deeply")
    if (schema.many and not items) or schema.partial:
        raise Unsupported("many or partial")
    hooks = schema._hooks
    if hooks[VALIDATES] or (items and (hooks[PRE_LOAD] or hooks[POST_LOAD])):
        raise Unsupported("field hooks, or load processors of list items")
    # marshmallow runs the collection-level processors first, then the others
    before, after = ([(getattr(schema, attr_name), bool(kwargs.get("pass_original")))
                      for collection in (True, False)
                      for attr_name, pass_collection, kwargs in hooks[tag] if pass_collection is collection]
                     for tag in (PRE_LOAD, POST_LOAD))
    rules = []
    for attr_name, pass_collection, kwargs in hooks[VALIDATES_SCHEMA]:
        if pass_collection:
            raise Unsupported("a collection-level schema validator")
        rules.append((getattr(schema, attr_name), bool(kwargs.get("pass_original"))))
    plan = []
    for name, field in schema.load_fields.items():
        if field.data_key is not None or field.attribute is not None:
            raise Unsupported("data_key or attribute")
        plan.append((name, _compile_field(field, depth), field.required, field.load_default))
    known = frozenset(schema.load_fields)
    partial = schema.partial
    include = unknown == INCLUDE
    exclude = unknown == EXCLUDE

    def run(data):
        original = data
        if before:  # on a copy: if marshmallow must decide after all, its processors see the data as sent
            data = dict(data) if type(data) is dict else data
            data = _through(before, data, original, True, many=False, partial=partial, unknown=unknown)
        if type(data) is not dict:  # UNSURE too
            return UNSURE
        out = {}
        for name, convert, required, default in plan:
            value = data.get(name, missing)
            if value is missing:
                if required:
                    return UNSURE
                if default is not missing:
                    out[name] = default() if callable(default) else default
                continue
            value = convert(value)
            if value is UNSURE:
                return UNSURE
            out[name] = value
        if not exclude:
            for key in data:
                if key not in known:
                    if not include:
                        return UNSURE  # RAISE: marshmallow names the unknown field
                    out[key] = data[key]
        if rules and _through(rules, out, original, False, partial=partial, many=items, unknown=unknown) is UNSURE:
            return UNSURE
        if after:
            return _through(after, out, original, True, many=False, partial=partial, unknown=unknown)
        return out
    return run


def _through(hooks, data, original, chain, **kwargs):
    """Run a schema's hooks ``(method, pass_original)`` on ``data`` as marshmallow calls them:
    with ``chain`` each returns the next data (load processors), else each only checks it
    (``@validates_schema``). :data:`UNSURE` as soon as one raises ValidationError."""
    try:
        for hook, pass_original in hooks:
            result = hook(data, original, **kwargs) if pass_original else hook(data, **kwargs)
            if chain:
                data = result
    except ValidationError:
        return UNSURE
    return data


# -- fields ---------------------------------------------------------------------------------

def _compile_field(field, depth):
    if getattr(field, "pre_load", None) or getattr(field, "post_load", None):
        raise Unsupported("field-level processors")
    factory = _CONVERTERS.get(type(field))
    if factory is None:
        raise Unsupported(f"no converter for {type(field).__name__}")
    convert = factory(field) if factory not in _NESTING else factory(field, depth)
    validators = tuple(field.validators)
    allow_none = field.allow_none

    if not validators:
        def run(value):
            if value is None:
                return None if allow_none else UNSURE
            return convert(value)
        return run

    def run(value):
        if value is None:
            return None if allow_none else UNSURE
        value = convert(value)
        if value is UNSURE:
            return UNSURE
        try:
            for validator in validators:
                validator(value)
        except ValidationError:
            return UNSURE
        return value
    return run


@converts(fields.String)
def _string(field):
    return lambda value: value if type(value) is str else UNSURE


@converts(fields.Raw)
def _raw(field):
    return lambda value: value


@converts(fields.Integer)
def _integer(field):
    return lambda value: value if type(value) is int else UNSURE


@converts(fields.Float)
def float_converter(field):
    """A JSON number (not a bool, not a string) as a float; NaN and infinities only where allowed."""
    allow_nan = field.allow_nan

    def convert(value):
        kind = type(value)
        if kind is float:
            number = value
        elif kind is int:
            try:
                number = float(value)
            except OverflowError:
                return UNSURE
        else:
            return UNSURE
        if not allow_nan and not math.isfinite(number):
            return UNSURE
        return number
    return convert


@converts(fields.Boolean)
def _boolean(field):
    if field.truthy and not (True in field.truthy and False in field.falsy):
        raise Unsupported("a boolean that refuses true or false")
    return lambda value: value if type(value) is bool else UNSURE


def _iso(field, parse, aware=False):
    """An ISO 8601 string parsed as marshmallow parses it (``fromisoformat``); ``aware``: one
    without a UTC offset is refused, as ``AwareDateTime`` refuses it."""
    if (field.format or "iso") not in ("iso", "iso8601"):
        raise Unsupported("a temporal field with a custom format")

    def convert(value):
        if type(value) is not str:
            return UNSURE
        try:
            parsed = parse(value)
        except ValueError:
            return UNSURE
        if aware and (parsed.tzinfo is None or parsed.utcoffset() is None):
            return UNSURE
        return parsed
    return convert


@converts(fields.DateTime)
def _datetime(field):
    return _iso(field, dt.datetime.fromisoformat)


@converts(fields.AwareDateTime)
def _aware_datetime(field):
    if field.default_timezone is not None:
        raise Unsupported("an aware datetime with a default time zone")
    return _iso(field, dt.datetime.fromisoformat, aware=True)


@converts(fields.Date)
def _date(field):
    return _iso(field, dt.date.fromisoformat)


def _each(inner):
    """A JSON array, each item loaded by ``inner``."""
    def convert(value):
        if type(value) is not list:
            return UNSURE
        out = []
        for item in value:
            item = inner(item)
            if item is UNSURE:
                return UNSURE
            out.append(item)
        return out
    return convert


def _list(field, depth):
    return _each(_compile_field(field.inner, depth))


def _dict(field, depth):
    if field.key_field is None and field.value_field is None:
        return lambda value: dict(value) if type(value) is dict else UNSURE
    keys = _compile_field(field.key_field, depth) if field.key_field is not None else None
    values = _compile_field(field.value_field, depth) if field.value_field is not None else None

    def convert(value):
        if type(value) is not dict:
            return UNSURE
        out = {}
        for key, item in value.items():
            if keys is not None:
                key = keys(key)
                if key is UNSURE:
                    return UNSURE
            if values is not None:
                item = values(item)
                if item is UNSURE:
                    return UNSURE
            out[key] = item
        return out
    return convert


def _nested(field, depth):
    schema = field.schema
    unknown = field.unknown if field.unknown is not None else schema.unknown
    many = bool(field.many or schema.many)
    inner = _compile_schema(schema, unknown, depth + 1, items=many)
    return _each(inner) if many else inner


_NESTING = {_list, _dict, _nested}
_CONVERTERS[fields.List] = _list
_CONVERTERS[fields.Dict] = _dict
_CONVERTERS[fields.Nested] = _nested
