"""The Quickstart's first command when RabbitMQ cannot be reached: it says so, says how to
start it, and exits non-zero before starting anything (README, Quickstart). It needs nothing
the services do not need: no kubectl (issue 32, item 1)."""
import os
import subprocess

from award_testing.plugin import free_port

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def scripts_up(**env):
    unreachable = f"pyamqp://guest:guest@127.0.0.1:{free_port()}//"
    return subprocess.run([os.path.join(ROOT, "scripts", "up")], cwd=ROOT, capture_output=True, text=True,
                          timeout=300, env=dict(os.environ, AMQP_URI=unreachable, **env))


def test_scripts_up_without_a_broker_says_how_to_start_one_and_fails():
    done = scripts_up()
    assert done.returncode != 0
    assert "cannot be reached" in done.stderr and "rabbitmq-server -detached" in done.stderr
    assert "http://127.0.0.1:8001" not in done.stdout  # nothing was started


def test_scripts_up_on_a_machine_without_kubectl_gets_as_far_as_the_broker(tmp_path):
    (tmp_path / "kubectl").write_text('#!/bin/sh\necho "kubectl: command not found" >&2\nexit 127\n')
    (tmp_path / "kubectl").chmod(0o755)
    done = scripts_up(PATH=f"{tmp_path}:{os.environ['PATH']}")
    assert done.returncode == 1 and "cannot be reached" in done.stderr


def test_scripts_up_derives_the_certificates_address_from_where_publicity_is_served():
    """Issue 32, item 4: PUBLIC_BASE_URL, unless given, is where scripts/up serves publicity."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "PUBLIC_BASE_URL"}
    unreachable = f"pyamqp://guest:guest@127.0.0.1:{free_port()}//"
    done = subprocess.run([os.path.join(ROOT, "scripts", "up")], cwd=ROOT, capture_output=True, text=True,
                          timeout=300, env=dict(env, AMQP_URI=unreachable, PUBLICITY_HTTP_ADDRESS=f"0.0.0.0:{port}"))
    assert f"certificates will point at http://127.0.0.1:{port} (PUBLIC_BASE_URL" in done.stdout
    assert done.returncode == 1 and "cannot be reached" in done.stderr
