"""Every setting the code reads is in the config.yaml of each service that reads it, with
the environment variable that overrides it (style.md, principle 5; issue 9, item 5).

The keys are found the simple way, as ``grep`` would: ``config.get("KEY"`` and
``config["KEY"]`` in the source. A service reads the keys of its own package and of every
kit module it loads (a fresh interpreter imports its service module and lists them); and
no key read anywhere in the kit or a service may be missing from every config.yaml.
A new setting read without its line in config.yaml fails here."""
import json
import os
import re
import subprocess
import sys

import pytest

from award_shared.bus.topology import SERVICES

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
READS = [re.compile(r"""config\.get\(\s*["']([A-Z][A-Z0-9_]*)["']"""),
         re.compile(r"""config\[\s*["']([A-Z][A-Z0-9_]*)["']\s*\]""")]
LINE = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*):\s*(.*)$")
LOADED = """
import importlib, json, sys
importlib.import_module(sys.argv[1] + ".service")
print(json.dumps(sorted(m.__file__ for n, m in list(sys.modules.items())
                        if n.split(".")[0] in ("award_shared", "award_rules") and getattr(m, "__file__", None))))
"""


def keys_read(paths):
    found = {}
    for path in paths:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        for pattern in READS:
            for key in pattern.findall(text):
                found.setdefault(key, os.path.relpath(path, ROOT))
    return found


def sources_under(directory):
    for folder, dirs, files in os.walk(directory):
        dirs[:] = [d for d in dirs if d not in ("tests", "__pycache__", "migrations")]
        yield from (os.path.join(folder, name) for name in files if name.endswith(".py"))


def kit_modules_loaded_by(service):
    out = subprocess.run([sys.executable, "-c", LOADED, f"award_{service}"], check=True,
                         capture_output=True, text=True, cwd=ROOT).stdout
    return json.loads(out.strip().splitlines()[-1])


def config_lines(service):
    """Top-level key -> its value as written (unparsed) in the service's config.yaml."""
    with open(os.path.join(ROOT, "services", service, "config.yaml"), encoding="utf-8") as fh:
        return {m.group(1): m.group(2) for m in map(LINE.match, fh) if m}


def test_the_scan_finds_the_settings_the_kit_is_known_to_read():
    kit = keys_read(sources_under(os.path.join(ROOT, "shared", "award_shared")))
    assert {"AMQP_URI", "DATABASE_URL", "AMQP_TRANSPORT", "OUTBOX_RELAY", "CLOCK"} <= set(kit)


@pytest.mark.parametrize("service", SERVICES)
def test_every_setting_a_service_reads_is_in_its_config_yaml_with_its_environment_variable(service):
    own = sources_under(os.path.join(ROOT, "services", service, f"award_{service}"))
    read = keys_read([*own, *kit_modules_loaded_by(service)])
    assert {"AMQP_URI", "DATABASE_URL"} <= set(read), "the scan must see the kit the service loads"
    lines = config_lines(service)
    missing = {key: where for key, where in read.items() if key not in lines}
    assert not missing, f"services/{service}/config.yaml lacks settings the code reads: {missing}"
    fixed = {key: lines[key] for key in read if "${" not in lines[key]}
    assert not fixed, f"services/{service}/config.yaml: no environment variable overrides {fixed}"


def test_no_setting_read_anywhere_is_missing_from_every_config_yaml():
    read = keys_read([*sources_under(os.path.join(ROOT, "shared", "award_shared")),
                      *sources_under(os.path.join(ROOT, "shared", "award_rules")),
                      *(p for s in SERVICES for p in sources_under(os.path.join(ROOT, "services", s)))])
    known = set().union(*(config_lines(s) for s in SERVICES))
    assert not {k: w for k, w in read.items() if k not in known}
