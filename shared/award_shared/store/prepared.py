"""Statements a hot path runs on every call, built once and handed straight to the driver.

Through a Session, SQLAlchemy spends several times longer around a one-row statement than
either engine takes to run it: an execution context, parameters processed one by one, a
result object and its row mappings (measured alone on SQLite: ≈40 µs against ≈5 µs for the
driver's own cursor; a score sheet runs eight such statements). A :class:`Prepared`
statement is compiled once per dialect with the converters its column types apply — an
``Instant`` is still stored as UTC and read back time-zone aware — and run on the
transaction's own connection, so it sees and is part of the unit of work.

Errors are SQLAlchemy's, as anywhere else in the kit: a driver error is raised as the
matching ``sqlalchemy.exc`` class (``IntegrityError``, ``OperationalError`` — which the kit
treats as "nothing committed, retry"), and a lost connection is invalidated so the pool
does not hand it out again.

Only what such hot paths need: selects and updates with named ``bindparam`` values, and
inserts of the columns named. A column with a Python-side default must be given a value:
the driver does not compute SQLAlchemy's defaults.

On PostgreSQL a statement is also prepared on the server, once per connection (``PREPARE``,
sent in the same round trip as its first ``EXECUTE``), and run as ``EXECUTE`` after that: psycopg2
sends every statement as text, which the server parsed and planned each time — for a score
sheet's four statements that was half their time at the database (``bench/prepared.py``: 0.42–0.50 ×
the statements' time, 0.63–0.68 × the transaction's, with ``EXECUTE``). A prepared statement
lives as long as its connection (a rollback keeps it; a new connection prepares again).
"""
import contextlib
import itertools
import re

import sqlalchemy as sa

from award_shared.store import db, driver


class Prepared:
    """``Prepared(sa.select(t).where(t.c.id == sa.bindparam("id")))``, then
    ``.all(session, {"id": …})`` (dicts), ``.first(…)`` (a dict or None) or ``.run(…)``
    (the row count). For an insert, name the columns: ``Prepared(t.insert(), columns=(…))``."""

    def __init__(self, statement, columns=None):
        self.statement = statement
        self.columns = tuple(columns) if columns is not None else None
        if isinstance(statement, sa.Insert):
            if self.columns is None:
                raise TypeError("an insert names the columns it writes: Prepared(table.insert(), columns=(...))")
            table = statement.table
            defaulted = [c.name for c in table.columns if c.default is not None and c.name not in self.columns]
            if defaulted:
                raise TypeError(f"{table.name}: give {', '.join(defaulted)} a value; the driver does not "
                                "compute SQLAlchemy's Python-side defaults")
        self._plans = {}

    def all(self, session, params=None):
        plan, cursor = self._execute(session, params)
        with contextlib.closing(cursor):
            plan.converters(cursor.description)
            return [plan.row(values) for values in cursor.fetchall()]

    def first(self, session, params=None):
        plan, cursor = self._execute(session, params)
        with contextlib.closing(cursor):
            values = cursor.fetchone()
            return plan.converters(cursor.description).row(values) if values is not None else None

    def run(self, session, params=None):
        _, cursor = self._execute(session, params)
        with contextlib.closing(cursor):
            return cursor.rowcount

    def defer(self, session, params=None):
        """Run this write with the transaction's next round trip (the next statement's, or the
        COMMIT's), as text: for a write whose answer nobody reads, in a PostgreSQL unit of work
        that owns its transaction (:func:`award_shared.store.driver.defer`)."""
        conn = driver.connection_of(session)
        plan = self._plan(conn.dialect)
        driver.defer(conn, plan.sql, plan.args(params or {}))

    def _plan(self, dialect):
        plan = self._plans.get(dialect.name)
        if plan is None:
            plan = self._plans[dialect.name] = _Plan(self.statement, self.columns, dialect)
        return plan

    def _execute(self, session, params):
        conn = driver.connection_of(session)  # the unit of work's transaction (begun on first use)
        plan = self._plan(conn.dialect)
        if plan.server is None:
            return plan, driver.driver_cursor(conn, plan.sql, plan.args(params or {}))
        prepared = conn.connection.info.setdefault(PREPARED, {})  # the pooled connection's, until it is replaced
        name = prepared.get(plan)
        if name is not None:
            return plan, driver.driver_cursor(conn, plan.server.execute(name), plan.args(params or {}))
        name = f"award_{next(_names)}"  # a fresh name: one whose PREPARE failed is never asked for again
        cursor = driver.driver_cursor(conn, plan.server.prepare(name) + "; " + plan.server.execute(name),
                                      plan.args(params or {}))
        prepared[plan] = name
        return plan, cursor


PREPARED = "award_prepared"  # in a pooled PostgreSQL connection's ``info``: {plan: its prepared statement's name}
_names = itertools.count(1)
_NAMED = re.compile(r"%\((\w+)\)s")


