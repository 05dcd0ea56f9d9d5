"""Chinese identifier checks: the unified social credit code and the resident ID number.

Pure functions: no I/O, no framework. Each ``validate_*`` function answers ``None`` when the
value is valid and otherwise an English message saying what is wrong, so callers can put the
message straight into a field error.

* Unified social credit code (统一社会信用代码), GB 32100-2015: 18 characters —
  position 1 registration-authority code (登记管理部门码), position 2 organisation category
  (机构类别码), positions 3-8 the administrative-division code of the registering authority
  (登记管理机关行政区划码, six digits), positions 9-17 the organisation code
  (主体标识码/组织机构代码, GB 11714 with its own check character at position 17), and
  position 18 the overall check character.
* Resident ID number (公民身份号码), GB 11643-1999: 17 digits (6 address, 8 birth date
  ``YYYYMMDD``, 3 sequence) plus an ISO 7064 MOD 11-2 check character ``0-9`` or ``X``.

``person_key`` is the keyed hash the message bus carries in place of a resident ID number,
and ``mask_resident_id`` is the form shown on screens and in logs.
"""

import hashlib
import hmac
from datetime import date, datetime
from zoneinfo import ZoneInfo

__all__ = [
    "CREDIT_CODE_CHARSET",
    "REGISTRATION_AUTHORITY_CODES",
    "credit_code_check_char",
    "organisation_code_check_char",
    "validate_credit_code",
    "resident_id_check_char",
    "validate_resident_id",
    "mask_resident_id",
    "person_key",
]

# --- unified social credit code (GB 32100-2015) -------------------------------------------

CREDIT_CODE_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
"""The 31 characters of a credit code; a character's value is its index (I, O, Z, S, V unused)."""

_CREDIT_VALUE = {ch: i for i, ch in enumerate(CREDIT_CODE_CHARSET)}
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

REGISTRATION_AUTHORITY_CODES = {
    "1": "机构编制",  # organisation-establishment authorities
    "2": "外交",  # foreign affairs
    "3": "司法行政",  # justice administration
    "4": "文化",  # culture
    "5": "民政",  # civil affairs
    "6": "旅游",  # tourism
    "7": "宗教",  # religious affairs
    "8": "工会",  # trade unions
    "9": "工商",  # industry and commerce (market regulation)
    "A": "中央军委改革和编制办公室",  # CMC reform and establishment office
    "N": "农业",  # agriculture (rural collective economic organisations)
    "Y": "其他",  # other
}
"""Position 1 of a credit code: the registration authority (GB 32100-2015 table 1 as amended)."""

# GB 11714-1997 organisation code: 8 body characters, weights below, values 0-9 and A=10 .. Z=35.
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def _org_value(ch):
    return int(ch) if ch.isdigit() else ord(ch) - ord("A") + 10


def credit_code_check_char(first17):
    """Answer the 18th (check) character for the first 17 characters of a credit code.

    ``check = 31 - (sum(value * weight) mod 31)``, where 31 maps to ``0``. Raises
    ``ValueError`` unless ``first17`` is 17 characters from ``CREDIT_CODE_CHARSET``.
    """
    if not isinstance(first17, str) or len(first17) != 17:
        raise ValueError("need the first 17 characters of a credit code")
    try:
        total = sum(_CREDIT_VALUE[ch] * w for ch, w in zip(first17, _CREDIT_WEIGHTS))
    except KeyError as exc:
        raise ValueError(f"character {exc.args[0]!r} is not used in credit codes") from None
    return CREDIT_CODE_CHARSET[(31 - total % 31) % 31]


