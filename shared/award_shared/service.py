"""The part every service shares: its unit of work, what it learns of every cycle (the holds
feed, who is appointed), and the operations routes of contract.md, each concern a module of
the ops floor (:mod:`award_shared.ops`).

A service class subclasses :class:`KitService` and adds its domain entrypoints; it may
override :meth:`subject_step` to say at which step a subject stands (for ``hold.applied``).
"""
from award_shared import events, holds
from award_shared.bus.consumer import consume, inbox_batch
from award_shared.bus.inbox import apply_batch
from award_shared.bus.relay_provider import Outbox
from award_shared.clock_provider import Clock
from award_shared.cycles import CycleRosters
from award_shared.ops.audit import AuditRoutes
from award_shared.ops.clock import ClockRoutes
from award_shared.ops.dead_letters import DeadLetterRoutes
from award_shared.ops.docs import DocsRoutes
from award_shared.ops.health import HealthRoutes
from award_shared.ops.holds import HoldsRoutes
from award_shared.ops.outbox import OutboxRoutes
from award_shared.ops.runtime import Runtime
from award_shared.unit_of_work import UnitOfWork


class KitService(CycleRosters, HealthRoutes, DocsRoutes, DeadLetterRoutes, OutboxRoutes, HoldsRoutes,
                 AuditRoutes, ClockRoutes):
    name = None
    uow = UnitOfWork()
    clock = Clock()
    outbox = Outbox()
    runtime = Runtime()

    def subject_step(self, tx, cycle_id, subject):
        """The step ``subject`` stands at in this service, or None if it is not known here."""
        return None

    def hold_released(self, tx, data):
        """Called in the release's transaction once a hold stops here; e.g. finish what it held."""

    def refresh_metrics(self, tx):
        """Set this service's own gauges before ``/metrics`` answers (inside a read transaction)."""

    @inbox_batch()
    def apply_inbox_batch(self, messages, consumer):
        """Events from the bus, applied in one transaction (each in its own savepoint)."""
        return apply_batch(self, self.uow, messages, consumer)

    # -- holds feed (every service keeps its own copy) ---------------------------------
    @consume(events.HoldPlaced)
    def on_hold_placed(self, tx, event):
        """Record a hold; enforce it from now on (docs/design.md, "Holds")."""
        holds.record_placed(tx, event.data, subject_step=self.subject_step)

    @consume(events.HoldReleased)
    def on_hold_released(self, tx, event):
        """Record a release; final."""
        if holds.record_released(tx, event.data):
            self.hold_released(tx, event.data)
