"""Step 14 in 2020 (Art. 29(4), 28): two failed spot checks, the case, the government's revocation,
recovery of the money and every item, and the certificate no longer verifying as genuine."""
from award_demo.api import DemoError

CHECKS = (("SC-2020-001", "2020-05-10"), ("SC-2020-002", "2020-11-10"))
#: The case from the findings to the government's revocation: (route, role, body) in order.
CASE_STEPS = (
    ("investigation", "office", {"findings": "两次抽查报告核实无误"}),
    ("verification", "office", {"outcome": "verified", "reasons": "经查证属实"}),
    ("proposal", "leading_group", {"outcome": "proposed", "reasons": "提请市政府撤销"}),
    ("decision", "government", {"outcome": "revoked", "document_number": "济政字〔2020〕99号",
                                "decision_date": "2020-11-30"}),
)


def spot_checks(suite, progress, award):
    progress.step(f"2020: a regulator's spot checks of {award['recipient_name']} fail twice (Art. 29(4))")
    suite.wait(lambda: suite.request("revocation", "GET", f"/v1/awards/{award['award_id']}", "office").status_code
               == 200, "revocation to learn the award")
    answer = None
    for report, day in CHECKS:
        suite.set_clock(f"{day}T10:00:00+08:00", "replay: spot check")
        answer = suite.post("revocation", "/v1/spot-checks", "regulator", {
            "credit_code": award["credit_code"], "product": "冷链物流服务", "checked_on": day, "level": "provincial",
            "result": "fail", "report_number": report})
        progress.note(f"{report} on {day}: failed; cases opened: {[c['case_id'] for c in answer['cases']]}")
    if len(answer["cases"]) != 1:
        raise DemoError(f"the second failed spot check opened {answer['cases']}, not one case")
    return answer["cases"][0]["case_id"]


def revoke(suite, progress, case_id):
    progress.step("The office verifies, the leading group proposes, the government revokes (Art. 29)")
    suite.set_clock("2020-11-30T10:00:00+08:00", "replay: revocation")
    for route, role, body in CASE_STEPS:
        suite.post("revocation", f"/v1/cases/{case_id}/{route}", role, body)
        progress.note(f"{route}: {body.get('outcome', 'recorded')}")


def recover(suite, progress, case_id, award):
    progress.step("The money and every item conferred come back; the case closes (Art. 29)")
    suite.set_clock("2020-12-15T10:00:00+08:00", "replay: recovery")
    returns = [{"item": item} for item in award["items"]] + [{"amount": award["prize_amount"]}]
    state = None
    for what in progress.bar(returns, "returns"):
        state = suite.post("revocation", f"/v1/cases/{case_id}/recovery", "office", {
            "returned_on": "2020-12-15", "receipt_number": f"R-2020-{len(returns)}-{list(what.values())[0]}",
            "received_by": "市质量强市办", **what})["state"]
    number = award["certificate_number"]
    verified = suite.wait(lambda: (lambda v: v if v["status"] == "revoked" else None)(
        suite.get("publicity", f"/public/v1/certificates/{number}")), "the certificate to stop verifying")
    progress.note(f"case {state}; certificate {number}: {verified['status']} on {verified['revoked_on']}")
