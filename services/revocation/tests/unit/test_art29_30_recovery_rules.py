"""Recovery (Art. 29, 30): money in fen, exact; items conferred only."""
import pytest

from award_revocation.domain.recovery import outstanding, refuse_item, refuse_money, to_fen, to_yuan


def test_art29_money_is_exact_in_fen_never_float():
    assert to_fen("0.1") + to_fen("0.2") == to_fen("0.3") == 30
    assert to_yuan(to_fen("500000.00")) == "500000.00" and to_yuan(to_fen("12.5")) == "12.50"
    with pytest.raises(ValueError):
        to_fen("1.005")


def test_art29_partial_returns_sum_exactly_to_what_is_due():
    due = to_fen("100000.10")
    parts = sum(to_fen(p) for p in ("33333.33", "33333.33", "33333.44"))
    assert outstanding([], [], due, parts) == ([], 0)


def test_art29_more_money_than_outstanding_is_refused():
    refusal = refuse_money(to_fen("0.02"), to_fen("100"), to_fen("99.99"))
    assert refusal is not None and not refusal.already_recorded and "0.01 yuan still outstanding" in refusal.message_en
    assert refuse_money(to_fen("0.01"), to_fen("100"), to_fen("99.99")) is None


def test_art30_an_item_never_conferred_is_refused_and_one_returned_twice_conflicts():
    assert refuse_item("medal", ["certificate"], []).already_recorded is False
    assert refuse_item("certificate", ["certificate"], ["certificate"]).already_recorded is True
    assert refuse_item("certificate", ["certificate"], []) is None
