"""deploy/wait-for-migration.py, the init container that keeps a replica from starting on an
old schema until the migration Job has run (the services' and the staff console's)."""
import importlib.util
import os
import subprocess
import sys

from award_shared.store.migrations import upgrade
from award_tools import migrate

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


def test_the_consoles_store_is_migrated_and_waited_for_as_a_services_database_is(tmp_path, monkeypatch, capsys):
    """``award-migrate console`` and the console's init container find its store where the
    console does, in CONSOLE_DATABASE_URL (the console has no config.yaml)."""
    spec = importlib.util.spec_from_file_location("wait_for_migration", SCRIPT)
    wait = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(wait)
    monkeypatch.setenv("CONSOLE_DATABASE_URL", f"sqlite:///{tmp_path}/console.db")
    assert wait.main(["console", "--once"]) == 1 and "waiting for the migration Job" in capsys.readouterr().out
    assert migrate.main(["console"]) == 0 and f"{tmp_path}/console.db migrated" in capsys.readouterr().out
    assert wait.main(["console", "--once"]) == 0 and "newest migration" in capsys.readouterr().out
