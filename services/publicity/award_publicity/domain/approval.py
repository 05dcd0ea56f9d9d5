"""The government approves the list that passed the public notice (Art. 17, 18).

Refused while no notice was held, a notice is still open (or provisional), an objection is
unresolved, or an adopted candidate is still waiting (pending a hold, or not yet noticed):
the step that finalises the list waits for them (docs/design.md, "Holds").
"""
from award_shared import errors

from . import candidates as status
from . import public_notice as notices_rules


def final_list(cands, notices, open_objections):
    """The candidates the government may approve, or a 409 naming what stands in the way.

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
