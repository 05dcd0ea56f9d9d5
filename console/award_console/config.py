"""The console's settings, each from an environment variable (console/README.md lists them).

Sign-in is one of two modes, never both: the city's provider (``OIDC_ISSUER`` set: the
authorization-code flow with PKCE as a confidential client) or development sign-in
(``CONSOLE_DEV_SIGNIN=1`` and no issuer: clearly marked test users, tokens minted with the
development key in ``AWARD_KEY_DIR``, as ``award-token`` does). Neither set: it refuses to start.
"""
import os
from dataclasses import dataclass, field
from urllib.parse import urlparse

from cryptography.fernet import Fernet

from award_console import DEFAULT_DATABASE_URL, database_url
from award_console.session import fernet
from award_shared import fernet_keys

#: the six services and where each answers on a developer's machine (docs/contract.md's table)
SERVICES = {"intake": 8001, "scoring": 8002, "supervision": 8003, "publicity": 8004, "revocation": 8005,
            "feed": 8006}
LOOPBACK = ("127.0.0.1", "localhost", "::1")
#: the development sign-in's session key, made in AWARD_KEY_DIR when no key is given
DEV_SESSION_KEY = "console-session.key"


def _env(env, name, default=""):
    value = env.get(name)
    return default if value is None or value == "" else value


def _minutes(env, name, default, low, high):
    text = _env(env, name, str(default))
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{name} must be a number of minutes, not {text!r}") from None
    if not low <= value <= high:
        raise ValueError(f"{name} must be between {low} and {high} minutes, not {text!r}")
    return value * 60


