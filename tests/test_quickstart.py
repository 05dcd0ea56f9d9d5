"""The Quickstart's first command when RabbitMQ cannot be reached: it says so, says how to
start it, and exits non-zero before starting anything (README, Quickstart). It needs nothing
the services do not need: no kubectl (issue 32, item 1).

One start of ``scripts/up`` carries every case (each start costs CI some 6 s, most of it
scripts/install's checks): on a machine whose kubectl fails, with publicity served at an
address of its own and no PUBLIC_BASE_URL, against a broker that does not answer."""
import os
import subprocess

import pytest

from award_testing.plugin import free_port

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@pytest.fixture(scope="module")
def scripts_up(tmp_path_factory):
    """``scripts/up`` run once: (the finished process, publicity's port)."""
    bin_dir = tmp_path_factory.mktemp("no-kubectl")
    (bin_dir / "kubectl").write_text('#!/bin/sh\necho "kubectl: command not found" >&2\nexit 127\n')
    (bin_dir / "kubectl").chmod(0o755)
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "PUBLIC_BASE_URL"}
    env.update(AMQP_URI=f"pyamqp://guest:guest@127.0.0.1:{free_port()}//", PATH=f"{bin_dir}:{env['PATH']}",
               PUBLICITY_HTTP_ADDRESS=f"0.0.0.0:{port}")
    done = subprocess.run([os.path.join(ROOT, "scripts", "up")], cwd=ROOT, capture_output=True, text=True,
                          timeout=300, env=env)
    return done, port


def test_scripts_up_without_a_broker_says_how_to_start_one_and_fails(scripts_up):
    done, _ = scripts_up
    assert done.returncode != 0
    assert "cannot be reached" in done.stderr and "rabbitmq-server -detached" in done.stderr
    assert "http://127.0.0.1:8001" not in done.stdout  # nothing was started


def test_scripts_up_on_a_machine_without_kubectl_gets_as_far_as_the_broker(scripts_up):
    done, _ = scripts_up  # kubectl on its PATH fails as a missing one would
    assert done.returncode == 1 and "cannot be reached" in done.stderr


def test_scripts_up_derives_the_certificates_address_from_where_publicity_is_served(scripts_up):
    """Issue 32, item 4: PUBLIC_BASE_URL, unless given, is where scripts/up serves publicity."""
    done, port = scripts_up
    assert f"certificates will point at http://127.0.0.1:{port} (PUBLIC_BASE_URL" in done.stdout
    assert done.returncode == 1 and "cannot be reached" in done.stderr
