"""Which process may do what: one outbox relay per database, one service instance per
SQLite file.

PostgreSQL lets several instances of a service share a database; only one of them relays
its outbox at a time (an advisory lock held on a connection of its own). SQLite allows one
instance per database file, and a second one refuses to start.
"""
import fcntl
import os
import zlib

import sqlalchemy as sa


def _sqlite_file(engine):
    """The SQLite database file of ``engine``, or None (another engine, or in memory)."""
    path = engine.url.database if engine.dialect.name == "sqlite" else None
    return os.path.abspath(path) if path and path != ":memory:" else None


def _try_flock(path):
    """An exclusive lock on ``path`` (created if absent): the open file, or None if taken."""
    fh = open(path, "a+")
    try:
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        fh.close()
        return None
    return fh


def sqlite_instance_lock(engine, service):
    """On SQLite one instance of a service may use a database file; a second one refuses to
    start (run several instances on PostgreSQL). Returns the open lock file, or None."""
    path = _sqlite_file(engine)
    if path is None:
        return None
    fh = _try_flock(path + ".instance.lock")
    if fh is None:
        raise RuntimeError(
            f"another instance of {service} already uses {engine.url.database}: SQLite supports one "
            "instance per database; point DATABASE_URL at PostgreSQL to run several") from None
    return fh


class RelayLock:
    """One active relay per database."""

    def __init__(self, engine, service):
        self.engine = engine
        self.service = service
        self._conn = None
        self._fh = None

    @property
    def held(self):
        """Whether this instance holds the lock now (a database with no file: always)."""
        if self.engine.dialect.name == "postgresql":
            return self._conn is not None
        return self._fh is not None or _sqlite_file(self.engine) is None

    def acquire(self):
        if self.engine.dialect.name == "postgresql":
            return self._acquire_pg()
        return self._acquire_file()

    def _acquire_pg(self):
        if self._conn is not None:
            try:
                self._conn.exec_driver_sql("SELECT 1")
                return True
            except sa.exc.DBAPIError:
                self.release()
        conn = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        got = conn.exec_driver_sql(f"SELECT pg_try_advisory_lock({self._key})").scalar()
        if got:
            self._conn = conn
            return True
        conn.close()
        return False

    @property
    def _key(self):
        return zlib.crc32(f"award-outbox-{self.service}".encode())

    def _acquire_file(self):
        if self._fh is not None:
            return True
        path = _sqlite_file(self.engine)
        if path is None:
            return True
        self._fh = _try_flock(path + ".relay.lock")
        return self._fh is not None

    def release(self):
        if self._conn is not None:
            try:  # advisory locks belong to the session, which a pool would keep alive
                self._conn.exec_driver_sql(f"SELECT pg_advisory_unlock({self._key})")
                self._conn.invalidate()
            except Exception:  # the connection may already be gone, and the lock with it
                pass
            self._conn = None
        if self._fh is not None:
            fcntl.flock(self._fh, fcntl.LOCK_UN)
            self._fh.close()
            self._fh = None
