"""Local signing keys and token minting, for development and the ``award-token`` command.

Services never need the private key: they verify with ``jwt-public.pem``
(JWT_PUBLIC_KEY_FILE) or a production identity provider's JWKS.
"""

import os
import time
from datetime import datetime
from pathlib import Path

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey

from award_shared.web.auth import ROLES

PRIVATE_KEY_NAME = "jwt-private.pem"
PUBLIC_KEY_NAME = "jwt-public.pem"


def _write_new(path, data, mode):
    """Create ``path`` with ``data`` atomically unless it exists; True if written."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.link(tmp, path)          # fails if another process got there first
        return True
    except FileExistsError:
        return False
    finally:
        os.unlink(tmp)


def ensure_dev_keypair(directory):
    """Create an Ed25519 key pair in ``directory`` unless present.

    Returns ``(private_path, public_path)``: ``jwt-private.pem`` (mode 0600, PKCS8) and
    ``jwt-public.pem`` (SubjectPublicKeyInfo). A missing public file is re-derived from
    an existing private key.
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    private_path, public_path = directory / PRIVATE_KEY_NAME, directory / PUBLIC_KEY_NAME
    if not private_path.exists():
        pem = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption())
        if _write_new(private_path, pem, 0o600) and public_path.exists():
            public_path.unlink()    # belonged to a private key that is gone
    if not public_path.exists():
        private_key = _load_private_key(private_path)
        pem = private_key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        _write_new(public_path, pem, 0o644)
    return private_path, public_path


def _load_private_key(private_key_pem_or_path):
    value = private_key_pem_or_path
    if isinstance(value, str) and "-----BEGIN" in value:
        pem = value.encode()
    elif isinstance(value, bytes) and b"-----BEGIN" in value:
        pem = value
    else:
        pem = Path(value).read_bytes()
    return serialization.load_pem_private_key(pem, password=None)


def mint(private_key_pem_or_path, sub, roles, district=None, ttl_seconds=8 * 3600,
         now=None, extra=None):
    """Sign a token with claims sub, roles (list), district (if given), iat, exp.

    The key is PEM text/bytes or a path to a PEM file. Ed25519 keys sign with EdDSA
    (RSA keys, if given, with RS256). ``now`` is epoch seconds or a datetime; ``extra``
    adds further claims (say ``iss``, ``aud``) but cannot override the ones above.
    """
    roles = list(dict.fromkeys([roles] if isinstance(roles, str) else roles))
    unknown = sorted(set(roles) - ROLES)
    if not roles or unknown:
        raise ValueError(f"roles must be a non-empty subset of {sorted(ROLES)}; "
                         f"unknown: {unknown}")
    if "district" in roles and not district:
        raise ValueError("the 'district' role needs a district")
    key = _load_private_key(private_key_pem_or_path)
    algorithm = "RS256" if isinstance(key, RSAPrivateKey) else "EdDSA"
    if now is None:
        now = time.time()
    elif isinstance(now, datetime):
        now = now.timestamp()
    iat = int(now)
    claims = dict(extra or {})
    claims.update(sub=sub, roles=roles, iat=iat, exp=iat + int(ttl_seconds))
    if district:
        claims["district"] = district
    return jwt.encode(claims, key, algorithm=algorithm)
