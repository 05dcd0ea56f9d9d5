"""What revocation's workers get from config beside the kit's: the recovery deadline. (The
evidence is the kit's ``Documents`` store, named in ``service.py``.)"""
from nameko.extensions import DependencyProvider

DEFAULT_RECOVERY_DUE_DAYS = 30


class RecoveryDueDays(DependencyProvider):
    """``RECOVERY_DUE_DAYS``: days after the decision by which everything should be back."""

    def setup(self):
        self.days = int(self.container.config.get("RECOVERY_DUE_DAYS") or DEFAULT_RECOVERY_DUE_DAYS)

    def get_dependency(self, worker_ctx):
        return self.days
