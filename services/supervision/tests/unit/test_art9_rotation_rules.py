"""Art. 9, without I/O: the five kinds of member, and at least one third (rounded up) of the
previous cycle's group not sitting again, people matched by stable person id."""
import pytest

from award_shared.errors import RuleViolation
from award_shared.events.schemas import MEMBER_KINDS
from award_supervision.domain.rotation import Member, by_kind, check_composition, check_rotation, required_out


def group(ids, names=None):
    names = names or {}
    return [Member(pid, MEMBER_KINDS[i % 5], names.get(pid, pid)) for i, pid in enumerate(ids)]


@pytest.mark.parametrize("size,needed", [(1, 1), (3, 1), (4, 2), (5, 2), (6, 2), (7, 3), (9, 3), (10, 4)])
def test_art9_one_third_rounded_up(size, needed):
    assert required_out(size) == needed


def test_art9_nine_with_two_new_is_refused_naming_art9():
    previous = [f"p{i}" for i in range(9)]
    new = previous[:7] + ["n1", "n2"]
    with pytest.raises(RuleViolation) as err:
        check_rotation(new, previous)
    assert err.value.article == "Art. 9"
    assert "第九条" in err.value.message and "三分之一" in err.value.message
    assert err.value.fields == {"required_out": 3, "out": 2}


def test_art9_nine_with_three_new_is_accepted():
    previous = [f"p{i}" for i in range(9)]
    assert check_rotation(previous[:6] + ["n1", "n2", "n3"], previous) == ["n1", "n2", "n3"]


def test_art9_a_renamed_person_is_the_same_member():
    previous = group([f"p{i}" for i in range(9)])
    renamed = group([f"p{i}" for i in range(7)] + ["n1", "n2"], names={"p0": "改名后的姓名"})
    with pytest.raises(RuleViolation):
        check_rotation([m.person_id for m in renamed], [m.person_id for m in previous])


def test_art9_a_new_person_with_an_old_name_is_new():
    previous = group([f"p{i}" for i in range(9)])
    same_names = group([f"p{i}" for i in range(6)] + ["n1", "n2", "n3"], names={"n1": "p6", "n2": "p7", "n3": "p8"})
    assert len(check_rotation([m.person_id for m in same_names], [m.person_id for m in previous])) == 3


def test_art9_first_group_has_nothing_to_rotate_from():
    assert check_rotation(["a", "b"], None) == ["a", "b"]


def test_art9_every_kind_sits_on_the_group():
    check_composition(group([f"p{i}" for i in range(5)]))
    with pytest.raises(RuleViolation) as err:
        check_composition([Member("a", "npc_deputy", "甲"), Member("b", "lawyer", "乙")])
    assert err.value.article == "Art. 9"
    assert err.value.fields["missing_kinds"] == ["cppcc_member", "government", "media"]


def test_art9_a_person_sits_once():
    members = group([f"p{i}" for i in range(5)]) + [Member("p0", "media", "又一次")]
    with pytest.raises(RuleViolation) as err:
        check_composition(members)
    assert err.value.fields == {"members": ["p0"]}


def test_art9_event_carries_names_by_kind_only():
    out = by_kind(group(["a", "b", "c", "d", "e", "f"], names={"a": "张三", "f": "李四"}))
    assert out["npc_deputy"] == ["张三", "李四"]
    assert list(out) == list(MEMBER_KINDS)


def test_art9_growing_the_group_without_anyone_leaving_is_no_rotation():
    six = [f"p{i}" for i in range(6)]
    with pytest.raises(RuleViolation) as err:
        check_rotation(six + ["n1", "n2", "n3"], six)
    assert err.value.fields == {"required_out": 2, "out": 0}
    assert check_rotation(six[2:] + ["n1", "n2", "n3"], six) == ["n1", "n2", "n3"]  # 2 of 6 leave
