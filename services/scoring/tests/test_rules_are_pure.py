"""The rules of scoring import neither nameko nor SQLAlchemy (style: domain without I/O)."""
import subprocess
import sys

SCRIPT = """
import importlib, pkgutil, sys
import award_scoring.rules as rules
for module in pkgutil.iter_modules(rules.__path__):
    importlib.import_module("award_scoring.rules." + module.name)
print(sorted({k.split(".")[0] for k in sys.modules} & {"nameko", "sqlalchemy", "eventlet", "kombu"}))
"""


def test_the_rules_modules_import_no_framework():
    out = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
