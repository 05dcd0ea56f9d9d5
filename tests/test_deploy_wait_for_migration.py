"""deploy/wait-for-migration.py, the init container that keeps a replica from starting on an
old schema until the migration Job has run."""
import os
import subprocess
import sys

from award_shared.store.migrations import upgrade

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCRIPT = os.path.join(ROOT, "deploy", "wait-for-migration.py")


def check(url):
    return subprocess.run([sys.executable, SCRIPT, "scoring", "--database-url", url, "--once"],
                          capture_output=True, text=True)


def test_a_replica_waits_until_the_migration_job_has_brought_the_database_to_head(tmp_path):
    url = f"sqlite:///{tmp_path}/scoring.db"
    before = check(url)
    assert before.returncode == 1 and "waiting for the migration Job" in before.stdout
    upgrade("award_scoring", url)
    after = check(url)
    assert after.returncode == 0 and "newest migration" in after.stdout
