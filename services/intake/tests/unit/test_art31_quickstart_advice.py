"""Art. 31 for a newcomer: on today's wall clock no shipped rule set is in force, so the
Quickstart's first command ends by saying how to open a cycle (the simulated clock, or the
rule set in force today loaded as a file), and the README shows the same commands."""
import os
from datetime import datetime, timezone

import yaml

from award_intake import quickstart
from award_intake.providers import RULESET_DIR
from award_rules.clock import BusinessClock

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))
TODAY = BusinessClock(_wall=lambda: datetime(2026, 11, 30, 4, 0, tzinfo=timezone.utc))


def test_art31_on_todays_wall_clock_the_first_command_says_how_to_open_a_cycle():
    text = "\n".join(quickstart.advice("wall", clock=TODAY))
    assert "no rule set is in force today" in text and "jinan-2018 (2018-12-07 to 2021-12-06)" in text
    assert "AWARD_CLOCK=simulated:2019-03-01T09:00:00+08:00 scripts/up" in text
    # issue 32, item 13: the rule set in force today in one command, loaded with a second
    assert ".venv/bin/award-ruleset derive --from jinan-2018 --id jinan-2026 --in-force-from 2026-11-30 " \
           "--out var/rulesets" in text
    assert "scripts/down && RULESET_DIRS=var/rulesets scripts/up" in text


def test_art31_on_the_simulated_2019_clock_a_cycle_can_be_opened():
    [line] = quickstart.advice("simulated:2019-03-01T09:00:00+08:00")
    assert "rule set in force: jinan-2018" in line


def test_art31_a_rule_set_loaded_as_a_file_is_found(tmp_path):
    with open(os.path.join(RULESET_DIR, "jinan-2018.yaml"), encoding="utf-8") as fh:
        later = yaml.safe_load(fh)
    later.update(id="jinan-2025", supersedes="jinan-2018", in_force_from="2025-01-01", in_force_to=None)
    (tmp_path / "jinan-2025.yaml").write_text(yaml.safe_dump(later, allow_unicode=True), encoding="utf-8")
    [line] = quickstart.advice("wall", str(tmp_path), clock=TODAY)
    assert "rule set in force: jinan-2025" in line


def test_art31_scripts_up_ends_with_the_advice_and_the_readme_shows_it():
    with open(os.path.join(ROOT, "scripts", "up"), encoding="utf-8") as fh:
        assert fh.read().rstrip().endswith("python -m award_intake.quickstart")
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as fh:
        readme = fh.read()
    assert "AWARD_CLOCK=simulated:2019-03-01T09:00:00+08:00 scripts/up" in readme
    assert ".venv/bin/award-ruleset derive --from jinan-2018 --id jinan-" in readme
    assert "scripts/down && RULESET_DIRS=var/rulesets scripts/up" in readme


def test_art31_the_command_the_advice_gives_writes_a_rule_set_in_force_today(tmp_path, monkeypatch):
    """Issue 32, item 13: the advice's own command, run as printed (in the repository's root, where
    scripts/up runs), writes a rule set that the advice then finds in force."""
    from award_tools import ruleset as ruleset_cli
    text = quickstart.advice("wall", clock=TODAY)
    [derive] = [line.split("award-ruleset ", 1)[1].split() for line in text if "award-ruleset derive --from" in line]
    monkeypatch.chdir(tmp_path)
    assert ruleset_cli.main(derive + ["--ruleset-dirs", ""]) == 0
    [line] = quickstart.advice("wall", str(tmp_path / "var" / "rulesets"), clock=TODAY)
    assert "rule set in force: jinan-2026" in line
