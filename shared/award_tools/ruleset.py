"""``award-ruleset``: write a new rule set from an existing one, checked as intake will check it.

    award-ruleset derive --from jinan-2018 --id jinan-2026 --in-force-from 2026-01-01 --out var/rulesets
    award-ruleset derive --from jinan-2018 --id jinan-2026 --in-force-from 2026-01-01 \\
        --in-force-to 2029-12-31 --set categories.unit_award.quota=6 --set public_notice.working_days=7

A new edition of the Measures is a new file (Art. 31), never an edit of the old one: ``derive``
copies the rule set ``--from`` (an id intake knows: its packaged rule sets and ``$RULESET_DIRS``;
or a file), gives it its id and in-force dates, changes what ``--set PATH=VALUE`` says (a dotted
path; the value read as YAML: ``6``, ``0.5``, ``null``, ``[a, b]``, text), validates it against
the rule-set schema and against the other rule sets (at most one in force on any day), writes
``DIR/<id>.yaml`` and prints how to load it: ``RULESET_DIRS=DIR`` for intake. A value the schema
refuses is named by its field, and nothing is written. Exit 0 written, 2 refused.
"""
import argparse
import copy
import importlib.util
import os
import sys
from datetime import date
from pathlib import Path

import yaml

from award_rules.ruleset import RuleSetError, RuleSetLibrary, canonical_sha256, load_ruleset, validate_ruleset

OWN_OPTIONS = {"id": "--id", "in_force_from": "--in-force-from", "in_force_to": "--in-force-to"}


class Refused(Exception):
    """What is wrong with the rule set asked for, one problem per field."""

    def __init__(self, problems):
        super().__init__("; ".join(problems))
        self.problems = list(problems)


def packaged_dir():
    """The rule sets intake ships (award_intake/rulesets), when intake is installed here."""
    spec = importlib.util.find_spec("award_intake")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = os.path.join(list(spec.submodule_search_locations)[0], "rulesets")
    return folder if os.path.isdir(folder) else None


def known_dirs(ruleset_dirs, out):
    """Where intake would find rule sets once ``out`` is in RULESET_DIRS: its own, the given, ``out``."""
    dirs = [d for d in [packaged_dir(), *(ruleset_dirs or "").split(os.pathsep), str(out)] if d]
    seen, unique = set(), []
    for d in dirs:
        if os.path.isdir(d) and os.path.realpath(d) not in seen:
            seen.add(os.path.realpath(d))
            unique.append(d)
    return unique


def _source(name, library):
    if os.path.isfile(name):
        try:
            return load_ruleset(name)
        except RuleSetError as error:
            raise Refused([f"--from {name}: {p}" for p in error.problems]) from None
    found = library.get(name)
    if found is None:
        raise Refused([f"--from: no rule set {name!r}; known: {', '.join(library.ids()) or 'none'} "
                       "(or give a file)"])
    return found


def _date(value, option):
    if value in (None, "", "none", "null", "open"):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise Refused([f"{option}: not a date (YYYY-MM-DD): {value!r}"]) from None


def apply_set(document, assignment):
    """``PATH=VALUE`` into ``document``; returns (path, old value, new value)."""
    path, sep, raw = assignment.partition("=")
    path = path.strip()
    if not sep or not path:
        raise Refused([f"--set takes PATH=VALUE (e.g. categories.unit_award.quota=6), not {assignment!r}"])
    keys = path.split(".")
    if keys[0] in OWN_OPTIONS:
        raise Refused([f"--set {path}: give it with {OWN_OPTIONS[keys[0]]}"])
    try:
        value = yaml.safe_load(raw) if raw.strip() else ""
    except yaml.YAMLError as error:
        raise Refused([f"--set {path}: the value is not YAML: {error}"]) from None
    node = document
    for depth, key in enumerate(keys):
        where = ".".join(keys[:depth + 1])
        last = depth == len(keys) - 1
        if isinstance(node, list):
            if not key.isdigit() or int(key) >= len(node):
                raise Refused([f"{where}: {'.'.join(keys[:depth]) or '(top level)'} is a list of {len(node)}; "
                               f"give an index from 0 to {len(node) - 1}"])
            key = int(key)
        elif not isinstance(node, dict):
            raise Refused([f"{where}: {'.'.join(keys[:depth])} is a value, not a mapping"])
        if last:
            old = node.get(key) if isinstance(node, dict) else node[key]
            node[key] = value
            return path, old, value
        if isinstance(node, dict) and key not in node:
            node[key] = {}  # a new section: the schema says whether it may be there
        node = node[key]


