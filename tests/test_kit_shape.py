"""The shape of the kit as a service sees it (issue 30): a service's runtime code reaches the
kit through its front door only — ``from award_shared import …`` of the names it exports —
and the award's shared rules (``award_rules``); the front door holds at most twenty names;
no event type is written as a string in a service's runtime code (it is ``events.X`` or
``events.X.type``). The services' tests may also import the testing package, and anything else."""
import ast
import os

import award_shared
from award_shared.events import CLASSES

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
SERVICES = ("intake", "scoring", "supervision", "publicity", "revocation", "feed")
KIT = "award_shared"
RULES = "award_rules"
MAX_FRONT_DOOR = 20


def runtime_modules(service):
    """(path, tree) of every module of the service's package that is not a test."""
    package = os.path.join(ROOT, "services", service, f"award_{service}")
    for folder, _, files in os.walk(package):
        for name in sorted(files):
            if name.endswith(".py"):
                path = os.path.join(folder, name)
                yield os.path.relpath(path, ROOT), ast.parse(open(path, encoding="utf-8").read())


def kit_imports(tree):
    """(module, names) of every import of the kit or the rules in ``tree``, at any depth."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in (KIT, RULES):
                    yield alias.name, None
        elif isinstance(node, ast.ImportFrom) and not node.level and (node.module or "").split(".")[0] in (KIT, RULES):
            yield node.module, [alias.name for alias in node.names]


def docstrings(tree):
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def test_the_front_door_holds_at_most_twenty_names_and_each_resolves():
    assert len(award_shared.__all__) <= MAX_FRONT_DOOR, award_shared.__all__
    for name in award_shared.__all__:
        assert getattr(award_shared, name) is not None, name


def test_a_service_imports_the_front_door_and_the_rules_and_nothing_else_of_the_kit():
    wrong = []
    for service in SERVICES:
        for path, tree in runtime_modules(service):
            for module, names in kit_imports(tree):
                if module.split(".")[0] == RULES:
                    continue
                if module != KIT or names is None:
                    wrong.append(f"{path}: {'from ' + module + ' import …' if names else 'import ' + module}")
                    continue
                wrong += [f"{path}: {name} is not a name of the front door"
                          for name in names if name not in award_shared.__all__]
    assert not wrong, "a service reaches past the kit's front door:\n" + "\n".join(wrong)


def test_a_service_uses_no_name_of_the_kit_that_the_front_door_does_not_export():
    """``award_shared.store.db`` as an attribute is the same leak as importing it."""
    wrong = []
    for service in SERVICES:
        for path, tree in runtime_modules(service):
            for node in ast.walk(tree):
                if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == KIT \
                        and node.attr not in award_shared.__all__:
                    wrong.append(f"{path}:{node.lineno}: award_shared.{node.attr}")
    assert not wrong, "\n".join(wrong)


def test_a_service_runtime_imports_at_most_two_kit_modules():
    for service in SERVICES:
        imported = {module.split(".")[0] if module.split(".")[0] == RULES else module
                    for _, tree in runtime_modules(service) for module, _ in kit_imports(tree)}
        assert len(imported) <= 2, (service, sorted(imported))


def test_no_event_type_is_written_as_a_string_in_a_service():
    types = set(CLASSES)
    wrong = []
    for service in SERVICES:
        for path, tree in runtime_modules(service):
            skip = docstrings(tree)
            for node in ast.walk(tree):
                if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in types \
                        and id(node) not in skip:
                    wrong.append(f"{path}:{node.lineno}: {node.value!r} (write events.{CLASSES[node.value].__name__})")
    assert not wrong, "\n".join(wrong)


def test_a_service_imports_no_nameko_of_its_own():
    """nameko is the kit's (its adapter, ``award_shared/container.py``): a service that needs a
    value from its config uses ``Setting``."""
    wrong = []
    for service in SERVICES:
        for path, tree in runtime_modules(service):
            for node in ast.walk(tree):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                    [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else []
                wrong += [f"{path}: {n}" for n in names if n.split(".")[0] in ("nameko", "eventlet", "kombu")]
    assert not wrong, "\n".join(wrong)
