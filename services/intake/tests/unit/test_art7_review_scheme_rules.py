"""The review scheme's lifecycle (Art. 7 LG(2)) as data, and the README's drawing of it."""
import os

import pytest

from award_intake import schemes
from award_intake.domain import scheme as sc
from award_testing.state_machines import diagrams, drawn, reachable

README = os.path.join(os.path.dirname(__file__), "..", "..", "README.md")


def test_art7_the_office_proposes_and_the_leading_group_approves_or_rejects():
    assert sc.advance(None, "propose") == "proposed"
    assert sc.advance("proposed", "approve") == "approved"
    assert sc.advance("proposed", "reject") == "rejected"
    assert sc.advance("rejected", "propose") == "proposed"
    for state, name in ((None, "approve"), (None, "reject"), ("approved", "approve"), ("rejected", "approve"),
                        ("approved", "reject")):
        with pytest.raises(sc.SchemeStepRefused) as refused:
            sc.advance(state, name)
        assert "第七条" in refused.value.message and refused.value.article == "Art. 7"
        assert refused.value.code == "wrong_status"


def test_art7_the_scheme_is_the_bound_review_and_the_tilt_hashed_canonically():
    review = {"panel_size": 5, "stage_weights": {"material": 0.4}}
    one = sc.scheme_of("jinan-2018", "a" * 64, {"review": review}, {"kinds": [], "applies_to": [], "max_total_bonus": 0})
    assert one["review"] is review and set(one) == {"ruleset_id", "ruleset_sha256", "review", "tilt"}
    assert schemes.scheme_sha256(one) == schemes.scheme_sha256(dict(reversed(list(one.items()))))
    assert schemes.scheme_sha256(dict(one, tilt={"kinds": [], "applies_to": ["unit"], "max_total_bonus": 0})) != \
        schemes.scheme_sha256(one)


def test_art7_the_readme_draws_the_schemes_lifecycle():
    [diagram] = diagrams(README, marker="domain/scheme.py")
    assert diagram.arrows == drawn(sc.TRANSITIONS, label=lambda t: f"{t.name} ({t.role})")
    assert diagram.initial == (sc.INITIAL,)
    assert reachable(sc.INITIAL, sc.TRANSITIONS) == set(sc.STATES)
