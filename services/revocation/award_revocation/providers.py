"""What revocation's workers get from config: the evidence store and the recovery deadline."""
from nameko.extensions import DependencyProvider

from award_shared.documents import Documents as Evidence  # noqa: F401 - evidence, stored as intake stores documents

DEFAULT_RECOVERY_DUE_DAYS = 30


class RecoveryDueDays(DependencyProvider):
    """``RECOVERY_DUE_DAYS``: days after the decision by which everything should be back."""

    def setup(self):
        self.days = int(self.container.config.get("RECOVERY_DUE_DAYS") or DEFAULT_RECOVERY_DUE_DAYS)

    def get_dependency(self, worker_ctx):
        return self.days
