"""Bearer-token authentication, as contract.md ("HTTP", Auth) describes it.

Tokens are JWTs signed asymmetrically (EdDSA or RS256). A service holds only the public
key -- as PEM text, a PEM file, or an OIDC provider's JWKS URL -- and verifies every
token on its own. ``award-token`` (award_tools.token) mints tokens for local use.

With ``OIDC_ISSUER`` set, the service takes the access tokens of that OpenID Connect provider
(award_shared.web.oidc: discovery, JWKS with key rotation, the claim mapping of the settings)
and refuses the development tokens unless ``JWT_ACCEPT_DEV_TOKENS`` says to take both.
"""

import contextlib
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from types import MappingProxyType

import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey
from cryptography.hazmat.primitives.serialization import load_pem_public_key
from cryptography.x509 import load_pem_x509_certificate

from award_shared.errors import ApiError, Forbidden, Unauthorized
from award_shared.web.oidc import OidcVerifier, leeway_from_config

ROLES = frozenset({
    "office", "leading_group", "third_party", "expert", "supervisor",
    "district", "government", "applicant", "operator",
    "regulator",  # market regulation: records quality spot checks (contract.md, Art. 29(4))
    "bureau",     # a bureau's own client (client credentials): its webhook subscriptions at feed only
})

#: roles a route admits only by naming them: a route with no roles (any signed-in caller) does not
#: admit a principal holding these alone. A bureau's client follows the award's public events; it
#: is none of the award's staff, so it reads no staff route that does not say so (contract.md, Auth)
NAMED_ONLY = frozenset({"bureau"})

DEFAULT_ALGORITHMS = ("EdDSA", "RS256")

# Which algorithms a key of each type may verify; a key never verifies another family's
# algorithm, so an RSA public key can never be abused as an HMAC secret and so on.
_KEY_ALGORITHMS = ((Ed25519PublicKey, {"EdDSA"}), (RSAPublicKey, {"RS256", "RS384", "RS512"}))


class AuthUnavailable(ApiError):
    """The service cannot verify tokens at all (no key configured, JWKS unreachable)."""
    status = 503
    code = "auth_unavailable"


@dataclass(frozen=True)
class Principal:
    """Who is calling: the verified claims of the token."""
    sub: str
    roles: frozenset
    district: str | None = None
    name: str | None = None     # the display name, when the token carries one
    claims: dict = field(default_factory=dict, compare=False, hash=False, repr=False)

    def has(self, *roles):
        """True when the principal holds at least one of ``roles``."""
        return any(role in self.roles for role in roles)


def require(principal, *roles):
    """Raise Forbidden (403) unless ``principal`` holds one of ``roles``."""
    if principal is None:
        raise Unauthorized("未提供身份凭证", "no credentials")
    if not principal.has(*roles):
        names = ", ".join(roles)
        raise Forbidden(f"无权执行此操作，仅限以下角色：{names}",
                        f"forbidden: this requires one of the roles {names}")


def admit(principal, roles):
    """A route's check of its caller: one of ``roles`` (403 otherwise); a route with none admits
    any signed-in caller but one whose roles are all in :data:`NAMED_ONLY` (403)."""
    if roles:
        require(principal, *sorted(roles))
    elif principal is not None and principal.roles and principal.roles <= NAMED_ONLY:
        raise Forbidden("委办局客户端仅可管理其 webhook 订阅，无权访问此接口",
                        "forbidden: a bureau's client manages its webhook subscriptions only")


