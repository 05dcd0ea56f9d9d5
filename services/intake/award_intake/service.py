"""The intake service: a table of entrypoints; the rules live in plain modules beside it."""
import os

from nameko.extensions import DependencyProvider

from award_shared.http import api
from award_shared.ruleset import RuleSetLibrary
from award_shared.service import KitService

from . import cycles
from .schemas import CloseCycleSchema, OpenCycleSchema

RULESET_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "rulesets")


class RuleSets(DependencyProvider):
    """The rule sets intake knows: the packaged ones plus ``RULESET_DIRS`` (Art. 31)."""

    def setup(self):
        extra = str(self.container.config.get("RULESET_DIRS") or "")
        dirs = [RULESET_DIR] + [d for d in extra.split(os.pathsep) if d]
        self.library = RuleSetLibrary.from_dirs(dirs)

    def get_dependency(self, worker_ctx):
        return self.library


class IntakeService(KitService):
    name = "intake"
    rulesets = RuleSets()

    def subject_step(self, tx, cycle_id, subject):
        return None

    @api("POST", "/v1/cycles", roles=("office",), body=OpenCycleSchema(), status=201)
    def open_cycle(self, call):
        """Open a cycle under the rule set in force (Art. 2, 31); publishes ``cycle.opened``."""
        with self.uow as tx:
            return cycles.open_cycle(tx, self.rulesets, call.body, call.actor)

    @api("GET", "/v1/cycles")
    def list_cycles(self, call):
        """Every cycle, oldest first."""
        with self.uow as tx:
            return {"cycles": cycles.list_cycles(tx)}

    @api("GET", "/v1/cycles/<cycle_id>")
    def get_cycle(self, call, cycle_id):
        """One cycle with its rule set."""
        with self.uow as tx:
            return cycles.get_cycle(tx, cycle_id, with_ruleset=True)

    @api("POST", "/v1/cycles/<cycle_id>/close", roles=("office",), body=CloseCycleSchema())
    def close_cycle(self, call, cycle_id):
        """Close the cycle after publication (Art. 9: its supervision group dissolves)."""
        with self.uow as tx:
            return cycles.close_cycle(tx, cycle_id, call.body["reason"])
