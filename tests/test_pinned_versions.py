"""The pins that once held known vulnerabilities (issue 33, item 2) stay past their fixes, and
what forced them stays gone: nameko's pytest plugin (its web_session fixture needs
werkzeug.urls.url_join, which Werkzeug 3 dropped) is not loaded; the nameko command still
finds pkg_resources in the pinned setuptools. docs/operations.md, "Pinned versions"."""
import os
import subprocess
import sys
from importlib.metadata import version

from packaging.version import Version

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXED = {  # package: (the first version with every fix, the advisories)
    "werkzeug": ("3.0.6", "CVE-2024-34069 (3.0.3), CVE-2024-49767 (3.0.6)"),
    "setuptools": ("70.0.0", "CVE-2024-6345"),
}


def pinned():
    with open(os.path.join(ROOT, "constraints.txt")) as fh:
        return dict(line.split("#")[0].strip().lower().split("==") for line in fh if "==" in line.split("#")[0])


def test_pinned_and_installed_past_the_fixes():
    pins = pinned()
    for package, (fixed, advisories) in FIXED.items():
        assert Version(pins[package]) >= Version(fixed), f"{package} {pins[package]}: {advisories}"
        assert version(package) == pins[package], f"{package}: run scripts/install"


def test_nameko_s_plugin_is_replaced_by_the_suite_s_own(request):
    manager = request.config.pluginmanager
    assert not manager.has_plugin("pytest_nameko")
    assert manager.has_plugin("award_testing.nameko")
    fixtures = request.session._fixturemanager
    assert not fixtures.getfixturedefs("web_session", request.node)
    for name in ("vhost_pipeline", "rabbit_manager", "container_factory", "runner_factory"):
        assert fixtures.getfixturedefs(name, request.node)[-1].func.__module__ == "award_testing.nameko"


def test_the_nameko_command_runs_on_the_pinned_setuptools():
    nameko = os.path.join(os.path.dirname(sys.executable), "nameko")
    done = subprocess.run([nameko, "--help"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "run" in done.stdout, done.stderr
