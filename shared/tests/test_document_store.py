"""Document content on disk (Art. 14): type by content, size limit, sha256 names."""
import hashlib

import pytest

from award_shared import document_store
from award_shared.document_store import DocumentStore

PDF = b"%PDF-1.4\nhello"


def test_art14_the_store_checks_type_by_content_and_the_size_limit(tmp_path):
    store = DocumentStore(tmp_path, 100, document_store.DEFAULT_TYPES)
    assert store.problem("application/pdf", PDF) is None
    assert store.problem("application/pdf", b"MZ\x90\x00 not a pdf")[0] == "content"
    assert store.problem("application/x-msdownload", b"MZ")[0] == "media_type"
    assert store.problem("application/pdf", PDF + b"x" * 100)[0] == "content"
    assert store.problem("application/pdf", b"")[0] == "content"


def test_art14_content_is_stored_by_sha256_outside_the_database_and_checked_on_read(tmp_path):
    store = DocumentStore(tmp_path, 100, document_store.DEFAULT_TYPES)
    sha = store.put(PDF)
    assert sha == hashlib.sha256(PDF).hexdigest()
    assert (tmp_path / sha[:2] / sha).read_bytes() == PDF
    assert store.put(PDF) == sha and store.get(sha) == PDF
    (tmp_path / sha[:2] / sha).write_bytes(b"%PDF-tampered")
    with pytest.raises(OSError):
        store.get(sha)


def test_document_types_are_configurable_but_only_to_types_with_a_content_check():
    assert document_store.parse_types("") == document_store.DEFAULT_TYPES
    assert document_store.parse_types("application/pdf, image/png") == ("application/pdf", "image/png")
    with pytest.raises(ValueError):
        document_store.parse_types("text/html")
