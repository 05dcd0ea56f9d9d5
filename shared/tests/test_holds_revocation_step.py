"""Issue 13, item 8: step 14 (revocation, Art. 29, 30) obeys only holds placed on it."""
from award_shared import holds


def _hold(step, subject=None, status="active"):
    return {"step": step, "subject": subject, "status": status}


def test_a_hold_on_an_earlier_step_never_covers_revocation():
    for step in ("notice", "district_review", "approval", "conferral"):
        assert not holds.covers(_hold(step, "award-1"), "revocation", "award-1")
        assert not holds.covers(_hold(step), "revocation", "award-1")


def test_a_hold_on_revocation_covers_revocation_for_its_award_only():
    assert holds.covers(_hold("revocation", "award-1"), "revocation", "award-1")
    assert not holds.covers(_hold("revocation", "award-1"), "revocation", "award-2")
    assert holds.covers(_hold("revocation"), "revocation", "award-2")


def test_earlier_steps_still_cover_the_later_ones_before_revocation():
    assert holds.covers(_hold("approval", "app-1"), "conferral", "app-1")


def test_revocation_enforces_no_hold_of_an_earlier_step():
    assert not holds.owns_from("revocation", "conferral")
    assert holds.owns_from("revocation", "revocation")
    assert holds.owns_from("publicity", "deliberation")
