"""Art. 8 (who acts for the third party) and who reads scores and comments (Art. 8, 9, 15; Art. 25
binds them all to confidentiality); pure."""
import pytest

from award_scoring.domain import confidentiality
from award_shared import errors

AGENCY = {"name": "评价中心", "staff_subjects": ["staff-1"]}
SHEETS = [{"reviewer": "e1", "total": 800}, {"reviewer": "e2", "total": 700}]


def test_art8_only_the_staff_of_the_cycles_agency_act_for_it():
    confidentiality.check_agency_staff({"third_party"}, "staff-1", AGENCY)
    with pytest.raises(errors.Forbidden):
        confidentiality.check_agency_staff({"third_party"}, "other-agency", AGENCY)
    with pytest.raises(errors.RuleViolation) as none:
        confidentiality.check_agency_staff({"third_party"}, "staff-1", None)
    assert none.value.article == "Art. 8"


def test_art25_the_office_and_the_third_party_read_everything():
    assert confidentiality.read_scope({"office"}, "o", AGENCY, assigned=False) == "all"
    assert confidentiality.read_scope({"third_party"}, "staff-1", AGENCY, assigned=False) == "all"


def test_art25_an_assigned_expert_reads_only_its_own():
    scope = confidentiality.read_scope({"expert"}, "e1", AGENCY, assigned=True)
    assert confidentiality.visible(SHEETS, scope, "e1") == [SHEETS[0]]


def test_art9_the_cycles_supervision_group_reads_everything_read_only():
    """``supervisor`` reaches the rule only as cycle_access left it: a member of the sitting group."""
    scope = confidentiality.read_scope({"supervisor"}, "s", AGENCY, assigned=False)
    assert scope == "supervised" and confidentiality.visible(SHEETS, scope, "s") == SHEETS


@pytest.mark.parametrize("roles,sub,assigned", [
    ({"expert"}, "e3", False), ({"applicant"}, "a", False), ({"district"}, "d", False),
    ({"third_party"}, "another-agency", False)])
def test_art25_everyone_else_is_refused(roles, sub, assigned):
    with pytest.raises(errors.Forbidden) as refused:
        confidentiality.read_scope(roles, sub, AGENCY, assigned)
    assert refused.value.article == "Art. 8, 9, 15" and "第二十五条" not in refused.value.message
