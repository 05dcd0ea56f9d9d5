"""The leading group submits the list that passed the notice (提报, Art. 7 LG(5)); the city
government decides on it (审定, Art. 18) — its own decision, as data.

Submission is refused while no notice was held, a notice is still open (or provisional), an
objection is unresolved, or an adopted candidate is still waiting (pending a hold, or not yet
noticed): the step that finalises the list waits for them (docs/design.md, "Holds").

The government's 审定 then takes the submission one of two ways: it approves the list — all
of it, or less named candidates, each left out with its reason — or returns it to the leading
group with its reason. A newer candidate list from the office supersedes a submission the
government has not decided. Only a submitted list can be approved.
"""
from award_shared import errors

from . import candidates as status
from . import public_notice as notices_rules
from .transitions import Transition

SUBMITTED, APPROVED, RETURNED, SUPERSEDED = "submitted", "approved", "returned", "superseded"
STATES = (SUBMITTED, APPROVED, RETURNED, SUPERSEDED)
#: the state a submission is made in (the drawing's ``[*] --> submitted``)
INITIAL = SUBMITTED
#: the government has decided on it, or a newer list took its place
FINAL_STATES = frozenset({APPROVED, RETURNED, SUPERSEDED})
#: the government's decisions (审定)
DECISIONS = ("approve", "return")


#: A submission's life, drawn in the README. ``supersede`` is the office's: a newer candidate
#: list (``candidates.proposed``) arrives before the government decided.
TRANSITIONS = (
    Transition("approve", (SUBMITTED,), APPROVED, "government", "审定批准（可不予批准部分候选对象）"),
    Transition("return", (SUBMITTED,), RETURNED, "government", "退回领导小组"),
    Transition("supersede", (SUBMITTED,), SUPERSEDED, "office", "办公室重新提出候选名单"),
)
BY_NAME = {t.name: t for t in TRANSITIONS}
#: Chinese, as the office would say it
NAMES = {SUBMITTED: "已提报市政府，待审定", APPROVED: "市政府已审定批准", RETURNED: "市政府退回领导小组",
         SUPERSEDED: "已被新的候选名单取代"}


def advance(state, transition, roles):
    """The submission's state after ``transition``; 403 for the wrong role, 409 (Art. 18,
    ``out_of_order``) naming the state it needs."""
    step = BY_NAME[transition]
    if step.role not in roles:
        raise errors.Forbidden(f"该步骤须由 {step.role} 办理", f"only {step.role} may {transition} a submission")
    if state not in step.sources:
        raise errors.RuleViolation(
            f"报市政府审定的名单当前为“{NAMES.get(state, state)}”，不能{step.label}（第十八条）",
            f"the submission is {state}; {transition} needs it submitted (Art. 18)",
            article="Art. 18", code="out_of_order", fields={"status": state, "needs": list(step.sources)})
    return step.target


def no_submission():
    """The government decides only on a list the leading group submitted (Art. 7 LG(5), 18)."""
    return errors.RuleViolation(
        "市质量强市领导小组尚未向市政府提报拟奖名单，市政府无从审定（第七条、第十八条）",
        "the leading group has not submitted the list to the city government: there is nothing to decide "
        "(Art. 7 LG(5), Art. 18)", article="Art. 18", code="not_submitted")


def final_list(cands, notices, open_objections):
    """The candidates the leading group may submit to the government, or a 409 naming what
    stands in the way.

    ``cands``: mappings with application_id, category, rank, applicant_name, status;
    ``notices``: mappings with notice_id, status, window_end, provisional;
    ``open_objections``: objection ids not yet resolved."""
    if not notices:
        raise errors.RuleViolation("名单尚未公示，不能报请批准（第十七条）",
                                   "the list has not been publicly noticed (Art. 17)", article="Art. 17")
    still_open = [n["notice_id"] for n in notices if n["status"] not in notices_rules.FINAL_STATES]
    if still_open:
        raise errors.RuleViolation(f"公示尚未结束：{', '.join(still_open)}（第十七条）",
                                   f"the public notice is still open: {', '.join(still_open)} (Art. 17)",
                                   article="Art. 17", fields={"notices": still_open})
    if open_objections:
        raise errors.RuleViolation(f"尚有异议未办结：{', '.join(open_objections)}（第十七条）",
                                   f"objections not yet resolved: {', '.join(open_objections)} (Art. 17)",
                                   article="Art. 17", fields={"objections": list(open_objections)})
    waiting = sorted(c["application_id"] for c in cands
                     if c["status"] in (status.LISTED, status.PENDING, status.ADOPTED))
    if waiting:
        raise errors.RuleViolation(f"尚有候选对象待审议或待公示：{', '.join(waiting)}（第十六条、第十七条）",
                                   f"candidates still waiting for deliberation or notice: {', '.join(waiting)}",
                                   article="Art. 17", fields={"pending": waiting})
    return sorted((c for c in cands if c["status"] == status.IN_NOTICE),
                  key=lambda c: (c["category"], c["rank"]))


def decide(submitted, excluded):
    """The government's approval of ``submitted`` (the list as the leading group submitted it:
    mappings with application_id, category, ...) less ``excluded`` ([{application_id, reason}]):
    the approved entries and the ones left out (each with its category and reason). Every name
    left out must be on the submitted list, once, with its reason — else ``errors.Invalid``
    naming the field (Art. 18): the government approves or leaves out, it adds nobody."""
    on_list = {e["application_id"]: e for e in submitted}
    problems, seen, left_out = {}, set(), []
    for index, item in enumerate(excluded or []):
        app_id = item["application_id"]
        if app_id not in on_list:
            problems[f"excluded.{index}.application_id"] = [
                f"{app_id} is not on the submitted list: the government leaves out, it adds nobody (Art. 18)"]
        elif app_id in seen:
            problems[f"excluded.{index}.application_id"] = [f"{app_id} is left out twice"]
        elif not (item.get("reason") or "").strip():
            problems[f"excluded.{index}.reason"] = ["a candidate left out needs the reason (Art. 18)"]
        else:
            seen.add(app_id)
            left_out.append({"application_id": app_id, "category": on_list[app_id]["category"],
                             "reason": item["reason"].strip()})
    if problems:
        raise errors.Invalid(problems, "审定有误：市政府只能对提报名单中的对象不予批准，并须逐一说明理由（第十八条）",
                             "the decision is invalid (Art. 18)", article="Art. 18")
    return [e for e in submitted if e["application_id"] not in seen], left_out
