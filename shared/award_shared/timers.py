"""A nameko timer whose interval is a setting of the service's config.yaml (nameko's own
``@timer`` takes its interval at import time, before any configuration is read)."""
from nameko.timer import Timer


class ConfiguredTimer(Timer):
    """``@every("NOTICE_TIMER_SECONDS", default=60)``: a tick every that many seconds."""

    def __init__(self, setting, default=60.0, **kwargs):
        self.setting = setting
        self.default = float(default)
        super().__init__(interval=self.default, **kwargs)

    def setup(self):
        self.interval = float(self.container.config.get(self.setting, self.default))
        super().setup()


every = ConfiguredTimer.decorator
