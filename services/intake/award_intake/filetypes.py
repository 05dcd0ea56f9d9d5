"""Document types intake accepts, recognised by their content, not only their name.

Pure: no I/O. A document is refused when its declared type is not allowed, or when its
first bytes do not look like that type (a renamed executable is not a PDF).
"""
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
