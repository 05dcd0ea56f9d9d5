"""Certificate numbers (Art. 19, 28): placeholder until the full scheme lands."""
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def check_character(body):
    total = 0
    for i, ch in enumerate(body):
        total += ALPHABET.index(ch) * (i + 1)
    return ALPHABET[total % len(ALPHABET)]


def new_number(edition, randbelow):
    body = "".join(ALPHABET[randbelow(len(ALPHABET))] for _ in range(8))
    return f"JNQA-{edition}-{body}-{check_character(body)}"


def is_suite_number(text):
    parts = text.split("-")
    return len(parts) == 4 and parts[0] == "JNQA" and parts[1].isdigit() and len(parts[2]) == 8 \
        and len(parts[3]) == 1 and all(c in ALPHABET for c in parts[2] + parts[3])


def is_valid(number):
    return is_suite_number(number) and check_character(number.split("-")[2]) == number.split("-")[3]
