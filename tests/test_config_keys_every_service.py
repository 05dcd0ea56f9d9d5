"""Every setting the code reads is in the config.yaml of each service that reads it, with
the environment variable that overrides it (style.md, principle 5; issue 9, item 5).

The keys are found the simple way, as ``grep`` would: ``config.get("KEY"`` and
``config["KEY"]`` in the kit (read by every service) and in each service's own package.
A new setting read without its line in config.yaml fails here."""
import os
import re

import pytest

from award_shared.topology import SERVICES

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
READS = [re.compile(r"""config\.get\(\s*["']([A-Z][A-Z0-9_]*)["']"""),
         re.compile(r"""config\[\s*["']([A-Z][A-Z0-9_]*)["']\s*\]""")]
LINE = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*):\s*(.*)$")


def keys_read_under(directory):
    found = {}
    for folder, dirs, files in os.walk(directory):
        dirs[:] = [d for d in dirs if d not in ("tests", "__pycache__", "migrations")]
        for name in files:
            if name.endswith(".py"):
                path = os.path.join(folder, name)
                with open(path, encoding="utf-8") as fh:
                    text = fh.read()
                for pattern in READS:
                    for key in pattern.findall(text):
                        found.setdefault(key, os.path.relpath(path, ROOT))
    return found


def config_lines(service):
    """Top-level key -> its value as written (unparsed) in the service's config.yaml."""
    with open(os.path.join(ROOT, "services", service, "config.yaml"), encoding="utf-8") as fh:
        return {m.group(1): m.group(2) for m in map(LINE.match, fh) if m}


KIT = keys_read_under(os.path.join(ROOT, "shared", "award_shared"))


def test_the_scan_finds_the_settings_the_kit_is_known_to_read():
    assert {"AMQP_URI", "DATABASE_URL", "AMQP_TRANSPORT", "OUTBOX_RELAY", "CLOCK"} <= set(KIT)


@pytest.mark.parametrize("service", SERVICES)
def test_every_setting_read_is_in_the_config_yaml_with_its_environment_variable(service):
    read = {**KIT, **keys_read_under(os.path.join(ROOT, "services", service, f"award_{service}"))}
    lines = config_lines(service)
    missing = {key: where for key, where in read.items() if key not in lines}
    assert not missing, f"services/{service}/config.yaml lacks settings the code reads: {missing}"
    fixed = {key: lines[key] for key in read if "${" not in lines[key]}
    assert not fixed, f"services/{service}/config.yaml: no environment variable overrides {fixed}"
