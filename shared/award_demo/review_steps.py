"""Steps 4-8 (Art. 7-9, 15, 16, 25-27): the supervision group, the third party and its experts,
the four review stages under supervision, and the office's candidate list."""
from award_demo.api import DemoError
from award_demo.intake_steps import CYCLE
from award_demo.people import credit_code
from award_demo.personas import AGENCY, EXPERTS_PER_SECTOR, SUPERVISOR, expert

GROUP = [(SUPERVISOR, "npc_deputy", "王人大"), ("sup-cppcc", "cppcc_member", "李政协"), ("sup-gov", "government", "赵科长"),
         ("sup-media", "media", "钱记者"), ("sup-lawyer", "lawyer", "孙律师")]
GBT = {"leadership": 110, "strategy": 90, "customers_market": 90, "resources": 130, "process_management": 100,
       "measurement_analysis_improvement": 80, "results": 400}
RUBRIC = {"quality_awareness_innovation": 30, "contribution": 40, "recognition": 30}
SCORED = ("material_review", "onsite_review", "defense")


def agency(suite, method, path, body=None, **kw):
    return suite.call("scoring", method, path, "third_party", sub=AGENCY, body=body, **kw)


def appoint_supervision(suite, progress):
    progress.step("The office proposes the supervision group; the leading group appoints it (Art. 9)")
    suite.wait(lambda: suite.request("supervision", "GET", f"/v1/cycles/{CYCLE}", "office").status_code == 200,
               "supervision to learn the cycle")
    suite.post("supervision", f"/v1/cycles/{CYCLE}/group", "office", {
        # the member who acts is known by the subject of the supervisor's sign-in
        "members": [{"person_id": suite.subject(p, "supervisor") if p == SUPERVISOR else p, "kind": k, "name": n}
                    for p, k, n in GROUP], "reason": "2019年度评审监督组"})
    suite.post("supervision", f"/v1/cycles/{CYCLE}/group/approve", "leading_group", {"reason": "领导小组审定"})
    progress.note("members: " + ", ".join(n for _, _, n in GROUP))


def appoint_third_party(suite, progress):
    progress.step("The office proposes the third-party agency; the leading group entrusts it (Art. 7, 8)")
    suite.wait(lambda: suite.request("scoring", "GET", f"/v1/cycles/{CYCLE}", "office").status_code == 200,
               "scoring to learn the cycle")
    suite.post("scoring", f"/v1/cycles/{CYCLE}/third-party", "office", {
        "name": "山东泉城质量评价中心", "credit_code": credit_code(9000), "staff_subjects": [suite.subject(AGENCY, "third_party")]})
    suite.post("scoring", f"/v1/cycles/{CYCLE}/third-party/approval", "leading_group", {"decision": "领导小组审定委托"})


def experts(suite, progress, competing):
    """Six experts per industry; one used to work for a competing unit (a conflict, Art. 25)."""
    progress.step("The agency engages experts by industry; a conflicted expert is kept off that panel (Art. 8, 25)")
    conflicted_with = next(p for p in competing if p.kind == "unit" and p.fate == "compete")
    roster = []
    for sector in sorted({p.sector for p in competing}):
        for i in range(EXPERTS_PER_SECTOR):
            body = {"subject": suite.subject(expert(sector, i), "expert"), "name": f"{'赵钱孙李周吴'[i]}{'教授' if i % 2 else '高工'}",
                    "affiliation_kind": "university", "employer_name": "山东大学", "sectors": [sector],
                    "employer_credit_code": credit_code(7000 + len(roster))}
            if sector == conflicted_with.sector and i == 0:
                body["former_employer_credit_codes"] = [conflicted_with.form["credit_code"]]
            roster.append(body)
    for body in progress.bar(roster, "experts"):
        agency(suite, "POST", f"/v1/cycles/{CYCLE}/experts", body)
    conflicted = suite.subject(expert(conflicted_with.sector, 0), "expert")

    def all_recommended():  # the list a page at a time (docs/contract.md): every page, by next
        recommended, after = 0, None
        while True:
            page = agency(suite, "GET", f"/v1/cycles/{CYCLE}/applications?limit=500"
                          + (f"&after={after}" if after else ""))
            recommended += sum(a["status"] == "recommended" for a in page["applications"])
            after = page["next"]
            if after is None:
                return recommended >= len(competing)
    suite.wait(all_recommended, "scoring to learn every recommended application")
    refused = suite.request("scoring", "POST", f"/v1/applications/{conflicted_with.application_id}/assignments",
                            "third_party", sub=AGENCY, body={"mode": "manual", "experts": [conflicted]})
    if refused.status_code != 409:
        raise DemoError(f"a conflicted expert was seated: {refused.status_code} {refused.text[:200]}")
    progress.note(f"{conflicted} once worked for {conflicted_with.name}: refused a seat on its panel "
                  f"({refused.json()['error']['article']})")
    agency(suite, "POST", f"/v1/cycles/{CYCLE}/assignments", {})
    panels = {p.n: agency(suite, "GET", f"/v1/applications/{p.application_id}/assignments")["panel"] for p in competing}
    if conflicted in panels[conflicted_with.n]:
        raise DemoError(f"{conflicted} sits on the panel of {conflicted_with.name}")
    progress.note(f"{len(panels)} panels of five; {conflicted} is not on {conflicted_with.name}'s")
    return panels


def sheet(person, fraction):
    caps = GBT if person.kind == "unit" else RUBRIC
    return {"scores": {k: round(v * fraction, 1) for k, v in caps.items()}, "comments": "评审意见：符合评审标准。"}


