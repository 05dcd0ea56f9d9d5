"""A service's log as an operator reads it (issue 32, 7): started with ``award-run`` and its own
``config.yaml``, a service's log opens without eventlet's nine-line deprecation notice; every
line has its time, level and the service's name; ``LOG_FORMAT=json`` writes one JSON object a
line, and a line written while a request is served carries that request's id (the client's
``X-Request-Id``, echoed in the answer) and the cycle its path names."""
import json
import os
import subprocess
import sys
from datetime import datetime

import pytest
import requests

from award_shared.store.migrations import upgrade
from award_shared.web import keys
from award_testing.helpers import wait_until_serving
from award_testing.plugin import free_port

# the subject is the log's lines and fields, not the database:
# the services' own tests and the suite's database tests cover both engines
pytestmark = pytest.mark.engines("postgresql")

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
AWARD_RUN = os.path.join(os.path.dirname(sys.executable), "award-run")


def run_intake(fmt, rabbit_config, database_url_factory, key_dir, queue_type, tmp_path):
    url = database_url_factory("intake")
    upgrade("award_intake", url)
    port = free_port()
    env = dict(os.environ, AMQP_URI=rabbit_config["AMQP_URI"], INTAKE_HTTP_ADDRESS=f"127.0.0.1:{port}",
               INTAKE_DATABASE_URL=url, JWT_PUBLIC_KEY_FILE=os.path.join(key_dir, keys.PUBLIC_KEY_NAME),
               AWARD_CLOCK="wall", QUEUE_TYPE=queue_type, LOG_FORMAT=fmt,
               INTAKE_DOCUMENT_DIR=str(tmp_path / "documents"), PYTHONWARNINGS="default")
    proc = subprocess.Popen([AWARD_RUN, "--config", os.path.join(ROOT, "services", "intake", "config.yaml"),
                             "award_intake.service:IntakeService"], env=env, cwd=str(tmp_path),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    wait_until_serving(proc, f"http://127.0.0.1:{port}/health/live", message="award-run to serve")
    return proc, port


def served_and_stopped(proc, port, token):
    try:  # on the wall clock no rule set is in force: the handler refuses, and nameko logs it
        resp = requests.post(f"http://127.0.0.1:{port}/v1/cycles", timeout=30, headers={
            "Authorization": "Bearer " + token("office"), "X-Request-Id": "req-issue-32"},
                             json={"edition": 2026, "schedule": {"application": "2026-12-31T17:00:00+08:00"}})
        refused = requests.get(f"http://127.0.0.1:{port}/v1/cycles/cycle-2019/notice", timeout=30,
                               headers={"Authorization": "Bearer " + token("office")})
    finally:  # logging flushes each record: what was logged is in the pipe; a stop is not the subject
        proc.kill()
        output, _ = proc.communicate()
    return resp, refused, output


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_a_services_log_has_time_level_service_and_the_requests_id(
        fmt, rabbit_config, database_url_factory, key_dir, queue_type, token, declare_topology, tmp_path):
    proc, port = run_intake(fmt, rabbit_config, database_url_factory, key_dir, queue_type, tmp_path)
    resp, refused, output = served_and_stopped(proc, port, token)
    assert resp.status_code == 409 and resp.headers["X-Request-Id"] == "req-issue-32"
    assert len(refused.headers["X-Request-Id"]) == 32  # none given: one made, and answered
    assert "Eventlet is deprecated" not in output and "pkg_resources is deprecated" not in output
    lines = [line for line in output.splitlines() if line.strip()]
    assert lines
    if fmt == "json":
        records = [json.loads(line) for line in lines if not line.startswith((" ", "Traceback"))]
        assert all({"time", "level", "service", "logger", "message"} <= set(r) for r in records)
        assert all(r["service"] == "intake" and datetime.fromisoformat(r["time"]) for r in records)
        [served] = [r for r in records if r.get("request_id") == "req-issue-32"]
        assert served["level"] == "WARNING" and "no rule set is in force" in served["message"]
        [unknown] = [r for r in records if r.get("cycle_id") == "cycle-2019"]
        assert unknown["request_id"] == refused.headers["X-Request-Id"]
    else:
        first = lines[0].split(" ")
        assert datetime.fromisoformat(first[0]) and first[1] in ("INFO", "WARNING", "DEBUG") and first[2] == "intake"
        assert any("[request_id=req-issue-32" in line for line in lines)


def test_the_commands_scripts_up_runs_print_no_notice_of_what_we_chose_knowingly(tmp_path):
    """scripts/up's own output: the migration and the wall-clock advice, without eventlet's
    nine-line notice or setuptools' pkg_resources warning (docs/design.md, "Why eventlet")."""
    bin_dir = os.path.dirname(sys.executable)
    env = dict(os.environ, INTAKE_DATABASE_URL=f"sqlite:///{tmp_path / 'intake.db'}", PYTHONWARNINGS="default")
    for command in ([os.path.join(bin_dir, "award-migrate"), "intake"],
                    [sys.executable, "-m", "award_intake.quickstart"]):
        done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr[-2000:]
        said = done.stdout + done.stderr
        assert "Eventlet is deprecated" not in said and "pkg_resources is deprecated" not in said, said[-2000:]
