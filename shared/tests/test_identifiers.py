"""Credit code and resident ID checks, masking and the bus person key."""

from datetime import date

import pytest
from hypothesis import given, strategies as st

from award_rules.identifiers import (
    CREDIT_CODE_CHARSET,
    REGISTRATION_AUTHORITY_CODES,
    credit_code_check_char,
    mask_resident_id,
    organisation_code_check_char,
    person_key,
    resident_id_check_char,
    validate_credit_code,
    validate_resident_id,
)


def make_credit_code(authority="9", category="1", division="370100", body="MA3C5FTB"):
    """A valid credit code built with the check-character functions."""
    first16 = authority + category + division + body
    first17 = first16 + organisation_code_check_char(body)
    return first17 + credit_code_check_char(first17)


# --- credit codes -------------------------------------------------------------------------

# 91350100M000100Y43 is the worked example of GB 32100-2015; the other two are published
# codes (Tencent, Huawei) that this module's own arithmetic confirms.
@pytest.mark.parametrize("code", ["91350100M000100Y43", "9144030071526726XG", "914403001922038216"])
def test_published_credit_codes_are_valid(code):
    assert validate_credit_code(code) is None
    assert credit_code_check_char(code[:17]) == code[17]
    assert organisation_code_check_char(code[8:16]) == code[16]


def test_check_char_arithmetic_by_hand():
    # "M000100Y": 22*3 + 1*5 + 34*2 = 139; 139 mod 11 = 7; 11 - 7 = 4.
    assert organisation_code_check_char("M000100Y") == "4"
    # Organisation codes whose check is 10 and 11 are written X and 0.
    assert organisation_code_check_char("71526726") == "X"
    assert organisation_code_check_char("00000000") == "0"  # sum 0 -> 11 -> "0"


@pytest.mark.parametrize("authority", sorted(REGISTRATION_AUTHORITY_CODES))
def test_constructed_codes_are_valid_for_every_authority(authority):
    assert validate_credit_code(make_credit_code(authority=authority)) is None


def test_suggested_example_is_not_a_valid_code():
    # "91370100MA3C5FTB2D" looks real but fails the organisation-code check ("MA3C5FTB" -> 6).
    message = validate_credit_code("91370100MA3C5FTB2D")
    assert message is not None and "position 17" in message and "'6'" in message
    assert validate_credit_code(make_credit_code()) is None


def test_wrong_check_char_is_detected():
    code = make_credit_code()
    wrong = next(c for c in CREDIT_CODE_CHARSET if c != code[17])
    message = validate_credit_code(code[:17] + wrong)
    assert "check character at position 18" in message
    assert repr(code[17]) in message and repr(wrong) in message


def test_wrong_organisation_check_char_is_detected():
    code = "91350100M000100Y43"
    bad17 = code[:16] + "5"
    message = validate_credit_code(bad17 + credit_code_check_char(bad17))
    assert "organisation-code check character at position 17" in message


@pytest.mark.parametrize("letter", list("IOZSV"))
def test_letters_outside_the_charset_are_rejected(letter):
    code = make_credit_code()
    for pos in (1, 9, 12, 18):
        bad = code[:pos - 1] + letter + code[pos:]
        message = validate_credit_code(bad)
        assert message is not None
        assert f"{letter!r} at position {pos} is not allowed" in message
    with pytest.raises(ValueError):
        credit_code_check_char(code[:16] + letter)


@pytest.mark.parametrize("code,fragment", [
    ("91350100M000100Y4", "18 characters long, got 17"),
    ("91350100M000100Y433", "18 characters long, got 19"),
    ("", "got 0"),
    ("91350100m000100Y43", "'m' at position 9 must be upper case"),
    ("91350100M000100Y4-", "'-' at position 18 is not allowed"),
    (None, "must be a string"),
])
def test_malformed_credit_codes(code, fragment):
    assert fragment in validate_credit_code(code)


def test_unknown_registration_authority_is_rejected():
    message = validate_credit_code(make_credit_code(authority="B"))
    assert "registration-authority code 'B' at position 1" in message
    message = validate_credit_code(make_credit_code(authority="0"))
    assert "position 1" in message


def test_division_code_must_be_digits():
    message = validate_credit_code(make_credit_code(division="37A100"))
    assert "positions 3-8" in message


_ORG_BODY = st.text(alphabet=CREDIT_CODE_CHARSET, min_size=8, max_size=8)


@given(
    authority=st.sampled_from(sorted(REGISTRATION_AUTHORITY_CODES)),
    category=st.sampled_from(CREDIT_CODE_CHARSET),
    division=st.text(alphabet="0123456789", min_size=6, max_size=6),
    body=_ORG_BODY,
    replacement=st.sampled_from(CREDIT_CODE_CHARSET),
)
def test_property_valid_17_plus_check_validates_and_other_check_fails(authority, category, division, body, replacement):
    code = make_credit_code(authority, category, division, body)
    assert len(code) == 18
    assert validate_credit_code(code) is None
    if replacement != code[17]:
        assert "position 18" in validate_credit_code(code[:17] + replacement)


@given(first17=st.text(alphabet=CREDIT_CODE_CHARSET, min_size=17, max_size=17), data=st.data())
def test_property_check_char_is_the_unique_completion(first17, data):
    # Over arbitrary 17 characters the weighted sum with the check character is 0 mod 31.
    check = credit_code_check_char(first17)
    weights = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
    total = sum(CREDIT_CODE_CHARSET.index(c) * w for c, w in zip(first17, weights))
    assert (total + CREDIT_CODE_CHARSET.index(check)) % 31 == 0
    other = data.draw(st.sampled_from(CREDIT_CODE_CHARSET).filter(lambda c: c != check))
    assert (total + CREDIT_CODE_CHARSET.index(other)) % 31 != 0


