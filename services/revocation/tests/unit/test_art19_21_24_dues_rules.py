"""What is due on an award in the office's list (domain/duties.py ``dues``): the prize money not all
paid (Art. 19), the use of the money paid not reported, a use report to review or queried
(Art. 21), no experience shared (Art. 24); nothing on an award revoked."""
from award_revocation.domain.duties import dues


def _duties(*args):
    return [d["duty"] for d in dues(*args)]


def test_art19_art24_a_new_award_owes_its_payment_and_its_experience():
    assert dues(True, 50000000, 0, {}, 0) == [
        {"duty": "payment", "article": "Art. 19", "duty_zh": "奖励资金未付清"},
        {"duty": "experience_sharing", "article": "Art. 24", "duty_zh": "尚未开展经验交流"}]


def test_art21_money_paid_asks_its_use_reported_and_a_report_its_review():
    assert _duties(True, 100, 100, {}, 1) == ["fund_use_report"]
    assert _duties(True, 100, 100, {"received": 1}, 1) == ["use_report_review"]
    assert _duties(True, 100, 100, {"queried": 1, "accepted": 1}, 1) == ["use_report_queried"]
    assert _duties(True, 100, 100, {"accepted": 2}, 3) == []


def test_art29_an_award_revoked_owes_none_of_them():
    assert dues(False, 100, 0, {"received": 1}, 0) == []
