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
    raise errors.RuleViolation(
        f"已经获得市长质量奖的单位和个人不得重复申报：申报者曾获{f'{edition}年度' if edition else ''}{name}"
        f"{'（该奖项已被撤销，仍不得重复申报）' if revoked else ''}（第六条）",
        f"past winners may not apply again: the applicant won the {record['category']}"
        f"{f' of {edition}' if edition else ''}{' (since revoked: the bar stays)' if revoked else ''}",
        article="Art. 6", code="past_winner", fields={"award": [record.get("award_id") or "imported"]})
