"""The states of an application and which step of the cycle each stands at (Art. 13-15).

draft → submitted → returned / recommended / withdrawn; returned → submitted again
(before the deadline); submitted / recommended → ineligible (scoring's qualification
review); any but withdrawn and ineligible → withdrawn (applying is voluntary, Art. 14).
Pure: no I/O.
"""
from award_shared import errors

DRAFT, SUBMITTED, RETURNED = "draft", "submitted", "returned"
RECOMMENDED, WITHDRAWN, INELIGIBLE = "recommended", "withdrawn", "ineligible"
STATUSES = (DRAFT, SUBMITTED, RETURNED, RECOMMENDED, WITHDRAWN, INELIGIBLE)

#: Statuses in which the applicant may still change the form and its documents.
EDITABLE = (DRAFT, RETURNED)
#: Statuses from which the applicant may withdraw.
WITHDRAWABLE = (DRAFT, SUBMITTED, RETURNED, RECOMMENDED)
#: Statuses in which scoring's qualification review may find an application ineligible.
REVIEWABLE = (SUBMITTED, RETURNED, RECOMMENDED)

#: The step of the cycle (award_shared.events.schemas.STEPS) a status stands at: where it
#: waits next. A withdrawn application stands at no step.
STEP_OF = {
    DRAFT: "application", RETURNED: "application", SUBMITTED: "district_review",
    RECOMMENDED: "qualification_review", INELIGIBLE: "qualification_review", WITHDRAWN: None,
}

_NAMES = {DRAFT: "草稿", SUBMITTED: "已提交", RETURNED: "已退回", RECOMMENDED: "已推荐",
          WITHDRAWN: "已撤回", INELIGIBLE: "资格审查未通过"}


def require_status(application, allowed, action_zh, action_en):
    """Refuse (409) an action the application's status does not allow."""
    status = application["status"]
    if status not in allowed:
        raise errors.Conflict(
            f"申报 {application['application_id']} 当前状态为“{_NAMES[status]}”，不能{action_zh}",
            f"application {application['application_id']} is {status}: cannot {action_en}",
            code="wrong_status", fields={"status": [status]})