def derive(source_name, new_id, in_force_from, in_force_to=None, title=None, sets=(), out="var/rulesets",
           ruleset_dirs="", force=False):
    """Build, check and write the new rule set; returns (path, the rule set loaded, changes)."""
    out = Path(out)
    target = out / f"{new_id}.yaml"
    dirs = known_dirs(ruleset_dirs, out)
    try:
        library = RuleSetLibrary.from_dirs(dirs)
    except RuleSetError as error:
        raise Refused([f"the rule sets known ({', '.join(dirs)}): {p}" for p in error.problems]) from None
    source = _source(source_name, library)
    document = copy.deepcopy(source)
    document.update(id=new_id, supersedes=source["id"], in_force_from=_date(in_force_from, "--in-force-from"),
                    in_force_to=_date(in_force_to, "--in-force-to"))
    if title:
        document["title"] = title
    changes = [apply_set(document, s) for s in sets]
    try:
        loaded = validate_ruleset(document, source=f"{new_id} (derived from {source['id']})")
    except RuleSetError as error:
        raise Refused(error.problems) from None
    problems = []
    for other_id in library.ids():
        other = library.get(other_id)
        if force and other_id == new_id and (out / f"{other_id}.yaml").exists():
            continue  # the file being replaced
        if other_id == new_id:
            problems.append(f"id: {new_id} is already a rule set (give another id, or --force to replace "
                            f"{target} if it is that one)")
        elif _overlap(loaded, other):
            problems.append(f"in_force_from: {new_id} would be in force {_period(loaded)}, overlapping {other_id} "
                            f"({_period(other)}); at most one rule set is in force on any day (Art. 31)")
    if target.exists() and not force and not any(p.startswith("id:") for p in problems):
        problems.append(f"--out: {target} exists (--force replaces it)")
    if problems:
        raise Refused(problems)
    out.mkdir(parents=True, exist_ok=True)
    said = " ".join(", ".join(f"{p} {_text(old)} -> {_text(new)}" for p, old, new in changes).split())
    header = (f"# Rule set {new_id}, derived by award-ruleset from {source['id']} on {date.today().isoformat()}:\n"
              f"# every value is {source['id']}'s except id, supersedes, in_force_from, in_force_to"
              + (", title" if title else "") + (f" and: {said}" if said else "") + ".\n"
              "# Once a cycle is bound to it, a change is a new rule set, never an edit of this file.\n")
    text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=4096)
    target.write_text(header + text, encoding="utf-8")
    RuleSetLibrary.from_dirs(dirs if str(out) in dirs else [*dirs, str(out)])  # loads as intake will
    return target, load_ruleset(target), changes


def _overlap(a, b):
    return a["in_force_from"] <= (b["in_force_to"] or date.max) and b["in_force_from"] <= (a["in_force_to"] or date.max)


def _period(ruleset):
    return f"{ruleset['in_force_from']} to {ruleset['in_force_to'] or 'open-ended'}"


def _text(value):
    return "(none)" if value is None else str(value)


def _parser():
    parser = argparse.ArgumentParser(prog="award-ruleset", description="Rule sets as files (Art. 31).")
    commands = parser.add_subparsers(dest="command", required=True)
    derive_cmd = commands.add_parser(
        "derive", help="write a new rule set from an existing one",
        description="Write DIR/<id>.yaml: the rule set --from with its own id and in-force dates and the "
                    "--set changes, validated against the rule-set schema and the other rule sets; then "
                    "load it with RULESET_DIRS=DIR scripts/up.")
    derive_cmd.add_argument("--from", dest="source", required=True, metavar="ID|FILE",
                            help="the rule set to start from: an id intake knows (e.g. jinan-2018) or a file")
    derive_cmd.add_argument("--id", required=True, help="the new rule set's id, e.g. jinan-2026 (its file's name)")
    derive_cmd.add_argument("--in-force-from", required=True, metavar="YYYY-MM-DD", help="its first day in force")
    derive_cmd.add_argument("--in-force-to", metavar="YYYY-MM-DD", help="its last day in force (default: open-ended)")
    derive_cmd.add_argument("--title", help="its title (default: that of --from)")
    derive_cmd.add_argument("--set", action="append", default=[], metavar="PATH=VALUE",
                            help="change one value, e.g. categories.unit_award.quota=6; repeat")
    derive_cmd.add_argument("--out", default="var/rulesets", metavar="DIR",
                            help="the folder to write <id>.yaml in (default: var/rulesets)")
    derive_cmd.add_argument("--ruleset-dirs", default=os.environ.get("RULESET_DIRS", ""), metavar="DIRS",
                            help="more rule-set folders intake reads (default: $RULESET_DIRS)")
    derive_cmd.add_argument("--force", action="store_true", help="replace DIR/<id>.yaml if it exists")
    return parser


def main(argv=None, out=sys.stdout):
    args = _parser().parse_args(argv)
    try:
        path, ruleset, changes = derive(args.source, args.id, args.in_force_from, args.in_force_to, args.title,
                                        args.set, args.out, args.ruleset_dirs, args.force)
    except Refused as refused:
        for problem in refused.problems:
            print(f"award-ruleset: refused: {problem}", file=sys.stderr)
        print("award-ruleset: nothing written", file=sys.stderr)
        return 2
    folder = os.path.abspath(os.path.dirname(path))
    print(f"wrote {path}: {ruleset['id']}, in force {_period(ruleset)}, derived from {ruleset['supersedes']}"
          + (f"; changed {', '.join(f'{p} to {_text(new)}' for p, _, new in changes)}" if changes else "")
          + f" (sha256 {canonical_sha256(ruleset)[:12]}…)", file=out)
    print(f"load it (intake reads its rule sets when it starts):  scripts/down && RULESET_DIRS={folder} scripts/up",
          file=out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
