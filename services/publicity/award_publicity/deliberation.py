"""The leading group deliberates the candidate list (Art. 7 LG(5), 16): ``deliberation.decided``."""
import json
import uuid

from award_shared import errors, events, holds

from . import opinions, queries
from .domain import candidates as status
from .domain import deliberation as rules
from .tables import candidate_lists, candidates, deliberations

STEP = "deliberation"


def deliberate(tx, cycle_id, body, principal):
    """Adopt or strike each candidate awaiting the leading group, or return the list (Art. 16).
    Deciding waits until the office answered every opinion of the supervision group (Art. 16)."""
    ruleset = queries.ruleset(tx, cycle_id)
    current = queries.current_list(tx, cycle_id)
    if current is None:
        raise errors.RuleViolation("办公室尚未提出候选名单（第十六条）", "no candidate list to deliberate (Art. 16)",
                                   article="Art. 16")
    if current["status"] == "returned":
        raise errors.RuleViolation("候选名单已退回办公室，待办公室重新提出（第十六条）",
                                   "the list was returned to the office; it must propose again (Art. 16)",
                                   article="Art. 16")
    holds.guard(tx.session, cycle_id=cycle_id, step=STEP, subject=None)
    rows = queries.candidates_of(tx, cycle_id, lock=True)
    if body.get("return_to_office"):
        decisions = []
        _return(tx, current)
    else:
        opinions.require_answered(tx, cycle_id)  # Art. 16: the office answered the supervision group
        held, _ = queries.active_hold_subjects(tx, cycle_id, STEP)
        listed = {r["application_id"]: (r["category"], r["status"]) for r in rows if r["status"] != status.DROPPED}
        seated = {}
        for r in rows:
            if r["status"] in status.SEATED:
                seated[r["category"]] = seated.get(r["category"], 0) + 1
        quotas = {c: v["quota"] for c, v in ruleset["categories"].items()}
        decisions = rules.decide(listed, body.get("decisions") or [], quotas, held, seated)
        if not decisions:
            raise errors.RuleViolation("没有待审议的候选对象（第十六条）", "no candidate awaits deliberation (Art. 16)",
                                       article="Art. 16")
        by_id = {r["application_id"]: r for r in rows}
        for d in decisions:
            _apply(tx, cycle_id, by_id[d.application_id], d)
    deliberation_id = f"deliberation-{uuid.uuid4().hex[:12]}"
    tx.run(deliberations.insert().values(
        deliberation_id=deliberation_id, cycle_id=cycle_id, list_id=current["list_id"],
        meeting_date=body["meeting_date"], members_present=json.dumps(body["members_present"], ensure_ascii=False),
        minute=body.get("minute"), returned=bool(body.get("return_to_office")),
        decisions=json.dumps([d.__dict__ for d in decisions], ensure_ascii=False),
        decided_by=principal.sub, decided_at=tx.now()))
    decided = events.DeliberationDecided(
        cycle_id=cycle_id, deliberation_id=deliberation_id, list_id=current["list_id"],
        meeting_date=body["meeting_date"].isoformat(), returned=bool(body.get("return_to_office")),
        candidates=[{k: v for k, v in d.__dict__.items() if v is not None} for d in decisions],
        reason=body.get("reason"))
    tx.publish(decided)
    data = decided.data
    tx.audit("deliberation.decide", target=cycle_id, reason=body.get("reason"), detail={
        "deliberation_id": deliberation_id, "returned": data["returned"],
        "decisions": {d.application_id: d.decision for d in decisions}})
    return data


def _return(tx, current):
    tx.run(candidate_lists.update().where(candidate_lists.c.list_id == current["list_id"])
                       .values(status="returned"))
    tx.transition(STEP, "returned")


def _apply(tx, cycle_id, row, decision):
    if decision.decision == rules.ADOPTED:
        # a name already noticed under an earlier list keeps its notice (Art. 17 is not rerun)
        new = status.IN_NOTICE if row["notice_id"] else status.ADOPTED
    else:
        new = {rules.STRUCK: status.STRUCK, rules.PENDING: status.PENDING}[decision.decision]
    tx.run(candidates.update().where(
        candidates.c.cycle_id == cycle_id, candidates.c.application_id == row["application_id"]).values(
        status=new, reason=decision.reason, updated_at=tx.now()))
    tx.transition(STEP, decision.decision)


def list_deliberations(tx, cycle_id):
    rows = queries.deliberations_of(tx, cycle_id)
    return [{**{k: r[k] for k in ("deliberation_id", "list_id", "meeting_date", "minute", "returned",
                                  "decided_by", "decided_at")},
             "members_present": json.loads(r["members_present"]), "decisions": json.loads(r["decisions"])}
            for r in rows]
