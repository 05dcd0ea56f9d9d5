"""The review scheme of each edition (评审方案, Art. 7 LG(2)): the office proposes it — the review
section of the rule set the cycle was bound to at open, and the Art. 11 tilt (the rule set's
unless the office proposes another) — and the leading group approves it by its sha256, or
rejects it back to the office with its reason. The application notice goes out only under an
approved scheme (Art. 7) and freezes it (Art. 13); it publishes the tilt (``notice.published``).
The lifecycle is :mod:`domain.scheme`."""
import json

from award_rules.ruleset import canonical_sha256
from award_shared import errors

from . import queries
from .domain import scheme as states
from .domain.tilt import default_tilt
from .tables import cycle_tilts, review_schemes


def _open_and_unpublished(tx, cycle_id):
    cycle = queries.load_cycle(tx, cycle_id)
    if cycle["status"] != "open":
        raise errors.RuleViolation("本届已结束，不能再提出或审定评审方案（第七条）", f"cycle {cycle_id} is closed",
                                   article="Art. 7")
    if queries.find_notice(tx, cycle_id) is not None:
        raise errors.RuleViolation(
            "申报通知已印发，本届评审方案（含第十一条适当倾斜）随通知公布，不得再改（第七条、第十三条）",
            "the application notice is published under this edition's review scheme: it is frozen once "
            "applications open", article="Art. 13", code="scheme_frozen")
    return cycle


def _advance(state, name):
    return states.advance(state, name)  # SchemeStepRefused: 409 wrong_status, Art. 7


def scheme_sha256(scheme):
    """The scheme's fingerprint, recorded by the approval (canonical JSON, as rule sets are hashed)."""
    return canonical_sha256(scheme)


def propose(tx, cycle_id, body, actor):
    """The office proposes the edition's scheme (again, after a rejection or to replace one)."""
    cycle = _open_and_unpublished(tx, cycle_id)
    latest = queries.latest_scheme(tx, cycle_id)
    status = _advance(latest and latest["status"], "propose")
    ruleset = json.loads(cycle["ruleset"])
    tilt = body.get("tilt") or default_tilt(ruleset)
    tilt = {k: tilt[k] for k in ("applies_to", "kinds", "max_total_bonus")}
    scheme = states.scheme_of(cycle["ruleset_id"], cycle["ruleset_sha256"], ruleset, tilt)
    sha = scheme_sha256(scheme)
    tx.run(review_schemes.insert().values(
        cycle_id=cycle_id, status=status, scheme=json.dumps(scheme, ensure_ascii=False), scheme_sha256=sha,
        text=body.get("text"), proposed_by=actor, proposed_at=tx.now()))
    if latest is not None and latest["status"] == states.APPROVED:
        tx.run(cycle_tilts.delete().where(cycle_tilts.c.cycle_id == cycle_id))  # superseded: approve again
    tx.audit("scheme.propose", target=cycle_id, reason=body.get("reason") or body.get("text"),
             detail={"scheme_sha256": sha, "tilt_default": body.get("tilt") is None,
                     "replaces": latest and {"scheme_sha256": latest["scheme_sha256"], "status": latest["status"]}})
    return queries.get_scheme(tx, cycle_id)


def decide(tx, cycle_id, body, actor):
    """The leading group approves the proposed scheme (the sha256 it read) or rejects it to the office."""
    _open_and_unpublished(tx, cycle_id)
    latest = queries.latest_scheme(tx, cycle_id)
    name = "approve" if body["outcome"] == "approved" else "reject"
    status = _advance(latest and latest["status"], name)
    if name == "approve" and body.get("scheme_sha256") != latest["scheme_sha256"]:
        raise errors.RuleViolation(
            "审定的评审方案与办公室当前提出的方案不一致，须按当前方案的摘要审定（第七条）",
            f"the scheme the office proposes now is {latest['scheme_sha256']}, not {body.get('scheme_sha256')}: "
            "approve the scheme you read", article="Art. 7", code="scheme_changed",
            fields={"scheme_sha256": [latest["scheme_sha256"]]})
    now = tx.now()
    tx.run(review_schemes.update().where(review_schemes.c.id == latest["id"]).values(
        status=status, decided_by=actor, decided_at=now, decision=body["decision"], reason=body.get("reason")))
    if status == states.APPROVED:
        tilt = json.loads(latest["scheme"])["tilt"]
        tx.run(cycle_tilts.insert().values(cycle_id=cycle_id, tilt=json.dumps(tilt, ensure_ascii=False),
                                           decision=body["decision"], approved_by=actor, approved_at=now))
    tx.audit(f"scheme.{name}", target=cycle_id, reason=body.get("reason") or body["decision"],
             detail={"scheme_sha256": latest["scheme_sha256"], "decision": body["decision"]})
    return queries.get_scheme(tx, cycle_id)


def require(tx, cycle_id):
    """The approved scheme and its tilt, or 409 (Art. 7): no notice goes out before the scheme is approved."""
    latest = queries.latest_scheme(tx, cycle_id)
    tilt = queries.find_tilt(tx, cycle_id)
    if latest is None or latest["status"] != states.APPROVED or tilt is None:
        where = "尚未提出" if latest is None else f"当前为“{states.NAMES[latest['status']]}”"
        raise errors.RuleViolation(
            f"本届评审方案（含第十一条适当倾斜）{where}，须经市质量强市领导小组审定后才能印发申报通知（第七条）",
            "the leading group has not approved this edition's review scheme (POST /v1/cycles/{cycle}/review-scheme, "
            "then /review-scheme/decision), so the notice cannot go out", article="Art. 7",
            code="scheme_not_approved")
    return latest, tilt
