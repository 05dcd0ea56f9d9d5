"""The shared kit's imports (issue 30): no module of the runtime package ``award_shared`` imports
another in a circle, none imports the packages that are not the runtime's — the demo
(``award_demo``), the tests' kit (``award_testing``), the command-line tools and backup
(``award_tools``) — and a running service loads none of them."""
import ast
import os
import subprocess
import sys

SHARED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "shared")
RUNTIME = "award_shared"
NOT_RUNTIME = ("award_demo", "award_testing", "award_tools")


def modules(package):
    """{module name: path} of every module of ``package`` under shared/."""
    out = {}
    for folder, _, files in os.walk(os.path.join(SHARED, package)):
        for name in files:
            if name.endswith(".py"):
                path = os.path.join(folder, name)
                dotted = os.path.relpath(path, SHARED)[:-3].replace(os.sep, ".")
                out[dotted[:-len(".__init__")] if dotted.endswith(".__init__") else dotted] = path
    return out


def imports(name, path, known):
    """The kit modules ``name`` imports, at any depth of its code (a function's imports too)."""
    package = name.split(".") if path.endswith("__init__.py") else name.split(".")[:-1]
    found = set()
    for node in ast.walk(ast.parse(open(path, encoding="utf-8").read())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = ".".join(package[:len(package) - node.level + 1] + ([node.module] if node.module else [])) \
                if node.level else node.module or ""
            found.update(f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names)
    return {f for f in found if f.split(".")[0] in (RUNTIME, *NOT_RUNTIME)}


def graph():
    known = modules(RUNTIME)
    return {name: imports(name, path, known) - {name} for name, path in known.items()}


def test_the_runtime_kit_imports_nothing_in_a_circle():
    edges = graph()
    state, stack = {}, []

    def visit(name):
        state[name] = "open"
        stack.append(name)
        for other in sorted(edges.get(name, ())):
            if other not in edges:
                continue
            if state.get(other) == "open":
                circle = stack[stack.index(other):] + [other]
                raise AssertionError("the kit imports in a circle: " + " -> ".join(circle))
            if other not in state:
                visit(other)
        stack.pop()
        state[name] = "done"

    for name in sorted(edges):
        if name not in state:
            visit(name)


def test_the_runtime_kit_imports_neither_the_demo_nor_the_tests_kit_nor_the_tools():
    leaks = {name: sorted(d for d in deps if d.split(".")[0] in NOT_RUNTIME) for name, deps in graph().items()}
    assert not {k: v for k, v in leaks.items() if v}


def test_a_running_service_loads_none_of_them():
    script = ("import eventlet; eventlet.monkey_patch()\n"
              "import sys\n"
              "for s in ('intake', 'scoring', 'supervision', 'publicity', 'revocation', 'feed'):\n"
              "    __import__(f'award_{s}.service')\n"
              f"print(sorted(m for m in sys.modules if m.split('.')[0] in {NOT_RUNTIME!r}))\n")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout


#: the kit's floors, lowest first; a module imports its own floor or lower ones only, and the
#: bus and the web (side by side on one floor) never each other
LEAVES = ("award_shared.errors", "award_shared.metrics", "award_shared.limits", "award_shared.config", "award_shared.logs",
          "award_shared.container", "award_shared.tracing")
FLOORS = (("rules", ("award_rules",) + LEAVES), ("events", ("award_shared.events",)),
          ("store", ("award_shared.store",)), ("bus", ("award_shared.bus",)), ("web", ("award_shared.web",)),
          ("services' kit", ("award_shared",)), ("ops", ("award_shared.ops", "award_shared.service")))
LEVEL = {"rules": 0, "events": 1, "store": 2, "bus": 3, "web": 3, "services' kit": 4, "ops": 5}


def floor_of(name):
    """The floor of a module: the longest prefix that names one (``award_shared`` itself last)."""
    best = None
    for floor, prefixes in FLOORS:
        for prefix in prefixes:
            if name == prefix or name.startswith(prefix + "."):
                if best is None or len(prefix) > len(best[1]):
                    best = (floor, prefix)
    return best[0]


def test_no_floor_of_the_kit_imports_a_higher_one():
    known = {**modules(RUNTIME), **modules("award_rules")}
    wrong = []
    for name, path in sorted(known.items()):
        if name == RUNTIME:
            continue  # the front door: what a service imports, from every floor
        mine = floor_of(name)
        for other in sorted(imports(name, path, known) - {name}):
            if other.split(".")[0] in NOT_RUNTIME:
                continue
            theirs = floor_of(other)
            if LEVEL[theirs] > LEVEL[mine] or (LEVEL[theirs] == LEVEL[mine] and theirs != mine):
                wrong.append(f"{name} ({mine}) imports {other} ({theirs})")
    assert not wrong, "\n".join(wrong)


ADAPTER = "award_shared.container"


def test_nameko_is_imported_by_its_adapter_alone():
    """Every use of nameko's names by the runtime kit goes through ``award_shared.container``."""
    wrong = []
    for name, path in sorted(modules(RUNTIME).items()):
        if name == ADAPTER:
            continue
        for node in ast.walk(ast.parse(open(path, encoding="utf-8").read())):
            if isinstance(node, ast.Import):
                wrong += [f"{name}: import {a.name}" for a in node.names if a.name.split(".")[0] == "nameko"]
            elif isinstance(node, ast.ImportFrom) and not node.level and (node.module or "").split(".")[0] == "nameko":
                wrong.append(f"{name}: from {node.module} import …")
    assert not wrong, "nameko outside its adapter (award_shared/container.py):\n" + "\n".join(wrong)


def test_the_ops_routes_say_what_they_answer_and_leave_the_sql_to_the_store():
    """The routes every service inherits (``award_shared/ops/``) hold no SQL: their statements
    are the store floor's (``award_shared.store.kit_records``)."""
    wrong = []
    for name, path in sorted(modules(RUNTIME).items()):
        if not (name.startswith("award_shared.ops") or name == "award_shared.service"):
            continue
        for node in ast.walk(ast.parse(open(path, encoding="utf-8").read())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            wrong += [f"{name} imports {n}" for n in names if n.split(".")[0] == "sqlalchemy"
                      or n == "award_shared.store.db"]
    assert not wrong, "\n".join(wrong)
