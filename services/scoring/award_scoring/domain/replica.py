"""Scoring's copy of the applications, fed by intake's ``application.submitted``,
``application.recommended`` and ``application.withdrawn`` (Art. 3, 14).

Events arrive at least once and out of order (several workers, prefetch), so merging is
order-independent: each event type sets its own fields, and a ``submitted`` with a lower
``sequence`` than the one already applied does not overwrite the applicant's identity.
A recommendation that overtakes its submission is kept; the application is ready for
review once both are known. A withdrawal is final here.
"""
SUBMITTED, RECOMMENDED, WITHDRAWN, INELIGIBLE = "submitted", "recommended", "withdrawn", "ineligible"
AWAITING_SUBMISSION = "awaiting_submission"

IDENTITY = ("kind", "applicant_name", "credit_code", "person_key", "employer_credit_code",
            "district", "sector")


def merge(current, event_type, data, sequence, at):
    """The column values to write for one intake event, given the current row (or None)."""
    current = current or {}
    changes = {"application_id": data["application_id"], "cycle_id": data["cycle_id"]}
    if event_type == "application.submitted":
        last = current.get("submitted_sequence")
        if last is None or sequence >= last:
            changes.update({key: data.get(key) for key in IDENTITY})
            changes["tilt_claims"] = list(data.get("tilt_claims") or [])
            changes["submitted_at"] = data.get("submitted_at") or at
            changes["submitted_sequence"] = sequence
    elif event_type == "application.recommended":
        changes["recommended_at"] = data.get("recommended_at") or at
        changes["recommendation"] = {"district": data["district"], "reviewer": data["reviewer"],
                                     "opinion": data["opinion"]}
        changes["tilt_district_confirmed"] = list(data.get("tilt_confirmed") or [])
    elif event_type == "application.withdrawn":
        if not current.get("withdrawn_at"):
            changes["withdrawn_at"] = data.get("withdrawn_at") or at
            changes["withdrawal_reason"] = data["reason"]
    else:
        raise ValueError(f"not an application event: {event_type}")
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