def _session_keys(env, key_dir, dev_signin):
    """``CONSOLE_SESSION_KEYS`` (comma-separated, newest first) or ``CONSOLE_SESSION_KEYS_FILE``
    (one a line: a Kubernetes Secret's file); with development sign-in and neither, the key in
    AWARD_KEY_DIR, made there once."""
    text = _env(env, "CONSOLE_SESSION_KEYS")
    path = _env(env, "CONSOLE_SESSION_KEYS_FILE")
    if not text and not path and dev_signin:
        path = os.path.join(key_dir, DEV_SESSION_KEY)
        try:
            os.makedirs(key_dir, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        except OSError as error:
            raise ValueError(f"CONSOLE_SESSION_KEYS_FILE: cannot make {path}: {error.strerror}") from None
        else:
            with os.fdopen(fd, "w") as fh:
                fh.write(Fernet.generate_key().decode() + "\n")
    return fernet_keys.read(text, path, "CONSOLE_SESSION_KEYS")


def _resources(text):
    """``CONSOLE_OIDC_RESOURCES``: ``service=resource`` pairs, comma-separated."""
    resources = {}
    for pair in filter(None, (p.strip() for p in text.split(","))):
        service, sep, resource = pair.partition("=")
        if not sep or service.strip() not in SERVICES or not resource.strip():
            raise ValueError(f"CONSOLE_OIDC_RESOURCES: {pair!r} is not service=resource "
                             f"(services: {', '.join(SERVICES)})")
        resources[service.strip()] = resource.strip()
    return resources


@dataclass
class Settings:
    address: str = "0.0.0.0:8000"
    public_url: str = "http://127.0.0.1:8000"
    services: dict = field(default_factory=dict)
    idle_seconds: float = 30 * 60
    absolute_seconds: float = 8 * 3600
    dev_signin: bool = False
    key_dir: str = "var/keys"
    issuer: str = ""
    client_id: str = "award-console"
    client_secret: str = ""
    resource: str = "urn:award:intake"     # the token that signs the person in (its roles)
    resources: dict = field(default_factory=dict)  # service -> its own resource, where it differs
    claims: dict = field(default_factory=dict)   # OIDC_*_CLAIM, OIDC_ROLE_MAP for the kit's mapping
    timeout: float = 15.0
    database_url: str = DEFAULT_DATABASE_URL   # the sessions' store, shared by the replicas
    session_keys: list = field(default_factory=list)  # Fernet keys of the tokens at rest, newest first
    refresh_margin: float = 60.0   # refresh the access token this many seconds before it expires

    def resource_of(self, service):
        return self.resources.get(service, self.resource)

    @property
    def secure_cookie(self):
        """Secure unless the console is reached over plain HTTP on this machine's loopback."""
        url = urlparse(self.public_url)
        return not (url.scheme == "http" and url.hostname in LOOPBACK)

    @classmethod
    def from_env(cls, env=None):
        env = os.environ if env is None else env
        services = {name: _env(env, f"CONSOLE_{name.upper()}_URL", f"http://127.0.0.1:{port}").rstrip("/")
                    for name, port in SERVICES.items()}
        secret = _env(env, "CONSOLE_OIDC_CLIENT_SECRET")
        secret_file = _env(env, "CONSOLE_OIDC_CLIENT_SECRET_FILE")
        if not secret and secret_file:
            with open(secret_file, encoding="utf-8") as fh:
                secret = fh.read().strip()
        settings = cls(
            address=_env(env, "CONSOLE_HTTP_ADDRESS", "0.0.0.0:8000"),
            public_url=_env(env, "CONSOLE_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/"),
            services=services,
            idle_seconds=_minutes(env, "CONSOLE_IDLE_MINUTES", 30, 1, 24 * 60),
            absolute_seconds=_minutes(env, "CONSOLE_ABSOLUTE_MINUTES", 8 * 60, 5, 7 * 24 * 60),
            dev_signin=_env(env, "CONSOLE_DEV_SIGNIN", "0") in ("1", "true", "yes"),
            key_dir=_env(env, "AWARD_KEY_DIR", "var/keys"),
            issuer=_env(env, "OIDC_ISSUER").rstrip("/"),
            client_id=_env(env, "CONSOLE_OIDC_CLIENT_ID", "award-console"),
            client_secret=secret,
            resource=_env(env, "CONSOLE_OIDC_RESOURCE", "urn:award:intake"),
            resources=_resources(_env(env, "CONSOLE_OIDC_RESOURCES")),
            database_url=database_url(env),
            claims={name: env.get(name) for name in (
                "OIDC_ROLES_CLAIM", "OIDC_ROLE_MAP", "OIDC_DISTRICT_CLAIM", "OIDC_SUBJECT_CLAIM",
                "OIDC_NAME_CLAIM", "JWT_LEEWAY_SECONDS") if env.get(name)},
        )
        if settings.issuer and settings.dev_signin:
            raise ValueError("CONSOLE_DEV_SIGNIN and OIDC_ISSUER are both set: development sign-in is "
                             "for a machine without a provider; unset one")
        if not settings.issuer and not settings.dev_signin:
            raise ValueError("no sign-in: set OIDC_ISSUER (with CONSOLE_OIDC_CLIENT_ID and "
                             "CONSOLE_OIDC_CLIENT_SECRET) for the city's provider, or CONSOLE_DEV_SIGNIN=1 "
                             "on a developer's machine")
        if settings.issuer and not settings.client_secret:
            raise ValueError("CONSOLE_OIDC_CLIENT_SECRET (or CONSOLE_OIDC_CLIENT_SECRET_FILE) must be set "
                             "with OIDC_ISSUER: the console is a confidential client")
        settings.session_keys = _session_keys(env, settings.key_dir, settings.dev_signin)
        if not settings.session_keys:
            raise ValueError("CONSOLE_SESSION_KEYS (or CONSOLE_SESSION_KEYS_FILE) must be set with OIDC_ISSUER: "
                             "the sessions' tokens are encrypted at rest with it (docs/console.md)")
        fernet(settings.session_keys)  # a malformed key refuses to start, naming the variable
        if settings.idle_seconds > settings.absolute_seconds:
            raise ValueError("CONSOLE_IDLE_MINUTES must not exceed CONSOLE_ABSOLUTE_MINUTES")
        return settings
