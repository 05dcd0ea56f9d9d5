"""The holds this service knows (``/admin/v1/holds``), scoped to the caller's cycles."""
import sqlalchemy as sa

from award_shared.store import db
from award_shared.web.http import api


class HoldsRoutes:
    @api("GET", "/admin/v1/holds", roles=("operator", "office", "supervisor", "leading_group"),
         summary="holds known to this service (a supervisor: those of the cycle whose sitting group it is on)",
         cycle_scoped=True)
    def list_holds(self, tx, call):
        query = sa.select(db.holds).order_by(db.holds.c.placed_at)
        where = call.readable_cycles(tx).where(db.holds.c.cycle_id)
        if where is not None:
            query = query.where(where)
        rows = tx.session.execute(query).mappings().all()
        return {"holds": [dict(r) for r in rows]}
