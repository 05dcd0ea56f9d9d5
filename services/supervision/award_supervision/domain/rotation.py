"""The make-up of a supervision group and its rotation between cycles (Art. 9).

Art. 9: the group is made of NPC deputies, CPPCC members, government, news media and
practising lawyers "and other relevant persons" (人大代表、政协委员、政府机关、新闻媒体、执业律师
等有关人员): a member of another kind is kind ``other`` with the kind in words (``kind_text``);
whether each of the five listed kinds must sit is the rule set's choice
(``supervision.require_listed_kinds``, default yes); it is appointed per
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

from award_rules.vocabulary import MEMBER_KINDS
from award_shared import errors

KIND_NAMES_ZH = {
    "npc_deputy": "人大代表",
    "cppcc_member": "政协委员",
    "government": "政府机关人员",
    "media": "新闻媒体人员",
    "lawyer": "执业律师",
}


OTHER = "other"


@dataclass(frozen=True)
class Member:
    person_id: str
    kind: str
    name: str
    kind_text: str | None = None  # the kind in words, for OTHER (等有关人员)


def requires_listed_kinds(ruleset):
    """The rule set's choice (default yes): must each kind Art. 9 lists sit on the group?"""
    return bool(((ruleset or {}).get("supervision") or {}).get("require_listed_kinds", True))


def required_out(previous_size):
    """How many of a previous group of ``previous_size`` must not sit again: one third, rounded up."""
    return -(-previous_size // 3)


def check_composition(members, require_listed_kinds=True):
    """Art. 9: each member is of a listed kind or of another kind named in words (等有关人员),
    nobody sits twice and — when the rule set requires it — every listed kind sits on the
    group. Raises RuleViolation naming Art. 9."""
    members = list(members)
    if not members:
        raise errors.RuleViolation("评审监督小组不能没有成员（第九条）", "the supervision group needs members",
                                   article="Art. 9")
    twice = sorted(p for p, n in Counter(m.person_id for m in members).items() if n > 1)
    if twice:
        raise errors.RuleViolation(
            f"同一人员不能在评审监督小组中重复出现：{', '.join(twice)}（第九条）",
            f"a person may sit on the group only once: {', '.join(twice)}",
            article="Art. 9", fields={"members": twice})
    unknown = sorted({m.kind for m in members} - set(MEMBER_KINDS) - {OTHER})
    if unknown:
        raise errors.RuleViolation(
            f"成员类别不在第九条所列之内，其他有关人员请以 other 注明类别：{', '.join(unknown)}（第九条）",
            f"member kinds not in Art. 9: {', '.join(unknown)}; name another kind as other with kind_text",
            article="Art. 9")
    unnamed = sorted(m.person_id for m in members if m.kind == OTHER and not (m.kind_text or "").strip())
    if unnamed:
        raise errors.RuleViolation(
            f"其他有关人员须注明其类别：{', '.join(unnamed)}（第九条：等有关人员）",
            f"a member of another kind needs its kind in words (kind_text): {', '.join(unnamed)}",
            article="Art. 9", fields={"members": unnamed})
    if not require_listed_kinds:
        if not any(m.kind in MEMBER_KINDS for m in members):  # the kinds Art. 9 names make up the group
            raise errors.RuleViolation(
                "评审监督小组应由第九条所列人员组成，至少须有一名所列类别的成员（第九条）",
                "the group needs at least one member of a kind Art. 9 lists", article="Art. 9")
        return
    missing = [k for k in MEMBER_KINDS if k not in {m.kind for m in members}]
    if missing:
        zh = "、".join(KIND_NAMES_ZH[k] for k in missing)
        raise errors.RuleViolation(
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
        raise errors.RuleViolation(
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
    """Names by listed kind, as ``supervision.group_appointed`` carries them (names only)."""
    out = {}
    for m in members:
        out.setdefault(m.kind, []).append(m.name)
    return {k: out[k] for k in MEMBER_KINDS if k in out}


def others(members):
    """Members of other kinds (等有关人员): the kind in words and the name."""
    return [{"kind": m.kind_text, "name": m.name} for m in members if m.kind == OTHER]
