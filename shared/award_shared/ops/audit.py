"""The audit log: who did what, when and why (``/admin/v1/audit``)."""
from marshmallow import Schema, fields, validate

from award_shared.ops import answers
from award_shared.ops.runtime import MAX_ROW_ID
from award_shared.store import kit_records
from award_shared.web.http import api


class AuditQuery(Schema):
    after = fields.Integer(load_default=0, validate=validate.Range(min=0, max=MAX_ROW_ID), metadata={
        "description": "only entries with an id above this one (paging)"})


class AuditRoutes:
    @api("GET", "/admin/v1/audit", roles=("operator", "office"), query=AuditQuery(),
         answer=answers.AuditAnswer(),
         summary="Who did what, when and why: the audit log, a page at a time (运维).")
    def audit_log(self, tx, call):
        return {"entries": [dict(r) for r in kit_records.audit_entries(tx.session, call.query["after"])]}
