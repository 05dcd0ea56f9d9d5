"""How fast the machine runs Python while a bench runs: a fixed piece of pure-Python work,
timed in CPU seconds every few seconds by a process of its own.

The same work costing more CPU time means the CPU itself gave less (the host sharing it,
another guest on its sibling thread, a lower clock), whatever the bench was doing: seen here,
within one stage of ``bench/cycle.py`` the same score sheet cost 1.33 ms of scoring's CPU in one
20 s window and 1.94 in the next, the client's CPU moving with it. A baseline measured before
or after a run misses a slowdown that comes and goes inside it; this is measured throughout.

Read it against other runs of the same bench: the loop also pays for sharing a core with the
suite's own processes (under ``bench/bus.py``, which keeps both cores busy, it read +56 % while
a 1,000 cycle read +7 %), so it tells a slow host from a fast one only where the load is the
same. A process of its own, not a thread of the bench: a thread would hold the bench's interpreter
lock for milliseconds at a time, and ``bench/holds.py`` runs services in its own process whose
latencies it measures. It takes ≈0.4 % of a core (≈12 ms every ``every`` seconds).

    python bench/_speed.py EVERY FILE   # appends "perf_counter cpu_seconds" lines to FILE
"""
import statistics
import subprocess
import sys
import tempfile
import time

_LOOPS = 150_000  # ≈6 ms of one core


def _work():
    started, total = time.process_time(), 0
    for i in range(_LOOPS):
        total += i * i
    return time.process_time() - started


def sample(repeats=2):
    """CPU seconds the fixed work took: the least of ``repeats`` tries (an interrupt only adds)."""
    return min(_work() for _ in range(repeats))


class SpeedProbe:
    """``with SpeedProbe() as probe:`` samples in a child process. ``probe.during(a, b)`` is
    the median of the samples taken between two ``time.perf_counter()`` instants (the system's
    monotonic clock, the same in every process), and ``probe.relative`` puts a sample against
    the fastest one. The fastest, not the moment before the run (``before``): that moment is
    one sample of a machine that changes, and in the first runs it was itself 3–76 % slower
    than the run's fastest."""

    def __init__(self, every=3.0):
        self.every, self.samples = every, []
        self.before = self.fastest = statistics.median(sample() for _ in range(5))
        self._file = tempfile.NamedTemporaryFile("r", prefix="award-speed-", suffix=".txt")
        self._child = None

    def __enter__(self):
        self._child = subprocess.Popen([sys.executable, __file__, str(self.every), self._file.name])
        return self

    def __exit__(self, *exc):
        self._child.terminate()
        self._child.wait(timeout=10)
        self.samples = [tuple(map(float, line.split())) for line in self._file.read().splitlines() if line]
        self._file.close()
        self.fastest = min([self.before] + [s for _, s in self.samples])

    def during(self, start, end):
        taken = [s for at, s in self.samples if start <= at < end]
        return statistics.median(taken) if taken else None

    def relative(self, seconds):
        """``seconds`` against the fastest sample: +0.25 is a quarter slower."""
        return None if seconds is None else seconds / self.fastest - 1

    def summary(self):
        """``(median, "+0% to +79% of its fastest CPU time (median +65%, 30 samples)")`` of the
        samples against the fastest, or None without a sample."""
        taken = sorted(s for _, s in self.samples)
        if not taken:
            return None
        low, middle, high = (self.relative(s) for s in (taken[0], taken[len(taken) // 2], taken[-1]))
        return middle, (f"{low:+.0%} to {high:+.0%} of its fastest CPU time "
                        f"(median {middle:+.0%}, {len(taken)} samples; bench/_speed.py)")


def _sampler(every, path):
    with open(path, "a") as out:
        while True:
            out.write(f"{time.perf_counter()} {sample()}\n")
            out.flush()
            time.sleep(every)


if __name__ == "__main__":
    _sampler(float(sys.argv[1]), sys.argv[2])
