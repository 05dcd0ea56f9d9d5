"""bench/prepared.py — would server-side prepared statements (``PREPARE``/``EXECUTE``) make the
score sheet's statements cheaper on PostgreSQL? (issue 37, item 2)

    .venv/bin/python bench/prepared.py [--applications 1000] [--rounds 2000]

psycopg2 has no server-side prepared statements of its own: every statement is sent as text and
parsed and planned by the server each time. ``award_shared.store.prepared`` compiles the SQL once
on the client; this bench measures what the server would save if it also planned once. On a
scoring database (migrated, with a cycle of ``--applications`` applications, five seats and three
sheets each), it runs the score sheet's four statements — the application locked, its review state
in one UNION (with Art. 27's roster rows), the sheet inserted, the audit row — in one transaction,
``--rounds`` times each way, alternating blocks of 100 in the same process: as the kit runs them
(text through the driver, ``Prepared``), and as ``EXECUTE`` of statements ``PREPARE``d once on
the connection. Printed: the median milliseconds of the statements and of the whole transaction
each way, and their ratio.
"""
import argparse
import os
import re
import statistics
import sys
import time
import uuid
import warnings
from datetime import datetime, timezone

warnings.filterwarnings("ignore")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import sqlalchemy as sa  # noqa: E402

from _harness import databases  # noqa: E402
from award_scoring import queries, reviews  # noqa: E402
from award_scoring.tables import applications, assignments, stage_results, stages  # noqa: E402
from award_scoring.tables import reviews as review_rows  # noqa: E402
from award_shared.cycles import known_cycles  # noqa: E402
from award_shared.store import db  # noqa: E402
from award_shared.store.migrations import upgrade  # noqa: E402
from award_shared.store.uow import _AUDIT_INSERT  # noqa: E402

CYCLE, STEP = "cycle-2019", "material_review"
NOW = datetime(2019, 7, 1, 1, 0, tzinfo=timezone.utc)


def fill(url, n_apps):
    engine = sa.create_engine(url)
    apps = [f"app-{n:05d}" for n in range(n_apps)]
    with engine.begin() as conn:
        conn.execute(known_cycles.insert(), [{"cycle_id": CYCLE, "edition": 2019, "ruleset_id": "jinan-2018",
                                              "ruleset_sha256": "0" * 64, "ruleset": "{}", "schedule": "{}",
                                              "status": "open", "learned_at": NOW}])
        conn.execute(stages.insert(), [{"cycle_id": CYCLE, "stage": s, "status": "open", "opened_at": NOW,
                                        "opened_by": "office"} for s in ("qualification_review", STEP)])
        conn.execute(db.cycle_rosters.insert(), [{"cycle_id": "cycle-2018", "role": "disqualified",
                                                  "subjects": '["exp-x"]', "status": "closed", "sequence": 0}])
        conn.execute(applications.insert(), [{"application_id": a, "cycle_id": CYCLE, "kind": "unit",
                                              "tilt_claims": "[]", "updated_at": NOW} for a in apps])
        conn.execute(assignments.insert(), [{"application_id": a, "cycle_id": CYCLE, "expert_subject": f"exp-{e}",
                                             "status": "active", "mode": "random", "assigned_at": NOW,
                                             "assigned_by": "agency"} for a in apps for e in range(5)])
        conn.execute(stage_results.insert(), [{"application_id": a, "cycle_id": CYCLE, "stage": "qualification_review",
                                               "status": "completed", "outcome": "passed", "computed_at": NOW}
                                              for a in apps])
        conn.execute(review_rows.insert(), [{"review_id": str(uuid.uuid4()), "application_id": a, "cycle_id": CYCLE,
                                             "stage": STEP, "reviewer": f"exp-{e}", "reviewer_role": "expert",
                                             "total": 600.0, "recorded_at": NOW} for a in apps for e in range(3)])
    engine.dispose()
    return apps


