"""Rows of another table read inside a statement that runs anyway, as one JSON text column: a
hot path that needs one application's row, its documents, its applicant's past awards and its
cycle's holds reads them in one round trip rather than one each (issue 37). Compiled for each
engine: PostgreSQL's ``json_agg`` / ``json_build_array`` / ``json_build_object``, SQLite's
``json_group_array`` / ``json_array`` / ``json_object``. An aggregate over no row is NULL on
PostgreSQL and ``[]`` on SQLite: :func:`loads` reads both as ``[]``.

Only for values JSON keeps as they are (text, integers, booleans): an instant would come back
as each engine writes it, not as ``Instant`` reads it.
"""
import json

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


class JsonList(FunctionElement):
    """``JsonList(value)``: the JSON array (text) of ``value`` over the rows aggregated."""
    type = sa.Text()
    inherit_cache = True
    name = "json_list"


class JsonArray(FunctionElement):
    """``JsonArray(a, b, …)``: one row's values as a JSON array."""
    type = sa.Text()
    inherit_cache = True
    name = "json_array_of"


class JsonObject(FunctionElement):
    """``JsonObject(column, …)``: one row's columns as a JSON object keyed by their names."""
    type = sa.Text()
    inherit_cache = True
    name = "json_object_of"

    def __init__(self, *columns):
        args = []
        for column in columns:
            args += [sa.literal_column(f"'{column.name}'"), column]
        super().__init__(*args)


#: each function as each engine spells it ({} is its arguments)
_SPELLED = {JsonList: {"postgresql": "CAST(json_agg({}) AS TEXT)", "sqlite": "json_group_array({})"},
            JsonArray: {"postgresql": "json_build_array({})", "sqlite": "json_array({})"},
            JsonObject: {"postgresql": "json_build_object({})", "sqlite": "json_object({})"}}


def _spelled(template):
    def compile_(element, compiler, **kw):
        return template.format(compiler.process(element.clauses, **kw))
    return compile_


for _kind, _dialects in _SPELLED.items():
    for _dialect, _template in _dialects.items():
        compiles(_kind, _dialect)(_spelled(_template))


def rows_of(select_values, *where):
    """A scalar subquery: the JSON array of ``select_values`` (a :class:`JsonArray` or
    :class:`JsonObject`) over the rows ``where`` selects (correlated to the enclosing statement
    where it names its tables)."""
    return sa.select(JsonList(select_values)).where(*where).scalar_subquery()


def loads(text):
    """The rows of a :func:`rows_of` column: a list (``[]`` for none)."""
    return json.loads(text) if text else []
