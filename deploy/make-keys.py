#!/usr/bin/env python3
"""Make the keys a compose setup needs, in DIRECTORY, unless they exist: a development token
key pair (jwt-private.pem signs with ``award-token``; the services read only jwt-public.pem)
and person-key.secret (the key of person_key). Never replaces an existing file: the person
key must not change once data exists (docs/operations.md)."""
import os
import secrets
import sys

from award_shared.keys import PUBLIC_KEY_NAME, ensure_dev_keypair


def main(directory):
    os.makedirs(directory, exist_ok=True)
    if os.path.exists(os.path.join(directory, PUBLIC_KEY_NAME)):
        print("jwt-public.pem kept (an identity provider's key, or the pair made before)")
    else:
        ensure_dev_keypair(directory)
        print("a development token key pair made: mint tokens with award-token --key-dir var/keys")
    path = os.path.join(directory, "person-key.secret")
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        print(f"{path} kept")
    else:
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(32) + "\n")
        print(f"{path} made: back it up with the databases, never change it")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "var/keys"))
