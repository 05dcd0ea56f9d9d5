"""Art. 9, without I/O: who acts as a supervisor of which cycle and who releases a hold.
Who reads which cycle is the kit's rule: shared/tests/test_cycle_access.py."""
import pytest

from award_shared.errors import Conflict, Forbidden
from award_supervision.domain.acting import check_supervisor, release_authority

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
    with pytest.raises(Forbidden) as err:  # the suite's rule (docs/design.md): no article cited
        release_authority({"office"}, "o1", "c", SITTING, APPROVAL)
    assert err.value.code == "hold_released_by_group" and err.value.article is None and "第" not in err.value.message
    with pytest.raises(Forbidden):
        release_authority({"supervisor"}, "p9", "c", SITTING, None)


def test_art9_after_dissolution_the_office_releases_with_the_leading_groups_approval():
    with pytest.raises(Forbidden) as err:  # a member of the dissolved group acts no more: Art. 9's own rule
        release_authority({"supervisor"}, "p1", "c", DISSOLVED, APPROVAL)
    assert err.value.article == "Art. 9"
    with pytest.raises(Conflict) as err:  # the office with the leading group's approval: the suite's rule
        release_authority({"office"}, "o1", "c", DISSOLVED, None)
    assert err.value.code == "approval_required" and err.value.article is None and "第九条" not in err.value.message
    assert release_authority({"office"}, "o1", "c", DISSOLVED, APPROVAL) == "office"
