"""One shape for every service (issue 9): the rules of the Measures in ``domain/`` import no
framework, every README opens with its article index, and the services built in the shape have
its rooms."""
import ast
import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SERVICES = ("intake", "scoring", "supervision", "publicity", "revocation", "feed")
FRAMEWORKS = {"nameko", "sqlalchemy", "kombu", "werkzeug", "marshmallow", "amqp", "eventlet"}
INDEXED = SERVICES

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


def test_every_service_has_the_rooms_of_the_shape():
    for service in INDEXED:
        package = os.path.join(ROOT, "services", service, f"award_{service}")
        for room in ("domain", "queries.py", "schemas.py", "service.py", "tables.py"):
            assert os.path.exists(os.path.join(package, room)), f"{service} has no {room}"


def test_every_service_tests_in_three_rungs_unit_workflows_and_service():
    """unit: the domain's rules; workflows: the fast rung (award_testing.workflows); service: one
    container, a real broker and database (docs/developing.md, "Tests")."""
    for service in SERVICES:
        tests = os.path.join(ROOT, "services", service, "tests")
        rungs = sorted(n for n in os.listdir(tests) if not n.startswith((".", "__")))
        assert rungs == ["service", "unit", "workflows"], service
        assert any(name.startswith("test_") for name in os.listdir(os.path.join(tests, "workflows"))), service


ENTRYPOINTS = {"api", "consume", "every"}


def _entrypoints(path):
    tree = ast.parse(open(path, encoding="utf-8").read())
    for cls in (n for n in tree.body if isinstance(n, ast.ClassDef)):
        for fn in (n for n in cls.body if isinstance(n, ast.FunctionDef)):
            for decorator in fn.decorator_list:
                if isinstance(decorator, ast.Call) and getattr(decorator.func, "id", None) in ENTRYPOINTS:
                    without_unit = any(k.arg == "transaction" and isinstance(k.value, ast.Constant)
                                       and k.value.value is False for k in decorator.keywords)
                    yield fn, without_unit


@pytest.mark.parametrize("service", SERVICES)
def test_entrypoints_are_thin_by_construction(service):
    """Issue 9, item 4: ``@api``, ``@consume`` and ``@every`` open the unit of work and hand the
    method its ``tx``; no entrypoint opens one itself, and one that must not hold a transaction
    says ``transaction=False``."""
    path = os.path.join(ROOT, "services", service, f"award_{service}", "service.py")
    found = list(_entrypoints(path))
    assert found, f"no entrypoints found in {path}"
    for fn, without_unit in found:
        args = [a.arg for a in fn.args.args]
        source = ast.unparse(fn)
        if without_unit:
            assert args[:2] == ["self", "call"], f"{service}.{fn.name}: {args}"
            continue
        assert args[:2] == ["self", "tx"], f"{service}.{fn.name} does not receive the unit of work: {args}"
        assert "self.uow" not in source, f"{service}.{fn.name} opens a unit of work of its own"
        body = [s for s in fn.body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))]
        assert len(body) <= 3, f"{service}.{fn.name} is not thin: {len(body)} statements; move the work out"
