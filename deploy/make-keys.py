#!/usr/bin/env python3
"""Make the keys a compose setup needs, in DIRECTORY, unless they exist: a development token
key pair (jwt-private.pem signs with ``award-token``; the services read only jwt-public.pem),
person-key.secret (the key of person_key), console-session.key (the Fernet key the staff
console encrypts its sessions' tokens with), webhook-secret.key (the Fernet key feed encrypts
its webhook subscriptions' secrets with), and broker/<user>.secret, the password of each
service's own least-privileged broker user (``award-topology --apply-users --password-dir``
creates the users; each service connects as its own). Never replaces an existing file: the
person key must not change once data exists (docs/operations.md). ``--owner UID:GID`` (run as
root) then gives DIRECTORY and everything in it to the image's user: compose's keys service
writes into the host's var/keys, which the services, running as uid 10001, must read."""
import os
import secrets
import sys

from cryptography.fernet import Fernet

from award_shared.bus.broker_access import all_users, password_file
from award_shared.web.keys import PUBLIC_KEY_NAME, ensure_dev_keypair


ADMIN = "award-admin"


def make_secret(path, text):
    """Write ``text`` to a new file readable by its owner alone; False if the file exists."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return False
    with os.fdopen(fd, "w") as fh:
        fh.write(text + "\n")
    return True


def main(directory):
    os.makedirs(directory, exist_ok=True)
    if os.path.exists(os.path.join(directory, PUBLIC_KEY_NAME)):
        print("jwt-public.pem kept (an identity provider's key, or the pair made before)")
    else:
        ensure_dev_keypair(directory)
        print("a development token key pair made: mint tokens with award-token --key-dir var/keys")
    path = os.path.join(directory, "person-key.secret")
    if make_secret(path, secrets.token_hex(32)):
        print(f"{path} made: back it up with the databases, never change it")
    else:
        print(f"{path} kept")
    for name, what in (("console-session.key", "the console's sessions' tokens"),
                       ("webhook-secret.key", "feed's webhook secrets")):
        path = os.path.join(directory, name)
        if make_secret(path, Fernet.generate_key().decode()):
            print(f"{path} made: {what} are encrypted with it")
        else:
            print(f"{path} kept")
    broker = os.path.join(directory, "broker")
    os.makedirs(broker, exist_ok=True)
    made = [user for user in all_users() if make_secret(password_file(broker, user), secrets.token_hex(24))]
    # the broker's administrator in compose (award-admin; there is no guest): only the
    # topology job connects as it
    if make_secret(password_file(broker, ADMIN), secrets.token_hex(24)):
        made.append(ADMIN)
    print(f"broker passwords made for {', '.join(made)}" if made else "broker passwords kept")
    return 0


def give_to(directory, owner):
    uid, _, gid = owner.partition(":")
    uid, gid = int(uid), int(gid or uid)
    for top, dirs, files in os.walk(directory):
        for name in [top] + [os.path.join(top, n) for n in dirs + files]:
            os.chown(name, uid, gid)


if __name__ == "__main__":
    argv = sys.argv[1:]
    owner = None
    if "--owner" in argv:
        at = argv.index("--owner")
        owner = argv[at + 1]
        del argv[at:at + 2]
    directory = argv[0] if argv else "var/keys"
    code = main(directory)
    if owner:
        give_to(directory, owner)
    sys.exit(code)
