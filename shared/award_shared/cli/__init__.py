"""Command-line tools of the award suite (award-token, award-topology, award-schemas)."""


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
