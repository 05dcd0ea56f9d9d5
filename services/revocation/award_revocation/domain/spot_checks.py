"""Art. 29(4): 单位产品连续2次经市级以上质量监督抽查判定为不合格 — two consecutive failed
municipal-or-above quality spot checks of a unit's products.

Only checks dated after the award count, in the order of their check dates (not of their
arrival); a pass between two failures resets the count; county or district checks are kept
but never counted.
"""
from dataclasses import dataclass

LEVELS = ("county", "district", "municipal", "provincial", "national")
COUNTED_LEVELS = frozenset({"municipal", "provincial", "national"})
RESULTS = ("pass", "fail")
GROUND = "Art. 29(4)"


@dataclass(frozen=True)
class Check:
    report_number: str
    checked_on: object  # datetime.date
    level: str
    result: str


def counts(level):
    return level in COUNTED_LEVELS


def failed_pairs(checks, granted_on):
    """The pairs of consecutive failures that each make an Art. 29(4) ground after an award
    granted on ``granted_on``. After a pair the count starts again, so a third failure alone
    makes no second pair."""
    counted = sorted((c for c in checks if counts(c.level) and c.checked_on > granted_on),
                     key=lambda c: (c.checked_on, c.report_number))
    pairs, previous = [], None
    for check in counted:
        if check.result != "fail":
            previous = None
        elif previous is None:
            previous = check
        else:
            pairs.append((previous, check))
            previous = None
    return pairs
