"""The audit log: who did what, when and why (``/admin/v1/audit``), a page at a time."""
from marshmallow import Schema

from award_shared.ops import answers
from award_shared.ops.runtime import id_after
from award_shared.store import kit_records
from award_shared.web import paging
from award_shared.web.http import api


class AuditQuery(Schema):
    after = id_after("entry")
    limit = paging.limit_field("entries")


class AuditRoutes:
    @api("GET", "/admin/v1/audit", roles=("operator", "office"), query=AuditQuery(),
         answer=answers.AuditAnswer(),
         summary="Who did what, when and why: the audit log, a page at a time (运维).")
    def audit_log(self, tx, call):
        query, key = kit_records.audit_list()
        found = paging.page(tx, query, key, call.query["after"], call.query["limit"])
        return {"entries": [dict(r) for r in found.rows], "next": found.next}
