"""One shape for every service (issue 9): the rules of the Measures in ``domain/`` import no
framework, every README opens with its article index, and the services built in the shape have
its rooms."""
import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SERVICES = ("intake", "scoring", "supervision", "publicity", "revocation")
FRAMEWORKS = {"nameko", "sqlalchemy", "kombu", "werkzeug", "marshmallow", "amqp", "eventlet"}
INDEXED = ("publicity", "revocation")

PURITY = """
import importlib, pkgutil, sys
package = importlib.import_module(sys.argv[1])
for module in pkgutil.iter_modules(package.__path__):
    importlib.import_module(sys.argv[1] + "." + module.name)
print(sorted({k.split(".")[0] for k in sys.modules} & set(sys.argv[2].split(","))))
"""


@pytest.mark.parametrize("service", SERVICES)
def test_the_rules_of_each_service_import_no_framework(service):
    package = f"award_{service}.domain"
    out = subprocess.run([sys.executable, "-c", PURITY, package, ",".join(sorted(FRAMEWORKS))],
                         capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", f"{package} imports {out.stdout.strip()}"


def test_every_service_readme_opens_with_its_article_index():
    """The index itself is checked row by row in tests/test_readme_article_index.py."""
    for service in SERVICES:
        with open(os.path.join(ROOT, "services", service, "README.md"), encoding="utf-8") as f:
            assert "## Articles" in f.read(3000), f"{service}'s README does not open with its article index"


def test_the_new_services_have_the_rooms_of_the_shape():
    for service in INDEXED:
        package = os.path.join(ROOT, "services", service, f"award_{service}")
        for room in ("domain", "queries.py", "schemas.py", "service.py", "tables.py"):
            assert os.path.exists(os.path.join(package, room)), f"{service} has no {room}"


def test_every_service_tests_in_two_rungs_unit_and_service():
    for service in SERVICES:
        tests = os.path.join(ROOT, "services", service, "tests")
        assert sorted(n for n in os.listdir(tests) if not n.startswith((".", "__"))) == ["service", "unit"], service
