"""Quality spot checks of winners' products (Art. 29(4)): recorded as they arrive, de-duplicated
by report number; two consecutive failures after an award open a case on it, with both reports
as its evidence — still to be verified and decided by people."""
from award_shared import holds

from . import cases, queries
from .domain import case_states, grounds as ground_rules, spot_checks as rules
from .domain.texts import zh_date
from .tables import spot_check_triggers, spot_checks

SYSTEM = "system:spot-checks"
LEVEL_ZH = {"county": "县级", "district": "区级", "municipal": "市级", "provincial": "省级", "national": "国家级"}


def record(tx, principal, body):
    """Record one check; answers whether it counts toward Art. 29(4), whether it was a
    ``duplicate`` of a report already recorded (which changes nothing) and the cases it opened."""
    report = body["report_number"]
    inserted = tx.insert_if_absent(
        spot_checks, report_number=report, credit_code=body["credit_code"], product=body["product"],
        checked_on=body["checked_on"], level=body["level"], result=body["result"], recorded_at=tx.now(),
        recorded_by=principal.sub)
    row = queries.spot_check(tx, report)
    answer = {"report_number": report, "credit_code": row["credit_code"], "checked_on": row["checked_on"].isoformat(),
              "level": row["level"], "result": row["result"], "duplicate": not inserted,
              "counts_toward_art29_4": rules.counts(row["level"]), "cases": []}
    if not rules.counts(row["level"]):
        answer["note"] = (f"{LEVEL_ZH[row['level']]}抽查已记录，但第二十九条第（四）项只计市级以上质量监督抽查",
                          f"recorded; a {row['level']} check does not count toward Art. 29(4) (municipal or above only)")
    if not inserted:
        return answer
    tx.audit("spot_check.recorded", target=report, detail={k: str(v) for k, v in body.items()})
    if rules.counts(row["level"]):
        answer["cases"] = open_cases(tx, row["credit_code"])
    return answer


def open_cases(tx, credit_code):
    """For each award of the unit still in force, act once on each new pair of failures."""
    checks = [rules.Check(r["report_number"], r["checked_on"], r["level"], r["result"])
              for r in queries.checks_of_unit(tx, credit_code)]
    opened = []
    for award in queries.awards_in_force_of_unit(tx, credit_code):
        if rules.GROUND not in ground_rules.grounds_of(queries.ruleset_of(tx, award), "unit"):
            continue  # an award under another edition's Measures (Art. 31): its own grounds, opened by hand
        for first, second in rules.failed_pairs(checks, award["granted_on"]):
            outcome = _act_once(tx, award, first, second)
            if outcome:
                opened.append(outcome)
    return opened


def _act_once(tx, award, first, second):
    try:
        cases.guard(tx, award)
    except holds.HoldActive as held:  # acted on at the next check, once the hold is released
        return {"award_id": award["award_id"], "case_id": None, "joined": False, "note": held.message_en}
    if not tx.insert_if_absent(spot_check_triggers, award_id=award["award_id"], second_report=second.report_number,
                               first_report=first.report_number, at=tx.now()):
        return None
    current = queries.open_case_of(tx, award["award_id"])
    if current is not None and current["state"] not in case_states.JOINABLE_STATES:
        # the open case is past verification; the office sees the pair here and in the audit log
        tx.audit("spot_check.pending", target=award["award_id"], detail={
            "reports": [first.report_number, second.report_number], "open_case": current["case_id"]})
        return {"award_id": award["award_id"], "case_id": current["case_id"], "joined": False,
                "note": "the award's open case is past verification; a new case may follow once it closes"}
    case, joined = cases.open_or_join(tx, award, SYSTEM)
    cases.add_grounds(tx, case["case_id"], [{
        "item": rules.GROUND, "fact_date": second.checked_on,
        "fact": f"连续2次市级以上质量监督抽查判定为不合格：报告 {first.report_number}（{zh_date(first.checked_on)}）、"
                f"{second.report_number}（{zh_date(second.checked_on)}）"}], SYSTEM)
    for report in (first, second):
        cases.add_report(tx, case["case_id"], report.report_number, SYSTEM)
    tx.run(spot_check_triggers.update().where(
        spot_check_triggers.c.award_id == award["award_id"],
        spot_check_triggers.c.second_report == second.report_number).values(case_id=case["case_id"]))
    tx.audit("case.joined" if joined else "case.opened", target=case["case_id"], reason="Art. 29(4)", detail={
        "award_id": award["award_id"], "reports": [first.report_number, second.report_number], "automatic": True})
    if not joined:
        tx.transition(cases.STEP, "case_opened")
    return {"award_id": award["award_id"], "case_id": case["case_id"], "joined": joined}
