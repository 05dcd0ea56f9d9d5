"""The tools' own sign-in at the city's OpenID Connect provider: the OAuth client-credentials
grant (RFC 6749 4.4) with the tool's own client (docs/operations.md, "Signing in with the
city's identity provider").

A command that calls the services (``award-clock``, ``award-restore``) takes

    --client-id ID        (or $AWARD_CLIENT_ID)
    --client-secret S     (or $AWARD_CLIENT_SECRET: better, a command line is seen by ps)
    --issuer URL          (or $OIDC_ISSUER, the services' own setting)
    --scope "award:operator"   (what the tool asks for; the provider grants a client only the
                               scopes it is allowed, and the services' OIDC_SCOPE_ROLE_MAP
                               makes roles of them)

finds the token endpoint by the issuer's discovery document and asks for one token per
service, for that service's audience: ``$<NAME>_OIDC_AUDIENCE`` (the services' own setting),
else ``urn:award:<name>`` (sent as the RFC 8707 ``resource``; a provider that does not know
resource indicators, as Keycloak, ignores it and puts its configured audiences in the token).
Without a client id the command keeps minting development tokens (``--key-dir``).
"""
import os
import time

import requests

CLIENT_ID_ENV = "AWARD_CLIENT_ID"
CLIENT_SECRET_ENV = "AWARD_CLIENT_SECRET"
ISSUER_ENV = "OIDC_ISSUER"
TIMEOUT_SECONDS = 10
#: a token is asked again this long before its expires_in runs out (a long run, say award-demo's)
RENEW_BEFORE_SECONDS = 60


def add_arguments(parser, scope):
    """The client-credentials options of a command whose client asks for ``scope``."""
    group = parser.add_argument_group("signing in at the city's OpenID Connect provider (client credentials)")
    group.add_argument("--client-id", default=os.environ.get(CLIENT_ID_ENV),
                       help=f"this tool's client at the provider (default: ${CLIENT_ID_ENV}); "
                            "without one a development token is minted")
    group.add_argument("--client-secret", default=os.environ.get(CLIENT_SECRET_ENV),
                       help=f"its secret (default: ${CLIENT_SECRET_ENV}, which ps does not show)")
    group.add_argument("--issuer", default=os.environ.get(ISSUER_ENV),
                       help=f"the provider's issuer URL (default: ${ISSUER_ENV})")
    group.add_argument("--scope", default=scope, help="the scopes to ask for (default: %(default)s)")


class CredentialsError(RuntimeError):
    """The provider cannot be asked, or refused the client: the message says which and why."""


def audience_of(service, environ=None):
    """The audience of ``service``'s tokens: ``$<NAME>_OIDC_AUDIENCE`` (its first), else urn:award:<name>."""
    environ = os.environ if environ is None else environ
    given = [a.strip() for a in (environ.get(f"{service.upper()}_OIDC_AUDIENCE") or "").split(",") if a.strip()]
    return given[0] if given else f"urn:award:{service}"


class ClientCredentials:
    """``token(service)``: an access token of this client for that service, asked once each and
    again when it is about to expire (the answer's ``expires_in``)."""

    def __init__(self, issuer, client_id, client_secret, scope, environ=None):
        self.issuer, self.client_id, self.client_secret, self.scope = issuer, client_id, client_secret, scope
        self.environ = os.environ if environ is None else environ
        self._endpoint = None
        self._tokens = {}    # audience -> (access token, time.monotonic() to ask again at)

    def _token_endpoint(self):
        if self._endpoint is None:
            url = self.issuer.rstrip("/") + "/.well-known/openid-configuration"
            try:
                answer = requests.get(url, timeout=TIMEOUT_SECONDS)
                answer.raise_for_status()
                self._endpoint = answer.json()["token_endpoint"]
            except (requests.RequestException, ValueError, KeyError, TypeError) as exc:
                raise CredentialsError(f"cannot read the provider's token_endpoint from {url}: {exc}") from None
        return self._endpoint

    def token(self, service):
        audience = audience_of(service, self.environ)
        cached = self._tokens.get(audience)
        if cached is None or time.monotonic() >= cached[1]:
            try:
                answer = requests.post(self._token_endpoint(), timeout=TIMEOUT_SECONDS,
                                       auth=(self.client_id, self.client_secret),
                                       data={"grant_type": "client_credentials", "scope": self.scope,
                                             "resource": audience})
            except requests.RequestException as exc:
                raise CredentialsError(f"cannot reach the provider's token endpoint: {exc}") from None
            body = answer.json() if answer.headers.get("content-type", "").startswith("application/json") else {}
            if answer.status_code != 200 or "access_token" not in body:
                raise CredentialsError(
                    f"the provider refused client {self.client_id!r} a token for {audience} ({answer.status_code}): "
                    f"{body.get('error', '')} {body.get('error_description', answer.text[:200])}".rstrip())
            lifetime = body.get("expires_in")
            renew_in = (max(float(lifetime) - RENEW_BEFORE_SECONDS, float(lifetime) / 2)
                        if isinstance(lifetime, (int, float)) and lifetime > 0 else float("inf"))
            self._tokens[audience] = (body["access_token"], time.monotonic() + renew_in)
        return self._tokens[audience][0]


def from_args(args, command):
    """The ClientCredentials the arguments ask for, or None (no client id: development tokens).
    A client id without its secret or issuer stops the command, naming what is missing."""
    if not args.client_id:
        return None
    missing = [what for what, value in (("--client-secret", args.client_secret), ("--issuer", args.issuer))
               if not value]
    if missing:
        raise SystemExit(f"{command}: --client-id needs {' and '.join(missing)} "
                         f"(or ${CLIENT_SECRET_ENV}, ${ISSUER_ENV})")
    return ClientCredentials(args.issuer, args.client_id, args.client_secret, args.scope)
