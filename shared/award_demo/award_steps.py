"""Steps 9-13 at publicity (Art. 16-21, 28): deliberation, the public notice across the 2019
National Day holiday, objections, the government's approval, prize money and conferral."""
import os

from award_demo.api import DemoError
from award_demo.intake_steps import CYCLE

PRIZES = {"unit_award": "500000.00", "individual_award": "100000.00",  # a replay's figures, not the city's
          "unit_nomination": "200000.00", "individual_nomination": "50000.00"}


def deliberation(suite, progress, listed):
    progress.step("The leading group deliberates the list and adopts it (Art. 16)")
    suite.set_clock("2019-09-20T10:00:00+08:00", "replay: deliberation")
    suite.post("publicity", f"/v1/cycles/{CYCLE}/deliberation", "leading_group", {
        "meeting_date": "2019-09-20", "members_present": ["组长", "副组长", "成员甲", "成员乙"],
        "decisions": [{"application_id": c["application_id"], "decision": "adopted"} for c in listed["candidates"]]})
    for c in listed["candidates"]:
        progress.note(f"{c['category']:<22} #{c['rank']} {c['applicant_name']} ({c['score']})")


def public_notice(suite, progress):
    progress.step("The office publishes the notice on 2019-09-27; five working days span the National Day holiday (Art. 17)")
    suite.set_clock("2019-09-27T10:00:00+08:00", "replay: public notice")
    notice = suite.post("publicity", f"/v1/cycles/{CYCLE}/public-notice", "office",
                        {"media": [{"name": "济南日报", "date": "2019-09-27", "page": "A3"}]})
    progress.note(f"objections until {notice['window_end']} (10-01 to 10-07 are holidays; 09-29 and 10-12 are workdays)")
    return notice


def objection(suite, progress, candidate, outcome):
    """Someone of the public objects; the office investigates, proposes, the leading group approves (Art. 17)."""
    filed = suite.post("publicity", "/public/v1/objections", None, {
        "application_id": candidate["application_id"], "content": "公示对象存在未披露的质量问题",
        "objector_name": "公众甲", "objector_contact": "13900000000"})
    tracking = filed["tracking_number"]
    [found] = [o for o in suite.get("publicity", "/v1/objections", "office")["objections"]
               if o["tracking_number"] == tracking]
    oid = found["objection_id"]
    suite.post("publicity", f"/v1/objections/{oid}/investigation", "office", {
        "investigators": ["市质量强市办 李某"], "checked": "核查质量监督抽查记录", "conclusion": "见处理意见"})
    suite.post("publicity", f"/v1/objections/{oid}/resolution", "office", {
        "outcome": outcome, "handling_opinion": "经调查核实，" + ("异议成立" if outcome == "upheld" else "异议不成立")})
    suite.post("publicity", f"/v1/objections/{oid}/resolution", "leading_group", {"decision": "approve"})
    progress.note(f"objection {tracking} against {candidate['applicant_name']}: {outcome}")


def objections(suite, progress, listed):
    progress.step("Two objections from the public: one dismissed, one upheld (Art. 17)")
    candidates = listed["candidates"]
    if len(candidates) < 2:
        raise DemoError("the replay needs at least two candidates on the list; give more --applicants")
    target = next(c for c in candidates if c["category"] == "unit_award")
    upheld = [c for c in candidates if c is not target][-1]
    objection(suite, progress, target, "dismissed")
    objection(suite, progress, upheld, "upheld")
    return target, upheld


def close_notice(suite, progress):
    suite.set_clock("2019-10-11T09:00:00+08:00", "replay: the notice window ends")
    progress.note("waiting for the notice to close on the business clock (publicity's timer)")
    suite.wait(lambda: suite.get("publicity", "/public/v1/notices/current")["notices"][0]["status"] == "closed",
               "the public notice to close")


def approval_and_conferral(suite, progress, out_dir):
    progress.step("The leading group submits the list; the city government approves; the office sets the "
                  "prize money and confers (Art. 7, 18-21)")
    suite.set_clock("2019-10-15T10:00:00+08:00", "replay: the leading group submits the list (提报)")
    submitted = suite.post("publicity", f"/v1/cycles/{CYCLE}/submission", "leading_group",
                           {"submitted_on": "2019-10-15", "document_number": "济质强领字〔2019〕5号"})
    progress.note(f"济质强领字〔2019〕5号: {len(submitted['candidates'])} candidates submitted to the city government")
    suite.set_clock("2019-10-25T10:00:00+08:00", "replay: approval")
    approved = suite.post("publicity", f"/v1/cycles/{CYCLE}/approval", "government",
                          {"document_number": "济政字〔2019〕88号", "approved_on": "2019-10-25"})
    progress.note(f"济政字〔2019〕88号: {len(approved['awards'])} awards approved")
    suite.set_clock("2019-11-01T10:00:00+08:00", "replay: conferral")
    amounts = {c: PRIZES[c] for c in {a["category"] for a in approved["awards"]}}
    suite.call("publicity", "PUT", f"/v1/cycles/{CYCLE}/prize-amounts", "office", body={"amounts": amounts})
    awards = suite.post("publicity", f"/v1/cycles/{CYCLE}/conferral", "office", {"granted_on": "2019-11-01"})["awards"]
    os.makedirs(out_dir, exist_ok=True)
    for award in progress.bar(awards, "certificates"):
        pdf = suite.get("publicity", f"/v1/awards/{award['award_id']}/certificate.pdf", "office")
        award["path"] = os.path.abspath(os.path.join(out_dir, f"{award['certificate_number']}.pdf"))
        with open(award["path"], "wb") as f:
            f.write(pdf)
    return awards
