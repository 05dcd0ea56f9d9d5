"""The outbox relay in a running service: started with the container on a managed thread,
stopped before the database closes, and given to workers (state, pause, resume, backlog).
"""
from award_shared.container import DependencyProvider, SharedExtension

from award_shared.bus import wire
from award_shared.bus.relay import OutboxRelay
from award_shared.bus.tls import amqp_ssl
from award_shared.store.db_provider import Database


class ServiceRelay(SharedExtension):
    """The container's outbox relay, on a managed thread from ``start`` to ``stop``.

    Settings: ``AMQP_URI``, ``AMQP_TRANSPORT``, ``OUTBOX_RELAY`` (``off`` keeps the relay
    from publishing: tests, maintenance), ``OUTBOX_BATCH``, ``OUTBOX_WINDOW``,
    ``OUTBOX_POLL_SECONDS``, ``OUTBOX_RETENTION_DAYS``, ``INBOX_RETENTION_DAYS``. ``stop``
    returns once the relay thread has ended; only then may the database close.
    """
    database = Database()

    def setup(self):
        config = self.container.config
        self.enabled = str(config.get("OUTBOX_RELAY", "on")).lower() not in ("off", "false", "0")
        self.transport = wire.transport_setting(config)
        self.relay = None
        self._thread = None
        self.database.register_provider(self)

    def start(self):
        # built here, not in setup: the database's engine exists once every setup has run
        config = self.container.config
        self.relay = OutboxRelay(
            service=self.container.service_name, engine=self.database.engine, gate=self.database.gate,
            amqp_uri=config["AMQP_URI"], amqp_ssl=amqp_ssl(config), transport=self.transport,
            batch=int(config.get("OUTBOX_BATCH", 500)),
            window=int(config.get("OUTBOX_WINDOW", 2000)),
            poll_interval=float(config.get("OUTBOX_POLL_SECONDS", 1.0)),
            outbox_days=float(config.get("OUTBOX_RETENTION_DAYS", 30)),
            inbox_days=float(config.get("INBOX_RETENTION_DAYS", 365)))
        if self.enabled:
            self._thread = self.container.spawn_managed_thread(self.relay.run, identifier="outbox-relay")

    def stop(self):
        thread, self._thread = self._thread, None
        if self.relay is not None:
            self.relay.stop()
        if thread is not None:
            try:
                thread.wait()
            except Exception:  # noqa: BLE001 - run() failing already killed the container, logged
                pass
        self.database.unregister_provider(self)

    def kill(self):
        if self.relay is not None:
            self.relay.stop()
        self.database.unregister_provider(self)


class Outbox(DependencyProvider):
    """Gives a worker the service's :class:`OutboxRelay` (state, pause, resume, backlog)."""
    relaying = ServiceRelay()

    def get_dependency(self, worker_ctx):
        return self.relaying.relay
