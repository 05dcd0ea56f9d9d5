"""The test run's databases (``award_testing.plugin``): a service's fresh database, already at
its newest migration, without migrating each one from nothing.

Migrating a database from nothing takes ≈0.1 s on SQLite and 0.15–0.3 s on PostgreSQL, and
``CREATE DATABASE`` on PostgreSQL ≈0.25 s more (it copies and syncs a whole template), for
each of the several hundred databases a run makes. So each service package is migrated once
per run and engine, and a test gets:

- on SQLite, a copy of that file (the driver's backup);
- on PostgreSQL, a database a finished test gave back, emptied — its rows deleted, its
  sequences restarted — when its tables, columns and indexes are still the template's (a
  test that changed the schema, or dropped the database, gets its database dropped as
  before); else ``CREATE DATABASE … TEMPLATE`` of the migrated one. Giving back costs ≈30 ms
  against ≈270 for a drop and a new copy.
"""
import contextlib
import os
import sqlite3
import uuid

import sqlalchemy as sa

from award_shared.store.migrations import upgrade

#: the schema as a digest: every column (type, nullability) of every table, view and sequence
#: in ``public``, and every index's definition
_SCHEMA = """
SELECT md5(string_agg(c.relname || '.' || a.attname || ':' || format_type(a.atttypid, a.atttypmod)
                      || ':' || a.attnotnull::text, ',' ORDER BY c.relname, a.attnum))
       || md5(coalesce((SELECT string_agg(indexdef, ',' ORDER BY indexname)
                        FROM pg_indexes WHERE schemaname = 'public'), ''))
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_attribute a ON a.attrelid = c.oid
WHERE n.nspname = 'public' AND c.relkind IN ('r', 'S', 'v') AND a.attnum > 0 AND NOT a.attisdropped
"""
_OTHERS = ("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
           "WHERE datname = current_database() AND pid <> pg_backend_pid()")
_REVISION = "SELECT version_num FROM alembic_version"
_SEQUENCES = "SELECT sequencename FROM pg_sequences WHERE schemaname = 'public' ORDER BY sequencename"


class _Template:
    """A migrated PostgreSQL database a test's database is made from, and how to empty one."""

    def __init__(self, name, url):
        self.name = name
        engine = sa.create_engine(url, poolclass=sa.pool.NullPool)  # no connection left: a template copies only then
        try:
            metadata = sa.MetaData()
            metadata.reflect(engine)
            # children before their parents, so that no foreign key refuses a delete
            self.tables = [t.name for t in reversed(metadata.sorted_tables) if t.name != "alembic_version"]
            with engine.connect() as conn:
                self.schema = conn.exec_driver_sql(_SCHEMA).scalar()
                self.sequences = list(conn.exec_driver_sql(_SEQUENCES).scalars())
                self.revision = conn.exec_driver_sql(_REVISION).scalar()
        finally:
            engine.dispose()
        self.pool = []  # emptied databases, ready for the next test


class MigratedTemplates:
    """One migrated database per service package and engine, made once per run (see the
    module's docstring)."""

    def __init__(self, directory, admin_url):
        self.directory = directory
        self.admin_url = admin_url
        self._sqlite = {}  # package -> migrated file
        self._postgresql = {}  # package -> _Template
        self._admin = None

    def url_of(self, dbname):
        return self.admin_url.rsplit("/", 1)[0] + "/" + dbname

    # -- SQLite ---------------------------------------------------------------------------
    def sqlite_copy(self, package, path):
        source = self._sqlite.get(package)
        if source is None:
            source = os.path.join(self.directory, f"{package}.db")
            upgrade(package, f"sqlite:///{source}")
            self._sqlite[package] = source
        with contextlib.closing(sqlite3.connect(source)) as src, contextlib.closing(sqlite3.connect(path)) as dst:
            src.backup(dst)

    # -- PostgreSQL -----------------------------------------------------------------------
    def admin(self):
        if self._admin is None:
            self._admin = sa.create_engine(self.admin_url, isolation_level="AUTOCOMMIT")
        return self._admin

    def postgresql_database(self, package, dbname):
        """The name of an empty database at ``package``'s newest migration: one given back,
        or ``dbname`` made from the template."""
        template = self._template(package)
        if template.pool:
            return template.pool.pop()
        with self.admin().connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{dbname}" TEMPLATE "{template.name}"')
        return dbname

    def give_back(self, package, dbname):
        """Empty ``dbname`` for the next test; False if it cannot be (gone, or its schema
        changed), and then the caller drops it."""
        template = self._postgresql[package]  # made when the database was
        engine = sa.create_engine(self.url_of(dbname), poolclass=sa.pool.NullPool)
        try:
            with engine.connect() as conn:
                conn.exec_driver_sql(_OTHERS)  # what the test left connected, as DROP … WITH (FORCE) would
                if (conn.exec_driver_sql(_SCHEMA).scalar() != template.schema
                        or conn.exec_driver_sql(_REVISION).scalar() != template.revision):
                    return False
                for table in template.tables:
                    conn.exec_driver_sql(f'DELETE FROM "{table}"')
                for sequence in template.sequences:
                    conn.exec_driver_sql(f'ALTER SEQUENCE "{sequence}" RESTART')
                conn.commit()
        except sa.exc.SQLAlchemyError:
            return False
        finally:
            engine.dispose()
        template.pool.append(dbname)
        return True

    def _template(self, package):
        template = self._postgresql.get(package)
        if template is None:
            name = f"award_template_{package}_{uuid.uuid4().hex[:8]}"
            with self.admin().connect() as conn:
                conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
                try:
                    upgrade(package, self.url_of(name))  # leaves no connection open
                    template = _Template(name, self.url_of(name))
                except BaseException:
                    conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                    raise
            self._postgresql[package] = template
        return template

    def drop(self):
        """At the end of the run: the templates and every database given back."""
        if self._admin is None:
            return
        with self._admin.connect() as conn:
            for template in self._postgresql.values():
                for name in template.pool + [template.name]:
                    conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self._admin.dispose()
