"""Who files and reads the use report of an award's prize money (Art. 21). Pure: no I/O.

The prize money is the winner's to use for Art. 21's purposes, so the winner reports its use:
the account that owns the winning application (intake's ``applicant_sub``, learned from
``application.recommended``: only a recommended application can win, Art. 14) files and reads
the reports of its own award as ``applicant``. The office may record a report the winner handed
in on paper, on its behalf; the record says which (``filed_by``). An award with no owner known
here — imported from before the suite, or won by an application recommended before intake's
events carried the owner — has no winner's account: only the office files for it, and the
refusal says so.

``principal`` is the kit's Principal; ``owner_sub`` the subject that owns the award's
application, or None.
"""
from award_shared import errors

OFFICE, WINNER = "office", "winner"
#: who may file a use report (``filed_by``)
FILERS = (WINNER, OFFICE)


def filer(principal, award, owner_sub):
    """``office`` (a report the office received, recorded for the winner) or ``winner`` (the
    award's own account); anyone else is refused naming Art. 21."""
    if principal.has("office"):
        return OFFICE
    require_winner(principal, award, owner_sub)
    return WINNER


def require_winner(principal, award, owner_sub):
    """403 naming Art. 21 unless ``principal`` is the applicant account that owns ``award``."""
    award_id = award["award_id"]
    if owner_sub is None:
        raise errors.Forbidden(
            f"奖项 {award_id} 没有获奖者账号（本系统启用前授予的奖项，或其推荐早于获奖者账号的登记），"
            "其奖励资金使用情况报告由市质量强市办代为登记（第二十一条）",
            f"award {award_id} has no winner's account here (awarded before the suite, or recommended "
            "before the owner was recorded): the office records its use reports (Art. 21)",
            article="Art. 21", code="no_winner_account")
    if not (principal.has("applicant") and principal.sub == owner_sub):
        raise errors.Forbidden(
            f"奖励资金使用情况由获奖者本人报告，奖项 {award_id} 不是您的获奖项目（第二十一条）",
            f"only the winner of award {award_id} reports the use of its prize money (Art. 21)",
            article="Art. 21", code="not_the_winner")
