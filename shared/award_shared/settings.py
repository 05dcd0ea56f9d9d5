"""A value a service builds once from its config (``config.yaml`` with the environment's
overrides) and hands to every worker — through the front door, ``from award_shared import Setting``::

    class RevocationService(KitService):
        recovery_due_days = Setting(lambda config: int(config.get("RECOVERY_DUE_DAYS") or 30))

        def overdue(self, tx, call):
            ... self.recovery_due_days ...

``build`` runs when the container sets up, never at import: nothing reads the disk or the
environment before the service starts.
"""
from award_shared.container import DependencyProvider


class Setting(DependencyProvider):
    def __init__(self, build, **kwargs):
        self.build = build
        self.value = None
        super().__init__(**kwargs)

    def setup(self):
        self.value = self.build(self.container.config)

    def get_dependency(self, worker_ctx):
        return self.value
