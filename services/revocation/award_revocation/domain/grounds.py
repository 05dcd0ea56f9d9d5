"""The grounds of revocation (Art. 29 for units, Art. 30 for individuals), checked against
the rule set bound to the award's edition, and the dates of the facts they cite. An award
imported from an edition of the 2011 Measures is revoked on the grounds its own rule-set file
lists (issue 31, item 14): the article a ground cites is read from the rule set, not assumed.

Every ground but (1) — how the award was obtained — concerns what happened after the award:
its facts must be dated after the award was granted. For individuals that is Art. 30's own
word (获奖个人在获奖后如发生); Art. 29 says only 获奖单位如发生, so for units it is this suite's
reading (docs/design.md, "Rules the Measures do not make"), and its refusal cites no article.
"""
import re
from dataclasses import dataclass

from award_rules.articles import cite

from .texts import zh_date

ARTICLE_OF_KIND = {"unit": "Art. 29", "individual": "Art. 30"}
ARTICLE_ZH = {"unit": "第二十九条", "individual": "第三十条"}
_GROUND = re.compile(r"^Art\. (\d+)\((\d+)\)$")


@dataclass(frozen=True)
class GroundProblem:
    field: str
    article: str
    message: str
    message_en: str
    code: str = None


def grounds_of(ruleset, kind):
    """``{"Art. 29(1)": {"text": ..., "summary": ...}, ...}`` for the award's kind."""
    return {g["item"]: g for g in ruleset["revocation_grounds"][kind]}


def article_of(ruleset, kind):
    """(``"Art. 29"``, ``"第二十九条"``): the article whose items are the kind's grounds in this rule set."""
    match = _GROUND.match(ruleset["revocation_grounds"][kind][0]["item"])
    article = f"Art. {match.group(1)}" if match else ARTICLE_OF_KIND[kind]
    return article, cite(article)


def is_about_obtaining(item):
    """Item (1) of either article: fraud in obtaining the award, which precedes it."""
    match = _GROUND.match(item)
    return bool(match) and match.group(2) == "1"


def check_grounds(cited, kind, ruleset, granted_on, today):
    """Problems with the cited grounds: each ``{"item", "fact", "fact_date"}`` (a date)."""
    known = grounds_of(ruleset, kind)
    other = "individual" if kind == "unit" else "unit"
    article, zh = article_of(ruleset, kind)
    problems = []
    for index, ground in enumerate(cited):
        item = ground["item"]
        if item not in known:
            wrong_kind = item in grounds_of(ruleset, other)
            why = "属于另一类奖项" if wrong_kind else "不存在"
            problems.append(GroundProblem(
                f"grounds.{index}.item", article,
                f"撤销事由 {item} {why}：{'单位' if kind == 'unit' else '个人'}奖项只能依据{zh}所列事由撤销",
                f"ground {item} {'is of the other kind' if wrong_kind else 'does not exist'}: "
                f"a {kind} award is revoked on the grounds of {article} only"))
            continue
        fact_date = ground["fact_date"]
        if fact_date > today:
            problems.append(GroundProblem(
                f"grounds.{index}.fact_date", item, f"事实日期 {zh_date(fact_date)} 晚于今天",
                f"the fact's date {fact_date} is in the future"))
        elif not is_about_obtaining(item) and fact_date <= granted_on and kind == "individual":
            problems.append(GroundProblem(
                f"grounds.{index}.fact_date", item,
                f"{zh}所列事由 {item} 须为获奖后发生的事实；{zh_date(fact_date)} 不晚于获奖日期 {zh_date(granted_on)}",
                f"{item} concerns facts after the award; {fact_date} is not after the award of {granted_on}",
                "fact_before_award"))
        elif not is_about_obtaining(item) and fact_date <= granted_on:
            problems.append(GroundProblem(
                f"grounds.{index}.fact_date", None,
                f"事由 {item} 的事实日期 {zh_date(fact_date)} 不晚于获奖日期 {zh_date(granted_on)}；按本评审系统的规则，"
                "除弄虚作假骗取荣誉外，撤销单位奖项的事由须为获奖后发生的事实",
                f"{item}: under this suite's rule a unit's ground other than fraud in obtaining the award concerns "
                f"facts after it; {fact_date} is not after the award of {granted_on}", "unit_fact_before_award"))
    return problems
