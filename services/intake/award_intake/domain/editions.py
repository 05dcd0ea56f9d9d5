"""Art. 2: 每2年1届 — one cycle (届) every two years, as rules. Pure: no I/O.

The label is not the check: an edition *is* the Beijing year of the day the cycle opens
(business clock), at least the previous edition plus the rule set's interval, and cycles
never overlap — a new one waits until the office has closed the last.
"""
from award_rules.clock import zh_date
from award_shared import errors


def check(asked, today, interval, previous):
    """The edition of a cycle opened on ``today`` (Beijing date); ``asked`` is the edition the
    office gave (or None); ``previous`` the latest cycle on record (cycle_id, edition, status)
    or None. Raises RuleViolation (Art. 2) otherwise."""
    edition = today.year
    if asked is not None and asked != edition:
        raise errors.RuleViolation(
            f"届次以开启之日所在年份计：今天是北京时间 {zh_date(today)}，本届为 {edition} 年届，"
            f"不是 {asked} 年届（第二条）",
            f"an edition is the Beijing year of its opening date: a cycle opened on {today.isoformat()} "
            f"is the {edition} edition, not {asked}", article="Art. 2", code="edition_year",
            fields={"edition": [edition]})
    if previous is None:
        return edition
    if previous["status"] == "open":
        raise errors.RuleViolation(
            f"上一届（{previous['cycle_id']}）尚未结束，不能开启新一届（第二条：每2年1届）",
            f"the previous cycle {previous['cycle_id']} is still open: cycles may not overlap",
            article="Art. 2", code="cycle_open", fields={"cycle_id": [previous["cycle_id"]]})
    if edition < previous["edition"] + interval:
        raise errors.RuleViolation(
            f"市长质量奖每{interval}年1届：上一届为 {previous['edition']} 年，本届不得早于 "
            f"{previous['edition'] + interval} 年（第二条）",
            f"one cycle every {interval} years: the previous edition is {previous['edition']}, "
            f"so the next may not be before {previous['edition'] + interval}", article="Art. 2",
            code="cycle_interval")
    return edition
