"""Where the outbox relay's search for unsent rows may begin.

The relay reads unsent rows through a partial index (``sent_at IS NULL``). On PostgreSQL a
row marked sent leaves its entry in that index until a vacuum cleans it, and a search from the
first row walks every such entry: the relay's fetch took 4.3 ms with 100,000 of them, against
0.33 ms from a floor and 0.34 ms after a VACUUM (bench/outbox.py). Autovacuum waits for a fifth
of the table to be dead by default, and may skip the index altogether when the dead rows sit on
few pages — so on a long-lived outbox every commit's relay turn grew with the table. (SQLite removes an entry as its row leaves the index.)

A search may instead begin after a *floor*: an id below which no row can still be unsent. Ids
are allocated in increasing order, but transactions commit in any order, so a row with a
lower id may become visible after a higher one was published. The floor is therefore set only
by a search from the first row (a *full* search), and only up to rows allocated at least
``settle`` seconds before it began — every transaction that allocated them has ended by then,
unless it ran longer than ``settle`` — and below the lowest unsent row that search found:

- a row fetched by a search that began at ``t`` was allocated before ``t``, and so was every row
  with a lower id; a full search beginning at ``t + settle`` or later sees all of them that
  committed, and it sees which are unsent;
- a full search runs at least every ``rescan`` seconds, so a row of a transaction longer than
  ``settle``, committed below the floor, is published at most ``rescan`` seconds (and a poll
  interval) later — later, never lost.
"""
import collections
import time

SETTLE_SECONDS = 10.0   # a transaction that writes the outbox ends within this (or waits a rescan)
RESCAN_SECONDS = 5.0    # a search from the first row at least this often


class UnsentFloor:
    def __init__(self, settle=SETTLE_SECONDS, rescan=RESCAN_SECONDS, clock=time.monotonic):
        self.settle, self.rescan, self.clock = settle, rescan, clock
        self.floor = 0  # no row at or below this id is unsent (as of the last full search)
        self._full_at = None  # when the last full search began
        self._seen = collections.deque()  # (when a search began, the highest id it fetched), in time order
        self._settled = 0  # the highest fetched id allocated ``settle`` seconds before the last full search

    def forget(self):
        """Search from the first row again: after rows were deleted, SQLite may hand their ids
        out again (an ``INTEGER PRIMARY KEY`` reuses the highest id once it is gone)."""
        self.floor, self._full_at, self._settled = 0, None, 0
        self._seen.clear()

    def start(self):
        """The id a pump's first search starts after: 0 (every row) when a full search is due."""
        if self._full_at is None or self.clock() - self._full_at >= self.rescan:
            return 0
        return self.floor

    def fetched(self, after, rows, began):
        """A search for unsent rows with ids above ``after``, begun at ``began`` (this clock),
        returned ``rows`` (ordered by id, as many as its limit allowed)."""
        if rows:
            self._seen.append((began, rows[-1].id))
        if after:
            return
        while self._seen and self._seen[0][0] <= began - self.settle:
            self._settled = max(self._settled, self._seen.popleft()[1])
        self.floor = min(self._settled, rows[0].id - 1) if rows else self._settled
        self._full_at = began
