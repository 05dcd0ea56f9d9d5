"""The cycle's Art. 11 tilt, approved by the leading group (Art. 7 LG(2): 审定并发布评审方案)
before the application notice, which publishes it (Art. 13); frozen once applications open."""
import json

from award_shared import errors

from . import queries
from .tables import cycle_tilts
from .domain.tilt import default_tilt


def approve(tx, cycle_id, body, actor):
    """The leading group approves (or re-approves) the cycle's tilt; the rule set's when none is given."""
    cycle = queries.load_cycle(tx, cycle_id)
    if cycle["status"] != "open":
        raise errors.RuleViolation("本届已结束，不能再审定评审方案（第七条）", f"cycle {cycle_id} is closed",
                                   article="Art. 7")
    if queries.find_notice(tx, cycle_id) is not None:
        raise errors.RuleViolation(
            "申报通知已印发，本届评审倾斜方案随通知公布，不得再改（第七条、第十三条）",
            "the application notice has published this cycle's tilt: it is frozen once applications open",
            article="Art. 13", code="tilt_frozen")
    ruleset = queries.ruleset_of(cycle)
    tilt = body.get("tilt") or default_tilt(ruleset)
    tilt = {k: tilt[k] for k in ("applies_to", "kinds", "max_total_bonus")}
    values = {"tilt": json.dumps(tilt, ensure_ascii=False), "decision": body["decision"],
              "approved_by": actor, "approved_at": tx.now()}
    before = queries.find_tilt(tx, cycle_id)
    if before is None:
        tx.run(cycle_tilts.insert().values(cycle_id=cycle_id, **values))
    else:
        tx.run(cycle_tilts.update().where(cycle_tilts.c.cycle_id == cycle_id).values(**values))
    tx.audit("tilt.approve", target=cycle_id, reason=body.get("reason") or body["decision"],
             detail={"tilt": tilt, "default": body.get("tilt") is None,
                     "replaces": before and {k: before[k] for k in ("kinds", "max_total_bonus", "decision")}})
    return queries.find_tilt(tx, cycle_id)


def require(tx, cycle_id):
    """The approved tilt, or 409 (Art. 7): no notice goes out before the scheme is approved."""
    tilt = queries.find_tilt(tx, cycle_id)
    if tilt is None:
        raise errors.RuleViolation(
            "本届评审方案（含第十一条适当倾斜）尚未经市质量强市领导小组审定，不能印发申报通知（第七条）",
            "the leading group has not approved this cycle's review scheme and its Art. 11 tilt yet "
            "(POST /v1/cycles/{cycle}/tilt), so the notice cannot go out", article="Art. 7", code="tilt_not_approved")
    return tilt


