from award_shared.document_store import DocumentStore  # noqa: F401
