"""Art. 9, without I/O: who acts as a supervisor of which cycle, who releases a hold, and
who reads what."""
import pytest

from award_shared.errors import Forbidden, RuleViolation
from award_supervision.domain.acting import (check_supervisor, check_visible, release_authority, sees_complainant,
                                      visible_cycles)

SITTING = {"status": "appointed", "member_ids": {"p1", "p2"}}
DISSOLVED = {"status": "dissolved", "member_ids": {"p1", "p2"}}
APPROVAL = {"approval_id": "a1", "approved_by": "lg-1"}


def test_art9_a_member_of_the_sitting_group_acts():
    check_supervisor(SITTING, "p1", "cycle-2019")


@pytest.mark.parametrize("group,person", [(None, "p1"), (SITTING, "p9"), (DISSOLVED, "p1")])
def test_art9_others_and_members_of_a_dissolved_group_do_not(group, person):
    with pytest.raises(Forbidden) as err:
        check_supervisor(group, person, "cycle-2019")
    assert err.value.article == "Art. 9" and "第九条" in err.value.message


def test_art9_while_the_group_sits_it_alone_releases():
    assert release_authority({"supervisor"}, "p1", "c", SITTING, None) == "group"
    with pytest.raises(Forbidden):
        release_authority({"office"}, "o1", "c", SITTING, APPROVAL)
    with pytest.raises(Forbidden):
        release_authority({"supervisor"}, "p9", "c", SITTING, None)


def test_art9_after_dissolution_the_office_releases_with_the_leading_groups_approval():
    with pytest.raises(Forbidden):
        release_authority({"supervisor"}, "p1", "c", DISSOLVED, APPROVAL)
    with pytest.raises(RuleViolation) as err:
        release_authority({"office"}, "o1", "c", DISSOLVED, None)
    assert err.value.code == "approval_required" and err.value.article == "Art. 9"
    assert release_authority({"office"}, "o1", "c", DISSOLVED, APPROVAL) == "office"


def test_art9_supervisors_see_their_own_cycle_only():
    assert visible_cycles({"office"}, set()) is None
    assert visible_cycles({"supervisor"}, {"cycle-2019"}) == {"cycle-2019"}
    assert visible_cycles({"applicant"}, {"cycle-2019"}) == set()
    check_visible({"supervisor"}, {"cycle-2019"}, "cycle-2019")
    with pytest.raises(Forbidden):
        check_visible({"supervisor"}, {"cycle-2019"}, "cycle-2021")


def test_complainant_identity_is_seen_by_the_group_alone():
    assert sees_complainant({"supervisor"}, {"cycle-2019"}, "cycle-2019")
    assert not sees_complainant({"supervisor"}, {"cycle-2021"}, "cycle-2019")
    assert not sees_complainant({"leading_group", "office"}, set(), "cycle-2019")
