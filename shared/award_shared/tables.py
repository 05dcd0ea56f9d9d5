"""What a service's ``tables.py`` and ``queries.py`` are built with (through the front door,
``from award_shared import tables``):

- ``KIT``: the kit's own tables (outbox, inbox, dead letters, audit, holds, rosters), which every
  service's database holds beside its own; ``CYCLES``: its copy of the cycles (``known_cycles``);
- ``Instant``: the column type of a moment (stored as UTC, read back time-zone aware);
- ``Prepared``: a statement a hot path runs on every call, built once and run through the
  driver; ``KeyedUpdate``: an ``UPDATE … WHERE key`` whose SET is the values given. Both run
  through the unit of work's helpers (``tx.first``, ``tx.all``, ``tx.run``, ``tx.one_or_404``);
- ``json_rows``: another table's rows read as one JSON column of a statement that runs anyway.
"""
from award_shared.cycles import CYCLES, known_cycles
from award_shared.store.db import KIT, Instant, keyed_update
from award_shared.store import json_rows
from award_shared.store.prepared import KeyedUpdate, Prepared

__all__ = ["CYCLES", "KIT", "Instant", "KeyedUpdate", "Prepared", "json_rows", "keyed_update", "known_cycles"]
