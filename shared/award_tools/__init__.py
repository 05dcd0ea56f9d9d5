"""Command-line tools of the award suite (award-token, award-topology, award-schemas, award-migrate,
award-clock, award-ruleset, award-backup and award-restore) and the backup they run: outside the runtime package,
so no running service loads them.

Where the suite's services answer is one setting for every command that calls them (``award-clock``,
``award-demo``): ``--service NAME=URL`` (repeat), over ``$AWARD_SERVICE_URLS``
(``NAME=URL,NAME=URL``), over where ``scripts/up`` serves each on this machine
(``$<NAME>_HTTP_ADDRESS``, else 127.0.0.1:8001-8006): :func:`service_urls`."""
import os

SERVICES = ("intake", "scoring", "supervision", "publicity", "revocation", "feed")
#: the Quickstart's ports (scripts/up, each service's config.yaml)
DEFAULT_SERVICES = dict(zip(SERVICES, range(8001, 8007)))
SERVICE_URLS_ENV = "AWARD_SERVICE_URLS"
SERVICE_URLS_HELP = ("a service's base URL; repeat for each service elsewhere (default: $AWARD_SERVICE_URLS, "
                     "NAME=URL,NAME=URL; else where scripts/up serves it: $<NAME>_HTTP_ADDRESS, else "
                     "127.0.0.1:8001-8006)")


def name_urls(pairs, option):
    """``NAME=URL`` arguments (``--service``, ``--publisher``) as {name: url without a final /};
    a malformed one stops the command, naming ``option``."""
    out = {}
    for pair in pairs:
        name, _, url = pair.partition("=")
        if not name or not url:
            raise SystemExit(f"{option} takes NAME=URL, not {pair!r}")
        out[name] = url.rstrip("/")
    return out


def local_url(name, environ=None):
    """Where ``scripts/up`` serves ``name`` on this machine: its ``<NAME>_HTTP_ADDRESS`` (the
    setting of its config.yaml), else its Quickstart port; a wildcard host is reached at 127.0.0.1."""
    environ = os.environ if environ is None else environ
    address = environ.get(f"{name.upper()}_HTTP_ADDRESS") or f"0.0.0.0:{DEFAULT_SERVICES[name]}"
    host, _, port = address.rpartition(":")
    if host in ("", "0.0.0.0", "::", "[::]"):
        host = "127.0.0.1"
    return f"http://{host}:{port}"


def service_urls(pairs=(), command="award", environ=None):
    """{service: base URL} of all six: ``pairs`` (``--service NAME=URL``) over
    ``$AWARD_SERVICE_URLS`` over :func:`local_url`. A name that is not a service stops the
    command, naming where it was given."""
    environ = os.environ if environ is None else environ
    urls = {name: local_url(name, environ) for name in SERVICES}
    given = [p.strip() for p in (environ.get(SERVICE_URLS_ENV) or "").split(",") if p.strip()]
    for where, named in ((SERVICE_URLS_ENV, name_urls(given, f"{command}: {SERVICE_URLS_ENV}")),
                         ("--service", name_urls(pairs, f"{command}: --service"))):
        unknown = sorted(set(named) - set(SERVICES))
        if unknown:
            raise SystemExit(f"{command}: {where} names {', '.join(unknown)}, not one of {', '.join(SERVICES)}")
        urls.update(named)
    return urls
