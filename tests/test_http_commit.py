"""An HTTP call answered 201 is committed: kill the process right after the answer, and the
change — with its outgoing event — is in the database (the unit of work commits inside the
entrypoint, before nameko sends the response; docs/nameko.md, 1)."""
import os
import signal
import subprocess
import sys

import sqlalchemy as sa
import yaml

from award_intake.tables import cycles
from award_shared.store import db
from award_shared.store.migrations import upgrade
from award_shared.web import keys
from award_testing.helpers import wait_until_serving
from award_testing.plugin import free_port

NAMEKO = os.path.join(os.path.dirname(sys.executable), "nameko")


def test_a_201_survives_the_process_being_killed_right_after_the_answer(
        rabbit_config, database_url_factory, key_dir, token, declare_topology, queue_type, tmp_path):
    url = database_url_factory("intake")
    upgrade("award_intake", url)
    port = free_port()
    config = tmp_path / "config.yaml"
    config.write_text(yaml.safe_dump({
        "AMQP_URI": rabbit_config["AMQP_URI"], "WEB_SERVER_ADDRESS": f"127.0.0.1:{port}",
        "DATABASE_URL": url, "JWT_PUBLIC_KEY_FILE": os.path.join(key_dir, keys.PUBLIC_KEY_NAME),
        "CLOCK": "fixed:2019-03-01T09:00:00+08:00", "QUEUE_TYPE": queue_type,
    }))
    proc = subprocess.Popen([NAMEKO, "run", "--config", str(config), "award_intake.service:IntakeService"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=str(tmp_path))
    try:
        import requests

        wait_until_serving(proc, f"http://127.0.0.1:{port}/health/live", message="nameko run to serve")
        resp = requests.post(f"http://127.0.0.1:{port}/v1/cycles", timeout=30,
                             headers={"Authorization": "Bearer " + token("office")},
                             json={"edition": 2019, "schedule": {"application": "2019-05-31T17:00:00+08:00"}})
        proc.send_signal(signal.SIGKILL)
        assert resp.status_code == 201, resp.text
    finally:
        proc.kill()
        proc.wait()
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        assert conn.execute(sa.select(cycles.c.edition)).scalars().all() == [2019]
        assert conn.execute(sa.select(db.outbox.c.type)).scalars().all() == ["cycle.opened"]
    engine.dispose()
