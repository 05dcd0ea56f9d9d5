"""Signing in: at the city's provider (authorization code with PKCE, the console a confidential
client; its access token verified and mapped to the suite's principal exactly as the services
do, by the kit's ``OidcVerifier``), or on a developer's machine as a clearly marked test user.
"""
import base64
import hashlib
import logging
import secrets
import threading
import time
from urllib.parse import urlencode, urlparse

import jwt
import requests

from award_shared.web.auth import ROLES, Principal
from award_shared.web.keys import ensure_dev_keypair, mint
from award_shared.web.oidc import OidcVerifier

log = logging.getLogger("award_console.signin")

#: the development sign-in's test users: (login, role, display name, district)
DEV_USERS = [
    ("dev-applicant", "applicant", "【测试】申报单位经办人", None),
    ("dev-district", "district", "【测试】历下区推荐工作负责人", "历下区"),
    ("dev-office", "office", "【测试】市长质量奖办公室", None),
    ("dev-leading-group", "leading_group", "【测试】市质量强市领导小组", None),
    ("dev-third-party", "third_party", "【测试】第三方评审机构", None),
    ("dev-expert", "expert", "【测试】评审专家", None),
    ("dev-supervisor", "supervisor", "【测试】监督组成员", None),
    ("dev-government", "government", "【测试】市政府", None),
]


def user_of(principal):
    return {"sub": principal.sub, "name": principal.name or principal.sub,
            "roles": sorted(principal.roles), "district": principal.district}


def dev_sign_in(key_dir, login, ttl_seconds):
    """The session values of a development test user: a token minted with the development key."""
    for name, role, display, district in DEV_USERS:
        if name == login:
            private_path, _ = ensure_dev_keypair(key_dir)
            token = mint(private_path, name, [role], district=district, ttl_seconds=int(ttl_seconds),
                         extra={"name": display})
            return {"token": token, "token_expires": time.time() + int(ttl_seconds),
                    "user": {"sub": name, "name": display, "roles": [role], "district": district}}
    raise KeyError(login)


def pkce():
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return verifier, challenge


class SignInFailed(Exception):
    """The provider's answer cannot sign the person in; the message is Chinese."""


class RefreshRefused(SignInFailed):
    """The provider would not refresh the person's tokens (the grant ended, the refresh token
    was revoked or spent, the roles are gone): the person signs in again."""


