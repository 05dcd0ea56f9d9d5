"""Access tokens of the city's OpenID Connect provider (contract.md, "HTTP", Auth).

The service is a resource server: it finds the provider's keys by issuer discovery
(``OIDC_ISSUER`` + ``/.well-known/openid-configuration`` -> ``jwks_uri``), keeps the JWKS in
memory, and fetches it again when a token names a key it does not know (the provider rotated
its key) -- at most once every ``OIDC_JWKS_REFRESH_SECONDS``, so tokens with made-up ``kid``\\ s
cannot make it hammer the provider -- and when the copy is older than
``OIDC_JWKS_MAX_AGE_SECONDS`` (a withdrawn key stops verifying). A token must name the issuer
and the service's audience (``OIDC_AUDIENCE``); the clock skew allowed is ``JWT_LEEWAY_SECONDS``.

Which claims make the suite's principal is configuration (:class:`ClaimMapping`): the claim of
the roles (a dotted path, ``realm_access.roles`` for Keycloak, ``groups`` elsewhere), the map
from the provider's group names to the suite's roles, the claims of the district, the stable
subject and the display name -- and, for the tools' own clients (the client-credentials grant,
no person behind them), the map from the token's scopes (RFC 9068 ``scope``) to roles.
"""
import json
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from types import MappingProxyType

import jwt

from award_shared.errors import ApiError, Unauthorized

#: what a provider's access token may be signed with (never "none", never a shared secret)
ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA")
#: which algorithms a key of each type verifies: never another family's
_KTY_ALGORITHMS = {"RSA": ALGORITHMS[:6], "EC": ALGORITHMS[6:9], "OKP": ("EdDSA",)}
MAX_LEEWAY_SECONDS = 300
FETCH_TIMEOUT_SECONDS = 5


class ProviderUnavailable(ApiError):
    """The provider's discovery document or keys cannot be had (the service cannot verify)."""
    status = 503
    code = "auth_unavailable"


def _setting(value, default):
    return default if value is None or value == "" else value


def _number(name, value, default, low, high):
    value = _setting(value, default)
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number of seconds, not {value!r}") from None
    if not low <= number <= high:
        raise ValueError(f"{name} must be between {low} and {high} seconds, not {value!r}")
    return number


def leeway_from_config(config):
    """``JWT_LEEWAY_SECONDS``: the clock skew allowed on exp/nbf/iat, 0 to 300 (default 30)."""
    return _number("JWT_LEEWAY_SECONDS", config.get("JWT_LEEWAY_SECONDS"), 30, 0, MAX_LEEWAY_SECONDS)


def dotted(claims, path):
    """The value at ``path`` (``realm_access.roles``) in the claims, or None."""
    value = claims
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


