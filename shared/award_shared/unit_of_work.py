"""The unit of work as a nameko dependency: each worker's :class:`award_shared.store.uow.Work`,
wired to the service's engine (store), business clock, relay (bus) and the HTTP call it serves
(web). The transaction itself lives on the store floor; this module only connects the floors.
"""
from award_shared import tracing
from award_shared.container import DependencyProvider

from award_shared.bus.relay_provider import ServiceRelay
from award_shared.clock_provider import ServiceClock
from award_shared.store.db_provider import Database
from award_shared.store.uow import Work
from award_shared.web.http import API_CALL_KEY


class UnitOfWork(DependencyProvider):
    """Per-worker transactions against this service's own database.

    It owns nothing that outlives a worker: the engine is the :class:`~award_shared.store.db_provider.Database`
    extension's, the clock the :class:`~award_shared.clock_provider.ServiceClock`'s, the relay (woken
    after each commit that published) the :class:`~award_shared.bus.relay_provider.ServiceRelay`'s; the
    container starts and stops each of them.
    """
    database = Database()
    clock_source = ServiceClock()
    relaying = ServiceRelay()

    def setup(self):
        self.service = self.container.service_name
        tracing.configure(self.service)  # OTEL_* settings: off unless they turn it on
        self.database.register_provider(self)  # the engine stays open until this stops

    def stop(self):
        self.database.unregister_provider(self)

    kill = stop

    def get_dependency(self, worker_ctx):
        return self.work(call=worker_ctx.data.get(API_CALL_KEY))

    def worker_teardown(self, worker_ctx):
        work = getattr(worker_ctx.service, self.attr_name, None)
        if isinstance(work, Work):
            work.close()

    def work(self, call=None, actor=None):
        return Work(service=self.service, database=self.database, clock=self.clock_source.clock,
                    relay=self.relaying.relay, config=self.container.config, call=call, actor=actor)

    # used outside workers (admin, tests)
    def standalone(self, actor="system"):
        return self.work(actor=actor)
