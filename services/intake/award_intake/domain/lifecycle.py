"""The life of an application (Art. 13-15) as data, and the one function that moves it.

draft → submitted by its applicant (Art. 14) → recommended or returned by its district's
preliminary review (初审, Art. 14); returned → submitted again before the deadline; submitted,
returned or recommended → ineligible by the third party's qualification review (Art. 15,
``application.ineligible`` from scoring); anything but withdrawn and ineligible → withdrawn
(applying is voluntary, Art. 14). While it is a draft or returned, the applicant may change
the form and attach documents: those keep the status. The README draws this table; a test
keeps the drawing honest. Pure: no I/O.
"""
from dataclasses import dataclass

from award_shared import errors

DRAFT, SUBMITTED, RETURNED = "draft", "submitted", "returned"
RECOMMENDED, WITHDRAWN, INELIGIBLE = "recommended", "withdrawn", "ineligible"
STATES = (DRAFT, SUBMITTED, RETURNED, RECOMMENDED, WITHDRAWN, INELIGIBLE)
#: The state an application is created in (by its applicant, inside the window of Art. 13).
INITIAL = DRAFT
#: The states an application may rest in at intake: recommended goes on to scoring's review.
RESTING = frozenset({RECOMMENDED, WITHDRAWN, INELIGIBLE})
#: The applicant's one live application of a cycle (Art. 6; one per applicant, docs/design.md).
LIVE = (SUBMITTED, RETURNED, RECOMMENDED)


@dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple
    target: str | None  # None: the status stays (the form or its documents change)
    role: str           # who does it: the route's role, or the service whose event brings it
    article: str
    action: str         # as a refusal says it: 不能{action}
    action_en: str      # cannot {action_en}

    def after(self, status):
        return status if self.target is None else self.target


TRANSITIONS = (
    Transition("change", (DRAFT, RETURNED), None, "applicant", "Art. 14", "修改", "change it"),
    Transition("attach", (DRAFT, RETURNED), None, "applicant", "Art. 14", "补充材料", "attach documents to it"),
    Transition("submit", (DRAFT, RETURNED), SUBMITTED, "applicant", "Art. 14", "提交", "submit it"),
    Transition("recommend", (SUBMITTED,), RECOMMENDED, "district", "Art. 14", "初审", "review it"),
    Transition("return", (SUBMITTED,), RETURNED, "district", "Art. 14", "初审", "review it"),
    Transition("withdraw", (DRAFT, SUBMITTED, RETURNED, RECOMMENDED), WITHDRAWN, "applicant", "Art. 14",
               "撤回", "withdraw it"),
    Transition("find_ineligible", (SUBMITTED, RETURNED, RECOMMENDED), INELIGIBLE, "third_party", "Art. 15",
               "认定资格审查未通过", "find it ineligible"),
)
BY_NAME = {t.name: t for t in TRANSITIONS}

#: Statuses in which the applicant may still change the form and its documents.
EDITABLE = BY_NAME["change"].sources
#: Statuses from which the applicant may withdraw.
WITHDRAWABLE = BY_NAME["withdraw"].sources
#: Statuses in which scoring's qualification review may find an application ineligible.
REVIEWABLE = BY_NAME["find_ineligible"].sources

#: The step of the cycle (award_rules.vocabulary.STEPS) a status stands at: where it
#: waits next. A withdrawn application stands at no step.
STEP_OF = {
    DRAFT: "application", RETURNED: "application", SUBMITTED: "district_review",
    RECOMMENDED: "qualification_review", INELIGIBLE: "qualification_review", WITHDRAWN: None,
}

NAMES = {DRAFT: "草稿", SUBMITTED: "已提交", RETURNED: "已退回", RECOMMENDED: "已推荐",
         WITHDRAWN: "已撤回", INELIGIBLE: "资格审查未通过"}


class StepRefused(errors.Conflict):
    """A transition the application's status does not allow (409 ``wrong_status``, as intake
    has always answered). ``transition`` names the article whose step it is
    (``refused.transition.article``); the answer's body stays as it was, without it."""
    code = "wrong_status"

    def __init__(self, application, transition):
        status = application["status"]
        super().__init__(
            f"申报 {application['application_id']} 当前状态为“{NAMES[status]}”，不能{transition.action}",
            f"application {application['application_id']} is {status}: cannot {transition.action_en}",
            fields={"status": [status]})
        self.transition, self.state = transition, status  # (``status`` is the HTTP status: 409)


def allows(status, name):
    """May an application in ``status`` take the transition ``name``?"""
    return status in BY_NAME[name].sources


def advance(application, name):
    """The status ``application`` (a mapping with its ``application_id`` and ``status``) has
    after the transition ``name``; raises :class:`StepRefused` when its status does not allow it."""
    transition = BY_NAME[name]
    if application["status"] not in transition.sources:
        raise StepRefused(application, transition)
    return transition.after(application["status"])