class _ServerSide:
    """A statement's ``PREPARE`` and ``EXECUTE`` on PostgreSQL (psycopg2's named ``%(name)s``
    values: the server's ``$n``, each name one number)."""

    def __init__(self, sql):
        numbers = {}

        def number(match):
            return f"${numbers.setdefault(match.group(1), len(numbers) + 1)}"
        self.body = _NAMED.sub(number, sql)  # ``%%`` stays: the driver makes it ``%`` as it sends it
        self.values = ", ".join(f"%({name})s" for name in numbers)

    def prepare(self, name):
        return f"PREPARE {name} AS {self.body}"

    def execute(self, name):
        return f"EXECUTE {name} ({self.values})" if self.values else f"EXECUTE {name}"


class _Plan:
    """One statement compiled for one dialect: its SQL, its parameters' order and converters,
    and its result columns' names and converters."""

    def __init__(self, statement, columns, dialect):
        compiled = statement.compile(dialect=dialect, column_keys=list(columns) if columns else None)
        if any(bind.expanding for bind in compiled.binds.values()):
            raise TypeError("a Prepared statement takes single values (no expanding IN lists)")
        if getattr(compiled, "escaped_bind_names", None):
            raise TypeError("a Prepared statement's value names are plain identifiers")
        self.sql = compiled.string
        self.positional = dialect.positional
        by_name = {name: bind for bind, name in compiled.bind_names.items()}
        self.names = list(compiled.positiontup) if dialect.positional else list(by_name)
        self.literals = {name: bind.value for name, bind in by_name.items()
                         if not bind.required and bind.callable is None and bind.value is not None}
        self.binds = [(name, by_name[name].type.dialect_impl(dialect).bind_processor(dialect))
                      for name in self.names]
        self.dialect = dialect
        selected = list(statement.selected_columns) if isinstance(statement, (sa.Select, sa.CompoundSelect)) else []
        self.keys = tuple(column.key for column in selected)
        self.types = [column.type.dialect_impl(dialect) for column in selected]
        self.results = None  # the converters, once the driver has described a result (type codes)
        # PostgreSQL: prepared on the server once per connection (psycopg2's named values only)
        self.server = _ServerSide(self.sql) if dialect.name == "postgresql" and not self.positional else None

    def args(self, params):
        values, taken = [], 0
        for name, convert in self.binds:
            if name in params:
                value = params[name]
                taken += 1
            elif name in self.literals:
                value = self.literals[name]
            else:
                raise KeyError(f"a value for {name!r} is required")
            values.append(convert(value) if convert is not None else value)
        if taken < len(params):  # a misspelt column would otherwise be written as NULL, silently
            raise KeyError(f"not a value of this statement: {', '.join(sorted(set(params) - set(self.names)))}")
        return tuple(values) if self.positional else dict(zip(self.names, values))

    def converters(self, description):
        if self.results is None:
            found = [(i, kind.result_processor(self.dialect, described[1]))
                     for i, (kind, described) in enumerate(zip(self.types, description or ()))]
            self.results = [(i, convert) for i, convert in found if convert is not None]
        return self

    def row(self, values):
        if self.results:
            values = list(values)
            for i, convert in self.results:
                values[i] = convert(values[i])
        return dict(zip(self.keys, values))


class KeyedUpdate:
    """``UPDATE table SET … WHERE key = :key_<key> …`` whose SET clause is the other values
    given, run through the driver like a :class:`Prepared` statement:
    ``KeyedUpdate(applications, "application_id").run(session, {"key_application_id": …,
    "status": …, "updated_at": …})`` (the row count). A workflow writes a few different sets
    of columns with one such update; each set is compiled once, on first use. A name that is
    neither a column nor a key is refused (``KeyError``), as ``db.keyed_update`` refuses it
    through a Session, and nothing is written."""

    def __init__(self, table, *keys):
        self.table = table
        self.statement = db.keyed_update(table, *keys)
        self.keys = frozenset(f"key_{key}" for key in keys)
        self._by_columns = {}

    def run(self, session, params):
        return self._prepared(params).run(session, params)

    def defer(self, session, params):
        """As :meth:`Prepared.defer`: with the transaction's next round trip (PostgreSQL)."""
        self._prepared(params).defer(session, params)

    def _prepared(self, params):
        columns = frozenset(params) - self.keys
        prepared = self._by_columns.get(columns)
        if prepared is None:
            unknown = columns - set(self.table.c.keys())
            if unknown:
                raise KeyError(f"{self.table.name}: not a column of this update: {', '.join(sorted(unknown))}")
            if not columns:
                raise ValueError(f"{self.table.name}: an update sets at least one column")
            prepared = self._by_columns[columns] = Prepared(self.statement, columns=sorted(columns))
        return prepared
