"""The application notice (申报通知, Art. 13): published once per cycle by the office; it
opens the acceptance window, which its deadline closes (Beijing time)."""
import sqlalchemy as sa

from award_shared import errors, holds

from . import tilts
from .cycles import load_cycle, schedule_of
from .domain.dates import utc
from .tables import notices


def find_notice(session, cycle_id):
    return session.execute(sa.select(notices).where(notices.c.cycle_id == cycle_id)).mappings().first()


def publish_notice(tx, cycle_id, body, actor):
    """Publish the notice of ``cycle_id``; ``notice.published`` carries its text and deadlines."""
    cycle = load_cycle(tx, cycle_id)
    if cycle["status"] != "open":
        raise errors.RuleViolation("本届已结束，不能再印发申报通知（第十三条）",
                                   f"cycle {cycle_id} is closed", article="Art. 13")
    if find_notice(tx.session, cycle_id) is not None:
        raise errors.RuleViolation("本届市长质量奖申报通知已经印发（第十三条）",
                                   f"the application notice of {cycle_id} is already published",
                                   article="Art. 13", code="notice_published")
    schedule = schedule_of(cycle)
    deadline = utc(body.get("deadline") or schedule["application"])
    recommendation = body.get("recommendation_deadline") or schedule.get("district_review")
    recommendation = utc(recommendation)
    now = tx.now()
    if deadline <= now:
        raise errors.Invalid({"deadline": [f"must be after now ({now.isoformat()})"]})
    if recommendation is None:
        raise errors.Invalid(
            {"recommendation_deadline": ["Art. 14: the notice sets the deadline (规定时限) for district "
                                         "recommendations; give it here or as the cycle's district_review date"]},
            "申报通知须规定区县推荐意见的报送时限（第十四条）",
            "the notice must set the deadline for district recommendations (Art. 14)", article="Art. 14")
    if recommendation < deadline:
        raise errors.Invalid({"recommendation_deadline": ["must not be before the application deadline"]})
    holds.guard(tx.session, cycle_id=cycle_id, step="notice", subject=cycle_id)
    tilt = tilts.require(tx, cycle_id)
    tx.session.execute(notices.insert().values(
        cycle_id=cycle_id, text=body["text"], deadline=deadline, recommendation_deadline=recommendation,
        published_at=now, published_by=actor))
    data = {"cycle_id": cycle_id, "deadline": deadline.isoformat(), "text": body["text"],
            "published_at": now.isoformat(), "tilt": {k: v for k, v in tilt.items() if k != "cycle_id"}}
    data["recommendation_deadline"] = recommendation.isoformat()
    tx.publish("notice.published", subject=cycle_id, cycle_id=cycle_id, data=data)
    tx.audit("notice.publish", target=cycle_id, reason=body.get("reason"),
             detail={"deadline": deadline.isoformat()})
    tx.transition("notice", "published")
    return get_notice(tx, cycle_id)


def public_notice(tx, cycle_id):
    """The notice as anyone sees it: without who published it."""
    return {k: v for k, v in get_notice(tx, cycle_id).items() if k != "published_by"}


def get_notice(tx, cycle_id):
    load_cycle(tx, cycle_id)
    row = find_notice(tx.session, cycle_id)
    if row is None:
        raise errors.NotFound(f"{cycle_id} 的申报通知尚未印发", f"no application notice for {cycle_id} yet")
    return {"cycle_id": cycle_id, "text": row["text"], "deadline": row["deadline"].isoformat(),
            "recommendation_deadline": row["recommendation_deadline"].isoformat()
            if row["recommendation_deadline"] else None,
            "published_at": row["published_at"].isoformat(), "published_by": row["published_by"],
            "tilt": tilts.find(tx.session, cycle_id)}
