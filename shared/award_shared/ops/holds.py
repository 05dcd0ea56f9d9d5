"""The holds this service knows (``/admin/v1/holds``), scoped to the caller's cycles, a page at a time."""
from award_shared.ops import answers
from award_shared.store import kit_records
from award_shared.web import paging
from award_shared.web.http import api


class HoldsQuery(paging.PageQuery.of("hold", after_length=64)):
    """``GET /admin/v1/holds``: a page of holds, by hold id. Follow ``next`` (the ``after`` of
    the next page) until it is null."""


class HoldsRoutes:
    @api("GET", "/admin/v1/holds", roles=("operator", "office", "supervisor", "leading_group"),
         query=HoldsQuery(), answer=answers.HoldsAnswer(),
         summary="The holds known to this service, a page at a time; a supervisor sees those of the cycles whose sitting group it is on (运维).",
         cycle_scoped=True)
    def list_holds(self, tx, call):
        query, key, scope = kit_records.hold_list(call.readable_cycles(tx))
        after = call.query["after"]
        found = paging.page(tx, query, key, after, call.query["limit"], mark_scope=scope,
                            unknown=f"not a hold known here: {after}")
        return {"holds": [dict(r) for r in found.rows], "next": found.next}