class Statement:
    """One of the kit's ``Prepared`` statements, run as text (as the kit does) or as ``EXECUTE``."""

    def __init__(self, name, prepared, dialect):
        self.name = name
        self.plan = prepared._plan(dialect)
        order = []

        def number(match):
            if match.group(1) not in order:
                order.append(match.group(1))
            return f"${order.index(match.group(1)) + 1}"
        self.prepare_sql = f"PREPARE {name} AS " + re.sub(r"%\((\w+)\)s", number, self.plan.sql).replace("%%", "%")
        self.order = order
        self.execute_sql = f"EXECUTE {name} ({', '.join(['%s'] * len(order))})" if order else f"EXECUTE {name}"

    def text(self, cursor, params):
        cursor.execute(self.plan.sql, self.plan.args(params))

    def execute(self, cursor, params):
        args = self.plan.args(params)
        cursor.execute(self.execute_sql, tuple(args[name] for name in self.order))


def sheet(cursor, statements, how, app, expert):
    """The score sheet's four statements; the seconds they took."""
    lock, state, insert, audit = statements
    started = time.perf_counter()
    getattr(lock, how)(cursor, {"application_id": app})
    cursor.fetchall()
    getattr(state, how)(cursor, {"application_id": app, "cycle_id": CYCLE, "stage": STEP})
    cursor.fetchall()
    getattr(insert, how)(cursor, {
        "review_id": str(uuid.uuid4()), "application_id": app, "cycle_id": CYCLE, "stage": STEP, "reviewer": expert,
        "reviewer_role": "expert", "outcome": None, "scores": '{"leadership": 90}', "total": 620.0, "conditions": None,
        "comments": "材料翔实，过程规范。", "supersedes": None, "correction_reason": None, "recorded_at": NOW,
        "transcribed_by": None, "paper_reference": None})
    getattr(audit, how)(cursor, {"at": NOW, "actor": expert, "actor_name": None, "roles": "expert",
                                 "action": "review.record", "target": app, "reason": None, "detail": '{"total": 620.0}'})
    return time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--applications", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=2000)
    args = parser.parse_args()
    with databases("postgresql", ["scoring"]) as urls:
        url = urls["scoring"]
        upgrade("award_scoring", url)
        apps = fill(url, args.applications)
        engine = sa.create_engine(url)
        dialect = engine.dialect
        statements = [Statement(name, prepared, dialect) for name, prepared in (
            ("sheet_lock", queries._APPLICATION_LOCKED), ("sheet_state", queries._SHEET_STATE),
            ("sheet_insert", reviews._INSERT), ("sheet_audit", _AUDIT_INSERT))]
        raw = engine.raw_connection()
        conn = raw.dbapi_connection
        cursor = conn.cursor()
        for statement in statements:
            cursor.execute(statement.prepare_sql)
        conn.commit()
        times = {"text": ([], []), "execute": ([], [])}
        block, n = 100, 0
        while n < 2 * args.rounds:
            for how in ("text", "execute"):
                for _ in range(block):
                    app, expert = apps[n % len(apps)], f"exp-{n % 5}"
                    started = time.perf_counter()
                    in_statements = sheet(cursor, statements, how, app, expert)
                    conn.commit()
                    times[how][0].append(in_statements)
                    times[how][1].append(time.perf_counter() - started)
                    n += 1
        cursor.close()
        raw.close()
        engine.dispose()
    print(f"bench/prepared.py: the score sheet's 4 statements on PostgreSQL, {args.rounds} transactions each way, "
          f"alternating blocks of {block}, {args.applications} applications")
    median = {how: (statistics.median(a) * 1000, statistics.median(b) * 1000) for how, (a, b) in times.items()}
    for how, label in (("text", "as text, compiled once on the client (the kit before PREPARE)"),
                       ("execute", "EXECUTE of statements PREPAREd once")):
        print(f"  {label:<52} statements {median[how][0]:.3f} ms   transaction {median[how][1]:.3f} ms")
    print(f"  EXECUTE / text: statements {median['execute'][0] / median['text'][0]:.2f}×, "
          f"transaction {median['execute'][1] / median['text'][1]:.2f}× (below 1: prepared is faster)")


if __name__ == "__main__":
    main()
