"""Eligibility at submission (Art. 10 units, Art. 12 individuals), as far as a machine can
decide it; the rest is declared by the applicant and judged by people.

Pure: no I/O. Thresholds come from the cycle's rule set (``eligibility.unit`` /
``eligibility.individual``): the years of main business or of quality work, counted to the
application deadline's day in Beijing, and the look-back window (近N年内) ending that day,
checked against the incidents the applicant declares. A condition is checked here only
where the rule set says ``decided_by: machine``.
"""
from dataclasses import dataclass

from award_rules.articles import cite
from award_rules.clock import zh_date
from award_shared import errors
from .dates import full_years_by, within_lookback

_ACCIDENTS = {
    "larger_safety_accident": "较大及以上生产安全事故",
    "major_quality_incident": "重大质量事故",
    "major_environmental_incident": "重大环境污染事故",
    "major_public_health_incident": "重大公共卫生事故",
}
#: What a unit may declare, and the item of Art. 10 each one offends in the look-back window.
UNIT_INCIDENTS = {
    **{kind: ("Art. 10(5)", name) for kind, name in _ACCIDENTS.items()},
    "prominent_complaint": ("Art. 10(5)", "因单位责任导致的服务对象、用户（顾客）投诉的突出问题"),
    "financial_discipline_violation": ("Art. 10(6)", "违反财经纪律等问题"),
    "law_violation": ("Art. 10(7)", "其他违反法律法规的行为"),
}
#: What an individual declares of their unit (Art. 12(6)).
INDIVIDUAL_INCIDENTS = {kind: ("Art. 12(6)", name) for kind, name in _ACCIDENTS.items()}
INCIDENTS = {"unit": UNIT_INCIDENTS, "individual": INDIVIDUAL_INCIDENTS}
#: The item of the years condition, and the form's date it counts from.
YEARS = {
    "unit": ("Art. 10(1)", "min_main_business_years", "main_business_since", "主体业务正常运行"),
    "individual": ("Art. 12(2)", "min_quality_work_years", "quality_work_since", "在本市从事质量相关工作"),
}


@dataclass(frozen=True)
class Failure:
    item: str        # "Art. 10(1)"
    field: str       # the form's field that shows it
    message: str     # Chinese, citing the item
    message_en: str


def conditions(ruleset, kind):
    return ruleset["eligibility"][kind]["conditions"]


def _by_machine(ruleset, kind):
    return {c["item"] for c in conditions(ruleset, kind) if c["decided_by"] == "machine"}


def machine_failures(kind, form, ruleset, deadline_day):
    """The machine-decidable conditions the form fails, in the order of the Measures."""
    rules = ruleset["eligibility"][kind]
    machine = _by_machine(ruleset, kind)
    failures = []
    item, threshold_key, field, what = YEARS[kind]
    years, since = rules[threshold_key], form[field]
    if item in machine and not full_years_by(since, deadline_day, years):
        failures.append(Failure(
            item, field,
            f"{what}自 {zh_date(since)} 起，至申报截止日 {zh_date(deadline_day)} 不满{years}年（{cite(item)}）",
            f"{item}: {since.isoformat()} to the application deadline {deadline_day.isoformat()} "
            f"is less than {years} years"))
    lookback = rules["lookback_years"]
    for incident in sorted(form.get("incidents") or [], key=lambda i: i["occurred_on"]):
        item, name = INCIDENTS[kind][incident["kind"]]
        if item in machine and within_lookback(incident["occurred_on"], deadline_day, lookback):
            failures.append(Failure(
                item, "incidents",
                f"申报截止日前{lookback}年内（{zh_date(incident['occurred_on'])}）发生{name}（{cite(item)}）",
                f"{item}: a declared {incident['kind']} on {incident['occurred_on'].isoformat()} falls "
                f"within the {lookback} years before the application deadline {deadline_day.isoformat()}"))
    return sorted(failures, key=lambda f: _order(ruleset, kind, f.item))


def declaration_failures(kind, form, ruleset):
    """Every condition must be declared, and declared as met (Art. 14: 如实填写)."""
    declared = {d["item"]: d for d in form.get("declarations") or []}
    failures = []
    for condition in conditions(ruleset, kind):
        item = condition["item"]
        if item not in declared:
            failures.append(Failure(item, "declarations", f"未就{cite(item)}（{condition['text']}）作出声明",
                                    f"{item} is not declared ({condition['summary']})"))
        elif not declared[item]["affirmed"]:
            failures.append(Failure(item, "declarations", f"申报者声明不符合{cite(item)}：{condition['text']}",
                                    f"the applicant declares {item} is not met ({condition['summary']})"))
    return failures


def _order(ruleset, kind, item):
    items = [c["item"] for c in conditions(ruleset, kind)]
    return items.index(item) if item in items else len(items)


def refuse(failures):
    """Raise the 409 that names the first failed item and lists them all, field by field."""
    if not failures:
        return
    fields = {}
    for failure in failures:
        fields.setdefault(failure.field, []).append(f"{failure.item}: {failure.message_en}")
    article = "Art. 10" if failures[0].item.startswith("Art. 10") else "Art. 12"
    head = "不符合申报条件" if article == "Art. 10" else "不符合申报个人条件"
    raise errors.RuleViolation(
        f"{head}：" + "；".join(f.message for f in failures),
        "not eligible: " + "; ".join(f.message_en for f in failures),
        article=failures[0].item, fields=fields, code="not_eligible")
