"""Certificate numbers (Art. 19, 28): format, GB 32100 check character, unguessability."""
import ast
import random
import secrets
import string
import sys
from collections import Counter

import pytest

from award_publicity.domain import certificate_numbers as cn

WEIGHTS_GB32100 = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def gb32100_check(body):
    # the standard's own wording (GB 32100-2015, 5.3), written independently of the module
    total = sum(cn.ALPHABET.index(c) * w for c, w in zip(body, WEIGHTS_GB32100))
    return cn.ALPHABET[(31 - total % 31) % 31]


def sample_numbers(count=50, seed=19):
    rng = random.Random(seed)
    return [cn.new_number(rng.choice([2019, 2021, 2023]), rng.randrange) for _ in range(count)]


@pytest.mark.parametrize("credit_code", ["91350100M000100Y43", "91110000600037341L", "914403001922038216"])
def test_the_check_character_is_the_one_of_gb32100(credit_code):
    assert cn.check_character(credit_code[:17]) == credit_code[17]


def test_alphabet_and_check_are_the_ones_intake_checks_credit_codes_with():
    from award_rules.identifiers import CREDIT_CODE_CHARSET, credit_code_check_char
    assert cn.ALPHABET == CREDIT_CODE_CHARSET
    rng = random.Random(32100)
    for _ in range(1000):
        body = "".join(rng.choice(cn.ALPHABET) for _ in range(17))
        assert cn.check_character(body) == credit_code_check_char(body)


def test_a_new_number_has_the_format_and_a_right_check_character():
    number = cn.new_number(2019, random.Random(7).randrange)
    prefix, edition, random_part, check = number.split("-")
    assert (prefix, edition, len(random_part)) == ("JNQA", "2019", 8)
    assert set(random_part + check) <= set(cn.ALPHABET)
    assert check == gb32100_check(edition + random_part)
    assert cn.is_suite_number(number) and cn.is_valid(number)
    assert cn.parse(number) == (2019, edition + random_part)


def test_production_passes_the_secrets_module():
    assert cn.is_valid(cn.new_number(2021, secrets))
    assert cn.is_valid(cn.new_number(2021, secrets.randbelow))


def test_no_ambiguous_character_is_ever_used():
    assert not set("IOSVZ") & set(cn.ALPHABET)
    assert len(cn.ALPHABET) == 31 == len(set(cn.ALPHABET))


def test_every_single_character_substitution_is_detected():
    candidates = string.ascii_uppercase + string.digits + "-"
    for number in sample_numbers():
        for i, original in enumerate(number):
            for other in candidates:
                if other != original:
                    altered = number[:i] + other + number[i + 1:]
                    assert not cn.is_valid(altered), (number, altered)


def test_every_adjacent_transposition_is_detected():
    for number in sample_numbers():
        for i in range(len(number) - 1):
            a, b = number[i], number[i + 1]
            if a != b:
                swapped = number[:i] + b + a + number[i + 2:]
                assert not cn.is_valid(swapped), (number, swapped)


def test_every_substitution_and_swap_of_the_checked_characters_is_detected_exhaustively():
    # whatever the rest of the number, position i contributes weight_i * value: check all values
    body = "20197KQ2M9XD"
    full = body + cn.check_character(body)
    for i in range(len(full)):
        for value in cn.ALPHABET:
            if value != full[i]:
                changed = full[:i] + value + full[i + 1:]
                assert cn.check_character(changed[:-1]) != changed[-1]
    for i in range(len(full) - 1):
        for a in cn.ALPHABET:
            for b in cn.ALPHABET:
                if a != b:
                    one = full[:i] + a + b + full[i + 2:]
                    other = full[:i] + b + a + full[i + 2:]
                    ok_one = cn.check_character(one[:-1]) == one[-1]
                    ok_other = cn.check_character(other[:-1]) == other[-1]
                    assert not (ok_one and ok_other), (one, other)


def test_ten_thousand_numbers_are_distinct():
    rng = random.Random(2019)
    numbers = [cn.new_number(2019, rng.randrange) for _ in range(10_000)]
    assert len(set(numbers)) == 10_000
    assert all(cn.is_valid(n) for n in numbers)


def _as_int(number):
    value = 0
    for char in number.split("-")[2]:
        value = value * 31 + cn.ALPHABET.index(char)
    return value


def test_neighbours_share_no_predictable_relation():
    rng = random.Random(28)
    numbers = [cn.new_number(2019, rng.randrange) for _ in range(10_000)]
    steps = [_as_int(b) - _as_int(a) for a, b in zip(numbers, numbers[1:])]
    # no constant or recurring step from one number to the next (a counter, an LCG's stride)
    assert max(Counter(steps).values()) <= 2
    assert max(Counter(s % 31 for s in steps).values()) < 2 * len(steps) / 31
    # neighbours agree position by position only by chance (1 in 31), and no prefix is shared
    same = sum(x == y for a, b in zip(numbers, numbers[1:]) for x, y in zip(a[10:18], b[10:18]))
    assert same < 2 * 8 * len(steps) / 31
    # each position uses the whole alphabet, near uniformly
    for position in range(10, 18):
        counts = Counter(n[position] for n in numbers)
        assert set(counts) == set(cn.ALPHABET)
        assert max(counts.values()) < 2 * len(numbers) / 31


def test_a_collision_draws_again():
    rng = random.Random(3)
    first = cn.new_number(2019, random.Random(3).randrange)
    assert cn.new_unique_number(2019, rng.randrange, taken={first}.__contains__) != first
    with pytest.raises(RuntimeError):
        cn.new_unique_number(2019, lambda n: 0, taken=lambda number: True)


@pytest.mark.parametrize("text", [
    "JNQA-2019-7KQ2M9XD", "jnqa-2019-7kq2m9xd-r", "JNQA-19-7KQ2M9XD-R", "JNQA-2019-7KQ2M9X-R",
    "JNQA-2019-7KQ2M9XO-R", "JN-2013-0042", "济南市市长质量奖2013第001号", "", None, 2019,
])
def test_other_texts_are_not_suite_numbers(text):
    assert not cn.is_suite_number(text)
    assert cn.parse(text) is None and not cn.is_valid(text)


def test_a_suite_number_with_a_wrong_check_character_is_not_valid_but_is_in_the_format():
    number = cn.new_number(2019, random.Random(5).randrange)
    wrong = number[:-1] + next(c for c in cn.ALPHABET if c != number[-1])
    assert cn.is_suite_number(wrong) and not cn.is_valid(wrong)


def test_what_someone_typed_is_normalised_before_checking():
    number = cn.new_number(2019, random.Random(6).randrange)
    assert cn.is_valid(cn.normalise(f"  {number.lower()}\n"))


@pytest.mark.parametrize("edition", [19, 20190, "2019", None])
def test_the_edition_is_a_four_digit_year(edition):
    with pytest.raises(ValueError):
        cn.new_number(edition, secrets)


def test_a_rand_out_of_range_is_refused():
    with pytest.raises(ValueError):
        cn.new_number(2019, lambda n: n)


def test_the_rule_imports_the_standard_library_only():
    tree = ast.parse(open(cn.__file__, encoding="utf-8").read())
    imported = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}
    imported |= {node.module.split(".")[0] for node in ast.walk(tree)
                 if isinstance(node, ast.ImportFrom) and node.module}
    assert imported and imported <= sys.stdlib_module_names
