"""Command-line tools of the award suite (award-token, award-topology, award-schemas, award-migrate,
award-clock, award-backup and award-restore) and the backup they run: outside the runtime package,
so no running service loads them."""


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
