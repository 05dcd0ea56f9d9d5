"""``award-demo``: replay the 2019 cycle, from the application notice to a revocation in 2020.

    scripts/demo                           # (re)starts the suite on the simulated clock if needed
    award-demo --applicants 40 --out var/demo/certificates
    award-demo --service publicity=http://publicity.internal:8004   # a service elsewhere; repeat
    AWARD_SERVICE_URLS="intake=http://10.0.0.5:8001,...,revocation=http://10.0.0.5:8005" award-demo

Where the services answer is the setting ``award-clock`` reads too: ``--service NAME=URL`` over
``$AWARD_SERVICE_URLS`` over where scripts/up serves them (``$<NAME>_HTTP_ADDRESS``, else
127.0.0.1:8001-8006).

Needs a suite on the simulated clock (``AWARD_CLOCK=simulated:...``) that has no 2019 cycle yet,
and the private key its services trust (--key-dir) -- or, for a suite that takes the city's
provider's tokens, one client there per persona the replay acts as (``--clients FILE``, see
award_demo.personas; ``--clients-template`` prints one). ``--preflight`` only checks that, and says
how to get there when it is not so (exit 3). A replay starts from the notice and does not
resume: a suite where one ran, to its end or stopped half-way, holds a 2019 cycle, and
``scripts/demo`` restarts the local suite on fresh databases of the demo's own (``--fresh``
does so even when the suite is ready).
"""
import argparse
import json
import os
import sys

import requests

from award_shared.web.keys import PRIVATE_KEY_NAME

from award_tools import SERVICE_URLS_HELP, service_urls

from award_demo import personas
from award_demo.api import DemoError, Suite
from award_demo.intake_steps import CYCLE
from award_demo.progress import Progress
from award_demo.replay import START, replay, summary
RESTART = (f"scripts/down && AWARD_CLOCK=simulated:{START} scripts/up   "
           "(or simply scripts/demo, which does it with databases of its own)")
#: a suite that holds a 2019 cycle: the same databases would hold it again after a restart
FRESH = ("scripts/demo --fresh   (the local suite restarted on fresh databases of the demo's own, "
         "var/demo/; a suite elsewhere: start it afresh where it runs)")


def _parser():
    parser = argparse.ArgumentParser(
        prog="award-demo", description="Replay the 2019 award cycle on a running suite.",
        epilog="scripts/demo runs this after (re)starting the local suite on the simulated clock when it is "
               "not ready; scripts/demo --fresh restarts it on fresh databases of the demo's own even when it is.")
    parser.add_argument("--applicants", type=int, default=40, help="units and individuals applying (default 40, at least 8)")
    parser.add_argument("--service", action="append", default=[], metavar="NAME=URL", help=SERVICE_URLS_HELP)
    parser.add_argument("--out", default="var/demo/certificates", help="folder for the certificates' PDFs")
    parser.add_argument("--key-dir", default=os.environ.get("AWARD_KEY_DIR") or "var/keys",
                        help="directory of jwt-private.pem the services trust (default: $AWARD_KEY_DIR or var/keys)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds to wait for an event to travel")
    parser.add_argument("--preflight", action="store_true", help="only check the suite is ready for a replay")
    signin = parser.add_argument_group("signing in at the city's OpenID Connect provider (one client per persona)")
    signin.add_argument("--clients", default=os.environ.get(personas.CLIENTS_ENV), metavar="FILE",
                        help=f"the personas' clients (default: ${personas.CLIENTS_ENV}); without it development "
                             "tokens are minted from --key-dir")
    signin.add_argument("--issuer", default=os.environ.get("OIDC_ISSUER"),
                        help="the provider's issuer URL, if the clients file does not name it (default: $OIDC_ISSUER)")
    signin.add_argument("--subject-claim", default=os.environ.get("OIDC_SUBJECT_CLAIM") or "sub",
                        help="the claim the services take as the subject (default: $OIDC_SUBJECT_CLAIM or sub)")
    signin.add_argument("--clients-template", action="store_true",
                        help="print a clients file for the demo clients of deploy/keycloak/award-realm.json "
                             f"(secrets from ${personas.SECRET_ENV}) for --applicants, and stop")
    return parser


def suite_of(args, urls):
    """The Suite the arguments ask for, or (exit code, what to say) when they cannot give one."""
    if args.clients:
        try:
            issuer, clients = personas.load_clients(args.clients, args.applicants)
        except personas.ClientsError as exc:
            return 2, f"award-demo: {exc}"
        issuer = issuer or args.issuer
        if not issuer:
            return 2, f"award-demo: the clients file {args.clients} names no issuer: give --issuer (or $OIDC_ISSUER)"
        return Suite(urls, args.key_dir, timeout=args.timeout, clients=clients, issuer=issuer,
                     subject_claim=args.subject_claim)
    if not os.path.exists(os.path.join(args.key_dir, PRIVATE_KEY_NAME)):
        return 3, (f"award-demo: not ready: no private key in {args.key_dir} (the suite was never started here, or "
                   f"give --key-dir; or --clients for a suite that takes the provider's tokens).\n"
                   f"Start a suite for the replay: {RESTART}")
    return Suite(urls, args.key_dir, timeout=args.timeout)


def preflight(suite):
    """None when the suite can replay 2019, else (what stands in the way, how to get past it)."""
    for name, url in suite.urls.items():
        try:
            ready = requests.get(f"{url}/health/ready", timeout=5).status_code == 200
        except requests.RequestException:
            ready = False
        if not ready:
            return f"{name} does not answer at {url}/health/ready", RESTART
        mode = suite.clock(name)["mode"]
        if mode != "simulated":
            return f"{name} runs on the {mode} clock; the replay moves the business clock", RESTART
    if suite.request("intake", "GET", f"/v1/cycles/{CYCLE}", "office").status_code != 404:
        return (f"intake already has {CYCLE}: a replay ran on this suite before, to its end or stopped "
                "half-way, and a replay does not resume"), FRESH
    return None


def main(argv=None):
    args = _parser().parse_args(argv)
    urls = service_urls(args.service, "award-demo")
    if args.applicants < 8:
        print("award-demo: --applicants must be at least 8 (four of them show a refusal or a failure)", file=sys.stderr)
        return 2
    if args.clients_template:
        print(json.dumps(personas.template(args.applicants, args.issuer), indent=2))
        return 0
    suite = suite_of(args, urls)
    if isinstance(suite, tuple):
        print(suite[1], file=sys.stderr)
        return suite[0]
    try:
        problem = preflight(suite)
    except DemoError as exc:
        print(f"award-demo: not ready: {exc}", file=sys.stderr)
        return 3
    if problem:
        print(f"award-demo: not ready: {problem[0]}.\nStart a suite for the replay: {problem[1]}", file=sys.stderr)
        return 3
    if args.preflight:
        return 0
    progress = Progress()
    try:
        result = replay(suite, progress, args.applicants, args.out)
    except DemoError as exc:
        progress.close()
        print(f"\naward-demo: stopped: {exc}\nTo replay again (a replay does not resume): {FRESH}", file=sys.stderr)
        return 1
    summary(suite, result, progress.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
