"""Documents of an application (Art. 14): the form, the self-evaluation report, evidence.

Content lies on disk (:mod:`award_shared.document_store`), named by its sha256; the row holds what it is.
Uploaded by the applicant while the application may change; read only by the applicant,
the office, the third party and the experts ``panel.assigned`` names (Art. 25); every
read is audited.
"""
import json
import uuid
from urllib.parse import quote

import sqlalchemy as sa
from werkzeug.wrappers import Response

from award_shared import errors
from award_shared.store import driver
from award_shared.store.prepared import Prepared

from . import queries
from .domain import access, lifecycle
from .applications import check_window
from .tables import documents, panels

# panel.assigned (once per application and more): the latest, by
# sequence, wins in one conditional UPDATE, built once per table. Two workers applying a newer
# and an older event at once (PostgreSQL) would otherwise let the older one, read-then-written
# and committing last, overwrite the newer: PostgreSQL re-checks this WHERE after the newer commits.
_UPDATE_IF_NEWER = {table.name: table.update().where(table.c[key] == sa.bindparam(f"key_{key}"),
                                                     table.c.sequence < sa.bindparam("newer_than"))
                    for table, key in ((panels, "application_id"),)}
#: every upload is one: straight to the driver (award_shared.store.prepared)
_INSERT = Prepared(documents.insert(), columns=(
    "document_id", "application_id", "kind", "filename", "media_type", "size", "sha256", "relates_to",
    "uploaded_at", "uploaded_by"))


def upload(tx, store, application_id, principal, body):
    """Attach a document; 422 names ``content`` or ``media_type`` when it is refused."""
    row = queries.load_application(tx, application_id)
    access.require_owner(principal, row)
    lifecycle.require_status(row, lifecycle.EDITABLE, "补充材料", "attach documents to it")
    check_window(tx, queries.load_cycle(tx, row["cycle_id"]))
    content = body["content"]
    problem = store.problem(body["media_type"], content)
    if problem:
        raise errors.Invalid({problem[0]: [problem[1]]})
    sha256 = store.put(content)
    document_id = f"doc-{uuid.uuid4().hex[:16]}"
    _INSERT.run(tx.session, dict(
        document_id=document_id, application_id=application_id, kind=body["kind"], filename=body["filename"],
        media_type=body["media_type"], size=len(content), sha256=sha256, relates_to=body.get("relates_to"),
        uploaded_at=tx.now(), uploaded_by=principal.sub))
    tx.audit("document.upload", target=document_id, reason=body.get("reason"),
             detail={"application_id": application_id, "kind": body["kind"], "sha256": sha256, "size": len(content)})
    return queries.document_meta(queries.document_row(tx, application_id, document_id))


def read(tx, store, application_id, document_id, call):
    """The document's metadata and content; the read is audited in the same transaction."""
    queries.readable_application(tx, application_id, call)
    row = queries.document_row(tx, application_id, document_id)
    try:
        content = store.get(row["sha256"])
    except OSError as exc:
        raise errors.ApiError("申报材料文件缺失或已损坏", f"document content unavailable: {exc}") from None
    tx.audit("document.read", target=document_id,
             detail={"application_id": application_id, "sha256": row["sha256"]})
    return queries.document_meta(row), content


def download(tx, store, application_id, document_id, call):
    """:func:`read` as the HTTP answer: the content as an attachment, its SHA-256 beside it."""
    row, content = read(tx, store, application_id, document_id, call)
    return Response(content, mimetype=row["media_type"], headers={
        "Content-Disposition": f"attachment; filename*=UTF-8''{quote(row['filename'])}",
        "X-Content-SHA256": row["sha256"], "X-Content-Type-Options": "nosniff"})


def record_panel(tx, event):
    """``panel.assigned`` from scoring: the whole panel as it now stands (a later event, by
    its sequence, replaces an earlier one; an older one arriving late is ignored)."""
    data = event.data
    values = dict(expert_subjects=json.dumps(sorted(set(data["expert_subjects"]))), sequence=event.sequence,
                  assigned_at=tx.now())
    _keep_latest(tx, panels, "application_id", data["application_id"], values)


def _keep_latest(tx, table, key, key_value, values):
    """The first event's ``values`` are inserted; a later one replaces them only if its
    ``sequence`` is higher, in one statement (see ``_UPDATE_IF_NEWER``)."""
    if not driver.insert_if_absent(tx.session, table, **{key: key_value}, **values):
        tx.session.execute(_UPDATE_IF_NEWER[table.name],
                           dict(values, **{f"key_{key}": key_value}, newer_than=values["sequence"]))
