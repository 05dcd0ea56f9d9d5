"""Issue 32's mend: what the services answer is declared once. An example row that two answers
show (a hold inside a finding and in the holds list, a notice published and the notices listed)
is one module-level constant both refer to, never a second copy that can drift; two answer
schemas of the same shape are one schema, or subclasses of one (``award_shared.answers`` for
those two services share: a public filing's tracking number, who filed it). No I/O: the answer
modules are imported, never run."""
import importlib
import inspect
import json

from marshmallow import Schema, fields

MODULES = ("award_intake.answers", "award_scoring.answers", "award_supervision.answers",
           "award_publicity.answers", "award_revocation.answers", "award_feed.answers",
           "award_shared.ops.answers", "award_shared.web.answers")
#: an example row this large (keys) written twice is a copy; smaller ones ({"id": 1}) may repeat
ROW_KEYS = 5


def schemas():
    for name in MODULES:
        module = importlib.import_module(name)
        for cls in vars(module).values():
            if inspect.isclass(cls) and issubclass(cls, Schema) and cls.__module__ == name:
                yield name, cls


def rows(value):
    """Every dict inside an example, the example included."""
    if isinstance(value, dict):
        yield value
        for inner in value.values():
            yield from rows(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from rows(inner)


def copies(classes):
    """(first, second) places where an example row stands twice as two objects of equal value."""
    seen, found = {}, []
    for module, cls in classes:
        for row in rows(cls.__dict__.get("example")):  # its own example, not one it inherits
            if len(row) < ROW_KEYS:
                continue
            key = (module, json.dumps(row, sort_keys=True, default=str))
            first = seen.setdefault(key, (cls.__name__, row))
            if first[1] is not row:
                found.append((f"{module}.{first[0]}", f"{module}.{cls.__name__}"))
    return found


def shape(cls):
    def field(f):
        inner = f.inner if isinstance(f, fields.List) else None
        nested = f.nested if isinstance(f, fields.Nested) else None
        return (type(f).__name__, f.required, f.allow_none, f.data_key, json.dumps(f.metadata, sort_keys=True),
                field(inner) if inner else None, shape(nested) if inspect.isclass(nested) else repr(nested))
    return tuple((name, field(f)) for name, f in cls._declared_fields.items())


def same_shapes(classes):
    """Pairs of answer schemas with the same fields, neither derived from the other or a common schema."""
    by_shape, found = {}, []
    for _, cls in classes:
        by_shape.setdefault(shape(cls), []).append(cls)
    for group in by_shape.values():
        for other in group[1:]:
            first = group[0]
            bases = {b for b in first.__mro__ if b is not Schema and issubclass(b, Schema)} & set(other.__mro__)
            if not bases:
                found.append((f"{first.__module__}.{first.__name__}", f"{other.__module__}.{other.__name__}"))
    return found


def test_an_example_row_two_answers_show_is_written_once():
    found = copies(list(schemas()))
    assert found == [], "the same example row written twice: name it once at module level and refer to it"


def test_two_answers_of_one_shape_are_one_schema():
    found = same_shapes(list(schemas()))
    assert found == [], "answer schemas of one shape: keep one, or subclass one (award_shared.answers)"


def test_the_checks_find_a_copy_and_a_twin():
    row = {"id": 1, "a": 2, "b": 3, "c": 4, "d": 5}

    class Listed(Schema):
        one = fields.String(required=True)
        example = {"rows": [dict(row)]}

    class Single(Schema):
        one = fields.String(required=True)
        example = dict(row)

    class Named(Schema):
        one = fields.String(required=True)
        example = row

    class NamedToo(Named):
        example = {"rows": [row]}

    assert copies([("m", Listed), ("m", Single)]) == [("m.Listed", "m.Single")]
    assert copies([("m", Named), ("m", NamedToo)]) == []
    assert [pair[1].rsplit(".", 1)[1] for pair in same_shapes([("m", Listed), ("m", Single)])] == ["Single"]
    assert same_shapes([("m", Named), ("m", NamedToo)]) == []
