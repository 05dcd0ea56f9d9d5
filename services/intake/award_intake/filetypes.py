from award_shared.document_store import DEFAULT_TYPES, DOCX, JPEG, PDF, PNG, XLSX, content_problem, parse_types  # noqa: F401
