"""``award-clock``: one operator action sets the business clock of the whole suite.

    award-clock --at 2019-06-01T09:00:00+08:00 --reason "replay: district review"
    award-clock                        # show every service's clock
    award-clock --service publicity=http://publicity.internal:8004   # one service elsewhere
    AWARD_SERVICE_URLS="intake=http://10.0.0.5:8001,scoring=http://10.0.0.5:8002" award-clock

Each service is set through its own ``POST /admin/v1/clock`` (an ``operator`` token minted
with the local key in --key-dir, or -- with ``--client-id`` -- one of the city's provider by the
client-credentials grant, scope ``award:operator``: award_tools.credentials), and each answer is reported: moved, refused (a service on
the wall clock refuses to be moved, as it should) or unreachable. Exits non-zero unless every
service answered as asked. Where the services answer: ``--service NAME=URL`` (repeat) over
``$AWARD_SERVICE_URLS`` over where scripts/up serves them (``award_tools.service_urls``).
"""
import argparse
import os
import sys

import requests

from award_shared.web.keys import PRIVATE_KEY_NAME, mint

from award_tools import SERVICE_URLS_HELP, credentials, service_urls


def _parser():
    parser = argparse.ArgumentParser(prog="award-clock", description="Show or set every service's business clock.")
    parser.add_argument("--at", help="the business time to set, with its offset, e.g. 2019-06-01T09:00:00+08:00")
    parser.add_argument("--reason", default=None, help="why (kept in each service's audit log)")
    parser.add_argument("--service", action="append", default=[], metavar="NAME=URL", help=SERVICE_URLS_HELP)
    parser.add_argument("--key-dir", default=os.environ.get("AWARD_KEY_DIR") or "var/keys",
                        help="directory of jwt-private.pem (default: $AWARD_KEY_DIR or var/keys)")
    credentials.add_arguments(parser, scope="award:operator")
    return parser


def run(services, token, at=None, reason=None, out=None):
    """Show or set each service's clock; returns True when every one answered as asked.
    ``token``: one for all, or a function of the service's name (one audience each)."""
    out = out or sys.stdout
    ok = True
    for name, url in services.items():
        try:
            headers = {"Authorization": f"Bearer {token(name) if callable(token) else token}"}
            if at is None:
                resp = requests.get(f"{url}/admin/v1/clock", headers=headers, timeout=10)
            else:
                resp = requests.post(f"{url}/admin/v1/clock", headers=headers, timeout=10,
                                     json={"at": at, **({"reason": reason} if reason else {})})
        except credentials.CredentialsError as exc:
            ok = False
            print(f"{name:<12} {url}  no token: {exc}", file=out)
            continue
        except requests.RequestException as exc:
            ok = False
            print(f"{name:<12} {url}  unreachable: {exc.__class__.__name__}", file=out)
            continue
        if resp.status_code == 200:
            clock = resp.json()
            print(f"{name:<12} {url}  {clock['mode']:<9} {clock['now']}", file=out)
        else:
            ok = False
            error = (resp.json().get("error") or {}) if resp.headers.get("content-type", "").startswith(
                "application/json") else {}
            print(f"{name:<12} {url}  refused ({resp.status_code}): {error.get('message_en') or resp.text[:200]}",
                  file=out)
    return ok


def main(argv=None):
    args = _parser().parse_args(argv)
    services = service_urls(args.service, "award-clock")
    client = credentials.from_args(args, "award-clock")
    if client is not None:
        return 0 if run(services, client.token, args.at, args.reason) else 1
    private = os.path.join(args.key_dir, PRIVATE_KEY_NAME)
    if not os.path.exists(private):
        print(f"award-clock: no {private}; run scripts/up first or give --key-dir", file=sys.stderr)
        return 2
    token = mint(private, "operator-award-clock", ["operator"], ttl_seconds=300)
    return 0 if run(services, token, args.at, args.reason) else 1


if __name__ == "__main__":
    sys.exit(main())
