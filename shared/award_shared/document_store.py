"""Document content on disk, outside the database rows, shared by the services that keep
documents (intake's applications, revocation's evidence).

Content-addressed: a file is named by its sha256 under the service's ``DOCUMENT_DIR``,
written atomically, and checked against its name when read. Types are recognised by their
content, not only their name: a document is refused when its declared type is not allowed,
or when its first bytes do not look like that type (a renamed executable is not a PDF).

No nameko, no SQLAlchemy. A file written for a transaction that then rolls back stays
on disk unreferenced; being named by its content, it is harmless and reused if the same
content comes again.
"""
import hashlib
import os
import tempfile

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

_MAGIC = {
    PDF: (b"%PDF-",),
    PNG: (b"\x89PNG\r\n\x1a\n",),
    JPEG: (b"\xff\xd8\xff",),
    DOCX: (b"PK\x03\x04",),
    XLSX: (b"PK\x03\x04",),
}
DEFAULT_TYPES = (PDF, PNG, JPEG, DOCX, XLSX)


def parse_types(setting):
    """``DOCUMENT_TYPES`` from config: a comma-separated list, empty for the defaults."""
    types = tuple(t.strip() for t in str(setting or "").split(",") if t.strip())
    unknown = [t for t in types if t not in _MAGIC]
    if unknown:
        raise ValueError(f"DOCUMENT_TYPES: no content check known for {', '.join(unknown)}")
    return types or DEFAULT_TYPES


def content_problem(media_type, content, allowed):
    """None when ``content`` is an allowed ``media_type``; otherwise (field, what is wrong)."""
    if media_type not in allowed:
        return "media_type", f"type {media_type} is not allowed; allowed: {', '.join(allowed)}"
    if not any(content.startswith(magic) for magic in _MAGIC[media_type]):
        return "content", f"the content is not {media_type}"
    return None


class DocumentStore:
    def __init__(self, directory, max_bytes, types):
        self.directory = os.path.abspath(directory)
        self.max_bytes = int(max_bytes)
        self.types = tuple(types)

    def problem(self, media_type, content):
        """None when the content may be stored; otherwise (field, what is wrong) for a 422."""
        if len(content) == 0:
            return "content", "the file is empty"
        if len(content) > self.max_bytes:
            return "content", f"the file is {len(content)} bytes; the limit is {self.max_bytes} bytes"
        return content_problem(media_type, content, self.types)

    def _path(self, sha256):
        return os.path.join(self.directory, sha256[:2], sha256)

    def put(self, content):
        """Store ``content``; answer its sha256, which is also its storage key."""
        sha256 = hashlib.sha256(content).hexdigest()
        path = self._path(sha256)
        if not os.path.exists(path):
            os.makedirs(os.path.dirname(path), exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".upload-")
            try:
                with os.fdopen(fd, "wb") as out:
                    out.write(content)
                    out.flush()
                    os.fsync(out.fileno())
                os.replace(tmp, path)
            except BaseException:
                if os.path.exists(tmp):
                    os.unlink(tmp)
                raise
        return sha256

    def get(self, sha256):
        """The stored content; raises OSError if missing or altered on disk."""
        with open(self._path(sha256), "rb") as src:
            content = src.read()
        if hashlib.sha256(content).hexdigest() != sha256:
            raise OSError(f"document content {sha256} does not match its digest")
        return content
