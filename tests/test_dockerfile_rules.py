"""deploy/Dockerfile keeps the rules of issue 33, item 1, checked without Docker (no linter
binary to download): a builder stage makes the wheels, the runtime stage comes from a base
pinned by digest, installs those wheels (never an editable install, never an index), has no
compiler, runs as uid 10001, owns none of its code, and says how it is probed."""
import os
import re
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
COMPILERS = ("gcc", "g++", "clang", "build-essential", "libc6-dev", "libpq-dev", "python3-dev")


def instructions():
    """(instruction, arguments) of the Dockerfile, continuation lines joined, comments dropped."""
    with open(os.path.join(ROOT, "deploy", "Dockerfile")) as fh:
        text = fh.read()
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    joined = re.sub(r"\\\n", " ", "\n".join(lines))
    out = []
    for line in joined.splitlines():
        if line.strip():
            word, _, rest = line.strip().partition(" ")
            out.append((word.upper(), rest.strip()))
    return out


def stages():
    """{stage name: [(instruction, arguments)]}, and the build arguments declared before them."""
    args, result, current = {}, {}, None
    for word, rest in instructions():
        if word == "FROM":
            current = rest.split()[-1] if " AS " in rest.upper() else f"stage{len(result)}"
            result[current] = [(word, rest)]
        elif current is None:
            if word == "ARG" and "=" in rest:
                key, _, value = rest.partition("=")
                args[key] = value
        else:
            result[current].append((word, rest))
    return args, result


def base_of(rest, args):
    image = rest.split()[0]
    return re.sub(r"\$\{(\w+)\}", lambda m: args[m.group(1)], image)


def test_two_stages_and_both_from_a_base_pinned_by_digest():
    args, found = stages()
    assert list(found) == ["builder", "runtime"]
    for name, body in found.items():
        assert re.fullmatch(r"[\w./-]+:[\w.-]+@sha256:[0-9a-f]{64}", base_of(body[0][1], args)), name


def runtime_text():
    _, found = stages()
    return "\n".join(f"{w} {r}" for w, r in found["runtime"])


def test_the_runtime_stage_installs_the_builders_wheels_and_has_no_compiler():
    _, found = stages()
    runtime = runtime_text()
    installs = [r for w, r in found["runtime"] if w == "RUN" and "pip install" in r]
    assert installs and all("--no-index" in r and "from=builder" in r for r in installs)
    assert not re.search(r"pip install[^\n]*(\s-e\s|--editable)", runtime)
    for word in COMPILERS:
        assert not re.search(rf"(?<![\w.-]){re.escape(word)}(?![\w.-])", runtime), word
    builder = "\n".join(r for _, r in found["builder"])
    assert "pip wheel" in builder and "-c constraints.txt" in builder and "libpq-dev" in builder


def test_no_psycopg_binary_anywhere():
    for path in ("deploy/Dockerfile", "constraints.txt", "shared/pyproject.toml"):
        with open(os.path.join(ROOT, path)) as fh:
            assert not re.search(r"psycopg2?[-_]binary", "\n".join(
                line for line in fh.read().splitlines() if not line.lstrip().startswith("#"))), path


def test_it_runs_as_uid_10001_and_owns_none_of_its_code():
    _, found = stages()
    users = [r for w, r in found["runtime"] if w == "USER"]
    assert users and users[-1].split(":")[0] == "10001"
    user_at = max(i for i, (w, _) in enumerate(found["runtime"]) if w == "USER")
    for word, rest in found["runtime"]:
        if word in ("COPY", "ADD"):
            assert word == "COPY", "ADD fetches and unpacks: COPY only"
            assert "--chown=0:0" in rest, f"COPY {rest}: give its files to root explicitly"
    assert all(w != "RUN" for w, _ in found["runtime"][user_at + 1:]), "no RUN after USER"


def test_it_declares_a_healthcheck_on_the_readiness_endpoint():
    _, found = stages()
    checks = [r for w, r in found["runtime"] if w == "HEALTHCHECK"]
    assert len(checks) == 1 and "/health/ready" in checks[0]


@pytest.mark.parametrize("bad", [
    "FROM python:3.11-slim AS runtime",
    "RUN pip install -e shared",
    "RUN apt-get install -y gcc",
])
def test_the_rules_refuse_what_they_are_meant_to(bad, monkeypatch):
    original = instructions()
    word, _, rest = bad.partition(" ")
    _, found = stages()
    at = len(original) - 1 if word != "FROM" else next(i for i, (w, r) in enumerate(original)
                                                      if w == "FROM" and r.endswith("runtime"))
    changed = list(original)
    if word == "FROM":
        changed[at] = (word, rest)
    else:
        changed.insert(at, (word, rest))
    monkeypatch.setattr(sys.modules[__name__], "instructions", lambda: changed)
    checks = (test_two_stages_and_both_from_a_base_pinned_by_digest,
              test_the_runtime_stage_installs_the_builders_wheels_and_has_no_compiler)
    failures = 0
    for check in checks:
        try:
            check()
        except AssertionError:
            failures += 1
    assert failures
