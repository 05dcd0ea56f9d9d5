"""A nameko timer whose interval is a setting of the service's config.yaml (nameko's own
``@timer`` takes its interval at import time, before any configuration is read). Like
``@api`` and ``@consume`` it opens the unit of work: the method is ``def tick(self, tx)``."""
from functools import wraps

from award_shared.container import Timer


class ConfiguredTimer(Timer):
    """``@every("NOTICE_TIMER_SECONDS", default=60)``: a tick every that many seconds."""

    def __init__(self, setting, default=60.0, **kwargs):
        self.setting = setting
        self.default = float(default)
        super().__init__(interval=self.default, **kwargs)

    def setup(self):
        self.interval = float(self.container.config.get(self.setting, self.default))
        super().setup()


def every(setting, default=60.0, **kwargs):
    """``@every("NOTICE_TIMER_SECONDS", default=60)`` on ``def close_due(self, tx)``: each tick
    runs in one transaction of the service's unit of work."""
    def register(fn):
        @wraps(fn)
        def entrypoint(self):
            with self.uow as tx:
                return fn(self, tx)
        return ConfiguredTimer.decorator(setting, default=default, **kwargs)(entrypoint)
    return register
