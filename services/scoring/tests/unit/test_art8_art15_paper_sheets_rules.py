"""Art. 8, 15: the panel's paper sheets the agency transcribes; which stages take paper is the
rule set's choice (``review.paper_sheets``), and a refusal of one sheet names its expert; pure."""
import copy

import pytest

from award_scoring.domain import paper_sheets
from award_shared import errors
from award_testing.helpers import ruleset_2018

RULESET = ruleset_2018()


def with_paper(keys):
    ruleset = copy.deepcopy(RULESET)
    ruleset["review"]["paper_sheets"] = keys
    return ruleset


def test_paper_sheets_at_the_onsite_review_and_defense_unless_the_rule_set_says_otherwise():
    assert "paper_sheets" not in RULESET["review"]  # the 2018 file leaves it at the default
    assert paper_sheets.allowed_steps(RULESET) == ["onsite_review", "defense"]
    assert paper_sheets.allowed_steps(with_paper(["material"])) == ["material_review"]
    assert paper_sheets.allowed_steps(with_paper([])) == []
    paper_sheets.check_allowed(RULESET, "defense")
    for step in ("material_review", "qualification_review"):
        with pytest.raises(errors.Conflict) as refused:
            paper_sheets.check_allowed(RULESET, step)
        assert refused.value.code == "paper_sheets_not_allowed" and refused.value.article is None
        assert "第" not in refused.value.message  # the edition's choice, not an article of the Measures


def test_art8_art15_a_refused_sheet_names_its_expert_and_its_fields():
    with pytest.raises(errors.Invalid) as refused:
        with paper_sheets.naming(2, "exp-07"):
            raise errors.Invalid({"scores.leadership": ["above the cap"]})
    assert refused.value.fields == {"sheets.2.scores.leadership": ["above the cap"]}
    assert "exp-07" in refused.value.message and refused.value.message_en.startswith("sheet 3 (expert exp-07)")
    with pytest.raises(errors.Forbidden) as refused:
        with paper_sheets.naming(0, "exp-09"):
            raise errors.Forbidden("未被指派", "not assigned", article="Art. 8", code="not_assigned")
    assert refused.value.fields == {"sheets.0.expert": ["not assigned"]} and refused.value.article == "Art. 8"
    with pytest.raises(errors.Invalid) as refused:
        paper_sheets.check_distinct([{"expert": "exp-01"}, {"expert": "exp-02"}, {"expert": "exp-01"}])
    assert list(refused.value.fields) == ["sheets.2.expert"]
