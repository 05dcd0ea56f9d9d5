"""The holds this service knows (``/admin/v1/holds``), scoped to the caller's cycles."""
from award_shared.ops import answers
from award_shared.store import kit_records
from award_shared.web.http import api


class HoldsRoutes:
    @api("GET", "/admin/v1/holds", roles=("operator", "office", "supervisor", "leading_group"),
         answer=answers.HoldsAnswer(),
         summary="The holds known to this service; a supervisor sees those of the cycles whose sitting group it is on (运维).",
         cycle_scoped=True)
    def list_holds(self, tx, call):
        return {"holds": [dict(r) for r in kit_records.hold_list(tx.session, call.readable_cycles(tx))]}
