"""Past winners may not apply again (Art. 6).

Pure: no I/O. The registry records every award granted (and any revocation of it); the
cycle's rule set decides which categories bar a new application (``bars_reapplication``:
in the 2018 set the Mayor's Quality Award proper, not the nomination award). A revoked
award keeps its bar: it is recorded, not forgotten.
"""
from award_shared import errors


def barring_categories(ruleset):
    return sorted(k for k, c in ruleset["categories"].items() if c["bars_reapplication"])


def barring_award(records, ruleset):
    """The first record that bars the applicant under ``ruleset``, or None."""
    barred = set(barring_categories(ruleset))
    for record in sorted(records, key=lambda r: (r.get("edition") or 0, r.get("award_id") or "")):
        if record.get("category") in barred:
            return record
    return None


def refuse_if_past_winner(records, ruleset):
    record = barring_award(records, ruleset)
    if record is None:
        return
    name = ruleset["categories"][record["category"]]["name"]
    edition = record.get("edition")
    revoked = record.get("revoked_on")
    award = {"award": [record.get("award_id") or "imported"]}
    won = f"{f'{edition}年度' if edition else ''}{name}"
    won_en = f"the {record['category']}{f' of {edition}' if edition else ''}"
    if revoked:  # this suite's choice (docs/design.md): Art. 6 says 已经获得, so a revoked award still bars
        raise errors.RuleViolation(
            f"申报者曾获{won}，该奖项已被撤销；按本评审系统的规则，曾获奖项被撤销的单位和个人仍不得再次申报",
            f"the applicant won {won_en}, since revoked: under this suite's rule a revoked award still bars "
            "applying again", code="past_winner_revoked", fields=award)
    raise errors.RuleViolation(
        f"已经获得市长质量奖的单位和个人不得重复申报：申报者曾获{won}（第六条）",
        f"past winners may not apply again: the applicant won {won_en}",
        article="Art. 6", code="past_winner", fields=award)
