"""Webhook secrets at rest: each subscription's ``secret`` and ``previous_secret`` are stored as
Fernet tokens under ``WEBHOOK_SECRET_KEYS`` (or the file ``WEBHOOK_SECRET_KEYS_FILE``), never in
clear, so a copy of the database or of a backup cannot sign a delivery a bureau would believe.
The keys are listed newest first: the first encrypts, every one listed still decrypts, so a key
is rotated by putting the new one first; a secret is encrypted again under the newest key when
its subscription is next claimed for delivery or its secret rotated. Without a key the service
does not start (the refusal names the setting). Migration 0004 encrypts the rows stored in clear
before it, with the keys of the same variables."""
import os

from cryptography.fernet import Fernet, InvalidToken

from award_shared import fernet_keys

SETTING = "WEBHOOK_SECRET_KEYS"
Unreadable = InvalidToken


class Sealer:
    def __init__(self, keys):
        self.cipher = fernet_keys.cipher(keys, SETTING)
        self.newest = Fernet(keys[0].strip().encode())

    def seal(self, secret):
        return self.cipher.encrypt(secret.encode("utf-8")).decode("ascii")

    def open(self, token):
        """The secret of ``token``, or :data:`Unreadable` (no key listed encrypted it)."""
        return self.cipher.decrypt(token.encode("ascii")).decode("utf-8")

    def stale(self, token):
        """True when ``token`` was not encrypted under the newest key (seal it again)."""
        try:
            self.newest.decrypt(token.encode("ascii"))
        except InvalidToken:
            return True
        return False


def keys_of(config):
    """The keys of ``WEBHOOK_SECRET_KEYS`` or ``WEBHOOK_SECRET_KEYS_FILE`` in ``config``."""
    return fernet_keys.read(config.get("WEBHOOK_SECRET_KEYS"), config.get("WEBHOOK_SECRET_KEYS_FILE"), SETTING)


def from_config(config):
    """The service's sealer, or ValueError naming the setting (the service does not start)."""
    return Sealer(keys_of(config))


def from_environment(environ=None):
    """The sealer of the environment's keys (the migration's: it reads no config.yaml)."""
    return Sealer(keys_of(os.environ if environ is None else environ))
