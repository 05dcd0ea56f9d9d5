"""The repository's documents are its own (issue 32, item 6): every relative link of every
Markdown file resolves to a file of the repository (and an anchor to a heading of it), and no
tracked file points outside the repository to the team's shared folder."""
import functools
import os
import pathlib
import re
import subprocess

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUTSIDE = "../" + "shared/"  # spelt in two so that this file does not name it

FENCE = re.compile(r"^ {0,3}(```|~~~).*?^ {0,3}\1", re.M | re.S)
INLINE = re.compile(r"!?\[((?:[^\[\]]|\[[^\]]*\])*)\]\(\s*<?([^()\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
DEFINITION = re.compile(r"^ {0,3}\[([^\]]+)\]:\s*<?(\S+?)>?(?:\s|$)", re.M)
REFERENCE = re.compile(r"\[([^\[\]]+)\](?:\[([^\[\]]*)\])?(?![(:\[])")
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


@functools.lru_cache(maxsize=None)
def tracked():
    """The repository's files: git's list, or (outside a clone) the tree without what is ignored."""
    try:
        out = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
        files = {f for f in out.decode().split("\0") if f}
    except (OSError, subprocess.CalledProcessError):
        files = set()
    if not files:
        skip = {".git", ".venv", "var", "__pycache__", ".pytest_cache"}
        files = {str(p.relative_to(ROOT)) for p in ROOT.rglob("*")
                 if p.is_file() and not skip & set(p.relative_to(ROOT).parts)}
    return frozenset(f for f in files if (ROOT / f).is_file())


def markdown_files():
    return sorted(f for f in tracked() if f.endswith(".md"))


def slug(heading):
    """GitHub's anchor of a heading: its text lower-cased, punctuation dropped, spaces as hyphens."""
    text = INLINE.sub(lambda m: m.group(1), heading).replace("`", "")
    return re.sub(r"[^\w\- ]", "", text.strip().lower()).replace(" ", "-")


@functools.lru_cache(maxsize=None)
def anchors(path):
    seen, out = {}, set()
    for heading in re.findall(r"^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$", FENCE.sub("", (ROOT / path).read_text("utf-8")), re.M):
        base = slug(heading)
        count = seen.get(base, 0)
        seen[base] = count + 1
        out.add(base if count == 0 else f"{base}-{count}")
    return out


def links(text):
    """(line, destination) of every inline link and reference definition, and each reference
    `[text][label]` or `[`path`]` whose label no definition gives (a dead link as rendered)."""
    text = FENCE.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    line = lambda at: text.count("\n", 0, at) + 1  # noqa: E731
    for m in INLINE.finditer(text):
        yield line(m.start()), m.group(2)
    defined = {d.group(1).strip().lower() for d in DEFINITION.finditer(text)}
    for d in DEFINITION.finditer(text):
        yield line(d.start()), d.group(2)
    bare = INLINE.sub(lambda m: " " * len(m.group(0)), DEFINITION.sub("", text))
    for m in REFERENCE.finditer(bare):
        label = (m.group(2) or m.group(1)).strip()
        looks_like_a_path = re.fullmatch(r"`?[\w./-]*/[\w./-]*`?|`?[\w.-]+\.(md|yaml|yml|json|py)`?", label)
        if label.lower() not in defined and (m.group(2) is not None or looks_like_a_path):
            yield line(m.start()), f"[{label}]"


def problem(md, destination):
    if SCHEME.match(destination):
        return None
    if destination.startswith("["):
        return "a reference no definition gives: a dead link"
    path, _, anchor = destination.partition("#")
    target = (ROOT / md).parent / path if path else ROOT / md
    try:
        relative = target.resolve().relative_to(ROOT)
    except ValueError:
        return "points outside the repository"
    name = str(relative) if str(relative) != "." else ""
    if not (name in tracked() or any(f.startswith(name + "/") for f in tracked() if name)):
        return f"{name or '.'} is no file of the repository"
    if anchor and name.endswith(".md") and anchor.lower() not in anchors(name):
        return f"{name} has no heading #{anchor}"
    return None


def test_every_relative_link_of_every_markdown_file_resolves_inside_the_repository():
    problems, checked = [], 0
    for md in markdown_files():
        for line, destination in links((ROOT / md).read_text("utf-8")):
            checked += 1
            found = problem(md, destination)
            if found:
                problems.append(f"{md}:{line}: {destination}: {found}")
    assert problems == []
    assert checked > 20


def test_no_tracked_file_points_at_the_teams_shared_folder():
    pointing = []
    for name in sorted(tracked()):
        data = (ROOT / name).read_bytes()
        if OUTSIDE.encode() in data:
            pointing.append(name)
    assert pointing == []


def test_the_link_check_itself_finds_what_it_is_for():
    """A dead link, a link outside, a missing anchor and a reference without its definition."""
    text = ("[a](docs/none.md) [b](../../x.md) [c](docs/design.md#no-such-heading) [`docs/contract.md`]\n"
            "[d](docs/design.md#holds) [e](https://example.org) [f][g]\n\n```\n[h](nowhere.md)\n```\n")
    found = [problem("README.md", d) for _, d in links(text)]
    assert found[0] == "docs/none.md is no file of the repository"
    assert found[1] == "points outside the repository"
    assert found[2] == "docs/design.md has no heading #no-such-heading"
    assert found[3:5] == [None, None]
    assert found[5:] == ["a reference no definition gives: a dead link"] * 2
