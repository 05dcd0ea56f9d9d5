"""The supervision service: a table of entrypoints; the rules live in plain modules beside it."""
from award_shared.consumer import consume
from award_shared.cycles import CycleReplica
from award_shared.http import api
from award_shared.service import KitService

from . import effects


class SupervisionService(CycleReplica, KitService):
    name = "supervision"

    @consume("hold.applied")
    def on_hold_applied(self, event):
        """A step owner enforced a hold: record where and when (domain.md, "Halting a step")."""
        return self.uow.apply(event, effects.record_applied)

    @api("GET", "/v1/holds/<hold_id>/effects", roles=("supervisor", "office", "leading_group", "operator"))
    def hold_effects(self, call, hold_id):
        """Where and when a hold took effect, per step owner."""
        with self.uow as tx:
            return {"hold_id": hold_id, "effects": effects.effects_of(tx, hold_id)}
