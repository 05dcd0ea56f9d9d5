"""The business clock in a running service: one :class:`~award_shared.clock.BusinessClock`
per container, built from its config; :mod:`award_shared.clock` itself stays free of nameko
so that plain modules (rules, command-line tools) can use it.
"""
from nameko.extensions import DependencyProvider, SharedExtension

from .clock import BusinessClock


class ServiceClock(SharedExtension):
    """The container's one business clock, built from ``CLOCK``, ``CLOCK_MIN`` and
    ``CLOCK_MAX``: the unit of work stamps with it and the operations routes move it."""

    def setup(self):
        config = self.container.config
        self.clock = BusinessClock.from_setting(config.get("CLOCK", "wall"),
                                                config.get("CLOCK_MIN"), config.get("CLOCK_MAX"))


class Clock(DependencyProvider):
    """Gives a worker the service's :class:`BusinessClock`."""
    source = ServiceClock()

    def get_dependency(self, worker_ctx):
        return self.source.clock
