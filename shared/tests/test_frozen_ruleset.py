"""award_rules.frozen: a cycle's rule set parsed once and shared — so nobody may change the
shared copy, and what is handed out reads, serialises and copies like the parsed JSON."""
import copy
import json
import pickle

import pytest

from award_rules import frozen
from award_testing.helpers import ruleset_2018

TEXT = json.dumps(ruleset_2018(), ensure_ascii=False)


def test_it_is_parsed_once_per_text_and_reads_as_the_json():
    first = frozen.parsed_ruleset(TEXT)
    assert frozen.parsed_ruleset(TEXT) is first
    assert first == json.loads(TEXT)
    assert json.loads(json.dumps(first, ensure_ascii=False)) == json.loads(TEXT)  # serialises as dict/list
    assert isinstance(first, dict) and isinstance(first["review"]["stages"], list)
    other = dict(json.loads(TEXT), id="jinan-2019")
    assert frozen.parsed_ruleset(json.dumps(other))["id"] == "jinan-2019"  # keyed by the text, not the id


@pytest.mark.parametrize("change", [
    lambda r: r.__setitem__("id", "x"),
    lambda r: r["review"].update(weights={}),
    lambda r: r["review"].pop("stages"),
    lambda r: r.setdefault("new", 1),
    lambda r: r["review"]["stages"].append({}),
    lambda r: r["review"]["stages"].__setitem__(0, {}),
    lambda r: r["review"]["stages"].sort(),
    lambda r: r["review"]["stages"][0].clear(),
])
def test_every_change_to_the_shared_copy_is_refused(change):
    ruleset = frozen.parsed_ruleset(TEXT)
    with pytest.raises(TypeError, match="read-only"):
        change(ruleset)
    assert ruleset == json.loads(TEXT)


def test_in_place_operators_are_refused_too():
    stages = frozen.parsed_ruleset(TEXT)["review"]["stages"]
    with pytest.raises(TypeError, match="read-only"):
        stages += [{}]
    review = frozen.parsed_ruleset(TEXT)["review"]
    with pytest.raises(TypeError, match="read-only"):
        review |= {"x": 1}


def test_copies_are_plain_and_changeable():
    ruleset = frozen.parsed_ruleset(TEXT)
    for thawed in (copy.deepcopy(ruleset), frozen.thaw(ruleset), pickle.loads(pickle.dumps(ruleset))):
        assert type(thawed) is dict and type(thawed["review"]["stages"]) is list
        thawed["review"]["stages"].append({})
        thawed["id"] = "changed"
    shallow = dict(ruleset)
    shallow["id"] = "changed"
    assert type(copy.copy(ruleset)) is dict and type(copy.copy(ruleset["review"]["stages"])) is list
    assert frozen.parsed_ruleset(TEXT) == json.loads(TEXT)  # the shared copy is untouched
