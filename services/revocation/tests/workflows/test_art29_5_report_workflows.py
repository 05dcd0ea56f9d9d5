"""Reports from the public on the fast rung (issue 31, items 11 and 14): a report becomes a case
or is closed; an imported award of the 2011 Measures keeps its real date and its own grounds."""
from datetime import date

import pytest

from award_revocation import cases, queries, replicas, reports
from award_shared import errors, events
from award_testing.helpers import ruleset_2011_stand_in
from award_testing.workflows import audited, received
from revocation_workflowkit import OFFICE, case_body, grant, ground


def test_art29_5_a_report_triaged_into_a_case_carries_its_tracking_number_as_evidence(tx):
    grant(tx, "award-rw1")
    with tx:
        filed = reports.file(tx, {"kind": "misconduct", "content": "工程质量问题被查处", "award_id": "award-rw1",
                                  "reporter": {"name": "王举报", "contact": "138"}})
    with tx:
        [row] = reports.listing(tx)["reports"]
        answer = reports.triage(tx, row["report_id"], {
            "decision": "open_case", "reason": "立案", "grounds": [ground("Art. 29(5)", date(2020, 8, 1))]}, OFFICE)
    assert answer["status"] == "case_opened" and not answer["joined"]
    with tx:
        case = queries.case_view(tx, queries.case_or_404(tx, answer["case_id"]))
        assert reports.status(tx, filed["tracking_number"])["status"] == "case_opened"
    assert [e["report_number"] for e in case["evidence"]] == [filed["tracking_number"]]
    assert all("王举报" not in (a["detail"] or "") for a in audited(tx))
    with tx, pytest.raises(errors.Conflict):
        reports.triage(tx, row["report_id"], {"decision": "close", "reason": "重复"}, OFFICE)


def test_art29_art31_an_imported_2011_award_keeps_its_real_date_and_its_own_grounds(tx, store):
    with tx:
        replicas.record_granted(tx, received(events.AwardGranted(
            award_id="award-2016-w", application_id="imported-w", cycle_id="cycle-2016",
            certificate_number="济质奖〔2016〕第001号", recipient_name="济南老字号示例集团",
            credit_code="91370100MA3C4XYD8F", category="unit_award", items=["trophy", "certificate"],
            prize_amount="300000.00", imported=True, edition=2016, granted_on="2016-12-20",
            ruleset=ruleset_2011_stand_in())))
    with tx:
        award = queries.award_or_404(tx, "award-2016-w")
        assert (str(award["granted_on"]), award["edition"]) == ("2016-12-20", 2016)
        with pytest.raises(errors.Invalid):
            cases.check_grounds(tx, award, [ground("Art. 29(2)", date(2017, 3, 1))])
        cases.check_grounds(tx, award, [ground("Art. 25(2)", date(2017, 3, 1))])
        case = cases.open_case(tx, store, case_body("award-2016-w", ground("Art. 25(2)", date(2017, 3, 1))), OFFICE)
    assert case["state"] == "opened"
