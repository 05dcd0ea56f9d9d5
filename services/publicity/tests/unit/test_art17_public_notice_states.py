"""The public notice's state machine (Art. 17): open, closed by the business clock, never a
provisional one; objections only inside the window; and the README's drawing."""
import os
from datetime import datetime, timedelta, timezone

import pytest

from award_publicity.domain import public_notice as rules
from award_shared import errors
from award_testing.state_machines import diagrams, drawn

README = os.path.join(os.path.dirname(__file__), "..", "..", "README.md")
START = datetime(2019, 9, 27, 2, 0, tzinfo=timezone.utc)
END = datetime(2019, 10, 10, 9, 0, tzinfo=timezone.utc)


def notice(status="open", provisional=False):
    return {"status": status, "provisional": provisional, "window_start": START, "window_end": END}


def test_art17_an_open_notice_closes_and_a_closed_one_stays_closed():
    assert rules.advance("open", "close") == "closed"
    for name in rules.BY_NAME:
        with pytest.raises(errors.RuleViolation) as refused:
            rules.advance("closed", name)
        assert refused.value.article == "Art. 17"


def test_art17_loading_a_year_recomputes_an_open_notice_which_stays_open():
    assert rules.advance("open", "recompute") == "open"


def test_art17_the_clock_closes_a_notice_once_its_end_has_passed_never_a_provisional_one():
    assert not rules.is_due(notice(), END - timedelta(seconds=1))
    assert rules.is_due(notice(), END)
    assert not rules.is_due(notice(provisional=True), END + timedelta(days=30))
    assert not rules.is_due(notice("closed"), END)


def test_art17_objections_are_taken_while_open_from_start_to_before_end():
    assert rules.takes_objections(notice(), START)
    assert rules.takes_objections(notice(), END - timedelta(seconds=1))
    assert not rules.takes_objections(notice(), END)
    assert not rules.takes_objections(notice(), START - timedelta(seconds=1))
    assert not rules.takes_objections(notice("closed"), START)


def test_art17_a_late_objection_is_refused_pointing_to_the_complaint_route():
    with pytest.raises(errors.RuleViolation) as refused:
        rules.refuse_late_objection(notice(), "https://jdzl.example/public/v1/complaints")
    assert refused.value.code == "notice_closed" and refused.value.article == "Art. 17"
    assert refused.value.fields == {"complaint_route": "https://jdzl.example/public/v1/complaints"}


def test_the_readme_draws_every_transition_of_the_data_and_no_other():
    [diagram] = diagrams(README, marker="award_publicity/domain/public_notice.py")
    assert diagram.arrows == drawn(rules.TRANSITIONS, label=lambda t: f"{t.name} ({t.by})")
    assert diagram.initial == (rules.INITIAL,)
    assert diagram.final == set(rules.FINAL_STATES)
    assert {t.target for t in rules.TRANSITIONS} | {rules.INITIAL} == set(rules.STATES)
