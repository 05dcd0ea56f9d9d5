"""Who acts for the third party, and who may read scores and comments (Art. 8, 25).

The third party is appointed per cycle (受委托的第三方机构, Art. 8); only its listed staff act
for it in that cycle. Art. 25 binds everyone in the review to keep applicants' trade and
technical secrets: scores, comments and application material are read only by the third
party of the cycle, the office, and the experts assigned — an expert sees its own
assignments and its own reviews, nothing else. Every such read is audited by the caller.
"""
from award_shared import errors

ALL, OWN = "all", "own"


def check_agency_staff(roles, sub, agency):
    """Refuse a third-party call unless ``sub`` is on the staff of the cycle's agency."""
    if agency is None:
        raise errors.RuleViolation(
            "本届尚未委托第三方机构（第八条）", "no third-party agency has been appointed for this cycle (Art. 8)",
            article="Art. 8", code="no_agency")
    if "third_party" not in roles or sub not in agency["staff_subjects"]:
        raise errors.Forbidden(
            f"{sub} 不是本届受委托第三方机构（{agency['name']}）的工作人员（第八条）",
            f"{sub} is not on the staff of this cycle's third party ({agency['name']}) (Art. 8)",
            article="Art. 8")


def read_scope(roles, sub, agency, assigned):
    """``"all"`` for the office and the cycle's third party, ``"own"`` for an assigned
    expert; anyone else is refused (403, Art. 25)."""
    if "office" in roles:
        return ALL
    if "third_party" in roles and agency is not None and sub in agency["staff_subjects"]:
        return ALL
    if "expert" in roles and assigned:
        return OWN
    raise errors.Forbidden(
        "评审材料、评分和评语仅限第三方机构、市质量强市领导小组办公室和被指派的评审专家查阅（第二十五条）",
        "scores, comments and application material are read only by the third party, the office "
        "and the experts assigned (Art. 25)", article="Art. 25")


def visible(records, scope, sub, key="reviewer"):
    """The records ``sub`` may see under ``scope``."""
    if scope == ALL:
        return list(records)
    return [r for r in records if r[key] == sub]
