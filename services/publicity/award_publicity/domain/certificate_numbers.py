"""Certificate numbers (Art. 19, 28): unique, not guessable, self-checking.

Format: ``JNQA-<edition>-<8 random characters>-<check character>``, e.g.
``JNQA-2019-7KQ2M9XD-R``: JNQA = 济南 (JN) Quality Award; the edition is the cycle's
four-digit year.

Alphabet: the 31 characters of GB 32100-2015 (the unified social credit code),
``0123456789ABCDEFGHJKLMNPQRTUWXY``: no I, O, S, V, Z, which are read as 1, 0, 5, U, 2.
The 8 random characters carry 31**8 ≈ 8.5e11 values (39.6 bits), drawn independently
from a CSPRNG, so a number says nothing about the next one awarded: knowing every
certificate of a cycle, a forger's chance of hitting another is about 1 in 10**11.
Uniqueness is the database's (a unique constraint); ``new_unique_number`` draws again on
the rare collision.

Check character: MOD 31 over the 12 characters edition + random body, with the weights of
GB 32100 (3**i mod 31, i = 0, 1, ...), the character whose value makes
``sum(w_i * v_i) + check ≡ 0 (mod 31)``. As 31 is prime and every weight is non-zero,
any single substituted character changes the sum; as 3 generates the whole group mod 31,
no two neighbouring weights are equal (nor is the last body weight 1, the check's
weight), so any adjacent transposition of two different characters changes it too. A
substitution or swap that touches the prefix or a hyphen breaks the format instead.

Verification (Art. 28): a number in this format with a wrong check character was never
issued, without asking the database; anything else (a number given before the suite, in
its own format) is looked up by exact match. Compare after ``normalise`` (trims, upper
case) only when ``is_suite_number`` of the normalised text is true: legacy numbers are
matched as written.
"""
import re

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
MODULUS = len(ALPHABET)  # 31, prime
PREFIX = "JNQA"
RANDOM_LENGTH = 8
_VALUE = {c: i for i, c in enumerate(ALPHABET)}
_CLASS = "[" + ALPHABET + "]"
_FORMAT = re.compile(rf"^{PREFIX}-(\d{{4}})-({_CLASS}{{{RANDOM_LENGTH}}})-({_CLASS})$")


def check_character(body):
    """The check character of ``body`` (edition digits + random characters, no hyphens)."""
    total = 0
    for i, char in enumerate(body):
        try:
            value = _VALUE[char]
        except KeyError:
            raise ValueError(f"{char!r} is not in the certificate alphabet") from None
        total += pow(3, i, MODULUS) * value
    return ALPHABET[-total % MODULUS]


def _draw(rand, n):
    # production passes the secrets module (or secrets.randbelow); tests a seeded randrange
    below = getattr(rand, "randbelow", rand)
    value = below(n)
    if not 0 <= value < n:
        raise ValueError(f"rand gave {value}, not in [0, {n})")
    return value


def new_number(edition, rand):
    """A fresh certificate number of ``edition`` (a four-digit year); ``rand(n)`` → int in [0, n)."""
    if not isinstance(edition, int) or not 1000 <= edition <= 9999:
        raise ValueError(f"edition must be a four-digit year, not {edition!r}")
    random_part = "".join(ALPHABET[_draw(rand, MODULUS)] for _ in range(RANDOM_LENGTH))
    body = f"{edition}{random_part}"
    return f"{PREFIX}-{edition}-{random_part}-{check_character(body)}"


def new_unique_number(edition, rand, taken, attempts=5):
    """``new_number`` drawn again while ``taken(number)`` says it is already issued."""
    for _ in range(attempts):
        number = new_number(edition, rand)
        if not taken(number):
            return number
    raise RuntimeError(f"no free certificate number after {attempts} draws: is rand random?")


def normalise(text):
    """The canonical spelling of what someone typed: trimmed, upper case."""
    return text.strip().upper()


def is_suite_number(text):
    """Does ``text`` have the suite's format (whatever its check character)?"""
    return isinstance(text, str) and _FORMAT.match(text) is not None


def parse(number):
    """(edition, body) of a well-formed number whose check character is right, else None.

    ``body`` is what the check covers: the edition's digits followed by the random part.
    """
    match = _FORMAT.match(number) if isinstance(number, str) else None
    if match is None:
        return None
    edition, random_part, check = match.groups()
    body = edition + random_part
    if check_character(body) != check:
        return None
    return int(edition), body


def is_valid(number):
    """Format and check character both right: the number may have been issued."""
    return parse(number) is not None


# -- Art. 28: the numbers of trophies, plaques and medals, where the edition issues them ------------
#: an item's number is its certificate's number and this suffix (奖杯 JB, 奖牌 JP, 奖章 JZ)
ITEM_SUFFIX = {"trophy": "JB", "plaque": "JP", "medal": "JZ"}
_ITEM_OF_SUFFIX = {v: k for k, v in ITEM_SUFFIX.items()}


def item_number(certificate_number, item):
    """``JNQA-2019-7KQ2M9XD-R`` and ``trophy`` → ``JNQA-2019-7KQ2M9XD-R-JB``."""
    return f"{certificate_number}-{ITEM_SUFFIX[item]}"


def split_item_number(number):
    """(certificate number, item) of an item's number, or None when it is none."""
    head, _, suffix = number.rpartition("-")
    item = _ITEM_OF_SUFFIX.get(suffix.strip().upper())
    return (head, item) if head and item else None
