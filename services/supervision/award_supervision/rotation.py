"""The make-up of a supervision group and its rotation between cycles (Art. 9).

Art. 9: the group is made of NPC deputies, CPPCC members, government, news media and
practising lawyers (人大代表、政协委员、政府机关、新闻媒体、执业律师); it is appointed per
cycle, and "每届轮换的比例不少于三分之一" — rotation is measured against the previous
cycle's group: at least one third of its members, rounded up (不少于: a count of at least
m/3 is at least ⌈m/3⌉), must not sit again. Growing a group by newcomers while keeping
every previous member rotates nobody. The first group on record has nothing to rotate
from and is exempt. People are matched by their stable
person id, never by name: a renamed member is still the same member.

Plain Python: no framework, no database.
"""
from collections import Counter
from dataclasses import dataclass

from award_shared.errors import RuleViolation
from award_shared.events.schemas import MEMBER_KINDS

KIND_NAMES_ZH = {
    "npc_deputy": "人大代表",
    "cppcc_member": "政协委员",
    "government": "政府机关人员",
    "media": "新闻媒体人员",
    "lawyer": "执业律师",
}


@dataclass(frozen=True)
class Member:
    person_id: str
    kind: str
    name: str


def required_out(previous_size):
    """How many of a previous group of ``previous_size`` must not sit again: one third, rounded up."""
    return -(-previous_size // 3)


def check_composition(members):
    """Art. 9: each member is one of the five kinds, every kind sits on the group, and no
    person sits twice. Raises RuleViolation naming Art. 9."""
    members = list(members)
    if not members:
        raise RuleViolation("评审监督小组不能没有成员（第九条）", "the supervision group needs members",
                            article="Art. 9")
    twice = sorted(p for p, n in Counter(m.person_id for m in members).items() if n > 1)
    if twice:
        raise RuleViolation(
            f"同一人员不能在评审监督小组中重复出现：{', '.join(twice)}（第九条）",
            f"a person may sit on the group only once: {', '.join(twice)}",
            article="Art. 9", fields={"members": twice})
    unknown = sorted({m.kind for m in members} - set(MEMBER_KINDS))
    if unknown:
        raise RuleViolation(
            f"成员类别不在第九条所列之内：{', '.join(unknown)}",
            f"member kinds not in Art. 9: {', '.join(unknown)}", article="Art. 9")
    missing = [k for k in MEMBER_KINDS if k not in {m.kind for m in members}]
    if missing:
        zh = "、".join(KIND_NAMES_ZH[k] for k in missing)
        raise RuleViolation(
            f"评审监督小组应由人大代表、政协委员、政府机关、新闻媒体、执业律师等人员组成，缺少：{zh}（第九条）",
            f"the group must include every kind of member of Art. 9; missing: {', '.join(missing)}",
            article="Art. 9", fields={"missing_kinds": missing})


def check_rotation(new_ids, previous_ids):
    """Art. 9: at least ⌈m/3⌉ of the previous group's m members do not sit on the new one.

    ``previous_ids`` is None when no previous group is on record (the first group: exempt).
    Returns the ids of the newcomers; raises RuleViolation naming Art. 9 otherwise.
    """
    new_ids = set(new_ids)
    if previous_ids is None:
        return sorted(new_ids)
    previous_ids = set(previous_ids)
    out = previous_ids - new_ids
    needed = required_out(len(previous_ids))
    if len(out) < needed:
        raise RuleViolation(
            f"评审监督小组成员每届轮换的比例不少于三分之一：上届 {len(previous_ids)} 名成员中至少应有 {needed} 名"
            f"不再连任，现仅 {len(out)} 名（第九条）",
            f"at least one third of the previous group must rotate out: {needed} of its "
            f"{len(previous_ids)} members must not sit again, only {len(out)} do not",
            article="Art. 9", fields={"required_out": needed, "out": len(out)})
    return sorted(new_ids - previous_ids)


def rotation_view(new_ids, previous_ids, previous_group_id):
    """How the group rotated against ``previous_group_id`` (None: the first on record, exempt)."""
    new_ids = set(new_ids)
    if previous_ids is None:
        return {"measured_against": None, "exempt": True,
                "exempt_reason": "the first group on record: nothing to rotate from (Art. 9)",
                "previous_size": 0, "required_out": 0, "out": 0, "new": len(new_ids)}
    previous_ids = set(previous_ids)
    return {"measured_against": previous_group_id, "exempt": False, "exempt_reason": None,
            "previous_size": len(previous_ids), "required_out": required_out(len(previous_ids)),
            "out": len(previous_ids - new_ids), "new": len(new_ids - previous_ids)}


def by_kind(members):
    """Names by kind, as ``supervision.group_appointed`` carries them (names only)."""
    out = {}
    for m in members:
        out.setdefault(m.kind, []).append(m.name)
    return {k: out[k] for k in MEMBER_KINDS if k in out}
