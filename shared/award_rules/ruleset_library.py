"""The rule-set library: reading rule-set files, hashing them, choosing the one in force.

Strict YAML/JSON reading (a key written twice is refused), ``load_ruleset``, the canonical
sha256 a cycle records, ``RuleSetLibrary`` (rule sets by id and by date, Art. 31) and the
small readers the services share. Validation itself lives in ``ruleset_schema``.
Pure: no nameko, no SQLAlchemy, no clock.
"""
import copy
import hashlib
import json
from datetime import date, datetime
from pathlib import Path

import yaml

from award_rules.ruleset_schema import RuleSetError, validate_ruleset

SUFFIXES = (".yaml", ".yml", ".json")


# -- loading and hashing --

class _StrictLoader(yaml.SafeLoader):
    """Safe YAML that refuses a key written twice (the second would silently win)."""

    def construct_mapping(self, node, deep=False):
        keys = [self.construct_object(k, deep=deep) for k, _ in node.value]
        repeated = sorted({str(k) for k in keys if keys.count(k) > 1})
        if repeated:
            raise yaml.constructor.ConstructorError(
                None, None, f"key repeated: {', '.join(repeated)}", node.start_mark)
        return super().construct_mapping(node, deep=deep)


def _no_repeats(pairs):
    keys = [k for k, _ in pairs]
    repeated = sorted({k for k in keys if keys.count(k) > 1})
    if repeated:
        raise ValueError(f"key repeated: {', '.join(repeated)}")
    return dict(pairs)


def _read(path):
    path = Path(path)
    if path.suffix not in SUFFIXES:
        raise RuleSetError([f"(file): must end in {', '.join(SUFFIXES)}"], path)
    try:
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".json":
            return json.loads(text, object_pairs_hook=_no_repeats)
        return yaml.load(text, Loader=_StrictLoader)
    except (OSError, ValueError, yaml.YAMLError) as error:
        raise RuleSetError([f"(file): cannot be read: {error}"], path) from error


def load_ruleset(path) -> dict:
    """Read and validate one rule-set file (YAML or JSON)."""
    return validate_ruleset(_read(path), source=path)


def _jsonable(value):
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {value!r}")


def canonical_sha256(ruleset: dict) -> str:
    """The rule set's fingerprint, recorded by every cycle bound to it: independent of the
    file's layout, comments and key order, changed by any change of substance."""
    text = json.dumps(ruleset, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                      default=_jsonable)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# -- the library: every rule set the suite knows, at most one in force on any day --

def _overlap(a, b):
    a_to, b_to = a["in_force_to"] or date.max, b["in_force_to"] or date.max
    return a["in_force_from"] <= b_to and b["in_force_from"] <= a_to


class RuleSetLibrary:
    """Rule sets by id and by date (Art. 31: each edition in force for a stated period)."""

    def __init__(self, rulesets):
        problems = []
        by_id = {}
        for ruleset in rulesets:
            if ruleset["id"] in by_id:
                problems.append(f"{ruleset['id']}: id used twice")
            by_id[ruleset["id"]] = ruleset
        ordered = sorted(by_id.values(), key=lambda r: r["in_force_from"])
        for i, a in enumerate(ordered):
            for b in ordered[i + 1:]:
                if _overlap(a, b):
                    problems.append(f"{a['id']} and {b['id']}: in-force periods overlap")
        if problems:
            raise RuleSetError(problems, "rule-set library")
        self._ordered = ordered
        self._by_id = by_id

    @classmethod
    def from_dirs(cls, dirs):
        """Load every *.yaml / *.yml / *.json in ``dirs``; each file is named for its id."""
        problems, rulesets = [], []
        for directory in map(Path, dirs):
            if not directory.is_dir():
                problems.append(f"{directory}: not a directory")
                continue
            for path in sorted(p for p in directory.iterdir() if p.suffix in SUFFIXES):
                try:
                    ruleset = load_ruleset(path)
                except RuleSetError as error:
                    problems.extend(f"{path.name}: {p}" for p in error.problems)
                    continue
                if ruleset["id"] != path.stem:
                    problems.append(f"{path.name}: id: must match the file name (is {ruleset['id']})")
                rulesets.append(ruleset)
        if problems:
            raise RuleSetError(problems, "rule-set library")
        return cls(rulesets)

    def in_force_on(self, day: date) -> dict | None:
        """The rule set in force on ``day`` (a date in China Standard Time), or None."""
        if isinstance(day, datetime) or not isinstance(day, date):
            raise TypeError("in_force_on takes a date (local to Jinan), not a datetime")
        for ruleset in self._ordered:
            if ruleset["in_force_from"] <= day <= (ruleset["in_force_to"] or date.max):
                return copy.deepcopy(ruleset)
        return None

    def get(self, ruleset_id) -> dict | None:
        ruleset = self._by_id.get(ruleset_id)
        return copy.deepcopy(ruleset) if ruleset is not None else None

    def ids(self):
        return [r["id"] for r in self._ordered]

    def __len__(self):
        return len(self._ordered)


# -- small readers the services share --

def category(ruleset, key) -> dict:
    """One of the four categories of Art. 2 (quota, items of Art. 19, Art. 6 bar, score bar)."""
    try:
        return ruleset["categories"][key]
    except KeyError:
        raise KeyError(f"rule set {ruleset.get('id')} has no category {key!r}; "
                       f"it has {', '.join(ruleset.get('categories', {}))}") from None


def gbt19580_total(ruleset) -> int:
    """Full marks on the GB/T 19580 scale the rule set adopts (1000 in the 2018 set)."""
    return sum(ruleset["review"]["gbt19580"].values())
