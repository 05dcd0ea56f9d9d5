"""One shape for every service (issue 9): the rules of the Measures in ``domain/`` import no
framework, and a service README's article index (Art. → module → test) resolves, so neither
can drift. Services not yet moved into the shape are listed, so the list can only shrink."""
import ast
import os
import re
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SERVICES = ("intake", "scoring", "supervision", "publicity", "revocation")
FRAMEWORKS = {"nameko", "sqlalchemy", "kombu", "werkzeug", "marshmallow", "amqp", "eventlet"}
# where the rules live today; intake, scoring and supervision move to domain/ under issue 9
RULES_DIR = {"intake": None, "scoring": "rules", "supervision": None, "publicity": "domain", "revocation": "domain"}
INDEXED = ("publicity", "revocation")
# scoring's rules still reach marshmallow through the event vocabulary's module (issue 9)
ALLOWED = {"scoring": {"marshmallow"}}

PURITY = """
import importlib, pkgutil, sys
package = importlib.import_module(sys.argv[1])
for module in pkgutil.iter_modules(package.__path__):
    importlib.import_module(sys.argv[1] + "." + module.name)
print(sorted({k.split(".")[0] for k in sys.modules} & set(sys.argv[2].split(","))))
"""


@pytest.mark.parametrize("service", [s for s in SERVICES if RULES_DIR[s]])
def test_the_rules_of_each_service_import_no_framework(service):
    package = f"award_{service}.{RULES_DIR[service]}"
    out = subprocess.run([sys.executable, "-c", PURITY, package,
                          ",".join(sorted(FRAMEWORKS - ALLOWED.get(service, set())))],
                         capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", f"{package} imports {out.stdout.strip()}"


def _index_rows(service):
    with open(os.path.join(ROOT, "services", service, "README.md"), encoding="utf-8") as f:
        text = f.read()
    section = text.split("## Articles", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0].startswith("Art. "):
            rows.append(cells)
    return rows


def _test_names(path):
    with open(path, encoding="utf-8") as f:
        tree = ast.parse(f.read())
    return {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}


@pytest.mark.parametrize("service", INDEXED)
def test_the_readme_opens_with_an_article_index_that_resolves(service):
    base = os.path.join(ROOT, "services", service)
    with open(os.path.join(base, "README.md"), encoding="utf-8") as f:
        assert "## Articles" in f.read(2000), "the README opens with its article index"
    rows = _index_rows(service)
    assert rows, "the index lists the articles the service enforces"
    for article, _rule, module, test in rows:
        assert re.fullmatch(r"Art\. \d+(\(\d+\))?", article), article
        module = module.strip("`")
        assert os.path.exists(os.path.join(base, f"award_{service}", module)), f"{article}: no module {module}"
        path, _, name = test.strip("`").partition("::")
        assert os.path.exists(os.path.join(base, path)), f"{article}: no test file {path}"
        assert name in _test_names(os.path.join(base, path)), f"{article}: no test {name} in {path}"


def test_the_new_services_have_the_rooms_of_the_shape():
    for service in INDEXED:
        package = os.path.join(ROOT, "services", service, f"award_{service}")
        for room in ("domain", "queries.py", "schemas.py", "service.py", "tables.py"):
            assert os.path.exists(os.path.join(package, room)), f"{service} has no {room}"
        for level in ("unit", "service"):
            assert os.path.isdir(os.path.join(ROOT, "services", service, "tests", level)), f"{service} tests/{level}"
