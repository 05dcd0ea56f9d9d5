"""The supervision opinion's answer (Art. 16) as data, and the README's drawing."""
import os

import pytest

from award_publicity.domain import opinions as rules
from award_shared import errors
from award_testing.state_machines import diagrams, drawn, reachable

README = os.path.join(os.path.dirname(__file__), "..", "..", "README.md")


def test_art16_an_opinion_is_accepted_with_the_change_or_not_with_the_reason_once():
    assert rules.answer("received", {"accepted": True, "change": "名单说明已补充"}) == "accepted"
    assert rules.answer("received", {"accepted": False, "reason": "不影响名单"}) == "not_accepted"
    for body, field in (({"accepted": True}, "change"), ({"accepted": False, "reason": " "}, "reason")):
        with pytest.raises(errors.Invalid) as refused:
            rules.answer("received", body)
        assert field in refused.value.fields and refused.value.article == "Art. 16"
    with pytest.raises(errors.RuleViolation) as refused:
        rules.answer("accepted", {"accepted": False, "reason": "x"})
    assert refused.value.code == "already_answered"


def test_art16_unanswered_opinions_stop_deliberation():
    rules.refuse_unanswered([])
    with pytest.raises(errors.RuleViolation) as refused:
        rules.refuse_unanswered(["op-1"])
    assert refused.value.article == "Art. 16" and refused.value.fields == {"opinions": ["op-1"]}


def test_the_readme_draws_every_transition_of_the_opinion_and_no_other():
    assert reachable(rules.INITIAL, rules.TRANSITIONS) == set(rules.STATES) and set(rules.NAMES) == set(rules.STATES)
    [diagram] = diagrams(README, marker="award_publicity/domain/opinions.py")
    assert diagram.arrows == drawn(rules.TRANSITIONS, label=lambda t: f"{t.name} ({t.role})")
    assert diagram.initial == (rules.INITIAL,)
    assert diagram.final == set(rules.FINAL_STATES)
