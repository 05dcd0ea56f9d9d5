"""What a supervisory finding may do (Art. 9, 15, 25-27; docs/design.md, "Holds").

Three kinds of finding, each with its article and its reach:

- ``procedural`` — an irregularity in the award's procedure (Art. 9(1), 15, 25): may halt
  the step, for one application (``subject``) or for everyone at that step of the cycle;
- ``review_staff`` — misconduct of review staff (评审工作人员, Art. 27): abuse of power,
  neglect of duty, favouritism, or conduct that caused harm — four alternatives, harm a
  condition of the last alone (recorded then); the person is disqualified from the cycle
  (``staff.disqualified``; an expert also ``expert.disqualified``) and referred to their
  authority or employer (``referrals.py``); halts nothing by itself;
- ``applicant`` — an applicant's breach of the review rules (Art. 26): reported to the
  leading group, optionally with a hold on that application.

Plain Python: no framework, no database.
"""
from dataclasses import dataclass

from award_rules.articles import chinese_number
from award_rules.vocabulary import STAFF_ROLES, STEPS
from award_shared import errors

FINDING_KINDS = ("procedural", "review_staff", "applicant")
MISCONDUCT = {  # Art. 27: four alternatives (滥用职权、玩忽职守、徇私舞弊、造成不良后果)
    "abuse_of_power": "滥用职权",
    "neglect_of_duty": "玩忽职守",
    "favouritism": "徇私舞弊",
    "caused_harm": "造成不良后果",
}
HARM_REQUIRED = ("caused_harm",)  # the harm is the ground of the fourth behaviour only
REFERRAL_TO = {"authority": "主管部门", "employer": "所在工作单位"}  # Art. 27: 提请其主管部门或所在工作单位
DEFAULT_ARTICLE = {"procedural": "Art. 9(1)", "review_staff": "Art. 27", "applicant": "Art. 26"}
FIXED_ARTICLE = {"review_staff": "Art. 27", "applicant": "Art. 26"}


@dataclass(frozen=True)
class HoldScope:
    step: str
    subject: str | None  # None: everyone at the step

    @property
    def cycle_wide(self):
        return self.subject is None


def article_for(kind, article):
    """The article a finding cites: the caller's for a procedural one, else the kind's own."""
    fixed = FIXED_ARTICLE.get(kind)
    if fixed and article and not (article == fixed or article.startswith(fixed + "(")):
        num = fixed.split()[1]
        raise errors.RuleViolation(
            f"此类监督发现依据第{chinese_number(int(num))}条，不能引用 {article}",
            f"a {kind} finding rests on {fixed}, not {article}", article=fixed)
    return article or DEFAULT_ARTICLE[kind]


def hold_scope(kind, step, subject, halt):
    """The hold a finding places, or None. Raises RuleViolation when its kind cannot halt so."""
    if step not in STEPS:
        raise ValueError(f"unknown step {step!r}")
    if not halt:
        return None
    if kind == "procedural":
        return HoldScope(step, subject or None)
    if kind == "applicant":
        if not subject:
            raise errors.RuleViolation(
                "对参评单位和个人违反评审规则的发现，只能暂停该申报的评审环节，须指明申报（第二十六条）",
                "an applicant's rule-breaking may halt only that application: name it", article="Art. 26")
        return HoldScope(step, subject)
    raise errors.RuleViolation(
        "对评审工作人员的监督发现不暂停评审环节，而是取消其评审工作资格（第二十七条）",
        "a finding on review staff disqualifies the person; it does not halt a step", article="Art. 27")


def check_subject(kind, subject):
    """Art. 26 concerns one applicant: an applicant finding names its application."""
    if kind == "applicant" and not subject:
        raise errors.RuleViolation("对参评单位和个人违反评审规则的发现须指明其申报（第二十六条）",
                                   "a finding of an applicant's rule-breaking names the application", article="Art. 26")


def check_staff_misconduct(staff_subject, staff_role, misconduct, harm):
    """Art. 27 disqualifies for any one of four behaviours: abuse of power, neglect of duty,
    favouritism, or conduct that caused harm (造成不良后果). Harm is not a condition of the
    first three; for the fourth it is the ground, and must be recorded."""
    if not staff_subject or staff_role not in STAFF_ROLES:
        raise errors.RuleViolation("须指明被监督的评审工作人员及其身份（第二十七条）",
                                   "name the member of the review staff and their role", article="Art. 27")
    if misconduct not in MISCONDUCT:
        raise errors.RuleViolation("第二十七条所指行为为滥用职权、玩忽职守、徇私舞弊、造成不良后果，须指明其一",
                                   "Art. 27 covers abuse of power, neglect of duty, favouritism or conduct "
                                   "that caused harm: name one", article="Art. 27")
    if misconduct in HARM_REQUIRED and not (harm or "").strip():
        raise errors.RuleViolation("以造成不良后果取消评审工作资格，须记录其造成的不良后果（第二十七条）",
                                   "disqualification for conduct that caused harm needs the harm recorded",
                                   article="Art. 27")


def harm_for_expert_event(misconduct, harm):
    """What ``expert.disqualified`` carries as its (required) ``harm``: the harm recorded, or,
    when the ground is one of the three behaviours that need none, that behaviour named."""
    if (harm or "").strip():
        return harm
    return f"未认定不良后果；取消评审工作资格的行为：{MISCONDUCT[misconduct]}（第二十七条）"


def disqualifies_expert(kind, staff_role):
    """Does this finding publish ``expert.disqualified`` (scoring then drops the expert)?"""
    return kind == "review_staff" and staff_role == "expert"


def reported_to_leading_group(kind):
    """Art. 26: an applicant's rule-breaking is reported to the leading group; Art. 27's
    referral of staff misconduct goes the same way."""
    return kind in ("applicant", "review_staff")

