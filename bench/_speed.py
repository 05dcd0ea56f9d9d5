"""How fast the machine runs Python while a bench runs: a fixed piece of pure-Python work,
timed in its own thread's CPU seconds every few seconds.

The same work costing more CPU time means the CPU itself gave less (the host sharing it,
another guest on its sibling thread, a lower clock), whatever the bench was doing: seen here,
within one stage of ``bench/cycle.py`` the same score sheet cost 1.33 ms of scoring's CPU in one
20 s window and 1.94 in the next, the client's CPU moving with it. A baseline measured before
or after a run misses a slowdown that comes and goes inside it; this is measured throughout.

It takes the bench's process ≈0.4 % of a core (≈12 ms every ``every`` seconds).
"""
import statistics
import threading
import time

_LOOPS = 150_000  # ≈5–10 ms of one core


def _work():
    started, total = time.thread_time(), 0
    for i in range(_LOOPS):
        total += i * i
    return time.thread_time() - started


def sample(repeats=3):
    """CPU seconds the fixed work took: the least of ``repeats`` tries (an interrupt only adds)."""
    return min(_work() for _ in range(repeats))


class SpeedProbe:
    """``with SpeedProbe() as probe:`` samples in the background. ``probe.during(a, b)`` is the
    median of the samples taken between two ``time.perf_counter()`` instants, as a fraction
    slower than the fastest sample (``probe.relative``). The fastest, not the moment before
    the run (``before``): that moment is one sample of a machine that changes, and in the first
    runs it was itself 3–76 % slower than the run's fastest."""

    def __init__(self, every=3.0):
        self.every, self.samples = every, []
        self.before = statistics.median(sample() for _ in range(5))
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="speed-probe", daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def _run(self):
        while not self._stop.wait(self.every):
            self.samples.append((time.perf_counter(), sample(repeats=2)))

    @property
    def fastest(self):
        return min([self.before] + [s for _, s in self.samples])

    def during(self, start, end):
        taken = [s for at, s in self.samples if start <= at < end]
        return statistics.median(taken) if taken else None

    def all(self):
        return [s for _, s in self.samples]

    def relative(self, seconds):
        """``seconds`` against the fastest sample: +0.25 is a quarter slower."""
        return None if seconds is None else seconds / self.fastest - 1