class TokenVerifier:
    """Verifies ``Authorization: Bearer <JWT>`` headers and returns a Principal.

    The key is loaded (or the JWKS client created) on the first ``verify`` and cached;
    nothing is read or fetched at construction.
    """

    def __init__(self, public_key_pem=None, public_key_file=None, jwks_url=None,
                 algorithms=DEFAULT_ALGORITHMS, issuer=None, audience=None, leeway=30,
                 oidc=None, accept_dev_tokens=False):
        self.public_key_pem = public_key_pem
        self.public_key_file = public_key_file
        self.jwks_url = jwks_url
        self.algorithms = list(algorithms)
        self.issuer = issuer
        self.audience = audience
        self.leeway = leeway
        self.oidc = oidc                        # an OidcVerifier, or None: no provider configured
        self.accept_dev_tokens = accept_dev_tokens  # with a provider: the keys above too
        self._key = None            # (public key, allowed algorithms), once loaded
        self._jwks_client = None
        self._lock = threading.Lock()
        self._verified = OrderedDict()  # token -> (Principal, until): see verify()

    @classmethod
    def from_config(cls, config):
        """Build from a nameko config dict (keys JWT_PUBLIC_KEY, JWT_PUBLIC_KEY_FILE,
        JWT_JWKS_URL, JWT_ISSUER, JWT_AUDIENCE; absent means None; JWT_LEEWAY_SECONDS; the
        provider's OIDC_* and JWT_ACCEPT_DEV_TOKENS). A setting out of bounds: ValueError naming it."""
        accept = str(config.get("JWT_ACCEPT_DEV_TOKENS") or "false").strip().lower()
        if accept not in ("true", "false", "1", "0", "yes", "no"):
            raise ValueError(f"JWT_ACCEPT_DEV_TOKENS must be true or false, not {accept!r}")
        return cls(public_key_pem=config.get("JWT_PUBLIC_KEY") or None,
                   public_key_file=config.get("JWT_PUBLIC_KEY_FILE") or None,
                   jwks_url=config.get("JWT_JWKS_URL") or None,
                   issuer=config.get("JWT_ISSUER") or None,
                   audience=config.get("JWT_AUDIENCE") or None,
                   leeway=leeway_from_config(config),
                   oidc=OidcVerifier.from_config(config, ROLES),
                   accept_dev_tokens=accept in ("true", "1", "yes"))

    # -- key material -------------------------------------------------------------------

    def _load_static_key(self):
        if self.public_key_pem:
            # environment variables often carry the PEM with literal "\n"
            pem = self.public_key_pem.replace("\\n", "\n").strip().encode()
            source = "JWT_PUBLIC_KEY"
        else:
            source = self.public_key_file
            try:
                with open(self.public_key_file, "rb") as fh:
                    pem = fh.read()
            except OSError as exc:
                raise AuthUnavailable("无法读取令牌验证公钥文件",
                                      f"cannot read the token public key file: {exc}")
        try:
            if b"CERTIFICATE" in pem:
                key = load_pem_x509_certificate(pem).public_key()
            else:
                key = load_pem_public_key(pem)
        except ValueError as exc:
            raise AuthUnavailable("令牌验证公钥无效", f"invalid public key in {source}: {exc}")
        for key_type, family in _KEY_ALGORITHMS:
            if isinstance(key, key_type):
                allowed = [alg for alg in self.algorithms if alg in family]
                if allowed:
                    return key, allowed
        raise AuthUnavailable("令牌验证公钥类型不受支持",
                              f"public key type {type(key).__name__} does not fit "
                              f"the algorithms {self.algorithms}")

    def _key_for(self, token):
        """Return (key, algorithms) to verify ``token`` with."""
        if self.public_key_pem or self.public_key_file:
            if self._key is None:
                with self._lock:
                    if self._key is None:
                        self._key = self._load_static_key()
            return self._key
        if self.jwks_url:
            if self._jwks_client is None:
                with self._lock:
                    if self._jwks_client is None:
                        try:
                            self._jwks_client = jwt.PyJWKClient(self.jwks_url)
                        except jwt.PyJWKClientError as exc:
                            raise AuthUnavailable("令牌验证 JWKS 地址无效",
                                                  f"invalid JWT_JWKS_URL: {exc}")
            try:
                signing_key = self._jwks_client.get_signing_key_from_jwt(token)
            except jwt.PyJWKClientConnectionError as exc:
                raise AuthUnavailable("无法获取令牌验证公钥（JWKS）",
                                      f"cannot fetch the JWKS: {exc}")
            except jwt.PyJWKClientError as exc:
                raise Unauthorized("令牌签名密钥未知", f"token signing key unknown: {exc}")
            return signing_key, self.algorithms
        raise AuthUnavailable("未配置令牌验证公钥",
                              "no token public key configured "
                              "(JWT_PUBLIC_KEY, JWT_PUBLIC_KEY_FILE or JWT_JWKS_URL)")

    # -- verification -------------------------------------------------------------------

    def verify(self, authorization_header):
        """Verify an Authorization header value; return the Principal or raise 401."""
        if not authorization_header:
            raise Unauthorized("未提供身份凭证", "missing Authorization header")
        parts = authorization_header.split()
        if len(parts) != 2 or parts[0].lower() != "bearer":
            raise Unauthorized("身份凭证格式错误，应为 Bearer 令牌",
                                "Authorization header must be 'Bearer <token>'")
        token = parts[1]
        now = time.time()
        known = self._verified.get(token)
        if known is not None:
            principal, until = known
            if now <= until:
                with contextlib.suppress(KeyError):  # another thread may have just let it go
                    self._verified.move_to_end(token)
                return principal
            self._verified.pop(token, None)  # expired, or due to be checked against the key again
        claims, principal = self._verify(token)
        self._remember(token, principal, claims, now)
        return principal

    #: How many verified tokens are remembered, and for how long at most: a caller sends the
    #: same token with every call, and checking its signature again (Ed25519: ≈150 µs) is a
    #: large part of a short call. A remembered token is still refused once it expires, and is
    #: checked against the key again after VERIFIED_FOR seconds (a JWKS key may be withdrawn).
    VERIFIED_TOKENS = 4096
    VERIFIED_FOR = 300.0

    def _remember(self, token, principal, claims, now):
        exp = claims.get("exp")
        if not isinstance(exp, (int, float)):
            return
        self._verified[token] = (principal, min(exp + self.leeway, now + self.VERIFIED_FOR))
        while len(self._verified) > self.VERIFIED_TOKENS:
            self._verified.popitem(last=False)

    def _verify(self, token):
        """(claims, Principal) of ``token``: the provider's when it names OIDC_ISSUER, else a
        development token's (refused, with a provider configured, unless JWT_ACCEPT_DEV_TOKENS)."""
        if self.oidc is not None:
            issuer = self._checked(lambda: jwt.decode(token, options={"verify_signature": False})).get("iss")
            if issuer == self.oidc.issuer:
                claims = self._checked(lambda: self.oidc.decode(token))
                return claims, self.oidc.mapping.principal(claims, ROLES, Principal)
            if not self.accept_dev_tokens:
                raise Unauthorized("令牌签发者不符", "token issuer invalid: this service takes the tokens of "
                                   "OIDC_ISSUER (development tokens only with JWT_ACCEPT_DEV_TOKENS=true)")
        claims = self._decode(token)
        return claims, self._principal(claims)

    def _decode(self, token):
        options = {"require": ["exp", "sub"]}
        if self.audience is None:
            options["verify_aud"] = False

        def decode():
            key, algorithms = self._key_for(token)
            return jwt.decode(token, key, algorithms=algorithms, options=options,
                              issuer=self.issuer, audience=self.audience,
                              leeway=self.leeway)
        return self._checked(decode)

    @staticmethod
    def _checked(decode):
        """``decode()``, its refusals as 401 saying why."""
        try:
            return decode()
        except jwt.ExpiredSignatureError:
            raise Unauthorized("令牌已过期", "token expired")
        except jwt.InvalidSignatureError:
            raise Unauthorized("令牌签名无效", "token signature invalid")
        except jwt.MissingRequiredClaimError as exc:
            raise Unauthorized(f"令牌缺少声明：{exc.claim}",
                                f"token is missing the '{exc.claim}' claim")
        except jwt.ImmatureSignatureError:
            raise Unauthorized("令牌尚未生效", "token not yet valid")
        except jwt.InvalidAudienceError:
            raise Unauthorized("令牌受众不符", "token audience invalid")
        except jwt.InvalidIssuerError:
            raise Unauthorized("令牌签发者不符", "token issuer invalid")
        except jwt.InvalidAlgorithmError:
            raise Unauthorized("令牌签名算法不被接受", "token signing algorithm not allowed")
        except (jwt.InvalidTokenError, jwt.InvalidKeyError) as exc:
            raise Unauthorized("令牌无效", f"token invalid: {exc}")

    @staticmethod
    def _principal(claims):
        sub = claims.get("sub")
        if not isinstance(sub, str) or not sub:
            raise Unauthorized("令牌缺少声明：sub", "token is missing the 'sub' claim")
        roles = claims.get("roles")
        if (not isinstance(roles, list) or not roles
                or not all(isinstance(role, str) for role in roles)):
            raise Unauthorized("令牌缺少声明：roles", "token is missing the 'roles' claim")
        unknown = sorted(set(roles) - ROLES)
        if unknown:
            raise Unauthorized(f"令牌包含未知角色：{', '.join(unknown)}",
                                f"token has unknown roles: {', '.join(unknown)}")
        district = claims.get("district")
        name = claims.get("name")
        if district is not None and not isinstance(district, str):
            raise Unauthorized("令牌的 district 声明无效", "token 'district' claim invalid")
        if "district" in roles and not district:
            raise Unauthorized("区县角色的令牌缺少 district 声明",
                                "token with the 'district' role lacks the 'district' claim")
        return Principal(sub=sub, roles=frozenset(roles), district=district or None,
                         name=name if isinstance(name, str) and name else None,
                         claims=MappingProxyType(claims))  # read-only: one Principal serves many calls
