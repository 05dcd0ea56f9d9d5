"""The nameko dependency that gives workers a service's document store (intake's application
material, revocation's evidence): content by sha256 under ``DOCUMENT_DIR``, at most
``DOCUMENT_MAX_BYTES``, of the ``DOCUMENT_TYPES`` allowed (award_shared.document_store)."""
from award_shared.container import DependencyProvider

from award_shared.document_store import DocumentStore, parse_types

DEFAULT_DOCUMENT_MAX_BYTES = 20 * 1024 * 1024


class Documents(DependencyProvider):
    """``Documents()`` in a service class; the default folder is ``var/documents/<service>``."""

    def setup(self):
        config = self.container.config
        self.store = DocumentStore(config.get("DOCUMENT_DIR") or f"var/documents/{self.container.service_name}",
                                   config.get("DOCUMENT_MAX_BYTES") or DEFAULT_DOCUMENT_MAX_BYTES,
                                   parse_types(config.get("DOCUMENT_TYPES")))

    def get_dependency(self, worker_ctx):
        return self.store
