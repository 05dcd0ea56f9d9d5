"""Steps 1-3 at intake (Art. 6, 10-14): the notice, the applications, the districts' review."""
import base64

from award_demo.api import DemoError, explain
from award_demo.people import PDF
from award_demo.personas import coordinator

CYCLE = "cycle-2019"
SCHEDULE = {"application": "2019-05-31T17:00:00+08:00", "district_review": "2019-06-30T17:00:00+08:00"}


#: Art. 14: the evidence (证明材料) the 2018 rule set asks of each kind of applicant (Art. 3: of the city)
EVIDENCE = {"unit": "registration", "individual": "workplace"}
#: Art. 14: the member units (成员单位) of a district's coordinator that take part in its review
MEMBER_UNITS = ("市场监督管理局", "发展和改革局", "工业和信息化局")


def document(kind, relates_to=None):
    return {"kind": kind, "filename": f"{relates_to or kind}.pdf", "media_type": "application/pdf",
            "content": base64.b64encode(PDF).decode("ascii"), **({"relates_to": relates_to} if relates_to else {})}


def open_cycle(suite, progress):
    progress.step("The office opens the 2019 cycle and proposes its review scheme; the leading group approves it; "
                  "the notice goes out (Art. 7, 11, 13)")
    cycle = suite.post("intake", "/v1/cycles", "office", {"edition": 2019, "schedule": SCHEDULE})
    scheme = suite.post("intake", f"/v1/cycles/{CYCLE}/review-scheme", "office", {"text": "2019年度济南市市长质量奖评审方案"})
    suite.post("intake", f"/v1/cycles/{CYCLE}/review-scheme/decision", "leading_group", {
        "outcome": "approved", "scheme_sha256": scheme["scheme_sha256"], "decision": "市质量强市领导小组审定2019年度评审方案"})
    suite.post("intake", f"/v1/cycles/{CYCLE}/notice", "office", {"text": "关于组织申报2019年度济南市市长质量奖的通知"})
    progress.note(f"{cycle['cycle_id']} under rule set {cycle.get('ruleset_id', 'jinan-2018')}; "
                  f"applications until {SCHEDULE['application']}, district review until {SCHEDULE['district_review']}")


def import_past_winner(suite, progress, person):
    progress.step("The office imports a past winner into the Art. 6 registry")
    suite.post("intake", "/v1/past-winners", "office", {"reason": "录入2017年度获奖单位", "winners": [{
        "kind": "unit", "name": person.name, "category": "unit_award", "edition": 2017,
        "credit_code": person.form["credit_code"]}]})
    progress.note(f"{person.name} ({person.form['credit_code']}): 2017 unit award")


def apply(suite, progress, people):
    progress.step(f"{len(people)} units and individuals apply: draft, documents, submission (Art. 6, 10, 12, 14)")
    refusals = []
    for person in progress.bar(people, "applications"):
        draft = suite.request("intake", "POST", f"/v1/cycles/{CYCLE}/applications", "applicant", sub=person.sub,
                              body=person.form)
        if draft.status_code != 201:
            person.outcome = f"refused at the draft: {explain(draft)}"
            refusals.append(person)
            continue
        person.application_id = draft.json()["application_id"]
        for kind, relates_to in (("application_form", None), ("self_evaluation", None), ("evidence", EVIDENCE[person.kind])):
            suite.post("intake", f"/v1/applications/{person.application_id}/documents", "applicant",
                       document(kind, relates_to), sub=person.sub)
        submitted = suite.request("intake", "POST", f"/v1/applications/{person.application_id}/submit",
                                  "applicant", sub=person.sub, body={})
        if submitted.status_code != 200:
            person.outcome = f"refused at submission: {explain(submitted)}"
            refusals.append(person)
    for person in refusals:
        progress.note(f"{person.name}: {person.outcome}")
    expected = {p.n for p in people if p.fate in ("past_winner", "refused")}
    if {p.n for p in refusals} != expected:
        raise DemoError(f"intake refused {sorted(p.n for p in refusals)}, the replay expected {sorted(expected)}")
    return [p for p in people if p not in refusals]


def district_review(suite, progress, applied):
    progress.step("District coordinators review and recommend, confirming the tilts claimed (Art. 11, 14)")
    for person in progress.bar(applied, "recommendations"):
        suite.post("intake", f"/v1/applications/{person.application_id}/district-review", "district", {
            "decision": "recommend", "opinion": "经初审，申报材料真实完整，同意推荐。", "signatory": f"{person.district}质监局 王主任",
            "member_units": [person.district + unit for unit in MEMBER_UNITS],
            **({"workplace_confirmed": True} if person.kind == "individual" else {}),
            "tilt_confirmations": [{"kind": k, "confirmed": True, "opinion": "证明材料核实"} for k in person.tilt]},
            sub=coordinator(person.district), district=person.district)