def qualification(suite, progress, competing):
    progress.step("Qualification review by the third party, under the supervision group (Art. 10, 12, 15)")
    suite.wait(lambda: suite.request("scoring", "POST", f"/v1/cycles/{CYCLE}/stages/qualification_review/open",
                                     "third_party", sub=AGENCY, body={}).status_code == 200,
               "scoring to learn the supervision group")
    for person in progress.bar(competing, "decisions"):
        item = 10 if person.kind == "unit" else 12
        conditions = [{"item": f"Art. {item}({i})", "met": True, "reason": "经核查符合"} for i in range(1, 8)]
        if person.fate == "fails_qualification":
            conditions[3] = {"item": f"Art. {item}(4)", "met": False, "reason": "质量信用记录存在不良记录"}
            person.outcome = "ineligible at the qualification review (Art. 10(4))"
        tilts = [{"kind": k, "confirmed": True, "reason": "证明材料核实"} for k in person.tilt]
        agency(suite, "POST", f"/v1/applications/{person.application_id}/reviews/qualification_review",
               {"conditions": conditions, "tilts": tilts})
    agency(suite, "POST", f"/v1/cycles/{CYCLE}/stages/qualification_review/close", {})
    failed = [p for p in competing if p.fate == "fails_qualification"]
    progress.note(f"{len(competing) - len(failed)} qualified; ineligible: " + ", ".join(p.name for p in failed))
    return [p for p in competing if p.fate != "fails_qualification"]



def scored_stages(suite, progress, qualified, panels):
    """Material, on-site and defense reviews; an outlier sheet is trimmed away, a finding halts one."""
    outlier_of = next(p for p in qualified if p.kind == "unit")
    outlier = panels[outlier_of.n][-1]
    halted = qualified[1]
    for stage in SCORED:
        progress.step(f"{stage.replace('_', ' ').capitalize()}: every panel's experts score (Art. 15)")
        agency(suite, "POST", f"/v1/cycles/{CYCLE}/stages/{stage}/open", {})
        hold = halt(suite, progress, halted) if stage == "onsite_review" else None
        sheets = [(p, e) for p in qualified for e in panels[p.n]]
        for person, expert in progress.bar(sheets, "score sheets"):
            odd = stage == "material_review" and person is outlier_of and expert == outlier
            suite.post("scoring", f"/v1/applications/{person.application_id}/reviews/{stage}", "expert",
                       sheet(person, 0.25 if odd else person.fraction), sub=suite.persona(expert))
        closed = agency(suite, "POST", f"/v1/cycles/{CYCLE}/stages/{stage}/close", {})
        progress.note(f"closed: {len(closed.get('completed', []))} completed"
                      + (f", {len(closed.get('pending_hold', []))} waiting on a hold" if closed.get("pending_hold") else ""))
        if stage == "material_review":
            results = agency(suite, "GET", f"/v1/applications/{outlier_of.application_id}/results")
            scored = results["stages"][stage]
            progress.note(f"outlier: {outlier} scored {outlier_of.name} at a quarter of the scale; spread "
                          f"{scored['spread']} flagged {[f['flag'] for f in scored['flags']]}, trimmed mean "
                          f"{scored['score']} (the highest and lowest sheets dropped)")
        if hold:
            release(suite, progress, halted, hold, stage)


def halt(suite, progress, person):
    """A supervisor's finding halts one application's on-site review (Art. 9, 26)."""
    finding = suite.post("supervision", "/v1/findings", "supervisor", {
        "cycle_id": CYCLE, "kind": "applicant", "step": "onsite_review", "subject": person.application_id,
        "article": "Art. 26", "summary": "举报反映该单位申报材料中的质量指标数据存疑", "evidence": ["举报材料一份"],
        "halt": True, "hold_reason": "待核实举报反映的问题"}, sub=SUPERVISOR)
    hold_id = finding["hold_id"]
    # every step owner applies the hold; the one that matters here is scoring, which owns the stage
    suite.wait(lambda: any(e["owner"] == "scoring" for e in suite.get(
        "supervision", f"/v1/holds/{hold_id}/effects", "supervisor", sub=SUPERVISOR)["effects"]),
        "scoring to apply the hold")
    progress.note(f"supervision halts {person.name}'s on-site review ({hold_id})")
    return hold_id


def release(suite, progress, person, hold_id, stage):
    suite.post("supervision", f"/v1/holds/{hold_id}/release", "supervisor",
               {"reason": "经核实，举报反映的问题不属实"}, sub=SUPERVISOR)
    progress.note(f"released after verification; waiting for {person.name}'s {stage} to complete")
    results = lambda: agency(suite, "GET", f"/v1/applications/{person.application_id}/results")
    suite.wait(lambda: results()["stages"][stage]["status"] == "completed", f"{person.name}'s {stage} to complete on the release")


def report_results(suite, progress):
    progress.step("The third party reports the review results to the office (Art. 8(3))")
    report = agency(suite, "POST", f"/v1/cycles/{CYCLE}/results-report",
                    {"summary": "四个评审环节已结束，现将2019年度市长质量奖评审结果汇总报告市质量强市领导小组办公室。"})
    progress.note(f"report {report['version']}: {len(report['snapshot'])} applications")
    return report


def candidate_list(suite, progress):
    progress.step("The office proposes the candidate list from the final scores (Art. 16)")
    suite.post("scoring", f"/v1/cycles/{CYCLE}/candidates", "office", {"reason": "四个评审环节结束"})
    listed = suite.wait(lambda: suite.request("publicity", "GET", f"/v1/cycles/{CYCLE}/candidates", "office").status_code
                        == 200 and suite.get("publicity", f"/v1/cycles/{CYCLE}/candidates", "office"),
                        "publicity to receive the candidate list")
    return listed
