"""Citing the Measures in Chinese: ``"Art. 10(1)"`` is 第十条第（一）项.

Pure: no I/O. Every refusal names its article both ways (contract.md, Errors); the numerals
also write dates on certificates.
"""
import re

_DIGITS = "零一二三四五六七八九"
_ITEM = re.compile(r"^Art\. (\d{1,2})(?:\((\d{1,2})\))?$")


def chinese_number(n):
    """1..99 as written in the Measures: 十, 十二, 二十, 三十一."""
    if not 0 < n < 100:
        raise ValueError(f"cannot cite {n}")
    tens, units = divmod(n, 10)
    if tens == 0:
        return _DIGITS[units]
    head = "" if tens == 1 else _DIGITS[tens]
    return head + "十" + (_DIGITS[units] if units else "")


def cite(item):
    """``"Art. 10(1)"`` → ``"第十条第（一）项"``; ``"Art. 13"`` → ``"第十三条"``."""
    match = _ITEM.match(item)
    if match is None:
        raise ValueError(f"not an article citation: {item!r}")
    text = f"第{chinese_number(int(match.group(1)))}条"
    if match.group(2):
        text += f"第（{chinese_number(int(match.group(2)))}）项"
    return text