@dataclass(frozen=True)
class ClaimMapping:
    """How a provider's claims make the suite's principal (settings ``OIDC_*_CLAIM``, ``OIDC_ROLE_MAP``)."""
    roles_claim: str = "roles"
    role_map: MappingProxyType | None = None  # provider group -> suite role; None: the suite's names as they are
    district_claim: str = "district"
    subject_claim: str = "sub"
    name_claim: str = "name"
    scope_map: MappingProxyType | None = None  # scope -> suite role (OIDC_SCOPE_ROLE_MAP); None: none

    @staticmethod
    def _pairs(setting, text, roles, what):
        text = _setting(text, "").strip()
        if not text:
            return None
        pairs = {}
        for pair in text.split(","):
            name, sep, role = pair.strip().rpartition(":")
            if not sep or not name.strip() or not role.strip():
                raise ValueError(f"{setting}: {pair.strip()!r} is not {what}:role")
            if role.strip() not in roles:
                raise ValueError(f"{setting}: {role.strip()!r} is not a role of the suite "
                                 f"({', '.join(sorted(roles))})")
            pairs[name.strip()] = role.strip()
        return MappingProxyType(pairs)

    @classmethod
    def from_config(cls, config, roles):
        """``OIDC_ROLE_MAP`` is ``group:role`` pairs, comma-separated (``/award/office:office,
        award-district:district``); a group may map to one role, several groups to the same.
        ``OIDC_SCOPE_ROLE_MAP`` is ``scope:role`` pairs the same way (``award:operator:operator``):
        the roles a token's scopes give, for the tools' clients (the provider must allow those
        scopes to those clients only)."""
        role_map = cls._pairs("OIDC_ROLE_MAP", config.get("OIDC_ROLE_MAP"), roles, "group")
        scope_map = cls._pairs("OIDC_SCOPE_ROLE_MAP", config.get("OIDC_SCOPE_ROLE_MAP"), roles, "scope")
        return cls(roles_claim=_setting(config.get("OIDC_ROLES_CLAIM"), "roles"), role_map=role_map,
                   district_claim=_setting(config.get("OIDC_DISTRICT_CLAIM"), "district"),
                   subject_claim=_setting(config.get("OIDC_SUBJECT_CLAIM"), "sub"),
                   name_claim=_setting(config.get("OIDC_NAME_CLAIM"), "name"), scope_map=scope_map)

    def principal(self, claims, roles, principal_cls):
        """The principal of verified ``claims``: 401 without a subject; groups the map does not
        name are not the suite's business and are left out (no role at all: 403 at each route)."""
        sub = dotted(claims, self.subject_claim)
        if not isinstance(sub, str) or not sub:
            raise Unauthorized(f"令牌缺少声明：{self.subject_claim}",
                               f"token is missing the '{self.subject_claim}' claim (OIDC_SUBJECT_CLAIM)")
        groups = dotted(claims, self.roles_claim)
        if isinstance(groups, str):
            groups = groups.split()
        if not isinstance(groups, list):
            groups = []
        groups = [g for g in groups if isinstance(g, str)]
        if self.role_map is not None:
            held = {self.role_map[g] for g in groups if g in self.role_map}
        else:
            held = {g for g in groups if g in roles}
        if self.scope_map:
            scopes = claims.get("scope", claims.get("scp"))   # RFC 9068; "scp" (a list) elsewhere
            scopes = scopes.split() if isinstance(scopes, str) else scopes if isinstance(scopes, list) else []
            scopes = [scope for scope in scopes if isinstance(scope, str)]
            held |= {self.scope_map[s] for s in scopes if s in self.scope_map}
        district = dotted(claims, self.district_claim)
        if district is not None and not isinstance(district, str):
            raise Unauthorized("令牌的区县声明无效", f"token '{self.district_claim}' claim invalid")
        if "district" in held and not district:
            raise Unauthorized("区县角色的令牌缺少区县声明",
                               f"token with the 'district' role lacks the '{self.district_claim}' claim "
                               f"(OIDC_DISTRICT_CLAIM)")
        name = dotted(claims, self.name_claim)
        return principal_cls(sub=sub, roles=frozenset(held), district=district or None,
                             name=name if isinstance(name, str) and name else None,
                             claims=MappingProxyType(claims))


