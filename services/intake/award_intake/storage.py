"""Document content on disk, outside the database rows (issue 3: "content stored outside
the database rows"). Content-addressed: a file is named by its sha256 under
``DOCUMENT_DIR``, written atomically, and checked against its name when read.

No nameko, no SQLAlchemy. A file written for a transaction that then rolls back stays
on disk unreferenced; being named by its content, it is harmless and reused if the same
content comes again.
"""
import hashlib
import os
import tempfile

from .filetypes import content_problem


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
