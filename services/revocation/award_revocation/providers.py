"""What revocation's workers get from config: the evidence store and the recovery deadline."""
from nameko.extensions import DependencyProvider

from award_shared.document_store import DocumentStore, parse_types

DEFAULT_DOCUMENT_DIR = "var/documents/revocation"
DEFAULT_DOCUMENT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_RECOVERY_DUE_DAYS = 30


class Evidence(DependencyProvider):
    """Evidence content by sha256: ``DOCUMENT_DIR``, ``DOCUMENT_MAX_BYTES``, ``DOCUMENT_TYPES``."""

    def setup(self):
        config = self.container.config
        self.store = DocumentStore(config.get("DOCUMENT_DIR") or DEFAULT_DOCUMENT_DIR,
                                   config.get("DOCUMENT_MAX_BYTES") or DEFAULT_DOCUMENT_MAX_BYTES,
                                   parse_types(config.get("DOCUMENT_TYPES")))

    def get_dependency(self, worker_ctx):
        return self.store


class RecoveryDueDays(DependencyProvider):
    """``RECOVERY_DUE_DAYS``: days after the decision by which everything should be back."""

    def setup(self):
        self.days = int(self.container.config.get("RECOVERY_DUE_DAYS") or DEFAULT_RECOVERY_DUE_DAYS)

    def get_dependency(self, worker_ctx):
        return self.days
