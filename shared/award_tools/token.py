"""``award-token``: mint a local bearer token with the local private key.

    award-token --role office
    award-token --role district --district 历下区 --sub lixia-coordinator --name 李娜

Prints just the token. Keys live in --key-dir (default: $AWARD_KEY_DIR or ./var/keys)
and are created on first use; services verify with its jwt-public.pem.
"""

import argparse
import os
import sys

from award_shared.web.auth import ROLES
from award_shared.web.keys import PRIVATE_KEY_NAME, ensure_dev_keypair, mint


def _parser():
    parser = argparse.ArgumentParser(
        prog="award-token", description="Print one signed bearer token (JWT, EdDSA).")
    parser.add_argument("--role", action="append", required=True, choices=sorted(ROLES),
                        help="role to grant; repeat for several")
    parser.add_argument("--sub", help="subject (default: the first role + '-local')")
    parser.add_argument("--district", help="district claim (required with --role district)")
    parser.add_argument("--name", help="display name claim (the audit log records it beside --sub)")
    parser.add_argument("--ttl", type=int, default=8 * 3600, metavar="SECONDS",
                        help="lifetime in seconds (default 8 hours)")
    parser.add_argument("--key-dir", default=os.environ.get("AWARD_KEY_DIR") or "var/keys",
                        help="directory of jwt-private.pem / jwt-public.pem "
                             "(default: $AWARD_KEY_DIR or var/keys)")
    return parser


def main(argv=None):
    parser = _parser()
    args = parser.parse_args(argv)
    if "district" in args.role and not args.district:
        parser.error("--role district requires --district NAME")
    if args.ttl <= 0:
        parser.error("--ttl must be a positive number of seconds")
    existed = os.path.exists(os.path.join(args.key_dir, PRIVATE_KEY_NAME))
    private_path, public_path = ensure_dev_keypair(args.key_dir)
    if not existed:
        print(f"award-token: created a key pair in {args.key_dir}; services verify with "
              f"JWT_PUBLIC_KEY_FILE={os.path.abspath(public_path)}", file=sys.stderr)
    sub = args.sub or f"{args.role[0]}-local"
    extra = {"name": args.name} if args.name else None
    print(mint(private_path, sub, args.role, district=args.district, ttl_seconds=args.ttl, extra=extra))
    return 0


if __name__ == "__main__":
    sys.exit(main())
