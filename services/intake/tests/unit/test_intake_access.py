"""Who sees what (Art. 14, 25): pure rules, no I/O."""
import pytest

from award_intake.domain import access
from award_intake.examples import resident_id
from award_shared import errors
from award_shared.web.auth import Principal

APP = {"application_id": "app-1", "applicant_sub": "unit-a", "district": "历下区"}


def who(*roles, sub="someone", district=None):
    return Principal(sub=sub, roles=frozenset(roles), district=district)


def test_art14_an_applicant_sees_only_its_own_and_is_not_told_of_others():
    assert access.can_read(who("applicant", sub="unit-a"), APP)
    assert not access.can_read(who("applicant", sub="unit-b"), APP)
    assert isinstance(access.deny(who("applicant", sub="unit-b"), "app-1"), errors.NotFound)
    assert access.list_scope(who("applicant", sub="unit-b")) == ("applicant", "unit-b")


def test_art14_a_district_coordinator_reads_its_own_district_only():
    assert access.can_read(who("district", district="历下区"), APP)
    assert not access.can_read(who("district", district="市中区"), APP)
    assert isinstance(access.deny(who("district", district="市中区"), "app-1"), errors.Forbidden)


def test_art25_documents_only_for_applicant_office_third_party_and_assigned_experts():
    assert access.can_read_documents(who("applicant", sub="unit-a"), APP)
    assert access.can_read_documents(who("office"), APP)
    # a third party reaches here only as award_shared.web.cycle_access granted it for the cycle
    # (the entrusted agency's staff; tests/test_cycle_access_matrix.py holds the others off)
    assert access.can_read_documents(who("third_party", sub="agency-zhang"), APP)
    assert access.can_read_documents(who("expert", sub="exp-1"), APP, ["exp-1"])
    assert not access.can_read_documents(who("expert", sub="exp-2"), APP, ["exp-1"])
    assert not access.can_read_documents(who("district", district="市中区"), APP)
    assert not access.can_read_documents(who("district"), APP)
    assert not access.can_read_documents(who("supervisor"), APP)


@pytest.mark.parametrize("roles,shown", [(("office",), "whole"), (("applicant",), "masked"),
                                         (("third_party",), "masked"), (("district",), "masked")])
def test_the_resident_id_is_whole_for_the_office_only(roles, shown):
    number = resident_id()
    out = access.shown_resident_id(who(*roles), number)
    assert (out == number) == (shown == "whole")
    if shown == "masked":
        assert out == number[:6] + "********" + number[-4:]


def test_art14_the_district_of_the_application_reads_the_materials_it_must_review():
    assert access.can_read_documents(who("district", district="历下区"), APP)
    assert not access.can_read_documents(who("district", district="市中区"), APP)