class Provider:
    """The city's provider as the console's relying party."""

    def __init__(self, settings):
        self.settings = settings
        self._discovery = None
        self._fetched = 0.0
        self._lock = threading.Lock()
        config = {"OIDC_ISSUER": settings.issuer, "OIDC_AUDIENCE": settings.resource, **settings.claims}
        self.verifier = OidcVerifier.from_config(config, ROLES)

    @property
    def redirect_uri(self):
        return f"{self.settings.public_url}/callback"

    @property
    def signed_out_uri(self):
        return f"{self.settings.public_url}/signed-out"

    def discovery(self):
        with self._lock:
            if self._discovery is None or time.monotonic() - self._fetched > 3600:
                answer = requests.get(f"{self.settings.issuer}/.well-known/openid-configuration", timeout=10)
                answer.raise_for_status()
                self._discovery, self._fetched = answer.json(), time.monotonic()
            return self._discovery

    def origin(self):
        url = urlparse(self.settings.issuer)
        return f"{url.scheme}://{url.netloc}"

    def resources(self):
        """Every resource the console asks tokens for, the signing-in one first."""
        wanted = [self.settings.resource, *self.settings.resources.values()]
        return list(dict.fromkeys(wanted))

    def authorize_url(self, session, resource=None, silent=False):
        """The provider's authorization URL for ``resource``: the first asks for every resource
        (one grant covers them all); each next one is silent (``prompt=none``)."""
        resource = resource or self.settings.resource
        verifier, challenge = pkce()
        session["pending"] = {"state": secrets.token_urlsafe(16), "nonce": secrets.token_urlsafe(16),
                              "verifier": verifier, "resource": resource}
        query = {
            "client_id": self.settings.client_id, "response_type": "code", "redirect_uri": self.redirect_uri,
            "scope": "openid profile award", "state": session["pending"]["state"],
            "nonce": session["pending"]["nonce"], "resource": [resource] if silent else self.resources(),
            "code_challenge": challenge, "code_challenge_method": "S256"}
        if silent:
            query["prompt"] = "none"
        return self.discovery()["authorization_endpoint"] + "?" + urlencode(query, doseq=True)

    def finish(self, session, args):
        """The session values from the provider's redirect back (``code`` and ``state``)."""
        pending = session.pop("pending", None)
        if pending:
            session["last_resource"] = pending["resource"]
        if args.get("error"):
            raise SignInFailed(f"统一身份认证未完成：{args.get('error_description') or args['error']}")
        if not pending or not secrets.compare_digest(args.get("state", ""), pending["state"]):
            raise SignInFailed("登录请求已失效或不是由本控制台发起，请重新登录")
        answer = requests.post(self.discovery()["token_endpoint"], timeout=10,
                               auth=(self.settings.client_id, self.settings.client_secret), data={
            "grant_type": "authorization_code", "code": args.get("code", ""),
            "redirect_uri": self.redirect_uri, "code_verifier": pending["verifier"],
            "resource": pending["resource"]})
        if not answer.ok:
            raise SignInFailed(f"统一身份认证拒绝了登录（{answer.status_code}）")
        tokens = answer.json()
        if pending["resource"] != self.settings.resource:  # another service's token: that service verifies it
            return {"resource": pending["resource"], "token": tokens["access_token"]}
        id_token = tokens.get("id_token")
        if id_token:  # the nonce ties the ID token to this sign-in (its signature came over TLS from the token endpoint)
            claims = jwt.decode(id_token, options={"verify_signature": False})
            if claims.get("nonce") != pending["nonce"]:
                raise SignInFailed("身份令牌与本次登录不符，请重新登录")
        claims, principal = self._principal(tokens["access_token"], SignInFailed)
        return {"resource": pending["resource"], "token": tokens["access_token"], "id_token": id_token,
                "refresh_token": tokens.get("refresh_token"),
                "user": user_of(principal), "token_expires": claims.get("exp")}

    def _principal(self, access_token, failure):
        try:
            claims = self.verifier.decode(access_token)
            return claims, self.verifier.mapping.principal(claims, ROLES, Principal)
        except Exception as error:  # a token the services would refuse signs no one in
            raise failure(f"访问令牌无效：{error}") from None

    def _refresh_grant(self, refresh_token, resource):
        answer = requests.post(self.discovery()["token_endpoint"], timeout=10,
                               auth=(self.settings.client_id, self.settings.client_secret), data={
            "grant_type": "refresh_token", "refresh_token": refresh_token, "resource": resource})
        if answer.status_code in (400, 401):  # invalid_grant and its kin: the grant is over
            try:
                error = answer.json().get("error_description") or answer.json().get("error")
            except ValueError:
                error = answer.status_code
            raise RefreshRefused(f"统一身份认证不再续期本次登录（{error}）")
        answer.raise_for_status()  # the provider failing is not the person's grant ending
        return answer.json()

    def refresh(self, refresh_token, other_resources=()):
        """New tokens by the refresh-token grant: the signing-in resource's (its claims mapped
        again, so a changed role shows at once), then each other resource's under the same
        grant. The session values, as ``finish`` gives them."""
        tokens = self._refresh_grant(refresh_token, self.settings.resource)
        refresh_token = tokens.get("refresh_token") or refresh_token  # rotated, where the provider rotates
        claims, principal = self._principal(tokens["access_token"], RefreshRefused)
        values = {"token": tokens["access_token"], "token_expires": claims.get("exp"),
                  "user": user_of(principal), "tokens": {self.settings.resource: tokens["access_token"]}}
        if tokens.get("id_token"):
            values["id_token"] = tokens["id_token"]
        for resource in other_resources:
            if resource == self.settings.resource:
                continue
            other = self._refresh_grant(refresh_token, resource)
            refresh_token = other.get("refresh_token") or refresh_token
            values["tokens"][resource] = other["access_token"]
        values["refresh_token"] = refresh_token
        return values

    def revoke(self, refresh_token):
        """Revoke the refresh token at sign-out, where the provider has a revocation endpoint
        (RFC 7009); its failing does not keep the person signed in here."""
        endpoint = self.discovery().get("revocation_endpoint")
        if not endpoint or not refresh_token:
            return
        try:
            requests.post(endpoint, timeout=10, auth=(self.settings.client_id, self.settings.client_secret),
                          data={"token": refresh_token, "token_type_hint": "refresh_token"})
        except requests.RequestException as error:
            log.warning("the provider's revocation endpoint did not answer: %s", error)

    def end_session_url(self, id_token):
        """RP-Initiated Logout 1.0: the ID token the provider issued at sign-in (or its latest
        refresh) as ``id_token_hint``, so the provider knows whose session ends and ends it
        without asking; ``client_id`` too, which the spec lets the hint travel with."""
        endpoint = self.discovery().get("end_session_endpoint")
        if not endpoint:
            return None
        query = {"client_id": self.settings.client_id, "post_logout_redirect_uri": self.signed_out_uri}
        if id_token:
            query["id_token_hint"] = id_token
        return endpoint + "?" + urlencode(query)
