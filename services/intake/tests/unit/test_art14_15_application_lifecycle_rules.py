"""An application's lifecycle (Art. 14, 15), one test per transition, and the README's drawing."""
import os

import pytest

from award_intake.domain import lifecycle as lc
from award_testing.state_machines import diagrams, drawn, reachable

README = os.path.join(os.path.dirname(__file__), "..", "..", "README.md")


def application(status):
    return {"application_id": "app-2019-000000000001", "status": status}


def test_the_status_strings_are_those_intake_has_always_stored_and_answered():
    assert lc.STATES == ("draft", "submitted", "returned", "recommended", "withdrawn", "ineligible")
    assert lc.INITIAL == "draft"
    assert set(lc.STEP_OF) == set(lc.STATES)


def test_art14_the_applicant_changes_and_completes_a_draft_or_a_returned_application_only():
    for status in ("draft", "returned"):
        assert lc.advance(application(status), "change") == status
        assert lc.advance(application(status), "attach") == status
    for status in ("submitted", "recommended", "withdrawn", "ineligible"):
        for name in ("change", "attach"):
            with pytest.raises(lc.StepRefused):
                lc.advance(application(status), name)


def test_art14_submission_from_draft_and_again_after_a_return():
    assert lc.advance(application("draft"), "submit") == "submitted"
    assert lc.advance(application("returned"), "submit") == "submitted"


def test_art14_the_district_recommends_or_returns_a_submitted_application_only():
    assert lc.advance(application("submitted"), "recommend") == "recommended"
    assert lc.advance(application("submitted"), "return") == "returned"
    for name in ("recommend", "return"):
        with pytest.raises(lc.StepRefused):
            lc.advance(application("recommended"), name)


def test_art14_applying_is_voluntary_withdrawal_until_withdrawn_or_found_ineligible():
    for status in ("draft", "submitted", "returned", "recommended"):
        assert lc.advance(application(status), "withdraw") == "withdrawn"
    for status in ("withdrawn", "ineligible"):
        with pytest.raises(lc.StepRefused):
            lc.advance(application(status), "withdraw")


def test_art15_the_qualification_review_finds_a_live_application_ineligible():
    for status in ("submitted", "returned", "recommended"):
        assert lc.allows(status, "find_ineligible")
        assert lc.advance(application(status), "find_ineligible") == "ineligible"
    for status in ("draft", "withdrawn", "ineligible"):
        assert not lc.allows(status, "find_ineligible")


def test_art14_a_step_its_status_does_not_allow_is_refused_naming_the_article():
    with pytest.raises(lc.StepRefused) as refused:
        lc.advance(application("recommended"), "submit")
    error = refused.value
    assert (error.status, error.code, error.state) == (409, "wrong_status", "recommended")
    assert error.transition.article == "Art. 14"
    # the answer's body is the one intake has always given (no article in it)
    assert error.to_dict() == {"error": {
        "code": "wrong_status", "message": "申报 app-2019-000000000001 当前状态为“已推荐”，不能提交",
        "message_en": "application app-2019-000000000001 is recommended: cannot submit it",
        "fields": {"status": ["recommended"]}}}


def test_every_state_is_reached_and_every_one_can_come_to_rest():
    assert reachable(lc.INITIAL, lc.TRANSITIONS) == set(lc.STATES)
    for state in lc.STATES:
        assert reachable(state, lc.TRANSITIONS) & lc.RESTING, state


def test_the_readme_draws_every_transition_of_the_data_and_no_other():
    [diagram] = diagrams(README, marker="domain/lifecycle.py")
    assert diagram.arrows == drawn(lc.TRANSITIONS, label=lambda t: f"{t.name} ({t.role})")
    assert diagram.initial == (lc.INITIAL,)
    assert diagram.final == set(lc.RESTING)
