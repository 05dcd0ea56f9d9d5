"""bench/prepared.py runs the score sheet's own statements (the kit's ``Prepared`` reads and
inserts of scoring) both ways on PostgreSQL. It imports them from the service, so a change to a
statement's columns breaks it without any test noticing: it did, for a session (the score
sheet's insert gained ``transcribed_by`` and ``paper_reference`` and the bench stopped with a
``KeyError``). A run at a tiny scale says it still works; its figures are not read here (no test
asserts a time: docs/benchmarks.md)."""
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_the_prepared_statements_bench_runs_the_score_sheets_statements_both_ways():
    ran = subprocess.run([sys.executable, os.path.join(ROOT, "bench", "prepared.py"), "--applications", "5",
                          "--rounds", "100"], capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert ran.returncode == 0, ran.stderr[-3000:]
    assert "EXECUTE / text: statements" in ran.stdout, ran.stdout
    assert "as text, compiled once on the client" in ran.stdout and "EXECUTE of statements PREPAREd once" in ran.stdout
