"""The staff console (issue 35): a backend-for-frontend on port 8000 that signs people in at the
city's OpenID Connect provider (or, on a developer's machine, as clearly marked test users),
keeps their session on the server, and renders each role's work as Chinese pages from the six
services' APIs, called with the person's own access token. It keeps no award data."""
import os

#: the sessions' store when ``CONSOLE_DATABASE_URL`` is not set (a developer's machine)
DEFAULT_DATABASE_URL = "sqlite:///var/console.db"


def database_url(env=None):
    """``CONSOLE_DATABASE_URL``: where the sessions live (award_shared.config.database_url reads it
    so for ``award-migrate console`` and the migration's init container)."""
    env = os.environ if env is None else env
    return env.get("CONSOLE_DATABASE_URL") or DEFAULT_DATABASE_URL
