"""Who acts for the third party, and who may read scores and comments (Art. 8, 9, 15).

The third party is appointed per cycle (受委托的第三方机构, Art. 8); only its listed staff act
for it in that cycle. Who reads the review is this suite's access design, drawn from the part
each role plays in it: the cycle's third party, which conducts it, and the office read
everything (Art. 7, 8, 15); an assigned expert reads its own assignments and its own reviews,
nothing else (Art. 8); the cycle's supervision group, which supervises it (评审过程接受评审
监督小组的监督, Art. 9(1), 15), reads score sheets, stage results and qualification decisions,
read-only. Art. 25 binds all of them to keep applicants' trade and technical secrets — a duty
of confidentiality, not a list of who may read. Every such read is audited by the caller.

``roles`` here are the caller's roles as :func:`award_shared.web.cycle_access.reader` left them
for the cycle: a ``supervisor`` still in them sits on that cycle's sitting group (a member of
another cycle's group, or of a dissolved one, was refused there, 403 citing Art. 9).
"""
from award_shared import errors

ALL, OWN, SUPERVISED = "all", "own", "supervised"


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
    """``"all"`` for the office and the cycle's third party, ``"supervised"`` (everything,
    read-only) for a member of the cycle's supervision group, ``"own"`` for an assigned expert;
    anyone else is refused (403 citing the articles that give each reader its part)."""
    if "office" in roles:
        return ALL
    if "third_party" in roles and agency is not None and sub in agency["staff_subjects"]:
        return ALL
    if "supervisor" in roles:
        return SUPERVISED
    if "expert" in roles and assigned:
        return OWN
    raise errors.Forbidden(
        "评分表、评语和评审结论仅由承担评审的本届第三方机构及被指派的评审专家（第八条）、"
        "市质量强市领导小组办公室和监督评审的本届评审监督小组（第九条、第十五条）查阅",
        "score sheets, comments and decisions are read by the cycle's third party and the experts "
        "assigned, who conduct the review (Art. 8), the office, and the cycle's supervision group, "
        "which supervises it (Art. 9, 15)", article="Art. 8, 9, 15", code="not_a_reader")


def visible(records, scope, sub, key="reviewer"):
    """The records ``sub`` may see under ``scope``."""
    if scope in (ALL, SUPERVISED):
        return list(records)
    return [r for r in records if r[key] == sub]
