"""Scoring's copy of the applications, fed by intake's ``application.submitted``,
``application.recommended`` and ``application.withdrawn`` (Art. 3, 14).

Events arrive at least once and out of order (several workers, prefetch), so merging is
order-independent: each event type sets its own fields, and a ``submitted`` with a lower
``sequence`` than the one already applied does not overwrite the applicant's identity.
A recommendation that overtakes its submission is kept; the application is ready for
review once both are known. A withdrawal is final here.

An event is named by its type (``application.submitted`` …); the rules read only what it says
of the application — the part after ``application.`` — so they need no event class.
"""
from award_shared import errors

SUBMITTED, RECOMMENDED, WITHDRAWN, INELIGIBLE = "submitted", "recommended", "withdrawn", "ineligible"
AWAITING_SUBMISSION = "awaiting_submission"

IDENTITY = ("kind", "applicant_name", "credit_code", "person_key", "employer_credit_code",
            "district", "sector")


def merge(current, event_type, data, sequence, at):
    """The column values to write for one intake event, given the current row (or None)."""
    family, _, what = event_type.partition(".")
    if family != "application" or what not in (SUBMITTED, RECOMMENDED, WITHDRAWN):
        raise ValueError(f"not an application event: {event_type}")
    current = current or {}
    changes = {"application_id": data["application_id"], "cycle_id": data["cycle_id"]}
    if what == SUBMITTED:
        last = current.get("submitted_sequence")
        if last is None or sequence >= last:
            changes.update({key: data.get(key) for key in IDENTITY})
            changes["tilt_claims"] = list(data.get("tilt_claims") or [])
            changes["submitted_at"] = data.get("submitted_at") or at
            changes["submitted_sequence"] = sequence
    elif what == RECOMMENDED:
        changes["recommended_at"] = data.get("recommended_at") or at
        changes["recommendation"] = {"district": data["district"], "reviewer": data["reviewer"],
                                     "opinion": data["opinion"]}
        changes["tilt_district_confirmed"] = list(data.get("tilt_confirmed") or [])
    elif not current.get("withdrawn_at"):  # withdrawn
        changes["withdrawn_at"] = data.get("withdrawn_at") or at
        changes["withdrawal_reason"] = data["reason"]
    return changes


def status(row):
    """Where the application stands for scoring."""
    if row.get("withdrawn_at"):
        return WITHDRAWN
    if row.get("ineligible_article"):
        return INELIGIBLE
    if row.get("submitted_sequence") is None:
        return AWAITING_SUBMISSION
    if row.get("recommended_at"):
        return RECOMMENDED
    return SUBMITTED


def require_reviewable(app):
    """Refuse work on an application that is withdrawn, failed qualification or was never
    recommended by its district (Art. 14, 15)."""
    found = status(app)
    if found == WITHDRAWN:
        raise errors.RuleViolation("该申报已撤回（第十四条：在自愿的基础上申报）",
                                   "the application was withdrawn (Art. 14: applying is voluntary)",
                                   article="Art. 14", code="withdrawn")
    if found == INELIGIBLE:
        raise errors.RuleViolation(
            f"该申报资格审查未通过（{app['ineligible_article']}），不再评审（第十五条）",
            f"the application failed the qualification review ({app['ineligible_article']}) (Art. 15)",
            article="Art. 15", code="ineligible")
    if found != RECOMMENDED:
        raise errors.RuleViolation("该申报尚未经区县推荐，不能进入评审（第十四条）",
                                   "the application has not been recommended by its district (Art. 14)",
                                   article="Art. 14", code="not_recommended")


def reviewable(app):
    """Is the application in the review (recommended, neither withdrawn nor ineligible)?"""
    return status(app) == RECOMMENDED
