"""The case's state machine (Art. 7, 29, 30), one test per transition, and the README's drawing."""
import os

import pytest

from award_revocation.domain import case_states as cs
from award_testing.state_machines import diagrams, drawn, reachable

README = os.path.join(os.path.dirname(__file__), "..", "..", "README.md")


def test_art29_investigate_records_findings_from_opened_and_again():
    assert cs.advance("opened", "investigate", "office") == "investigated"
    assert cs.advance("investigated", "investigate", "office") == "investigated"


def test_art29_verify_only_after_investigation():
    assert cs.advance("investigated", "verify", "office") == "verified"
    with pytest.raises(cs.CaseStepRefused) as refused:
        cs.advance("opened", "verify", "office")
    assert refused.value.needs == "investigation"


def test_art29_dismiss_closes_the_case():
    assert cs.advance("investigated", "dismiss", "office") == "dismissed"
    assert not cs.is_open("dismissed")


def test_art7_propose_and_not_propose_by_the_leading_group_only():
    assert cs.advance("verified", "propose", "leading_group") == "proposed"
    assert cs.advance("verified", "not_propose", "leading_group") == "not_proposed"
    with pytest.raises(cs.CaseStepRefused):
        cs.advance("verified", "propose", "office")


def test_art29_revoke_and_not_revoke_by_the_government_after_the_proposal():
    assert cs.advance("proposed", "revoke", "government") == "revoked"
    assert cs.advance("proposed", "not_revoke", "government") == "not_revoked"
    with pytest.raises(cs.CaseStepRefused) as refused:
        cs.advance("verified", "revoke", "government")
    assert refused.value.needs == "proposal"


def test_art29_recover_and_complete_after_the_revocation():
    assert cs.advance("revoked", "recover", "office") == "recovering"
    assert cs.advance("recovering", "recover", "office") == "recovering"
    assert cs.advance("recovering", "complete", "office") == "closed"
    assert cs.advance("revoked", "complete", "office") == "closed"
    with pytest.raises(cs.CaseStepRefused) as refused:
        cs.advance("proposed", "recover", "office")
    assert refused.value.needs == "decision"


def test_art29_a_closed_case_takes_no_step():
    for state in cs.CLOSED_STATES:
        for transition in cs.TRANSITIONS:
            with pytest.raises(cs.CaseStepRefused):
                cs.advance(state, transition.name, transition.role)


def test_art29_every_branch_ends_in_a_closed_state():
    assert reachable("opened", cs.TRANSITIONS) == set(cs.STATES)
    for state in cs.STATES:  # from every state a closed state can be reached
        assert reachable(state, cs.TRANSITIONS) & cs.CLOSED_STATES, state


def test_the_readme_draws_every_transition_of_the_data_and_no_other():
    [diagram] = diagrams(README)
    assert diagram.arrows == drawn(cs.TRANSITIONS, label=lambda t: f"{t.name} ({t.role})")
