"""The bell long polls wait on: rung once a transaction that added events to the feed commits.

``threading.Condition`` under the service's runtime (eventlet, which nameko patches into
``threading``) is a green wait: a waiting request costs a parked green thread, no CPU and no
database connection; it is woken the moment the bell rings, or when its wait is over. The
bell rings for the events this instance consumed; events another instance of the feed
committed are found by looking again every ``FEED_POLL_SECONDS`` of the wait."""
import threading
import time


class Bell:
    def __init__(self, max_waiters):
        self._condition = threading.Condition()
        self.rung = 0            # how many times it rang: a waiter waits for a change of it
        self.waiting = 0
        self.max_waiters = max_waiters

    def ring(self):
        with self._condition:
            self.rung += 1
            self._condition.notify_all()

    def wait(self, seen, timeout):
        """Until the bell has rung since ``seen`` (an earlier :attr:`rung`) or ``timeout``
        seconds have passed; True if it rang."""
        deadline = time.monotonic() + timeout
        with self._condition:
            while self.rung == seen:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._condition.wait(remaining)
            return True

    def enter(self):
        """Take a waiter's place: False when ``max_waiters`` already wait (the caller answers at once)."""
        with self._condition:
            if self.waiting >= self.max_waiters:
                return False
            self.waiting += 1
            return True

    def leave(self):
        with self._condition:
            self.waiting -= 1


def bell_of(config):
    return Bell(int(config.get("FEED_MAX_WAITERS") or 20))
