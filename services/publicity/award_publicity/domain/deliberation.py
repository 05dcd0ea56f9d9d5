"""The leading group deliberates the office's candidate list (Art. 7 LG(5), 16; Art. 2 quotas).

It adopts a candidate, strikes one with a reason, or returns the whole list to the office.
It adds nobody who is not on the list, and no category exceeds its quota. A candidate under
a hold at deliberation is recorded as pending whatever was asked, and waits.
"""
from dataclasses import dataclass

from award_shared import errors

from . import candidates as status

ADOPTED, STRUCK, PENDING = "adopted", "struck", "pending"


@dataclass(frozen=True)
class Decision:
    application_id: str
    category: str
    decision: str
    reason: str | None = None


def decide(listed, asked, quotas, held, seated_per_category):
    """Check the leading group's decisions and answer them as :class:`Decision` s.

    ``listed``: {application_id: (category, status)} of the cycle's current list;
    ``asked``: [{"application_id", "decision", "reason"}]; ``quotas``: {category: int};
    ``held``: application ids under a hold at deliberation; ``seated_per_category``:
    seats already taken by earlier decisions. Raises ``errors.Invalid`` naming the field and
    the article.
    """
    problems, seen, out = {}, set(), []
    for index, item in enumerate(asked):
        app_id = item["application_id"]
        where = f"decisions.{index}.application_id"
        if app_id not in listed:
            problems[where] = [f"{app_id} is not on the candidate list: the leading group adds nobody (Art. 16)"]
            continue
        if app_id in seen:
            problems[where] = [f"{app_id} is decided twice"]
            continue
        seen.add(app_id)
        category, current = listed[app_id]
        if current not in status.AWAITING_DELIBERATION:
            problems[where] = [f"{app_id} was already decided ({current})"]
            continue
        if item["decision"] == STRUCK and not (item.get("reason") or "").strip():
            problems[f"decisions.{index}.reason"] = ["a struck candidate needs the reason (Art. 16)"]
            continue
        decision = PENDING if app_id in held else item["decision"]
        out.append(Decision(app_id, category, decision, item.get("reason")))
    missing = sorted(a for a, (_, s) in listed.items()
                     if s in status.AWAITING_DELIBERATION and a not in seen and a not in held)
    if missing:
        problems["decisions"] = [f"no decision on {', '.join(missing)}: every candidate awaiting "
                                 "deliberation is adopted, struck, or the list is returned (Art. 16)"]
    if problems:
        # Art. 16 says 审议 without its forms: adopt or strike each listed candidate, or return
        # the list, is this suite's choice (docs/design.md), so the refusal cites no article
        raise errors.Invalid(problems, "审议结论有误：按本评审系统的规则，审议对候选名单中的每个对象作出通过或不通过的决定，"
                             "或将名单退回办公室", "the deliberation is invalid: each listed candidate is adopted or "
                             "struck, or the list is returned", code="deliberation_invalid")
    _check_quotas(out, quotas, seated_per_category)
    for app_id in sorted(held & set(a for a, (_, s) in listed.items() if s in status.AWAITING_DELIBERATION)):
        if app_id not in seen:
            out.append(Decision(app_id, listed[app_id][0], PENDING, None))
    return out


def _check_quotas(decisions, quotas, seated_per_category):
    adopted = {}
    for d in decisions:
        if d.decision == ADOPTED:
            adopted[d.category] = adopted.get(d.category, 0) + 1
    over = {c: n + seated_per_category.get(c, 0) for c, n in adopted.items()
            if n + seated_per_category.get(c, 0) > quotas.get(c, 0)}
    if over:
        fields = {f"decisions[{c}]": [f"{n} adopted; the quota of Art. 2 is {quotas.get(c, 0)}"]
                  for c, n in sorted(over.items())}
        raise errors.Invalid(fields, "通过的名额超过第二条规定的数量", "more adopted than the quota of Art. 2",
                             article="Art. 2")
