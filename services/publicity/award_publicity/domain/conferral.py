"""What each award confers (Art. 19, 21): the rule set's items per category and the prize
money the office set for the cycle under city policy — exact decimals, never floats."""
from decimal import Decimal, InvalidOperation

from award_shared import errors

CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("1000000000")


def money(text, field="amount"):
    """A prize amount in yuan, from its decimal string; 422 naming the field if it is not money."""
    try:
        value = Decimal(str(text))
    except (InvalidOperation, ValueError):
        value = None
    if value is None or not value.is_finite() or value < 0 or value != value.quantize(CENT) \
            or value >= MAX_AMOUNT or isinstance(text, float):
        raise errors.Invalid({field: ["a non-negative amount in yuan with at most two decimals, as a string"]},
                             "奖金金额无效（第十九条）", "the prize amount is not money (Art. 19)", article="Art. 19")
    return value.quantize(CENT)


def items_of(ruleset, category):
    """The items the rule set confers for ``category`` (Art. 19)."""
    return list(ruleset["categories"][category]["items"])


def check_prizes_set(categories, prizes):
    """Every category on the final list needs its prize amount before conferral (Art. 19)."""
    missing = sorted(set(categories) - set(prizes))
    if missing:
        raise errors.RuleViolation(f"尚未确定奖金数额：{', '.join(missing)}（第十九条）",
                                   f"no prize amount set for {', '.join(missing)} (Art. 19)",
                                   article="Art. 19", fields={"categories": missing})
