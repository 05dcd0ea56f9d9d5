"""Issue 32, item 13: ``award-ruleset derive`` writes a new rule set from an existing one — its
id, in-force dates and what changes — validated against the rule-set schema and the other rule
sets, and says how to load it; a value the schema refuses is named by its field and nothing is
written (Art. 31: a new edition is a new file)."""
import io
from datetime import date

import pytest

from award_rules.ruleset import RuleSetLibrary, canonical_sha256, load_ruleset
from award_tools import ruleset as ruleset_cli


def derive(tmp_path, *extra, out=None):
    said = io.StringIO()
    argv = ["derive", "--from", "jinan-2018", "--id", "jinan-2024", "--in-force-from", "2024-01-01",
            "--out", str(out or tmp_path), "--ruleset-dirs", "", *extra]
    return ruleset_cli.main(argv, out=said), said.getvalue()


def test_the_derived_rule_set_validates_loads_from_its_folder_and_says_how_to_load_it(tmp_path):
    code, said = derive(tmp_path, "--set", "categories.unit_award.quota=6", "--set", "public_notice.working_days=7",
                        "--in-force-to", "2027-12-31")
    assert code == 0
    path = tmp_path / "jinan-2024.yaml"
    derived = load_ruleset(path)
    library = RuleSetLibrary.from_dirs([ruleset_cli.packaged_dir(), str(tmp_path)])  # as intake loads RULESET_DIRS
    assert library.ids() == ["jinan-2018", "jinan-2024"]
    assert library.in_force_on(date(2026, 12, 7))["id"] == "jinan-2024"
    assert library.in_force_on(date(2028, 1, 1)) is None
    assert (derived["in_force_from"], derived["in_force_to"], derived["supersedes"]) == (
        date(2024, 1, 1), date(2027, 12, 31), "jinan-2018")
    assert derived["categories"]["unit_award"]["quota"] == 6 and derived["public_notice"]["working_days"] == 7

    # everything else is the 2018 rule set's
    source = library.get("jinan-2018")
    for key in ("id", "supersedes", "in_force_from", "in_force_to"):
        derived.pop(key), source.pop(key)
    derived["categories"]["unit_award"]["quota"], derived["public_notice"]["working_days"] = 5, 5
    assert canonical_sha256(derived) == canonical_sha256(source)

    assert f"scripts/down && RULESET_DIRS={tmp_path} scripts/up" in said
    assert "in force 2024-01-01 to 2027-12-31" in said and "categories.unit_award.quota to 6" in said
    assert path.read_text(encoding="utf-8").startswith("# Rule set jinan-2024, derived by award-ruleset from jinan-2018")


@pytest.mark.parametrize("extra, said", [
    (["--set", "categories.unit_award.quota=-1"], "categories.unit_award.quota: must be >= 0"),
    (["--set", "categories.unit_award.qouta=6"], "categories.unit_award.qouta: unknown key"),
    (["--set", "review.stage_weights.material=0.9"], "review.stage_weights: must sum to 1 (got 1.5)"),
    (["--set", "public_notice.calendar=XX"], "public_notice.calendar: must be one of"),
    (["--in-force-to", "2023-12-31"], "in_force_to: must not be before in_force_from"),
    (["--in-force-from", "2021-01-01"], "in_force_from: jinan-2024 would be in force 2021-01-01 to open-ended, "
                                        "overlapping jinan-2018 (2018-12-07 to 2021-12-06)"),
    (["--in-force-from", "2024-13-01"], "--in-force-from: not a date (YYYY-MM-DD): '2024-13-01'"),
    (["--id", "Jinan_2024"], 'id: must look like "jinan-2018"'),
    (["--id", "jinan-2018"], "id: jinan-2018 is already a rule set"),
    (["--set", "in_force_from=2025-01-01"], "--set in_force_from: give it with --in-force-from"),
    (["--set", "tilt.kinds.3.bonus_points=1"], "tilt.kinds.3: tilt.kinds is a list of 3"),
    (["--from", "jinan-2011"], "--from: no rule set 'jinan-2011'; known: jinan-2018"),
])
def test_a_value_the_schema_refuses_is_named_by_its_field_and_nothing_is_written(tmp_path, capsys, extra, said):
    code, _ = derive(tmp_path / "out", *extra)
    assert code == 2
    err = capsys.readouterr().err
    assert f"award-ruleset: refused: {said}" in err and "nothing written" in err
    assert not (tmp_path / "out").exists()


def test_an_existing_file_is_replaced_only_when_asked(tmp_path, capsys):
    assert derive(tmp_path)[0] == 0
    assert derive(tmp_path, "--set", "categories.unit_award.quota=4")[0] == 2
    assert "jinan-2024 is already a rule set" in capsys.readouterr().err
    assert derive(tmp_path, "--set", "categories.unit_award.quota=4", "--force")[0] == 0
    assert load_ruleset(tmp_path / "jinan-2024.yaml")["categories"]["unit_award"]["quota"] == 4
    # and a later one may start from the derived file
    code, said = derive(tmp_path, "--id", "jinan-2030", "--in-force-from", "2030-01-01",
                        "--from", str(tmp_path / "jinan-2024.yaml"))
    assert code == 2 and "overlapping jinan-2024 (2024-01-01 to open-ended)" in capsys.readouterr().err
