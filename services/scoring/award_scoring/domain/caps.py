"""Score caps: units on the seven categories of GB/T 19580 (卓越绩效评价准则), individuals
on the rubric of the cycle's rule set (Art. 7(2), 15; docs/design.md, "Review and scoring").

Each category is scored from 0 up to its weight in the rule set (2018: leadership 110,
strategy 90, customers and market 90, resources 130, process management 100, measurement,
analysis and improvement 80, results 400 — 1000 in all). A score above its cap or below
zero is refused (422) naming the field, e.g. ``scores.leadership``.
"""
import math

from award_shared import errors

CATEGORY_NAMES = {
    "leadership": "领导",
    "strategy": "战略",
    "customers_market": "顾客与市场",
    "resources": "资源",
    "process_management": "过程管理",
    "measurement_analysis_improvement": "测量、分析与改进",
    "results": "结果",
}


def scale(ruleset, kind):
    """category -> cap: GB/T 19580 for units, the individual rubric for individuals."""
    review = ruleset["review"]
    return dict(review["gbt19580"] if kind == "unit" else review["individual_rubric"])


def full_marks(ruleset, kind):
    return sum(scale(ruleset, kind).values())


def check_scores(ruleset, kind, scores):
    """Validate one expert's scores for one stage; returns the total. 422 names each bad field."""
    caps = scale(ruleset, kind)
    problems = {}
    if not isinstance(scores, dict) or not scores:
        raise errors.Invalid({"scores": [f"score every category: {', '.join(caps)}"]})
    for category in scores:
        if category not in caps:
            problems[f"scores.{category}"] = [f"not a category of this scale; categories: {', '.join(caps)}"]
    for category, cap in caps.items():
        field = f"scores.{category}"
        if category not in scores:
            problems[field] = ["missing: every category must be scored"]
            continue
        value = scores[category]
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            problems[field] = ["must be a number"]
        elif value < 0:
            problems[field] = ["below zero: a score is at least 0"]
        elif value > cap:
            problems[field] = [f"above the cap: {CATEGORY_NAMES.get(category, category)} is worth at most {cap}"]
    if problems:
        over = [f.split(".", 1)[1] for f, msgs in problems.items() if msgs[0].startswith("above")]
        message = "评分无效：" + "、".join(sorted(problems))
        if over:
            message += "（超过该类目分值上限）"
        raise errors.Invalid(problems, message=message,
                             message_en="invalid scores: " + ", ".join(sorted(problems)))
    return float(sum(scores.values()))
