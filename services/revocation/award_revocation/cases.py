"""Revocation cases (Art. 7, 28-30): opening one on its grounds with evidence, and each step
of its life as ``domain.case_states`` allows it, inside the unit of work."""
import uuid

import sqlalchemy as sa

from award_shared import errors, holds

from . import queries
from .domain import case_states, grounds as ground_rules
from .tables import case_grounds, cases, evidence

STEP = "revocation"


def _article(award):
    return ground_rules.ARTICLE_OF_KIND[award["kind"]]


def guard(tx, award):
    """Step 14 obeys the holds placed on ``revocation`` for this award (issue 13, item 8)."""
    holds.guard(tx.session, cycle_id=award["cycle_id"], step=STEP, subject=award["award_id"])


def check_grounds(tx, award, cited):
    """Invalid, naming each ground's field and the article, when a ground is unknown, of the
    other kind, or cites facts from before the award (Art. 30: 获奖后; for units this suite's rule)."""
    ruleset = queries.ruleset_of(tx, award)
    problems = ground_rules.check_grounds(cited, award["kind"], ruleset, award["granted_on"],
                                          tx.clock.today_beijing())
    if problems:
        first = problems[0]
        raise errors.Invalid({p.field: [p.message_en] for p in problems}, message=first.message,
                             message_en=first.message_en, article=first.article, code=first.code)


def open_case(tx, store, body, principal):
    """Open a case on an award with its grounds and evidence (Art. 29, 30); a ground on an award
    whose case is not yet verified joins that case. Answers the case, ``joined`` saying which."""
    award = queries.award_or_404(tx, body["award_id"], lock=True)
    if award["status"] != "in_force":
        raise errors.RuleViolation(f"该奖项已被撤销，不能再立案（{ground_rules.ARTICLE_ZH[award['kind']]}）",
                                   f"award {award['award_id']} is already revoked", article=_article(award))
    check_grounds(tx, award, body["grounds"])
    documents = [_checked_document(store, doc) for doc in body.get("evidence") or []]
    guard(tx, award)
    case, joined = open_or_join(tx, award, principal.sub)
    add_grounds(tx, case["case_id"], body["grounds"], principal.sub)
    for doc in documents:
        add_document(tx, store, case["case_id"], doc, principal.sub)
    tx.audit("case.joined" if joined else "case.opened", target=case["case_id"], reason=body.get("reason"),
             detail={"award_id": award["award_id"], "grounds": [g["item"] for g in body["grounds"]],
                     "evidence": len(documents)})
    if not joined:
        tx.transition(STEP, "case_opened")
    return {**queries.case_view(tx, queries.case_or_404(tx, case["case_id"])), "joined": joined}


def open_or_join(tx, award, actor):
    """(case, joined): the award's open case if a ground may still join it, else a new case. A
    conflict when the open case is past verification: one open case per award at a time."""
    current = queries.open_case_of(tx, award["award_id"])
    if current is not None:
        if current["state"] not in case_states.JOINABLE_STATES:
            raise errors.Conflict(
                f"该奖项已有未结案件 {current['case_id']}（{current['state']}），须结案后方可另行立案",
                f"award {award['award_id']} already has an open case {current['case_id']} ({current['state']}); "
                "a new case may follow once it is closed", article=_article(award),
                fields={"case_id": current["case_id"]})
        return current, True
    case_id = f"case-{uuid.uuid4().hex[:16]}"
    now = tx.now()
    try:
        with tx.session.begin_nested():
            tx.run(cases.insert().values(
                case_id=case_id, award_id=award["award_id"], open_award_id=award["award_id"], state="opened",
                opened_by=actor, opened_at=now, updated_at=now))
    except sa.exc.IntegrityError:  # a concurrent opening won: the database keeps one open case
        raise errors.Conflict("该奖项已有未结案件", f"award {award['award_id']} already has an open case",
                              article=_article(award)) from None
    return {"case_id": case_id, "state": "opened"}, False


def add_grounds(tx, case_id, cited, actor):
    for ground in cited:
        tx.run(case_grounds.insert().values(
            case_id=case_id, item=ground["item"], fact=ground["fact"], fact_date=ground["fact_date"],
            added_at=tx.now(), added_by=actor))


def _checked_document(store, doc):
    problem = store.problem(doc["media_type"], doc["content"])
    if problem:
        raise errors.Invalid({f"evidence.{problem[0]}": [problem[1]]})
    return doc


def add_document(tx, store, case_id, doc, actor):
    sha256 = store.put(doc["content"])
    tx.run(evidence.insert().values(
        evidence_id=f"ev-{uuid.uuid4().hex[:16]}", case_id=case_id, filename=doc["filename"],
        media_type=doc["media_type"], size=len(doc["content"]), sha256=sha256, added_at=tx.now(), added_by=actor))


def add_report(tx, case_id, report_number, actor):
    tx.run(evidence.insert().values(
        evidence_id=f"ev-{uuid.uuid4().hex[:16]}", case_id=case_id, report_number=report_number,
        added_at=tx.now(), added_by=actor))


def step(tx, case_id, name, principal, values=None, reason=None):
    """Move a case by the transition ``name``: the state machine says whether it may (a rule
    violation naming the step it needs), holds on ``revocation`` may stop it, and it is audited.
    Answers (the case as it now is, its award)."""
    case = queries.case_or_404(tx, case_id, lock=True)
    award = queries.award_or_404(tx, case["award_id"], lock=True)
    transition = case_states.BY_NAME[name]
    role = transition.role if transition.role in principal.roles else sorted(principal.roles)[0]
    try:
        target = case_states.advance(case["state"], name, role)
    except case_states.CaseStepRefused as refused:
        raise errors.RuleViolation(refused.message, refused.message_en, article=_article(award),
                                   fields={"state": case["state"], "needs": refused.needs}) from None
    guard(tx, award)
    now = tx.now()
    changes = dict(values or {}, state=target, updated_at=now)
    if target in case_states.CLOSED_STATES:
        changes.update(open_award_id=None, closed_at=now)
    tx.run(cases.update().where(cases.c.case_id == case_id).values(**changes))
    tx.audit(f"case.{name}", target=case_id, reason=reason,
             detail={"from": case["state"], "to": target, "award_id": award["award_id"],
                     **{k: str(v) for k, v in (values or {}).items()}})
    tx.transition(STEP, name)
    return queries.case_or_404(tx, case_id), award
