"""Every command a README shows runs as written from a fresh clone (issue 11, item 15): no
path outside the repository (``/tmp/...``), every file a command names exists in the
repository, and every ``.venv/bin/<tool>`` is Python or a script the suite installs."""
import pathlib
import re
import tomllib

ROOT = pathlib.Path(__file__).resolve().parent.parent
READMES = [ROOT / "README.md", *sorted((ROOT / "services").glob("*/README.md")), *sorted((ROOT / "docs").glob("*.md"))]
RUNNERS = ("scripts/", "bench/", ".venv/bin/", "bash ", "nameko ", "pip ", "award-", "python ",
           "/tmp/", "/work/", "/home/", "/root/", "/opt/")


def installed_tools():
    tools = {"python", "pip", "nameko", "pytest"}
    for pyproject in [ROOT / "shared" / "pyproject.toml", *(ROOT / "services").glob("*/pyproject.toml")]:
        tools |= set(tomllib.loads(pyproject.read_text(encoding="utf-8")).get("project", {}).get("scripts", {}))
    return tools


def commands(text):
    """Inline code that runs something, and the lines of ``sh`` blocks."""
    for block in re.findall(r"```(?:sh|bash|console)\n(.*?)```", text, flags=re.S):
        yield from (line.split("#")[0].strip() for line in block.splitlines() if line.strip())
    for span in re.findall(r"`([^`\n]+)`", text):
        if span.startswith(RUNNERS):
            yield span


def test_every_readme_command_names_only_what_a_fresh_clone_has():
    tools, problems, seen = installed_tools(), [], 0
    for readme in READMES:
        for command in commands(readme.read_text(encoding="utf-8")):
            seen += 1
            for word in re.split(r"[\s;&|()=]+", command):
                if re.match(r"^/(tmp|work|home|root|opt)/", word):
                    problems.append((readme.name, command, "a path outside the repository"))
                elif word.startswith(".venv/bin/"):
                    if word.removeprefix(".venv/bin/") not in tools:
                        problems.append((readme.name, command, f"{word} is not installed by the suite"))
                elif re.match(r"^(scripts|bench|services|shared|deploy|tests)/[\w./-]+$", word) \
                        and not re.search(r"[<>{}$*]", word) and not (ROOT / word).exists():
                    problems.append((readme.name, command, f"{word} does not exist"))
    assert seen > 10 and problems == []
