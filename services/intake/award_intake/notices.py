"""The application notice (申报通知, Art. 13): published once per cycle by the office; it
opens the acceptance window, which its deadline closes (Beijing time)."""
import json

from award_shared import errors, events, holds

from . import queries, schemes
from .domain.dates import utc
from .domain.districts import edition_districts
from .tables import notices


def publish_notice(tx, cycle_id, body, actor):
    """Publish the notice of ``cycle_id``; ``notice.published`` carries its text and deadlines."""
    cycle = queries.load_cycle(tx, cycle_id)
    if cycle["status"] != "open":
        raise errors.RuleViolation("本届已结束，不能再印发申报通知（第十三条）",
                                   f"cycle {cycle_id} is closed", article="Art. 13")
    if queries.find_notice(tx, cycle_id) is not None:
        raise errors.RuleViolation("本届市长质量奖申报通知已经印发（第十三条）",
                                   f"the application notice of {cycle_id} is already published",
                                   article="Art. 13", code="notice_published")
    schedule = queries.schedule_of(cycle)
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
    listed = edition_districts(queries.ruleset_of(cycle), body.get("districts"))
    if listed is None:
        raise errors.Invalid(
            {"districts": ["Art. 3, 14: the rule set lists no districts, so the notice must: the districts, counties "
                           "and functional zones an application chooses from"]},
            "规则集未列明区县，申报通知须列明可申报的区县、功能区（第三条、第十四条）",
            "the rule set lists no districts: the notice must list them (Art. 3, 14)", article="Art. 3")
    holds.guard(tx.session, cycle_id=cycle_id, step="notice", subject=cycle_id)
    approved, tilt = schemes.require(tx, cycle_id)
    amended = body.get("districts")
    tx.run(notices.insert().values(
        cycle_id=cycle_id, text=body["text"], deadline=deadline, recommendation_deadline=recommendation,
        published_at=now, published_by=actor,
        districts=json.dumps(amended, ensure_ascii=False) if amended is not None else None))
    tx.publish(events.NoticePublished(
        cycle_id=cycle_id, deadline=deadline.isoformat(), text=body["text"], published_at=now.isoformat(),
        tilt={k: v for k, v in tilt.items() if k != "cycle_id"}, recommendation_deadline=recommendation.isoformat()))
    tx.audit("notice.publish", target=cycle_id, reason=body.get("reason"),
             detail={"deadline": deadline.isoformat(), "scheme_sha256": approved["scheme_sha256"], "districts": listed, "districts_amended": amended is not None})
    tx.transition("notice", "published")
    return queries.get_notice(tx, cycle_id)


