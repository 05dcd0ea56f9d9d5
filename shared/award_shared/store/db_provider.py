"""A service's database in a running container: the engine, its transaction gate and the
SQLite instance lock, opened at setup and disposed of once nothing uses them.
"""
from award_shared.container import ProviderCollector, SharedExtension

from award_shared.store import db, locks


class Database(ProviderCollector, SharedExtension):
    """A service's database: one engine and its transaction gate per container.

    Settings ``DATABASE_URL`` (default ``sqlite:///var/<service>.db``) and ``DB_POOL_SIZE``.
    The engine exists from ``setup`` (nothing connects until it is used); whoever uses it
    (the unit of work, the outbox relay) registers as a provider and unregisters once it
    has stopped using it, and ``stop`` waits for them before disposing of the engine, so no
    connection is closed under a transaction. On SQLite a second instance of the service
    on the same file refuses to start (:func:`award_shared.store.locks.sqlite_instance_lock`).
    """

    def setup(self):
        config = self.container.config
        self.service = self.container.service_name
        self.url = config.get("DATABASE_URL") or f"sqlite:///var/{self.service}.db"
        self.engine = db.make_engine(self.url, pool_size=int(config.get("DB_POOL_SIZE") or 10))
        self.gate = db.TransactionGate(db.is_sqlite(self.url))
        self._instance_lock = None

    def start(self):
        self._instance_lock = locks.sqlite_instance_lock(self.engine, self.service)

    def stop(self):
        self.wait_for_providers()
        self._close()

    def kill(self):
        self._close()

    def _close(self):
        lock, self._instance_lock = self._instance_lock, None
        if lock is not None:
            lock.close()
        self.engine.dispose()
