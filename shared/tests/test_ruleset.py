"""The rule set as data (style principle 8; Art. 2, 6, 10-12, 15, 17, 19, 29-31)."""
import copy
import json
from datetime import date, datetime
from pathlib import Path

import pytest
import yaml

from award_rules.ruleset import (
    RuleSetError, RuleSetLibrary, canonical_sha256, category, gbt19580_total, load_ruleset,
    validate_ruleset,
)

REPO = Path(__file__).resolve().parents[2]
RULESETS = REPO / "services" / "intake" / "award_intake" / "rulesets"
JINAN_2018 = RULESETS / "jinan-2018.yaml"

# Pinned on purpose: cycles record the digest of the rule set they are bound to, so an
# edit of the 2018 file must be deliberate. A new edition is a new file, not an edit.
JINAN_2018_SHA256 = "29fee8122a8c45f3768d30665acf4b067d1ff6586e4cb0feb41681f4f9fda46f"


@pytest.fixture
def raw_2018():
    """The 2018 file as parsed YAML, for making altered copies."""
    return yaml.safe_load(JINAN_2018.read_text(encoding="utf-8"))


def write(directory, ruleset, suffix=".yaml"):
    path = directory / f"{ruleset['id']}{suffix}"
    if suffix == ".json":
        path.write_text(json.dumps(ruleset, ensure_ascii=False, default=str), encoding="utf-8")
    else:
        path.write_text(yaml.safe_dump(ruleset, allow_unicode=True), encoding="utf-8")
    return path


def revision_2022(raw):
    """A hypothetical later edition: other quotas, open-ended."""
    later = copy.deepcopy(raw)
    later.update(id="jinan-2022", supersedes="jinan-2018", in_force_from=date(2022, 1, 1), in_force_to=None)
    later["categories"]["unit_award"]["quota"] = 6
    return later


# -- the 2018 file --

def test_2018_file_loads_with_the_dates_of_art_31():
    ruleset = load_ruleset(JINAN_2018)
    assert ruleset["id"] == "jinan-2018"
    assert ruleset["title"] == "济南市市长质量奖管理办法"
    assert (ruleset["in_force_from"], ruleset["in_force_to"]) == (date(2018, 12, 7), date(2021, 12, 6))
    assert ruleset["cycle_interval_years"] == 2


def test_2018_sha256_is_stable_and_independent_of_layout(tmp_path, raw_2018):
    ruleset = load_ruleset(JINAN_2018)
    assert canonical_sha256(ruleset) == JINAN_2018_SHA256
    assert canonical_sha256(load_ruleset(JINAN_2018)) == JINAN_2018_SHA256
    # the same content as JSON, keys in reverse order, still hashes the same
    reordered = dict(reversed(list(raw_2018.items())))
    assert canonical_sha256(load_ruleset(write(tmp_path, reordered, ".json"))) == JINAN_2018_SHA256


def test_2018_quotas_items_and_reapplication_bar():
    ruleset = load_ruleset(JINAN_2018)
    quotas = {key: category(ruleset, key)["quota"] for key in ruleset["categories"]}
    assert quotas == {"unit_award": 5, "individual_award": 3, "unit_nomination": 3, "individual_nomination": 2}
    assert category(ruleset, "unit_award")["items"] == ["trophy", "plaque", "certificate"]
    assert category(ruleset, "unit_nomination")["items"] == ["plaque", "certificate"]
    assert category(ruleset, "individual_nomination")["items"] == ["medal", "certificate"]
    assert [c["bars_reapplication"] for c in ruleset["categories"].values()] == [True, True, False, False]
    assert all(c["prize_amount"] is None for c in ruleset["categories"].values())
    with pytest.raises(KeyError, match="best_award"):
        category(ruleset, "best_award")


def test_2018_review_weights():
    ruleset = load_ruleset(JINAN_2018)
    assert gbt19580_total(ruleset) == 1000
    assert ruleset["review"]["gbt19580"]["results"] == 400
    assert sum(ruleset["review"]["individual_rubric"].values()) == 100
    assert [s["key"] for s in ruleset["review"]["stages"]] == ["qualification", "material", "onsite", "defense"]
    assert sum(ruleset["review"]["stage_weights"].values()) == pytest.approx(1)