class ProviderKeys:
    """The provider's discovery document and JWKS, fetched on first use and cached."""

    def __init__(self, issuer, refresh_seconds=60, max_age_seconds=3600):
        self.issuer = issuer
        self.refresh_seconds = refresh_seconds
        self.max_age_seconds = max_age_seconds
        self.jwks_uri = None
        self.keys = {}              # kid (None: a key without one) -> (jwt.PyJWK, its kty, its alg or None)
        self.fetched_at = None      # time.monotonic() of the last JWKS fetch
        self.fetches = 0            # how many times the JWKS was fetched (the tests read it)
        self._lock = threading.Lock()

    def _get_json(self, url, what):
        try:
            with urllib.request.urlopen(url, timeout=FETCH_TIMEOUT_SECONDS) as answer:
                return json.loads(answer.read().decode("utf-8"))
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise ProviderUnavailable(f"无法获取身份提供方的{what}", f"cannot fetch the provider's {what} "
                                      f"from {url}: {exc}") from None

    def _discover(self):
        url = self.issuer.rstrip("/") + "/.well-known/openid-configuration"
        document = self._get_json(url, "discovery document")
        if not isinstance(document, dict) or document.get("issuer") != self.issuer:
            raise ProviderUnavailable("身份提供方的发现文档与 OIDC_ISSUER 不符",
                                      f"the discovery document at {url} names the issuer "
                                      f"{document.get('issuer') if isinstance(document, dict) else None!r}, "
                                      f"not OIDC_ISSUER {self.issuer!r}")
        if not isinstance(document.get("jwks_uri"), str):
            raise ProviderUnavailable("身份提供方未公布 jwks_uri", f"the discovery document at {url} has no jwks_uri")
        self.jwks_uri = document["jwks_uri"]

    def _fetch(self):
        if self.jwks_uri is None:
            self._discover()
        jwks = self._get_json(self.jwks_uri, "JWKS")
        keys = {}
        for item in (jwks.get("keys") if isinstance(jwks, dict) else None) or []:
            if not isinstance(item, dict) or item.get("use", "sig") != "sig":
                continue
            try:
                keys[item.get("kid")] = (jwt.PyJWK(item), item.get("kty"), item.get("alg"))
            except (jwt.PyJWKError, jwt.InvalidKeyError):
                continue    # a key of a type this service cannot use; the others still serve
        self.keys, self.fetched_at = keys, time.monotonic()
        self.fetches += 1

    def key(self, kid):
        """The key named ``kid`` (a token without a kid: the provider's key without one); an
        unknown one fetches the JWKS again unless that was done in the last ``refresh_seconds``
        (then 401: the key is unknown)."""
        now = time.monotonic()
        stale = self.fetched_at is None or now - self.fetched_at >= self.max_age_seconds
        if stale or kid not in self.keys:
            with self._lock:
                now = time.monotonic()
                if self.fetched_at is None or now - self.fetched_at >= self.max_age_seconds or (
                        kid not in self.keys and now - self.fetched_at >= self.refresh_seconds):
                    self._fetch()
        found = self.keys.get(kid)
        if found is None:
            raise Unauthorized("令牌签名密钥未知", f"token signing key {kid!r} is not among the provider's keys")
        return found


class OidcVerifier:
    """Verifies one provider's access tokens and maps their claims (see the module's text)."""

    def __init__(self, issuer, audience, mapping, leeway=30, refresh_seconds=60, max_age_seconds=3600):
        self.issuer = issuer
        self.audience = audience
        self.mapping = mapping
        self.leeway = leeway
        self.keys = ProviderKeys(issuer, refresh_seconds, max_age_seconds)

    @classmethod
    def from_config(cls, config, roles):
        """None when ``OIDC_ISSUER`` is not set; a setting out of its bounds: ValueError naming it."""
        issuer = _setting(config.get("OIDC_ISSUER"), "")
        if not issuer:
            return None
        audience = _setting(config.get("OIDC_AUDIENCE"), "")
        if not audience:
            raise ValueError("OIDC_AUDIENCE must be set with OIDC_ISSUER: the audience the provider "
                             "puts in this service's access tokens")
        refresh = _number("OIDC_JWKS_REFRESH_SECONDS", config.get("OIDC_JWKS_REFRESH_SECONDS"), 60, 0, 86400)
        max_age = _number("OIDC_JWKS_MAX_AGE_SECONDS", config.get("OIDC_JWKS_MAX_AGE_SECONDS"), 3600, 1, 7 * 86400)
        return cls(issuer, [a.strip() for a in audience.split(",") if a.strip()],
                   ClaimMapping.from_config(config, roles), leeway=leeway_from_config(config),
                   refresh_seconds=refresh, max_age_seconds=max_age)

    def decode(self, token):
        """The verified claims of ``token`` (jwt exceptions for the caller to turn into 401)."""
        header = jwt.get_unverified_header(token)
        alg = header.get("alg")
        if alg not in ALGORITHMS:
            raise jwt.InvalidAlgorithmError(f"algorithm {alg!r} is not accepted from the provider")
        key, kty, key_alg = self.keys.key(header.get("kid"))
        if alg not in _KTY_ALGORITHMS.get(kty, ()) or (key_alg and key_alg != alg):
            raise jwt.InvalidAlgorithmError(f"the key {header.get('kid')!r} ({kty}, {key_alg}) "
                                            f"does not sign {alg}")
        return jwt.decode(token, key.key, algorithms=[alg], issuer=self.issuer, audience=self.audience,
                          leeway=self.leeway, options={"require": ["exp", "iat", "iss", "aud"]})
