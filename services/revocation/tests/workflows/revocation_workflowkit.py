"""What revocation's fast rung drives its workflows with: a unit of work of the kit over SQLite
in memory (``award_testing.workflows``) that knows the 2019 cycle under the 2018 rule set, as
intake's ``cycle.opened`` would have told it, with the clock at 2021-06-01 09:00 in Beijing; the
principals of the routes; ``award.granted`` as publicity sends it; bodies as the schemas load them."""
import json
import os
from datetime import date
from decimal import Decimal

from award_revocation import cases, decisions, queries, replicas, tables
from award_rules.ruleset import canonical_sha256, load_ruleset
from award_shared import cycles, events
from award_shared.document_store import DocumentStore, parse_types
from award_shared.web.auth import Principal
from award_testing.workflows import received, unit_of_work

RULESET_FILE = os.path.join(os.path.dirname(__file__), "..", "..", "..", "intake", "award_intake", "rulesets",
                            "jinan-2018.yaml")
NOW = "2021-06-01T09:00:00+08:00"
CYCLE = "cycle-2019"
UNIT_CODE = "91370100MA3C4XYD8F"
PDF = b"%PDF-1.4 evidence"

OFFICE = Principal("office-wang", frozenset({"office"}))
LEADING_GROUP = Principal("lg-li", frozenset({"leading_group"}))
GOVERNMENT = Principal("gov-zhao", frozenset({"government"}))
REGULATOR = Principal("amr-sun", frozenset({"regulator"}))


def unit_of_work_2021():
    """A fresh unit of work at :data:`NOW` that knows :data:`CYCLE`."""
    work = unit_of_work("revocation", tables.ALL, now=NOW)
    ruleset = json.loads(json.dumps(load_ruleset(RULESET_FILE), default=str, ensure_ascii=False))
    with work:
        cycles.record_opened(work, received(events.CycleOpened(
            cycle_id=CYCLE, edition=2019, ruleset=ruleset, ruleset_id=ruleset["id"],
            ruleset_sha256=canonical_sha256(ruleset), schedule={}, opened_at="2019-03-01T09:00:00+08:00")))
    return work


def evidence_store(directory):
    """The evidence store, as ``Documents`` gives it to a worker."""
    return DocumentStore(directory, 1024 * 1024, parse_types(None))


def granted(award_id, *, kind="unit", credit_code=UNIT_CODE, granted_at="2019-12-20T10:00:00+08:00",
            items=("trophy", "certificate"), prize="500000.00"):
    """``award.granted`` as publicity sends it."""
    who = {"credit_code": credit_code} if kind == "unit" else {"person_key": "a" * 64}
    return events.AwardGranted(
        award_id=award_id, application_id=f"app-{award_id}", cycle_id=CYCLE, certificate_number=f"JNSZ-{award_id}",
        recipient_name="济南示例制造有限公司", category=f"{kind}_award", items=list(items), prize_amount=prize,
        granted_at=granted_at, **who)


def ground(item="Art. 29(2)", fact_date=date(2020, 8, 1), fact="发生较大生产安全事故"):
    return {"item": item, "fact": fact, "fact_date": fact_date}


def case_body(award_id, *grounds):
    """An ``OpenCaseSchema`` body as loaded: dates as dates, the evidence's content as bytes."""
    return {"award_id": award_id, "grounds": list(grounds) or [ground()], "reason": None,
            "evidence": [{"filename": "事故调查报告.pdf", "media_type": "application/pdf", "content": PDF}]}


def grant(tx, award_id, **kw):
    """Publicity's ``award.granted`` for ``award_id`` consumed, as ``on_award_granted`` does."""
    with tx:
        replicas.record_granted(tx, received(granted(award_id, **kw)))
    return award_id


def open_case(tx, store, award_id, *grounds):
    """The office opens a case (``POST /v1/cases``); the case as the workflow answers it."""
    with tx:
        return cases.open_case(tx, store, case_body(award_id, *grounds), OFFICE)


#: The usual path of a case: (state reached, workflow, principal, body as its schema loads it).
PATH = (
    ("investigated", decisions.investigate, OFFICE, {"findings": "经调查，事故属实", "reason": None}),
    ("verified", decisions.verify, OFFICE, {"outcome": "verified", "reasons": "经查证属实"}),
    ("proposed", decisions.propose, LEADING_GROUP, {"outcome": "proposed", "reasons": "提请市政府撤销"}),
    ("revoked", decisions.decide, GOVERNMENT, {"outcome": "revoked", "document_number": "济政字〔2021〕12号",
                                               "decision_date": date(2021, 5, 20), "reasons": None}),
)


def to_state(tx, case_id, state):
    """Walk a case along :data:`PATH` up to ``state``, one unit of work a step; the last view."""
    for target, workflow, principal, body in PATH:
        with tx:
            view = workflow(tx, case_id, principal, body)
        assert view["state"] == target
        if target == state:
            return view
    raise AssertionError(f"{state} is not on the usual path")


def returned(item=None, amount=None, receipt="R-1"):
    """A ``RecoverySchema`` body as loaded: one item, or an amount (a Decimal)."""
    return {"item": item, "amount": Decimal(amount) if amount is not None else None,
            "returned_on": date(2021, 5, 30), "receipt_number": receipt, "received_by": "市质量强市办 王某",
            "reason": None}


def spot_check(report, checked_on, result="fail", level="municipal", credit_code=UNIT_CODE):
    """A ``SpotCheckSchema`` body as loaded."""
    return {"credit_code": credit_code, "product": "不锈钢保温杯", "checked_on": checked_on, "level": level,
            "result": result, "report_number": report}


def state_of(tx, case_id):
    with tx:
        return queries.case_or_404(tx, case_id)["state"]


def award_status(tx, award_id):
    with tx:
        return queries.award_or_404(tx, award_id)["status"]