@given(pos=st.integers(min_value=0, max_value=16), data=st.data())
def test_property_single_substitution_is_caught(pos, data):
    code = make_credit_code()
    new = data.draw(st.sampled_from(CREDIT_CODE_CHARSET).filter(lambda c: c != code[pos]))
    assert validate_credit_code(code[:pos] + new + code[pos + 1:]) is not None


def test_check_char_functions_refuse_bad_input():
    for bad in ["", "123", None, "9135010" + "0M000100Y4" + "X"]:
        with pytest.raises(ValueError):
            credit_code_check_char(bad)
    for bad in ["", "1234567", "m000100y", None]:
        with pytest.raises(ValueError):
            organisation_code_check_char(bad)


# --- resident ID numbers ------------------------------------------------------------------

# Both examples are from GB 11643-1999.
@pytest.mark.parametrize("number", ["11010519491231002X", "440524188001010014"])
def test_standard_examples_are_valid(number):
    assert validate_resident_id(number) is None
    assert resident_id_check_char(number[:17]) == number[17]


def test_lower_case_x_is_accepted():
    assert validate_resident_id("11010519491231002x") is None


def test_constructed_number_is_valid():
    first17 = "37010219900307123"
    assert validate_resident_id(first17 + resident_id_check_char(first17)) is None


def test_wrong_check_char_is_detected_on_resident_id():
    message = validate_resident_id("110105194912310021")
    assert "check character at position 18 should be 'X', got '1'" in message


@pytest.mark.parametrize("number,fragment", [
    ("11010519491231002", "18 characters long, got 17"),
    ("1101051949123100X2", "'X' at position 17 must be a digit"),
    ("11010519491231002Y", "'Y' at position 18 must be a digit or X"),
    (1101051949, "must be a string"),
])
def test_malformed_resident_ids(number, fragment):
    assert fragment in validate_resident_id(number)


@pytest.mark.parametrize("birth", ["19490230", "19491301", "19490000", "20230229"])
def test_impossible_birth_date_is_rejected(birth):
    first17 = "370102" + birth + "123"
    message = validate_resident_id(first17 + resident_id_check_char(first17))
    assert f"birth date '{birth}' at positions 7-14 is not a real date" in message


def test_leap_day_birth_date_is_fine():
    first17 = "37010220000229123"
    assert validate_resident_id(first17 + resident_id_check_char(first17)) is None


def test_future_birth_date_is_rejected_relative_to_today():
    first17 = "37010220240601123"
    number = first17 + resident_id_check_char(first17)
    assert validate_resident_id(number, today=date(2024, 6, 1)) is None
    assert "2024-06-01 is in the future" in validate_resident_id(number, today=date(2024, 5, 31))
    far = "37010229991231123"
    assert "in the future" in validate_resident_id(far + resident_id_check_char(far))


@given(first17=st.text(alphabet="0123456789", min_size=17, max_size=17), data=st.data())
def test_property_resident_id_check_char(first17, data):
    check = resident_id_check_char(first17)
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    value = 10 if check == "X" else int(check)
    # ISO 7064 MOD 11-2: the full weighted sum (check weighted 1) is 1 mod 11.
    assert (sum(int(c) * w for c, w in zip(first17, weights)) + value) % 11 == 1
    other = data.draw(st.sampled_from("0123456789X").filter(lambda c: c != check))
    if "19000101" <= first17[6:14] <= "20201231":
        try:
            date(int(first17[6:10]), int(first17[10:12]), int(first17[12:14]))
        except ValueError:
            return
        assert validate_resident_id(first17 + check) is None
        assert "position 18" in validate_resident_id(first17 + other)


def test_resident_id_check_char_refuses_bad_input():
    for bad in ["", "1234", "1101051949123100X", None]:
        with pytest.raises(ValueError):
            resident_id_check_char(bad)


# --- masking and person keys --------------------------------------------------------------

def test_mask_keeps_first_six_and_last_four():
    assert mask_resident_id("37010219900307123X") == "370102********123X"
    assert mask_resident_id("11010519491231002X") == "110105********002X"
    assert mask_resident_id("370102900307123") == "370102*****7123"
    assert mask_resident_id("1234567890") == "**********"
    assert mask_resident_id("") == ""
    with pytest.raises(TypeError):
        mask_resident_id(None)


def test_person_key_is_stable_and_secret_dependent():
    number = "11010519491231002X"
    key = person_key(number, b"s3cret")
    assert len(key) == 64 and all(c in "0123456789abcdef" for c in key)
    assert int(key[3:], 16) >= 0 and key == key.lower()
    assert person_key(number, b"s3cret") == key
    assert person_key(number, "s3cret") == key
    assert person_key(number.lower(), b"s3cret") == key
    assert person_key(number, b"other") != key
    assert person_key("440524188001010014", b"s3cret") != key
    assert number not in key


def test_person_key_matches_hmac_sha256():
    import hashlib
    import hmac
    expected = hmac.new(b"k", b"11010519491231002X", hashlib.sha256).hexdigest()
    assert person_key("11010519491231002x", "k") == expected


def test_person_key_refuses_empty_or_wrong_secret():
    with pytest.raises(ValueError):
        person_key("11010519491231002X", b"")
    with pytest.raises(TypeError):
        person_key("11010519491231002X", 42)
    with pytest.raises(TypeError):
        person_key(None, b"k")
