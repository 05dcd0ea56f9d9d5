"""Recovery after a revocation (Art. 29, 30: 收回奖杯、奖牌、证书和奖金): every item conferred
and the prize money, returned item by item; money may come back in parts, summed exactly.

Money is counted in fen (integer hundredths of a yuan), converted from and to the decimal
strings of the events, so no binary float ever rounds it.
"""
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .texts import ITEM_ZH


def to_fen(amount):
    """``"1000000.50"`` → 100000050. Refuses fractions of a fen and negatives."""
    try:
        value = Decimal(str(amount))
    except InvalidOperation:
        raise ValueError(f"not an amount: {amount!r}") from None
    fen = value * 100
    if fen != fen.to_integral_value() or fen < 0:
        raise ValueError(f"not an amount in yuan and fen: {amount!r}")
    return int(fen)


def to_yuan(fen):
    """100000050 → ``"1000000.50"`` (the contract's Money string, always with its fen)."""
    whole, part = divmod(int(fen), 100)
    return f"{whole}.{part:02d}"


def outstanding(items_due, items_returned, money_due_fen, money_returned_fen):
    """What is still to come back: (items, fen)."""
    return [i for i in items_due if i not in set(items_returned)], money_due_fen - money_returned_fen


@dataclass(frozen=True)
class Refusal:
    """Why a return cannot be recorded. ``already_recorded``: it repeats a return on record (the
    record stands against it); otherwise it asks to record what was never due."""
    already_recorded: bool
    message: str
    message_en: str


def refuse_item(item, items_due, items_returned):
    """None, or the :class:`Refusal` of recording ``item`` as returned."""
    if item not in items_due:
        return Refusal(False, f"该奖项未授予{ITEM_ZH.get(item, item)}，无从收回",
                       f"{item} was never conferred with this award")
    if item in items_returned:
        return Refusal(True, f"{ITEM_ZH.get(item, item)}已登记收回", f"{item} is already recorded as returned")
    return None


def refuse_money(fen, money_due_fen, money_returned_fen):
    """None, or the :class:`Refusal` of recording ``fen`` as returned."""
    if fen <= 0:
        return Refusal(False, "退回金额须大于零", "the amount returned must be more than zero")
    left = money_due_fen - money_returned_fen
    if fen > left:
        return Refusal(
            False, f"退回金额 {to_yuan(fen)} 元超过尚未收回的奖金 {to_yuan(left)} 元（授予 {to_yuan(money_due_fen)} 元）",
            f"{to_yuan(fen)} yuan is more than the {to_yuan(left)} yuan still outstanding of {to_yuan(money_due_fen)}")
    return None