def organisation_code_check_char(first8):
    """Answer the GB 11714 check character for the 8 body characters of an organisation code.

    ``check = 11 - (sum(value * weight) mod 11)`` with weights 3,7,9,10,5,8,4,2, digits worth
    their value and letters A=10 .. Z=35; 10 is written ``X`` and 11 ``0``. Raises
    ``ValueError`` unless ``first8`` is 8 upper-case ASCII letters or digits.
    """
    if (not isinstance(first8, str) or len(first8) != 8
            or not all(ch in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ" for ch in first8)):
        raise ValueError("need the 8 body characters (digits or upper-case letters) of an organisation code")
    check = 11 - sum(_org_value(ch) * w for ch, w in zip(first8, _ORG_WEIGHTS)) % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def validate_credit_code(code):
    """Check an 18-character unified social credit code; ``None`` when valid, else a message.

    Checked in this order, the first failure reported: type and length; every character
    from ``CREDIT_CODE_CHARSET`` (upper case only; I, O, Z, S, V never occur); the
    registration-authority code at position 1; six digits of division code at positions
    3-8; the organisation-code check character at position 17; the check character at
    position 18. The organisation category (position 2) is not checked beyond the charset,
    as its table keeps growing. The value is checked as given: no trimming, no case folding.
    """
    if not isinstance(code, str):
        return "credit code must be a string"
    if len(code) != 18:
        return f"credit code must be 18 characters long, got {len(code)}"
    for pos, ch in enumerate(code, start=1):
        if ch not in _CREDIT_VALUE:
            if ch.upper() in _CREDIT_VALUE:
                return f"credit code character {ch!r} at position {pos} must be upper case"
            return (f"credit code character {ch!r} at position {pos} is not allowed "
                    f"(only digits and {CREDIT_CODE_CHARSET[10:]}; never I, O, Z, S or V)")
    if code[0] not in REGISTRATION_AUTHORITY_CODES:
        return (f"credit code registration-authority code {code[0]!r} at position 1 is not one of "
                f"{''.join(REGISTRATION_AUTHORITY_CODES)}")
    if not code[2:8].isdigit():
        return f"credit code positions 3-8 must be a six-digit division code, got {code[2:8]!r}"
    org_check = organisation_code_check_char(code[8:16])
    if code[16] != org_check:
        return (f"credit code organisation-code check character at position 17 should be "
                f"{org_check!r}, got {code[16]!r}")
    check = credit_code_check_char(code[:17])
    if code[17] != check:
        return f"credit code check character at position 18 should be {check!r}, got {code[17]!r}"
    return None


# --- resident ID number (GB 11643-1999) ---------------------------------------------------

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_BEIJING = ZoneInfo("Asia/Shanghai")


def resident_id_check_char(first17):
    """Answer the 18th (check) character for the first 17 digits of a resident ID number.

    ``"10X98765432"[sum(digit * weight) mod 11]`` with weights 7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2.
    Raises ``ValueError`` unless ``first17`` is 17 ASCII digits.
    """
    if not isinstance(first17, str) or len(first17) != 17 or not all(ch in "0123456789" for ch in first17):
        raise ValueError("need the first 17 digits of a resident ID number")
    return _ID_CHECK[sum(int(ch) * w for ch, w in zip(first17, _ID_WEIGHTS)) % 11]


def validate_resident_id(number, today=None):
    """Check an 18-character resident ID number; ``None`` when valid, else a message.

    Checked in this order: type and length; 17 digits then a digit or ``X`` (a lower-case
    ``x`` is accepted as ``X``); the birth date at positions 7-14 (``YYYYMMDD``) is a real
    calendar date and not after ``today`` (default: today's date in Beijing); the check
    character. The address code is not checked against the division table. Old 15-digit
    numbers are refused.
    """
    if not isinstance(number, str):
        return "resident ID number must be a string"
    if len(number) != 18:
        return f"resident ID number must be 18 characters long, got {len(number)}"
    for pos, ch in enumerate(number[:17], start=1):
        if ch not in "0123456789":
            return f"resident ID number character {ch!r} at position {pos} must be a digit"
    last = number[17]
    if last not in "0123456789Xx":
        return f"resident ID number character {last!r} at position 18 must be a digit or X"
    birth = number[6:14]
    try:
        born = date(int(birth[:4]), int(birth[4:6]), int(birth[6:]))
    except ValueError:
        return f"resident ID number birth date {birth!r} at positions 7-14 is not a real date"
    if today is None:
        today = datetime.now(_BEIJING).date()
    if born > today:
        return f"resident ID number birth date {born.isoformat()} is in the future"
    check = resident_id_check_char(number[:17])
    if last.upper() != check:
        return f"resident ID number check character at position 18 should be {check!r}, got {last!r}"
    return None


def mask_resident_id(number):
    """Answer a resident ID number for display: first 6 and last 4 kept, stars in between.

    ``"37010219900307123X"`` becomes ``"370102********123X"``. The value is not validated;
    one of 10 characters or fewer is starred out entirely so nothing of it leaks.
    """
    if not isinstance(number, str):
        raise TypeError("resident ID number must be a string")
    if len(number) <= 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def person_key(resident_id, secret):
    """Answer the HMAC-SHA256 hex digest of the upper-cased resident ID number.

    This keyed hash is what the bus carries instead of an ID number: stable for one
    ``secret`` (``bytes``, or ``str`` taken as UTF-8), unlinkable without it. The number is
    upper-cased (so ``x`` and ``X`` agree) but not otherwise normalised or validated —
    validate first. Raises ``ValueError`` on an empty secret.
    """
    if not isinstance(resident_id, str):
        raise TypeError("resident ID number must be a string")
    if isinstance(secret, str):
        secret = secret.encode("utf-8")
    if not isinstance(secret, (bytes, bytearray)):
        raise TypeError("secret must be bytes or str")
    if not secret:
        raise ValueError("person_key needs a non-empty secret")
    digest = hmac.new(bytes(secret), resident_id.upper().encode("utf-8"), hashlib.sha256).hexdigest()
    return digest  # 64 hex characters, as the events schema requires
