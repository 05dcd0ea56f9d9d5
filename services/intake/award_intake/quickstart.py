"""The closing lines of the Quickstart's first command (``scripts/up``): which business clock
the suite runs on, which rule set is in force on its date, and — when none is (Art. 31: the
2018 Measures were in force 2018-12-07 to 2021-12-06) — the two ways to open a cycle:
replay on the simulated clock, or write the rule set in force today with ``award-ruleset
derive`` and load it (``RULESET_DIRS``).

Run as ``python -m award_intake.quickstart``; reads ``AWARD_CLOCK`` and ``RULESET_DIRS`` as
the services do.
"""
import os
import sys

from award_rules.clock import BusinessClock
from award_rules.ruleset_library import RuleSetLibrary

from .providers import RULESET_DIR  # it imports the kit (its warning filters) before nameko

REPLAY_AT = "2019-03-01T09:00:00+08:00"
DERIVED_DIR = "var/rulesets"  # award-ruleset's default --out, inside the repository (scripts/up runs there)


def library(ruleset_dirs):
    return RuleSetLibrary.from_dirs([RULESET_DIR] + [d for d in (ruleset_dirs or "").split(os.pathsep) if d])


def advice(clock_setting, ruleset_dirs="", clock=None):
    """Lines telling a newcomer whether a cycle can be opened now, and how if not."""
    clock = clock or BusinessClock.from_setting(clock_setting)
    today = clock.today_beijing()
    rulesets = library(ruleset_dirs)
    ruleset = rulesets.in_force_on(today)
    head = f"business clock: {clock.mode} ({today.isoformat()} in Beijing)"
    if ruleset is not None:
        return [f"{head}; rule set in force: {ruleset['id']} — POST /v1/cycles (office) opens a cycle"]
    latest = rulesets.get(rulesets.ids()[-1])
    known = ", ".join(f"{r['id']} ({r['in_force_from']} to {r['in_force_to'] or 'open-ended'})"
                      for r in (rulesets.get(i) for i in rulesets.ids()))
    return [
        f"{head}: no rule set is in force today (known: {known}), so POST /v1/cycles answers 409 "
        "no_ruleset (Art. 31) and the wall clock cannot be moved. Either:",
        f"  replay a cycle under the 2018 Measures on the simulated clock:  "
        f"scripts/down && AWARD_CLOCK=simulated:{REPLAY_AT} scripts/up",
        f"  or write the rule set in force today from {latest['id']} (--set PATH=VALUE for what changes: "
        ".venv/bin/award-ruleset derive --help), then load it:",
        f"    .venv/bin/award-ruleset derive --from {latest['id']} --id jinan-{today.year} "
        f"--in-force-from {today.isoformat()} --out {DERIVED_DIR}",
        f"    scripts/down && RULESET_DIRS={DERIVED_DIR} scripts/up",
    ]


def main():
    print("\n".join(advice(os.environ.get("AWARD_CLOCK", "wall"), os.environ.get("RULESET_DIRS", ""))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
