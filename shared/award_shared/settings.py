"""A value a service builds once from its config (``config.yaml`` with the environment's
overrides) and hands to every worker — through the front door, ``from award_shared import Setting``::

    def recovery_due_days(config):
        return int(config.get(...) or 30)      # the setting's name, as in config.yaml

    class RevocationService(KitService):
        recovery_due_days = Setting(recovery_due_days)

        def overdue(self, tx, call):
            ... self.recovery_due_days ...

``build`` runs when the container sets up, never at import: nothing reads the disk or the
environment before the service starts. (Each setting a service reads is in its config.yaml
with its environment variable: tests/test_config_keys_every_service.py.)
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
