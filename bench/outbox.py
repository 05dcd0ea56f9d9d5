"""bench/outbox.py — the outbox relay's search for unsent rows as sent rows pile up.

    .venv/bin/python bench/outbox.py [--db both|sqlite|postgresql] [--sizes 1000,10000,100000]

Each service keeps its sent outbox rows (30 days by default; ``award.*`` for good) and finds
the unsent ones through a partial index (``sent_at IS NULL``). On PostgreSQL a row marked sent
leaves a dead entry in that index until a vacuum cleans it; this bench fills an intake database's
outbox with N rows marked sent as the relay marks them (autovacuum held off for the table: the
state between two vacuums, which on a large table autovacuum lets grow to a fifth of it), adds one
unsent row, and times the relay's own fetch (``OutboxRelay.fetch``: a transaction, the marks,
the search) searching from the first row — what every relay turn did — against searching from
its floor (``award_shared.bus.relay_floor``: what a turn does between full searches), in the same
process, alternating, and prints the ratio. Then, on PostgreSQL, the search from the first row
after a ``VACUUM``.
"""
import eventlet

eventlet.monkey_patch()

import argparse  # noqa: E402
import os  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
import warnings  # noqa: E402
from datetime import datetime, timezone  # noqa: E402

warnings.filterwarnings("ignore")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import sqlalchemy as sa  # noqa: E402

from _harness import databases  # noqa: E402
from award_shared.store import kit_writes  # noqa: E402
from award_shared.bus.relay import OutboxRelay  # noqa: E402
from award_shared.store import db
from award_shared.store.migrations import upgrade  # noqa: E402

ROUNDS = 200  # fetches timed per measurement, alternating the two starts


def _add(engine, n, sent):
    """``n`` rows of a realistic size; marked sent a relay's batch at a time when ``sent``."""
    now = datetime.now(timezone.utc)
    body = '{"specversion": "1.0", "data": {"text": "' + "x" * 400 + '"}}'
    for start in range(0, n, 500):
        rows = [{"event_id": str(uuid.uuid4()), "type": "application.submitted", "subject": f"app-{start + i}",
                 "body": body, "created_at": now} for i in range(min(500, n - start))]
        with engine.begin() as conn:
            ids = conn.execute(db.outbox.insert().returning(db.outbox.c.id), rows).scalars().all()
            if sent:
                for chunk in range(0, len(ids), 100):
                    kit_writes.mark_outbox_sent(conn, ids[chunk:chunk + 100], now)


def _time(relay, after):
    started = time.perf_counter()
    rows = relay.fetch(after, 500)
    assert len(rows) == 1, rows
    return (time.perf_counter() - started) * 1e6


def measure(kind, sizes):
    with databases(kind, ["intake"]) as urls:
        url = urls["intake"]
        upgrade("award_intake", url)
        engine = db.make_engine(url)
        if kind == "postgresql":
            with engine.begin() as conn:
                conn.exec_driver_sql("ALTER TABLE outbox SET (autovacuum_enabled = false)")
        relay = OutboxRelay(service="intake", engine=engine, gate=db.TransactionGate(db.is_sqlite(url)),
                            amqp_uri="pyamqp://unused")
        total = 0
        for size in sizes:
            _add(engine, size - total, sent=True)
            total = size
            with engine.connect() as conn:
                floor = conn.execute(sa.select(sa.func.max(db.outbox.c.id))).scalar_one()
            _add(engine, 1, sent=False)
            full, floored = [], []
            for _ in range(ROUNDS):
                full.append(_time(relay, 0))
                floored.append(_time(relay, floor))
            a, b = statistics.median(full), statistics.median(floored)
            print(f"{kind:<11} {size:>9,} sent rows   from the first row {a:8.0f} µs   from the floor {b:6.0f} µs"
                  f"   {a / b:6.1f}×", flush=True)
            with engine.begin() as conn:  # the unsent row leaves for the next size
                kit_writes.mark_outbox_sent(conn, [floor + 1], datetime.now(timezone.utc))
        if kind == "postgresql":
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.exec_driver_sql("VACUUM outbox")
            _add(engine, 1, sent=False)
            after = statistics.median(_time(relay, 0) for _ in range(ROUNDS))
            print(f"{kind:<11} {total:>9,} sent rows   from the first row after VACUUM {after:6.0f} µs", flush=True)
        engine.dispose()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--sizes", default="1000,10000,100000",
                        help="cumulative counts of sent rows, comma-separated, ascending")
    args = parser.parse_args(argv)
    sizes = sorted(int(s) for s in args.sizes.split(","))
    print(f"bench/outbox.py: the relay's fetch of one unsent row, median of {ROUNDS} each, alternating; "
          "autovacuum held off for the outbox (PostgreSQL)")
    for kind in (["sqlite", "postgresql"] if args.db == "both" else [args.db]):
        measure(kind, sizes)


if __name__ == "__main__":
    main()