def test_2018_eligibility_notice_and_grounds():
    ruleset = load_ruleset(JINAN_2018)
    unit, individual = ruleset["eligibility"]["unit"], ruleset["eligibility"]["individual"]
    machine = lambda conditions: [c["item"] for c in conditions if c["decided_by"] == "machine"]
    assert machine(unit["conditions"]) == ["Art. 10(1)", "Art. 10(5)", "Art. 10(6)", "Art. 10(7)"]
    assert machine(individual["conditions"]) == ["Art. 12(2)", "Art. 12(6)"]
    assert (unit["min_main_business_years"], individual["min_quality_work_years"]) == (5, 10)
    assert ruleset["public_notice"] == {"working_days": 5, "calendar": "CN", "objections_signed": True}
    grounds = ruleset["revocation_grounds"]
    assert [g["item"] for g in grounds["unit"]] == [f"Art. 29({n})" for n in range(1, 13)]
    assert [g["item"] for g in grounds["individual"]] == [f"Art. 30({n})" for n in range(1, 11)]
    assert grounds["unit"][1]["text"] == "发生较大及以上生产安全事故，发生重大质量、环保、卫生等事故的"


# -- a broken copy names every problem by its path --

def test_broken_copy_lists_each_problem_by_path(tmp_path, raw_2018):
    broken = copy.deepcopy(raw_2018)
    broken["review"]["gbt19580"]["results"] = 300
    del broken["categories"]["individual_award"]["quota"]
    broken["categories"]["unit_nomination"]["quota"] = -1
    broken["in_force_from"] = "2018-13-40"
    broken["categories"]["best_award"] = copy.deepcopy(broken["categories"]["unit_award"])
    with pytest.raises(RuleSetError) as raised:
        load_ruleset(write(tmp_path, broken))
    assert set(raised.value.problems) == {
        "review.gbt19580: must sum to 1000 (got 900)",
        "categories.individual_award.quota: is required",
        "categories.unit_nomination.quota: must be >= 0",
        "in_force_from: not a valid date",
        "categories.best_award: unknown key",
    }
    assert str(raised.value).startswith(str(tmp_path))  # the message names the file


def test_art3_art11_art14_the_2018_set_lists_districts_evidence_and_the_sme_tilt(raw_2018):
    ruleset = load_ruleset(JINAN_2018)
    assert {d["kind"] for d in ruleset["districts"]} == {"district", "county", "zone"}
    assert "历下区" in [d["name"] for d in ruleset["districts"]]
    assert [e["key"] for e in ruleset["evidence"]["unit"]] == ["registration"]
    assert {k["key"]: k.get("requires_sme", False) for k in ruleset["tilt"]["kinds"]} == {
        "sme_innovation": True, "ten_major_industries": False, "traditional_upgrade": False}
    raw_2018["districts"].append(dict(raw_2018["districts"][0]))
    raw_2018["districts"][1]["kind"] = "city"
    raw_2018["evidence"]["unit"].append(dict(raw_2018["evidence"]["unit"][0]))
    with pytest.raises(RuleSetError) as raised:
        validate_ruleset(raw_2018)
    assert set(raised.value.problems) == {
        "districts: district repeated: 历下区", "districts[1].kind: must be one of: district, county, zone",
        "evidence.unit: evidence kind repeated: registration"}


def test_period_that_ends_before_it_begins(raw_2018):
    raw_2018["in_force_to"] = date(2018, 1, 1)
    with pytest.raises(RuleSetError) as raised:
        validate_ruleset(raw_2018)
    assert raised.value.problems == ["in_force_to: must not be before in_force_from"]


@pytest.mark.parametrize("path, value, problem", [
    (("review", "stage_weights", "defense"), 0.3, "review.stage_weights: must sum to 1 (got 1.1)"),
    (("review", "individual_rubric", "recognition"), 20, "review.individual_rubric: must sum to 100 (got 90)"),
    (("categories", "individual_award", "kind"), "unit", "categories.individual_award.kind: must be individual for individual_award"),
    (("categories", "individual_award", "min_score"), 600, "categories.individual_award.min_score: must be <= 100, the individual scale"),
    (("public_notice", "working_days"), 0, "public_notice.working_days: must be >= 1"),
    (("categories", "unit_award", "quota"), 5.0, "categories.unit_award.quota: not a valid integer"),
    (("review", "paper_sheets"), ["qualification", "onsite"],
     "review.paper_sheets: must name scored stages only: defense, material, onsite"),
])
def test_single_wrong_value(raw_2018, path, value, problem):
    *parents, key = path
    node = raw_2018
    for parent in parents:
        node = node[parent]
    node[key] = value
    with pytest.raises(RuleSetError) as raised:
        validate_ruleset(raw_2018)
    assert raised.value.problems == [problem]


