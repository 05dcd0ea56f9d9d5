"""The business clock: the wall clock in production; fixed or simulated in tests and
demonstrations, so that the 2019 and 2021 cycles under the 2018 Measures can be replayed.

Configured by ``CLOCK`` in a service's config (env ``AWARD_CLOCK``):
- ``wall``                                  the real time;
- ``fixed:2019-03-01T09:00:00+08:00``       stands still at that instant;
- ``simulated:2019-03-01T09:00:00+08:00``   starts there and runs with the wall clock.
A fixed or simulated clock can be moved by an operator (``/admin/v1/clock``); the wall
clock cannot.
"""
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

BEIJING = ZoneInfo("Asia/Shanghai")


class ClockError(ValueError):
    pass


class BusinessClock:
    def __init__(self, mode="wall", at=None, _wall=None):
        self._wall = _wall or (lambda: datetime.now(timezone.utc))
        if mode not in ("wall", "fixed", "simulated"):
            raise ClockError(f"unknown clock mode {mode!r}: use wall, fixed:<time> or simulated:<time>")
        if mode != "wall" and at is None:
            raise ClockError(f"a {mode} clock needs a starting time, e.g. {mode}:2019-03-01T09:00:00+08:00")
        self.mode = mode
        self._offset = timedelta(0)
        self._fixed = None
        if at is not None:
            self.set(at)

    @classmethod
    def from_setting(cls, setting):
        setting = (setting or "wall").strip()
        if setting == "wall":
            return cls()
        mode, _, at = setting.partition(":")
        return cls(mode, parse_instant(at))

    def now(self):
        """The business time, timezone-aware (UTC)."""
        if self.mode == "fixed":
            return self._fixed
        return self._wall() + self._offset

    def today_beijing(self):
        return self.now().astimezone(BEIJING).date()

    def set(self, at):
        if self.mode == "wall":
            raise ClockError("the wall clock cannot be moved")
        at = parse_instant(at) if isinstance(at, str) else at
        if at.tzinfo is None:
            raise ClockError("a business time needs a timezone, e.g. +08:00")
        at = at.astimezone(timezone.utc)
        if self.mode == "fixed":
            self._fixed = at
        else:
            self._offset = at - self._wall()

    def describe(self):
        return {"mode": self.mode, "now": self.now().isoformat()}


def parse_instant(text):
    try:
        value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise ClockError(f"not an ISO 8601 time: {text!r}") from None
    if value.tzinfo is None:
        raise ClockError(f"a business time needs a timezone: {text!r}")
    return value
