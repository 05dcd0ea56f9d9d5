"""The business clock: the wall clock in production; fixed or simulated in tests and
demonstrations, so that the 2019 and 2021 cycles under the 2018 Measures can be replayed.

Configured by ``CLOCK`` in a service's config (env ``AWARD_CLOCK``):
- ``wall``                                  the real time;
- ``fixed:2019-03-01T09:00:00+08:00``       stands still at that instant;
- ``simulated:2019-03-01T09:00:00+08:00``   starts there and runs with the wall clock.
A fixed or simulated clock can be moved by an operator (``/admin/v1/clock``); the wall
clock cannot. Every business time lies within ``CLOCK_MIN`` .. ``CLOCK_MAX`` (default
2000-01-01 to 2100-12-31, UTC; the same in every service): near ``datetime``'s own ends an
offset or a deadline computed from the clock overflows, and nothing of the award needs them.
"""
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

BEIJING = ZoneInfo("Asia/Shanghai")


DEFAULT_MIN = "2000-01-01T00:00:00+00:00"
DEFAULT_MAX = "2100-12-31T23:59:59+00:00"


class ClockError(ValueError):
    pass


class ClockRangeError(ClockError):
    """The time given is not an instant within the configured range (or not one at all)."""


class BusinessClock:
    def __init__(self, mode="wall", at=None, _wall=None, earliest=None, latest=None):
        self._wall = _wall or (lambda: datetime.now(timezone.utc))
        self.earliest = _utc(_instant(earliest or DEFAULT_MIN))
        self.latest = _utc(_instant(latest or DEFAULT_MAX))
        if self.earliest >= self.latest:
            raise ClockError(f"CLOCK_MIN ({self.earliest}) must come before CLOCK_MAX ({self.latest})")
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
    def from_setting(cls, setting, earliest=None, latest=None):
        setting = (setting or "wall").strip()
        if setting == "wall":
            return cls(earliest=earliest, latest=latest)
        mode, _, at = setting.partition(":")
        return cls(mode, parse_instant(at), earliest=earliest, latest=latest)

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
            raise ClockRangeError("a business time needs a timezone, e.g. +08:00")
        at = _utc(at)
        if at is None or not self.earliest <= at <= self.latest:
            raise ClockRangeError(f"the business time must lie between {self.earliest.isoformat()} and "
                                  f"{self.latest.isoformat()} (CLOCK_MIN, CLOCK_MAX)")
        if self.mode == "fixed":
            self._fixed = at
        else:
            self._offset = at - self._wall()

    def describe(self):
        return {"mode": self.mode, "now": self.now().isoformat()}


def zh_date(day):
    """A day as Chinese messages print it: ``2019年5月31日``. Takes a date, an ISO date string, or
    an aware instant (read in Beijing): no Chinese text shows an ISO date or a UTC instant."""
    if isinstance(day, str):
        day = datetime.fromisoformat(day.replace("Z", "+00:00")) if "T" in day else date.fromisoformat(day)
    if isinstance(day, datetime):
        day = (day if day.tzinfo else day.replace(tzinfo=timezone.utc)).astimezone(BEIJING).date()
    return f"{day.year}年{day.month}月{day.day}日"


def zh_time(instant, *, end=False):
    """An instant as Chinese messages print it, in Beijing time: ``2019年5月31日 17:00（北京时间）``.
    Takes an aware datetime or an ISO 8601 string (the contract's JSON fields keep that form); a
    naive one is UTC, as the suite stores instants (SQLite hands them back without a zone).
    ``end``: the instant ends a period, so midnight is 24:00 of the day before — a notice's window
    closes at ``2019年10月10日 24:00（北京时间）`` (Art. 17's 5 working days end with the fifth day)."""
    if isinstance(instant, str):
        instant = datetime.fromisoformat(instant.replace("Z", "+00:00"))
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=timezone.utc)
    local = instant.astimezone(BEIJING)
    if end and (local.hour, local.minute) == (0, 0):
        return f"{zh_date(local.date() - timedelta(days=1))} 24:00（北京时间）"
    return f"{zh_date(local)} {local.hour:02d}:{local.minute:02d}（北京时间）"


def parse_instant(text):
    try:
        value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise ClockRangeError(f"not an ISO 8601 time: {text[:64]!r}") from None
    if value.tzinfo is None:
        raise ClockRangeError(f"a business time needs a timezone: {text[:64]!r}")
    return value


def _instant(value):
    """A configured bound: YAML reads an unquoted ISO time as a datetime already."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ClockError(f"a clock bound needs a timezone: {value.isoformat()}")
        return value
    return parse_instant(str(value))


def _utc(value):
    """``value`` in UTC, or None where it has no UTC equivalent (9999-12-31T23:59-14:00)."""
    try:
        return value.astimezone(timezone.utc)
    except OverflowError:
        return None