def test_list_items_are_named_by_index(raw_2018):
    raw_2018["revocation_grounds"]["unit"][2]["item"] = "29(3)"
    raw_2018["eligibility"]["unit"]["conditions"][0]["decided_by"] = "robot"
    with pytest.raises(RuleSetError) as raised:
        validate_ruleset(raw_2018)
    assert raised.value.problems == [
        "eligibility.unit.conditions[0].decided_by: must be one of: machine, people",
        'revocation_grounds.unit[2].item: must look like "Art. 29(1)"',
    ]


def test_key_written_twice_in_yaml_is_refused(tmp_path):
    path = tmp_path / "twice.yaml"
    path.write_text(JINAN_2018.read_text(encoding="utf-8") + "\ncycle_interval_years: 3\n", encoding="utf-8")
    with pytest.raises(RuleSetError, match="key repeated: cycle_interval_years"):
        load_ruleset(path)


# -- the library --

def test_library_picks_the_rule_set_in_force():
    library = RuleSetLibrary.from_dirs([RULESETS])
    assert library.in_force_on(date(2019, 3, 1))["id"] == "jinan-2018"
    assert library.in_force_on(date(2018, 12, 7))["id"] == "jinan-2018"
    assert library.in_force_on(date(2021, 12, 6))["id"] == "jinan-2018"
    assert library.in_force_on(date(2022, 1, 1)) is None
    assert library.in_force_on(date(2018, 1, 1)) is None
    assert library.get("jinan-2018")["categories"]["unit_award"]["quota"] == 5
    assert library.get("jinan-2011") is None
    with pytest.raises(TypeError):
        library.in_force_on(datetime(2019, 3, 1, 12))


def test_library_hands_out_copies():
    library = RuleSetLibrary.from_dirs([RULESETS])
    library.get("jinan-2018")["categories"]["unit_award"]["quota"] = 99
    assert library.get("jinan-2018")["categories"]["unit_award"]["quota"] == 5


def test_a_later_revision_is_data_not_code(tmp_path, raw_2018):
    write(tmp_path, revision_2022(raw_2018))
    library = RuleSetLibrary.from_dirs([RULESETS, tmp_path])
    assert library.ids() == ["jinan-2018", "jinan-2022"]
    chosen = library.in_force_on(date(2023, 5, 1))
    assert chosen["id"] == "jinan-2022"
    assert [c["quota"] for c in chosen["categories"].values()] == [6, 3, 3, 2]
    assert library.in_force_on(date(2019, 3, 1))["id"] == "jinan-2018"
    assert canonical_sha256(chosen) != JINAN_2018_SHA256


def test_overlapping_periods_are_refused(tmp_path, raw_2018):
    overlapping = revision_2022(raw_2018)
    overlapping["in_force_from"] = date(2021, 12, 6)  # the last day of the 2018 Measures
    write(tmp_path, overlapping)
    with pytest.raises(RuleSetError) as raised:
        RuleSetLibrary.from_dirs([RULESETS, tmp_path])
    assert raised.value.problems == ["jinan-2018 and jinan-2022: in-force periods overlap"]


def test_library_names_the_bad_file(tmp_path, raw_2018):
    misnamed = revision_2022(raw_2018)
    write(tmp_path, misnamed).rename(tmp_path / "later.yaml")
    broken = revision_2022(raw_2018)
    broken.update(id="jinan-2024", in_force_from=date(2024, 1, 1))
    del broken["public_notice"]
    write(tmp_path, broken)
    with pytest.raises(RuleSetError) as raised:
        RuleSetLibrary.from_dirs([tmp_path, tmp_path / "missing"])
    assert raised.value.problems == [
        "jinan-2024.yaml: public_notice: is required",
        "later.yaml: id: must match the file name (is jinan-2022)",
        f"{tmp_path / 'missing'}: not a directory",
    ]
