"""The acceptance window (Art. 13, 14): applications are accepted from the publication of
the application notice until its deadline, inclusive, in Beijing time.

Pure: no I/O. ``notice`` is a mapping with an aware ``deadline`` (or None: not published).
"""
from award_shared import errors

from .dates import beijing_text, utc


def check_accepting(now, notice, cycle_status="open"):
    """Raise 409 (Art. 13) unless applications are accepted at ``now``."""
    if cycle_status != "open":
        raise errors.RuleViolation(
            "本届市长质量奖评审已结束，不再受理申报（第十三条）",
            "the cycle is closed: no applications are accepted", article="Art. 13",
            code="cycle_closed")
    if notice is None:
        raise errors.RuleViolation(
            "市长质量奖申报通知尚未印发，暂不受理申报（第十三条）",
            "the application notice has not been published: no applications are accepted yet",
            article="Art. 13", code="before_notice")
    deadline = utc(notice["deadline"])
    if utc(now) > deadline:
        raise errors.RuleViolation(
            f"申报已于 {beijing_text(deadline)} 截止，不再受理（第十三条、第十四条）",
            f"applications closed at the deadline {deadline.isoformat()} (Beijing time "
            f"{beijing_text(deadline)[:16]}) set by the notice (Art. 13); Art. 14: filed within it",
            article="Art. 13, 14", code="after_deadline")


def check_recommending(now, deadline):
    """Raise 409 (Art. 14) once the deadline for district recommendations has passed, or
    when no deadline was ever set (the notice must set one: 在规定时限内)."""
    if deadline is None:
        raise errors.RuleViolation(
            "申报通知未规定区县推荐意见的报送时限，不能初审推荐（第十四条）",
            "the notice set no deadline for district recommendations (Art. 14)", article="Art. 14",
            code="no_recommendation_deadline")
    if utc(now) > utc(deadline):
        raise errors.RuleViolation(
            f"区县推荐意见须在规定时限内报送，时限已于 {beijing_text(deadline)} 届满（第十四条）",
            f"the deadline for district recommendations passed at {utc(deadline).isoformat()}",
            article="Art. 14", code="after_deadline")
