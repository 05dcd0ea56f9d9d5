"""The Quickstart's first command when RabbitMQ cannot be reached: it says so, says how to
start it, and exits non-zero before starting anything (README, Quickstart)."""
import os
import subprocess

from award_testing.plugin import free_port

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_scripts_up_without_a_broker_says_how_to_start_one_and_fails():
    unreachable = f"pyamqp://guest:guest@127.0.0.1:{free_port()}//"
    done = subprocess.run([os.path.join(ROOT, "scripts", "up")], cwd=ROOT, capture_output=True, text=True,
                          timeout=300, env=dict(os.environ, AMQP_URI=unreachable))
    assert done.returncode != 0
    assert "cannot be reached" in done.stderr and "rabbitmq-server -detached" in done.stderr
    assert "http://127.0.0.1:8001" not in done.stdout  # nothing was started
