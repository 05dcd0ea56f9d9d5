"""Conflicts of interest: an expert never reviews an applicant it is tied to (Art. 8, 25).

Art. 25 asks reviewers to work objectively, fairly and independently (客观、公正、独立);
the design card turns that into a rule the software checks, matched by credit code (and,
for people, by ``person_key``), never by name:

- the expert's employer is the applicant (a unit), or the applicant's employer (a person);
- a former employer of the expert is either of those;
- the expert declared a tie to the applicant's credit code, the employer's, the person, or
  the application itself;
- the expert is the applicant (an individual who also sits as an expert).
"""
from dataclasses import dataclass


@dataclass(frozen=True)
class Conflict:
    kind: str          # employer | former_employer | declared | self
    detail: str        # Chinese, as staff would say it
    detail_en: str

    def as_dict(self):
        return {"kind": self.kind, "reason": self.detail, "reason_en": self.detail_en}


def _codes_of(application):
    """The credit codes that identify the applicant's side: the unit, or the person's employer."""
    codes = {}
    if application.get("credit_code"):
        codes[application["credit_code"]] = ("申报单位", "the applicant unit")
    if application.get("employer_credit_code"):
        codes.setdefault(application["employer_credit_code"], ("申报人所在单位", "the applicant's employer"))
    return codes


def conflicts(expert, application):
    """Every conflict between ``expert`` and ``application`` (empty: none). Art. 25."""
    found = []
    codes = _codes_of(application)
    employer = expert.get("employer_credit_code")
    if employer and employer in codes:
        zh, en = codes[employer]
        found.append(Conflict("employer", f"专家现任职单位即{zh}（统一社会信用代码 {employer}）",
                              f"the expert works for {en} (credit code {employer})"))
    for former in expert.get("former_employer_credit_codes") or ():
        if former in codes:
            zh, en = codes[former]
            found.append(Conflict("former_employer", f"专家曾任职于{zh}（统一社会信用代码 {former}）",
                                  f"the expert formerly worked for {en} (credit code {former})"))
    person = application.get("person_key")
    if person and expert.get("person_key") == person:
        found.append(Conflict("self", "专家本人即申报个人", "the expert is the applicant"))
    for tie in expert.get("declared_conflicts") or ():
        reason = tie.get("reason") or ""
        if tie.get("credit_code") and tie["credit_code"] in codes:
            zh, en = codes[tie["credit_code"]]
            found.append(Conflict("declared", f"专家申报了与{zh}的利害关系：{reason}",
                                  f"the expert declared a tie to {en}: {reason}"))
        if person and tie.get("person_key") == person:
            found.append(Conflict("declared", f"专家申报了与申报个人的利害关系：{reason}",
                                  f"the expert declared a tie to the applicant: {reason}"))
        if tie.get("application_id") and tie["application_id"] == application.get("application_id"):
            found.append(Conflict("declared", f"专家申报了与该申报的利害关系：{reason}",
                                  f"the expert declared a tie to this application: {reason}"))
    return found


def is_conflicted(expert, application):
    return bool(conflicts(expert, application))
