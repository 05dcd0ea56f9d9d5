"""The audit log: who did what, when and why (``/admin/v1/audit``)."""
import sqlalchemy as sa
from marshmallow import Schema, fields, validate

from award_shared.ops.runtime import MAX_ROW_ID
from award_shared.store import db
from award_shared.web.http import api


class AuditQuery(Schema):
    after = fields.Integer(load_default=0, validate=validate.Range(min=0, max=MAX_ROW_ID), metadata={
        "description": "only entries with an id above this one (paging)"})


class AuditRoutes:
    @api("GET", "/admin/v1/audit", roles=("operator", "office"), query=AuditQuery(),
         summary="who did what, when, why")
    def audit_log(self, tx, call):
        after = call.query["after"]
        rows = tx.session.execute(sa.select(db.audit_log).where(db.audit_log.c.id > after)
                                  .order_by(db.audit_log.c.id).limit(500)).mappings().all()
        return {"entries": [dict(r) for r in rows]}
