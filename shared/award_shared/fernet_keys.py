"""Fernet keys from the configuration, for what the suite keeps encrypted at rest: the console's
sessions (``CONSOLE_SESSION_KEYS``) and feed's webhook secrets (``WEBHOOK_SECRET_KEYS``).

A setting is a list of keys, newest first: comma-separated in the variable itself, or one a
line in the file its ``…_FILE`` variable names (a Kubernetes Secret mounted as a file, compose's
keys service). The first key encrypts; every key listed still decrypts, so a key is rotated by
putting the new one first, and the old one is dropped once nothing it encrypted is left.
"""
from cryptography.fernet import Fernet, MultiFernet

#: how to make a key, quoted in every refusal
HOW = "`python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'`"


def split(text):
    """The keys of ``text``: comma- or line-separated, blanks dropped."""
    return [k.strip() for k in (text or "").replace(",", "\n").splitlines() if k.strip()]


def read(text, path, setting):
    """The keys given inline (``text``) or, when none are, in the file at ``path``; a file that
    cannot be read is a ValueError naming ``<setting>_FILE``."""
    if not split(text) and path:
        try:
            with open(path, encoding="utf-8") as fh:
                text = fh.read()
        except OSError as error:
            raise ValueError(f"{setting}_FILE: cannot read {path}: {error.strerror}") from None
    return split(text)


def cipher(keys, setting):
    """A MultiFernet of ``keys`` (the first encrypts), or a ValueError naming ``setting``: none
    given, or one that is not a key."""
    keys = [k.strip() for k in keys if k and k.strip()]
    if not keys:
        raise ValueError(f"{setting} (or {setting}_FILE) must be set: the Fernet keys, newest first, "
                         f"one made by {HOW}")
    try:
        return MultiFernet([Fernet(k.encode()) for k in keys])
    except (ValueError, TypeError):
        raise ValueError(f"{setting}: each key is 32 bytes in urlsafe base64, as {HOW} prints") from None
