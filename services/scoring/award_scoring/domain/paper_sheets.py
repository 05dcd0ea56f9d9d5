"""The panel's paper score sheets, transcribed by the agency (Art. 8, 15, 25).

At an on-site review or a defense the panel sits with the applicant and each expert signs a
paper score sheet; the third party, which organises the review and answers for it (Art. 8,
15), records them. What the expert decided is the signed paper: the agency copies it, says so
(who transcribed it, from which paper) and changes nothing of it. Each sheet passes exactly the
checks of the expert's own sheet (``reviews.check_seat`` / ``check_stage`` / ``check_sheet``);
one bad sheet refuses them all, naming its expert and field.

Which stages take paper sheets is the edition's choice, the rule set's ``review.paper_sheets``
(absent: on-site review and defense, where a panel meets in person), not a rule of the
Measures: its refusal cites no article (docs/design.md, "Rules the Measures do not make").
"""
import contextlib

from award_shared import errors

from . import stages as stage_rules

#: the rule set's stage keys whose sheets a panel signs on paper, when it says nothing
DEFAULT_STAGES = ("onsite", "defense")


def allowed_steps(ruleset):
    """The steps (``onsite_review`` …) whose paper sheets the agency may transcribe."""
    keys = (ruleset.get("review") or {}).get("paper_sheets")
    keys = DEFAULT_STAGES if keys is None else keys
    return [s["step"] for s in stage_rules.stages_of(ruleset) if s["mode"] == "scored" and s["key"] in keys]


def check_allowed(ruleset, step):
    """Refuse a transcription at a stage the edition did not open to paper sheets (409)."""
    allowed = allowed_steps(ruleset)
    if step not in allowed:
        names = "、".join(stage_rules.CHINESE.get(s, s) for s in allowed) or "无"
        raise errors.Conflict(
            f"本届规则集不允许在{stage_rules.CHINESE.get(step, step)}环节录入纸质评分表（允许的环节：{names}）；"
            "该环节的评分表由专家本人录入",
            f"this edition's rule set does not take paper sheets at {step} (review.paper_sheets: "
            f"{', '.join(allowed) or 'none'}); its experts enter their own sheets", code="paper_sheets_not_allowed")


def check_distinct(sheets):
    """One sheet per expert in one request (422 naming the second one)."""
    seen = set()
    for index, sheet in enumerate(sheets):
        if sheet["expert"] in seen:
            raise errors.Invalid({f"sheets.{index}.expert": [f"{sheet['expert']} has a sheet earlier in this request"]},
                                 message=f"专家 {sheet['expert']} 的评分表在本次录入中出现两次",
                                 message_en=f"expert {sheet['expert']} has two sheets in this request")
        seen.add(sheet["expert"])


def already_recorded(expert, current):
    """The expert's sheet is on record already (its own or transcribed): never overwritten; a
    correction is the expert's own, with its reason."""
    return errors.Conflict(
        f"专家 {expert} 在本环节已有评分表 {current['review_id']}；已记录的评分表不得覆盖，更正由专家本人提交并注明理由",
        f"expert {expert} already has a sheet at this stage ({current['review_id']}); a recorded sheet is never "
        "overwritten: the expert corrects it, with a reason", code="already_recorded",
        fields={"supersedes": current["review_id"]})


@contextlib.contextmanager
def naming(index, expert):
    """A refusal of one sheet names its expert and its fields as ``sheets.<index>.<field>``."""
    try:
        yield
    except errors.ApiError as error:
        prefix = f"sheets.{index}."
        fields = error.fields if isinstance(error.fields, dict) and error.fields else {"expert": [error.message_en]}
        error.fields = {prefix + key: value if isinstance(value, list) else [str(value)] for key, value in fields.items()}
        error.message = f"第 {index + 1} 张评分表（专家 {expert}）：{error.message}"
        error.message_en = f"sheet {index + 1} (expert {expert}): {error.message_en}"
        error.args = (error.message_en,)
        raise
