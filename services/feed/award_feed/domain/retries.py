"""When a failing webhook is tried again, and when it is parked (issue 36, item 2). Not a rule
of the Measures: the suite's delivery policy (docs/bureaus.md).

Exponential backoff with full jitter: the n-th failure in a row waits a random time between
half and all of ``first * 2**(n-1)``, at most ``cap``; a subscription failing for longer than
``retry_for`` seconds since its first failure in a row is parked — no more attempts until an
operator replays it."""


def delay(failures, first, cap, random):
    """Seconds to wait after ``failures`` failures in a row (``random()``: a float in [0, 1))."""
    ceiling = min(cap, first * 2 ** min(max(failures - 1, 0), 32))
    return ceiling * (0.5 + random() / 2)


def parked(failing_since, now, retry_for):
    """True when a subscription failing since ``failing_since`` is to be parked at ``now``."""
    return failing_since is not None and (now - failing_since).total_seconds() >= retry_for
