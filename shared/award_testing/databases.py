"""The test run's databases (``award_testing.plugin``): a service's fresh database, already at
its newest migration, without migrating each one from nothing.

Migrating a database from nothing takes ≈0.1 s on SQLite and 0.15–0.3 s on PostgreSQL, and
``CREATE DATABASE`` on PostgreSQL ≈0.25 s more (it copies and syncs a whole template), for
each of the several hundred databases a run makes. So each service package is migrated once
per run and engine, and a test gets:

- on SQLite, a copy of that file;
- on PostgreSQL, a database a finished test gave back, emptied — its rows deleted, its
  sequences restarted — when its tables, columns and indexes are still the template's (a
  test that changed the schema, or dropped the database, gets its database dropped as
  before); else ``CREATE DATABASE … TEMPLATE`` of the migrated one. Giving back costs ≈30 ms
  against ≈270 for a drop and a new copy.

Giving back, dropping and copying a spare are done in the background (green threads, psycopg2
made cooperative by psycogreen), while the next test runs: a finished test's teardown only
hands its database over (``give_back_later``, ``drop_later``), and a test takes a database
already emptied, or waits for one being emptied, or — with none on the way — copies the
template itself. A database is handed out only once it is empty: the waiting is in the
set-up of the test that needs it, never skipped. Measured (2 cores, busy): 0.10–0.23 s of
teardown less per PostgreSQL test.
"""
import contextlib
import logging
import os
import shutil
import sqlite3
import uuid

import sqlalchemy as sa
from eventlet.greenpool import GreenPool
from eventlet.queue import LightQueue

from award_shared.store.migrations import upgrade

log = logging.getLogger(__name__)

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
        self.pending = 0  # databases being emptied or copied in the background
        self.finished = LightQueue()  # a token each time one of those is done (in the pool, or dropped)


class MigratedTemplates:
    """One migrated database per service package and engine, made once per run (see the
    module's docstring)."""

    def __init__(self, directory, admin_url):
        self.directory = directory
        self.admin_url = admin_url
        self._sqlite = {}  # package -> migrated file
        self._postgresql = {}  # package -> _Template
        self._admin = None
        self._background = GreenPool(4)  # give-backs, drops and spare copies while tests run

    def url_of(self, dbname):
        return self.admin_url.rsplit("/", 1)[0] + "/" + dbname

    # -- SQLite ---------------------------------------------------------------------------
    def sqlite_copy(self, package, path):
        source = self._sqlite.get(package)
        if source is None:
            source = os.path.join(self.directory, f"{package}.db")
            upgrade(package, f"sqlite:///{source}")
            with contextlib.closing(sqlite3.connect(source)) as conn:  # all of it in the file, none in a WAL
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            self._sqlite[package] = source
        # never written again: a copy of its bytes (≈1 ms) is the database; the driver's backup
        # (≈7 ms, 50 under load) synced the new file to disk, which a test's database never needs
        shutil.copyfile(source, path)

    # -- PostgreSQL -----------------------------------------------------------------------
    def admin(self):
        if self._admin is None:
            from psycogreen.eventlet import patch_psycopg
            patch_psycopg()  # the background's statements yield to the test (award_shared.store.db does it too)
            self._admin = sa.create_engine(self.admin_url, isolation_level="AUTOCOMMIT")
        return self._admin

    def postgresql_database(self, package, dbname):
        """The name of an empty database at ``package``'s newest migration: one given back
        (waiting for one being emptied), or ``dbname`` made from the template. With none left
        on the way, a spare is copied in the background for the next test."""
        template = self._template(package)
        name = self._take(template)
        if name is None:
            self._copy(template, dbname)
            name = dbname
        if not template.pending and not template.pool:
            self._in_background(template, self._spare, template)
        return name

    def give_back_later(self, package, dbname):
        """``give_back`` in the background (dropping ``dbname`` if it cannot be given back):
        the next test of ``package`` gets it once it is empty."""
        self._in_background(self._postgresql[package], self._give_back_or_drop, package, dbname)

    def drop_later(self, dbname):
        self._background.spawn_n(self._drop_quietly, dbname)

    def _take(self, template):
        while not template.pool:
            if not template.pending:
                return None
            template.finished.get()  # one is being emptied or copied: wait until it is done
        return template.pool.pop()

    def _in_background(self, template, work, *args):
        """``work(*args)`` in the background, counted in ``template.pending`` until it is done."""
        template.pending += 1

        def run():
            try:
                work(*args)
            except BaseException:  # noqa: BLE001 - a failed copy: the test that needs one copies its own
                log.exception("preparing a test database in the background failed")
            finally:
                template.pending -= 1
                template.finished.put(None)
        self._background.spawn_n(run)

    def _spare(self, template):  # taken after any given back (pool.pop() takes the last)
        template.pool.insert(0, self._copy(template, f"award_test_spare_{uuid.uuid4().hex[:10]}"))

    def _copy(self, template, dbname):
        with self.admin().connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{dbname}" TEMPLATE "{template.name}"')
        return dbname

    def _give_back_or_drop(self, package, dbname):
        if not self.give_back(package, dbname):
            self._drop_quietly(dbname)

    def _drop_quietly(self, dbname):
        try:
            with self.admin().connect() as conn:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
        except Exception:  # noqa: BLE001 - left for the server's owner; the run goes on
            log.exception("dropping the test database %s failed", dbname)

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
        """At the end of the run, once the background's work is done: the templates and every
        database given back."""
        if self._admin is None:
            return
        self._background.waitall()

        def drop(name):
            with self._admin.connect() as conn:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        # at once: each DROP waits for every backend of the server to let go of the files, and
        # four one after the other took 0.9-1.2 s where four together took 0.05-0.12
        list(self._background.imap(drop, [name for template in self._postgresql.values()
                                          for name in template.pool + [template.name]]))
        self._admin.dispose()
