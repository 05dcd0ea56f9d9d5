"""Panels by industry (Art. 8): who may sit on an application's panel, and who is picked.

The third party forms panels for primary, secondary and tertiary industry (一、二、三产业等
专项评审组, Art. 8(2)); each recommended application gets a panel of ``review.panel_size``
experts of its sector. An expert may sit only if it is not disqualified (Art. 27), judges
the application's sector (Art. 8) and is not conflicted with the applicant (Art. 25); an
expert that left this application's panel (recused or disqualified) never comes back — a rule of
this suite (docs/design.md), not of the Measures.

Automatic choice balances the load: the least-loaded eligible experts first (load = the
expert's active assignments in the cycle), ties broken by the expert's subject, so the
same state always gives the same panel.
"""
from award_shared import errors

from .conflicts import conflicts

ACTIVE = "active"
DISQUALIFIED = "disqualified"


def refusals(expert, application):
    """Why ``expert`` cannot sit on ``application``'s panel: ``[(article, zh, en)]``; empty: it can."""
    out = []
    if expert.get("status") == DISQUALIFIED:
        out.append(("Art. 27", "该专家已被取消评审工作资格", "the expert has been disqualified"))
    sector = application.get("sector")
    if sector not in (expert.get("sectors") or ()):
        out.append(("Art. 8", f"该专家不在“{sector}”产业评审组",
                    f"the expert does not sit on the {sector} industry panel"))
    for conflict in conflicts(expert, application):
        out.append(("Art. 25", conflict.detail, conflict.detail_en))
    return out


def _eligible(application, experts, on_panel, excluded):
    return [e for e in experts
            if e["subject"] not in on_panel and e["subject"] not in excluded
            and not refusals(e, application)]


def choose(application, experts, loads, size, panel=(), excluded=()):
    """The subjects to add so that the panel has ``size`` members (Art. 8), least loaded first.

    ``experts``: the cycle's registered experts (dicts with ``subject``, ``status``,
    ``sectors`` and the conflict fields); ``loads``: subject -> active assignments;
    ``panel``: subjects already on it; ``excluded``: subjects that left it.
    Raises 409 (Art. 8) when too few eligible experts remain, naming why each was refused.
    """
    needed = size - len(panel)
    if needed <= 0:
        return []
    on_panel = set(panel)
    eligible = _eligible(application, experts, on_panel, set(excluded))
    eligible.sort(key=lambda e: (loads.get(e["subject"], 0), e["subject"]))
    if len(eligible) < needed:
        chosen = {e["subject"] for e in eligible}
        refused = {e["subject"]: [zh for _, zh, _ in refusals(e, application)] or ["已离开该评审组"]
                   for e in experts if e["subject"] not in on_panel and e["subject"] not in chosen}
        raise errors.RuleViolation(
            f"“{application.get('sector')}”产业评审组可用专家不足：还需 {needed} 名，仅有 {len(eligible)} 名"
            f"无利害关系的专家可用（第八条）",
            f"not enough eligible experts on the {application.get('sector')} panel: {needed} needed, "
            f"{len(eligible)} available (Art. 8)", article="Art. 8", code="not_enough_experts",
            fields={"needed": needed, "available": len(eligible), "refused": refused})
    return [e["subject"] for e in eligible[:needed]]


def check_manual(application, experts_by_subject, requested, size, panel=(), excluded=()):
    """Refuse a hand-picked panel member who may not sit, with the reason and article.

    Bad input (unknown, repeated, too many) is 422; a rule that forbids the choice is 409:
    conflicted (Art. 25: 客观、公正、独立), wrong industry (Art. 8), disqualified (Art. 27); one who
    left the panel comes back never (``expert_left_panel``, this suite's rule: no article).
    """
    problems = []
    seen = set()
    for subject in requested:
        if subject in seen:
            problems.append(f"listed twice: {subject}")
        seen.add(subject)
        if subject not in experts_by_subject:
            problems.append(f"not registered as an expert of this cycle: {subject}")
        elif subject in panel:
            problems.append(f"already on the panel: {subject}")
    seats = size - len(panel)
    if len(seen) > seats:
        problems.append(f"the panel has {seats} free seat(s) of {size}; {len(seen)} requested")
    if problems:
        raise errors.Invalid({"experts": problems})
    for subject in requested:
        expert = experts_by_subject[subject]
        if subject in excluded:
            # this suite's rule (docs/design.md): the Measures say nothing of recusal or return
            raise errors.RuleViolation(
                f"专家 {subject} 已回避或被取消该申报的评审；按本评审系统的规则，不能再次指派",
                f"expert {subject} has left this application's panel: under this suite's rule it cannot be "
                "assigned again", code="expert_left_panel", fields={"expert": subject})
        found = refusals(expert, application)
        if found:
            article = found[0][0]
            raise errors.RuleViolation(
                f"不能指派专家 {subject}：" + "；".join(zh for _, zh, _ in found) + f"（{_zh_article(article)}）",
                f"expert {subject} cannot be assigned: " + "; ".join(en for _, _, en in found) + f" ({article})",
                article=article, code="expert_refused",
                fields={"expert": subject, "reasons": [{"article": a, "reason": zh, "reason_en": en}
                                                       for a, zh, en in found]})


def _zh_article(article):
    return {"Art. 8": "第八条", "Art. 25": "第二十五条", "Art. 27": "第二十七条"}.get(article, article)
