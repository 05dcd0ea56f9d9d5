"""Cycles (届): opened under the rule set in force (Art. 31), one every two years (Art. 2;
the edition rules are :mod:`editions`), closed once the government approved the list (Art. 18).

Plain functions over a unit of work; no nameko here.
"""
import json

from award_rules.clock import zh_date
from award_rules.ruleset import canonical_sha256
from award_shared import cycles as kit_cycles
from award_shared import errors, events

from . import queries
from .domain import editions
from .tables import cycles

def open_cycle(tx, library, body, actor):
    """Open a cycle, bound to the rule set in force on the business date (Beijing)."""
    today = tx.clock.today_beijing()
    ruleset = library.in_force_on(today)
    if ruleset is None:
        raise errors.RuleViolation(
            f"{zh_date(today)} 无有效的评审规则，须先载入当日施行的管理办法规则集（第三十一条）",
            f"no rule set is in force on {today.isoformat()}: a rule set must be loaded first",
            article="Art. 31", code="no_ruleset")
    if body.get("ruleset_id") and body["ruleset_id"] != ruleset["id"]:
        raise errors.RuleViolation(
            f"{zh_date(today)} 施行的规则集是 {ruleset['id']}，不是 {body['ruleset_id']}（第三十一条）",
            f"the rule set in force on {today.isoformat()} is {ruleset['id']}, not {body['ruleset_id']}",
            article="Art. 31")
    edition = editions.check(body.get("edition"), today, ruleset["cycle_interval_years"], queries.previous_cycle(tx))
    cycle_id = f"cycle-{edition}"
    plain = json.loads(json.dumps(ruleset, default=str, ensure_ascii=False))
    sha = canonical_sha256(ruleset)
    schedule = {step: at.isoformat() for step, at in body["schedule"].items()}
    now = tx.now()
    tx.run(cycles.insert().values(
        cycle_id=cycle_id, edition=edition, ruleset_id=ruleset["id"], ruleset_sha256=sha,
        ruleset=json.dumps(plain, ensure_ascii=False), schedule=json.dumps(schedule),
        status="open", opened_at=now, opened_by=actor))
    tx.publish(events.CycleOpened(cycle_id=cycle_id, edition=edition, ruleset=plain, ruleset_id=ruleset["id"],
                                  ruleset_sha256=sha, schedule=schedule, opened_at=now.isoformat()))
    tx.audit("cycle.open", target=cycle_id, reason=body.get("reason"),
             detail={"edition": edition, "ruleset_id": ruleset["id"]})
    return queries.get_cycle(tx, cycle_id)


def close_cycle(tx, cycle_id, body):
    """The office closes the cycle once the government approved and published the list
    (Art. 18), or with no award on the leading group's decision; its supervision group
    dissolves (Art. 9)."""
    row = queries.load_cycle(tx, cycle_id)
    if row["status"] == "closed":
        raise errors.Conflict(f"第 {row['edition']} 届已关闭", f"cycle {cycle_id} is already closed")
    approved = queries.approval_of(tx, cycle_id)
    outcome = body.get("outcome") or "awarded"
    if outcome == "awarded" and approved is None:
        raise errors.RuleViolation(
            "获奖名单尚未经市政府审定公布，不能关闭本届（第十八条）；如本届不评奖，须注明市质量强市领导小组的决定",
            "the list is not yet approved by the city government (Art. 18); to close with no award, give the "
            "leading group's decision (outcome: no_award)", article="Art. 18", code="not_approved")
    if outcome == "no_award" and approved is not None:
        raise errors.RuleViolation("本届获奖名单已经市政府批准，不能以不评奖关闭（第十八条）",
                                   "the list is approved: the cycle closes as awarded (Art. 18)", article="Art. 18")
    if outcome == "no_award" and not row["no_award_decision"]:
        raise errors.RuleViolation(
            "本届不评奖须由市质量强市领导小组作出决定（第七条），领导小组尚未决定",
            "closing with no award needs the leading group's own decision (Art. 7 LG(1)): "
            f"POST /v1/cycles/{cycle_id}/no-award, by the leading group", article="Art. 7", code="no_award_not_decided")
    now = tx.now()
    tx.run(cycles.update().where(cycles.c.cycle_id == cycle_id).values(status="closed", closed_at=now))
    decision = {"decision": row["no_award_decision"]} if outcome == "no_award" else {}
    tx.publish(events.CycleClosed(cycle_id=cycle_id, closed_at=now.isoformat(), outcome=outcome, **decision))
    _end_the_agency(tx, cycle_id)
    tx.audit("cycle.close", target=cycle_id, reason=body["reason"], detail={"outcome": outcome})
    return {**queries.get_cycle(tx, cycle_id), "outcome": outcome}


def decide_no_award(tx, cycle_id, body, actor):
    """The leading group decides that the edition gives no award: its own act (Art. 7 LG(1)),
    recorded and audited as the member who calls; the office then closes the cycle with
    ``outcome: no_award``. Refused once the cycle is closed or the government approved its list
    (Art. 18), and decided once."""
    row = queries.load_cycle(tx, cycle_id)
    if row["status"] == "closed":
        raise errors.Conflict(f"第 {row['edition']} 届已关闭", f"cycle {cycle_id} is already closed")
    if queries.approval_of(tx, cycle_id) is not None:
        raise errors.RuleViolation("本届获奖名单已经市政府批准，不能决定不评奖（第十八条）",
                                   "the list is approved by the city government: no no-award decision (Art. 18)",
                                   article="Art. 18")
    if row["no_award_decision"]:
        raise errors.Conflict("市质量强市领导小组已决定本届不评奖", f"the leading group already decided no award for {cycle_id}",
                              code="no_award_decided")
    now = tx.now()
    tx.run(cycles.update().where(cycles.c.cycle_id == cycle_id).values(
        no_award_decision=body["decision"], no_award_decided_by=actor, no_award_decided_at=now))
    tx.audit("cycle.no_award_decided", target=cycle_id, reason=body.get("reason") or body["decision"],
             detail={"decision": body["decision"]})
    return {"cycle_id": cycle_id, "decision": body["decision"], "decided_by": actor, "decided_at": now.isoformat()}


def _end_the_agency(tx, cycle_id):
    """The cycle closed: the agency's staff read it no more (the group ends with its own event)."""
    kit_cycles.record_closed(tx, cycle_id)
