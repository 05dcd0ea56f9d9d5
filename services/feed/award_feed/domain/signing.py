"""Standard Webhooks signatures (https://www.standardwebhooks.com/): what a receiver checks.

A secret is ``whsec_`` and the base64 of its key; a delivery carries ``webhook-id`` (the
event's id: the same on every retry, so a receiver de-duplicates by it), ``webhook-timestamp``
(seconds since the epoch) and ``webhook-signature``: ``v1,<base64 HMAC-SHA256 of
"id.timestamp.body">``, one per secret in force, separated by spaces — during a rotation's
overlap both the new and the previous secret sign, so a receiver that knows either accepts.
Not a rule of the Measures: the suite's contract with bureaus (docs/bureaus.md)."""
import base64
import hashlib
import hmac
import secrets

PREFIX = "whsec_"
KEY_BYTES = 32


def new_secret():
    """A fresh secret: ``whsec_`` and 32 random bytes in base64."""
    return PREFIX + base64.b64encode(secrets.token_bytes(KEY_BYTES)).decode("ascii")


def key_of(secret):
    """The key of a ``whsec_`` secret, or ValueError saying what is wrong with it."""
    if not isinstance(secret, str) or not secret.startswith(PREFIX):
        raise ValueError("a secret starts with whsec_")
    try:
        key = base64.b64decode(secret[len(PREFIX):], validate=True)
    except ValueError:
        raise ValueError("after whsec_ a secret is base64") from None
    if not 24 <= len(key) <= 64:
        raise ValueError("a secret's key is 24 to 64 bytes")
    return key


def signature(secret, message_id, timestamp, body):
    """``v1,<base64 HMAC-SHA256>`` of ``message_id.timestamp.body`` (body: bytes)."""
    signed = f"{message_id}.{int(timestamp)}.".encode("utf-8") + body
    digest = hmac.new(key_of(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode("ascii")


def headers(message_id, timestamp, body, secrets_in_force):
    """The three Standard Webhooks headers, signed with each secret in force (newest first)."""
    return {"webhook-id": message_id, "webhook-timestamp": str(int(timestamp)),
            "webhook-signature": " ".join(signature(s, message_id, timestamp, body) for s in secrets_in_force)}
