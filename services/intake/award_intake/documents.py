"""Documents of an application (Art. 14): the form, the self-evaluation report, evidence.

Content lies on disk (the kit's ``Documents`` store), named by its sha256; the row holds what it is.
Uploaded by the applicant while the application may change; read only by the applicant,
the office, the third party and the experts ``panel.assigned`` names (Art. 25, recorded by
:mod:`replicas`); every read is audited.
"""
import uuid
from urllib.parse import quote

from werkzeug.wrappers import Response

from award_shared import errors, tables

from . import queries, state
from .domain import access, lifecycle
from .domain.window import check_accepting
from .tables import documents

#: every upload is one: straight to the driver (tables.Prepared), with the COMMIT on PostgreSQL (tx.write)
_INSERT = tables.Prepared(documents.insert(), columns=(
    "document_id", "application_id", "kind", "filename", "media_type", "size", "sha256", "relates_to",
    "uploaded_at", "uploaded_by"))


def upload(tx, store, application_id, principal, body):
    """Attach a document; 422 names ``content`` or ``media_type`` when it is refused.

    One statement reads the application with its cycle and notice (:mod:`award_intake.state`); the
    content is stored (``store.put``) before its row is written, so no row names bytes that are not
    on disk; the row and the audit entry go with the ``COMMIT`` (``tx.write``), and the answer is
    the row as written, not read back."""
    found = state.for_upload(tx, application_id)
    row = found.row
    access.require_owner(principal, row)
    lifecycle.advance(row, "attach")
    check_accepting(tx.now(), found.notice, state.require_cycle(tx, found)["status"])
    content = body["content"]
    problem = store.problem(body["media_type"], content)
    if problem:
        raise errors.Invalid({problem[0]: [problem[1]]})
    sha256 = store.put(content)
    document_id = f"doc-{uuid.uuid4().hex[:16]}"
    document = dict(
        document_id=document_id, application_id=application_id, kind=body["kind"], filename=body["filename"],
        media_type=body["media_type"], size=len(content), sha256=sha256, relates_to=body.get("relates_to"),
        uploaded_at=tx.now(), uploaded_by=principal.sub)
    tx.write(_INSERT, document)
    tx.audit("document.upload", target=document_id, reason=body.get("reason"),
             detail={"application_id": application_id, "kind": body["kind"], "sha256": sha256, "size": len(content)})
    return queries.document_meta(document)


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
