"""The winner reports the use of its prize money itself (issue 31, item 10; Art. 21): revocation
learns who owns each application from intake's ``application.recommended`` (``applicant_sub``), so
the applicant's own account files and reads the use reports of its award; any other applicant is
refused naming Art. 21 and nothing changes; the office still records a report handed in on paper
(``filed_by``: office) and reviews the winner's; an award imported from before the suite has no
winner's account, and only the office files for it."""
from award_testing.helpers import wait_for
from revocation_testkit import CYCLE, publish

WINNER, OTHER = "applicant-unit-winner", "applicant-unit-other"
USE = {"reported_on": "2020-12-20", "period": "2020年度",
       "uses": [{"purpose": "research", "amount": "200000"}, {"purpose": "training", "amount": "50000"}]}


def _pay(office, award_id):
    assert office.post(f"/v1/awards/{award_id}/payments", "office", {
        "paid_on": "2020-01-15", "amount": "300000.00", "reference": "付款凭证 2020-0015", "budget_year": 2020,
        "budget_line": "市长质量奖奖励资金（质量发展专项）"}).status_code == 201


def _duties(office, award_id, role="office", sub=None):
    return office.client.get(f"/v1/awards/{award_id}/duties", role, **({"sub": sub} if sub else {}))


def test_art21_the_winner_files_and_reads_its_use_report_another_applicant_is_refused_the_office_reviews_it_and_files_for_an_imported_award(
        office):
    office.recommended("award-w1", WINNER)
    award_id = office.grant("award-w1", prize="300000.00")
    _pay(office, award_id)
    wait_for(lambda: _duties(office, award_id, "applicant", WINNER).status_code == 200,
             message="revocation to learn who owns the winning application")

    filed = office.post(f"/v1/awards/{award_id}/fund-use-reports", "applicant", USE, sub=WINNER)
    assert filed.status_code == 201, filed.text
    assert (filed.json()["filed_by"], filed.json()["recorded_by"], filed.json()["status"]) == (
        "winner", WINNER, "received")

    for refused in (office.post(f"/v1/awards/{award_id}/fund-use-reports", "applicant", USE, sub=OTHER),
                    _duties(office, award_id, "applicant", OTHER)):
        assert refused.status_code == 403, refused.text
        error = refused.json()["error"]
        assert (error["code"], error["article"]) == ("not_the_winner", "Art. 21") and "第二十一条" in error["message"]
    assert len(_duties(office, award_id).json()["use_reports"]) == 1  # the refusal changed nothing

    paper = office.post(f"/v1/awards/{award_id}/fund-use-reports", "office",
                        {**USE, "reported_on": "2021-01-10", "period": "2021年第一季度",
                         "uses": [{"purpose": "standards", "amount": "30000"}]})
    assert paper.status_code == 201 and paper.json()["filed_by"] == "office"
    report_id = filed.json()["report_id"]
    assert office.post(f"/v1/fund-use-reports/{report_id}/review", "applicant",
                       {"decision": "accepted", "note": "自己认可"}, sub=WINNER).status_code == 403
    reviewed = office.post(f"/v1/fund-use-reports/{report_id}/review", "office",
                           {"decision": "accepted", "note": "用途符合第二十一条，予以认可"})
    assert reviewed.status_code == 200 and reviewed.json()["status"] == "accepted"

    own = _duties(office, award_id, "applicant", WINNER).json()  # the winner reads the office's answer
    assert [(r["filed_by"], r["status"]) for r in own["use_reports"]] == [("winner", "accepted"),
                                                                            ("office", "received")]
    assert own["use_reports"][0]["review_note"] == "用途符合第二十一条，予以认可"

    # one service start for both cases (CI time): an imported award has no winner's account
    imported_award_has_no_winners_account(office)


def imported_award_has_no_winners_account(office):
    """Art. 21: an award imported from before the suite names an application no event announced:
    the office alone files its use reports, and the applicant's refusal says so."""
    publish(office.amqp_uri, "publicity", "award.granted", {
        "award_id": "award-w2", "application_id": "imported-award-w2", "cycle_id": CYCLE,
        "certificate_number": "济质奖〔2019〕award-w2", "recipient_name": "济南老字号示例集团",
        "credit_code": "91370100MA3C4YYY2B", "category": "unit_award", "items": ["trophy", "plaque", "certificate"],
        "prize_amount": "300000.00", "imported": True, "edition": 2019, "granted_on": "2019-12-20"})
    wait_for(lambda: office.client.get("/v1/awards/award-w2", "office").status_code == 200,
             message="revocation to learn the imported award")
    _pay(office, "award-w2")
    refused = office.post("/v1/awards/award-w2/fund-use-reports", "applicant", USE, sub=WINNER)
    assert refused.status_code == 403, refused.text
    error = refused.json()["error"]
    assert (error["code"], error["article"]) == ("no_winner_account", "Art. 21") and "代为登记" in error["message"]
    filed = office.post("/v1/awards/award-w2/fund-use-reports", "office", USE)
    assert filed.status_code == 201 and filed.json()["filed_by"] == "office"
