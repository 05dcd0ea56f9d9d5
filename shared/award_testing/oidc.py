"""A real OpenID Connect provider for the tests: the certified ``oidc-provider`` npm package
(``tests/oidc/``, pinned in its package-lock.json, installed by ``scripts/install --test``) run
as a Node process on a free port, with one test user per role and a client per tool.

Tokens come from it through the authorization-code flow with PKCE, its login and consent
forms driven with ``requests`` -- nothing of the provider is mocked. Its signing key is made
here (so a test can also sign a token with it, say one already expired, and so ``rotate``
can restart it with a new one).
"""
import base64
import hashlib
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from urllib.parse import parse_qs, urljoin, urlparse

import jwt
import requests
from cryptography.hazmat.primitives.asymmetric import rsa

from award_demo import personas as demo_personas

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PROVIDER_DIR = os.path.join(ROOT, "tests", "oidc")
HOW_TO_INSTALL = ("the test OpenID Connect provider is not installed: run `scripts/install --test` "
                  "(it needs node 20 and npm, then runs `npm ci` in tests/oidc)")

#: provider group name -> the suite's role: what a city's SSO would call its groups
GROUPS = {role: f"award-{role.replace('_', '-')}" for role in (
    "office", "district", "third_party", "expert", "supervisor", "leading_group",
    "government", "regulator", "operator", "applicant")}
ROLE_MAP = ",".join(f"{group}:{role}" for role, group in GROUPS.items())
RESOURCES = [f"urn:award:{name}" for name in ("intake", "scoring", "supervision", "publicity", "revocation", "feed")]
#: one audience every service also takes (as a Keycloak token names all six): one sign-in for all
SUITE_AUDIENCE = "urn:award:suite"
RESOURCES.append(SUITE_AUDIENCE)
CLIENTS = ["award-console", "award-clock", "award-demo", "award-backup"]
REDIRECT_URI = "http://127.0.0.1/callback"
#: the scopes the tools' clients may be given, and the roles the services' OIDC_SCOPE_ROLE_MAP
#: makes of them (award_tools.credentials)
SCOPE_ROLES = {"award:operator": "operator", "award:office": "office", "award:bureau": "bureau"}
SCOPE_ROLE_MAP = ",".join(f"{scope}:{role}" for scope, role in SCOPE_ROLES.items())
#: the tools' confidential clients (client-credentials grant): id -> (secret, the scopes it may have)
TOOL_CLIENTS = {"award-clock-tool": ("clock-secret", "award:operator"),
                "award-restore-tool": ("restore-secret", "award:operator"),
                # two bureaus' own clients: scope award:bureau makes each a bureau, its client id its subject
                "bureau-market-regulation": ("market-secret", "award:bureau"),
                "bureau-credit-platform": ("credit-secret", "award:bureau")}
#: users' clients may ask for these scopes only: never a scope that makes a role
USER_SCOPES = "openid profile award"
#: award-demo's clients, one per persona of a replay of up to DEMO_APPLICANTS (development/test
#: clients, award_demo.personas): each may have its role's scope award-demo:<role> only; a
#: district coordinator's client's tokens say its district (Keycloak: a hardcoded-claim mapper)
DEMO_APPLICANTS = 40
DEMO_SCOPE_ROLE_MAP = demo_personas.SCOPE_ROLE_MAP
DEMO_CLIENTS = {p.client_id: (f"dev-secret-{p.name}", p) for p in demo_personas.personas(DEMO_APPLICANTS)}


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def new_signing_key():
    """An RSA key as (private key, its private JWK with a fresh kid)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key))
    # PyJWT marks a private JWK key_ops ["sign"]; the provider then finds no key to *verify* its
    # own ID token with, and refuses it as an end_session id_token_hint ("no applicable key
    # found in the JSON Web Key Set"): the key signs and verifies
    jwk.pop("key_ops", None)
    jwk.update(kid=f"test-{secrets.token_hex(4)}", alg="RS256", use="sig")
    return key, jwk


def _users():
    users = {}
    for role, group in GROUPS.items():
        users[role] = {"name": f"测试用户 {role}", "groups": [group, "offline_access"]}
    users["district"]["district"] = "历下区"
    # applicants of a public-facing sign-in: the provider knows a person, not the unit; a claim
    # it adds (here a credit code) is never what an application says (the form is)
    users["applicant-b"] = {"name": "测试申报人 B", "groups": [GROUPS["applicant"]],
                            "claims": {"credit_code": "91370100MA00000000"}}
    return users


class OidcProvider:
    """One provider process; ``issuer``, ``token(login, resource)``, ``client_token(client,
    resource, scope)``, ``sign(claims)``, ``set_groups(login, groups)``, ``rotate()``, ``stop()``."""

    def __init__(self, extra_clients=()):
        self.extra_clients = list(extra_clients)  # more client metadata (the console's confidential client)
        if not os.path.isdir(os.path.join(PROVIDER_DIR, "node_modules", "oidc-provider")):
            raise RuntimeError(HOW_TO_INSTALL)
        if shutil.which("node") is None:
            raise RuntimeError(HOW_TO_INSTALL)
        self.dir = tempfile.mkdtemp(prefix="award-oidc-")
        self.port = _free_port()
        self.issuer = f"http://127.0.0.1:{self.port}"
        self.users_path = os.path.join(self.dir, "users.json")
        self.users = _users()
        self._write_users()
        self.key, self.jwk = new_signing_key()
        self.process = None
        self.start()

    def _write_users(self):
        tmp = self.users_path + ".tmp"
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(self.users, fh, ensure_ascii=False)
        os.replace(tmp, self.users_path)

    def start(self):
        config = {
            "port": self.port, "issuer": self.issuer, "users": self.users_path,
            "jwks": {"keys": [self.jwk]}, "resources": RESOURCES,
            "clients": [{"client_id": name, "application_type": "native",
                         "token_endpoint_auth_method": "none", "redirect_uris": [REDIRECT_URI],
                         "grant_types": ["authorization_code"], "response_types": ["code"],
                         "scope": USER_SCOPES}
                        for name in CLIENTS] + [
                {"client_id": name, "client_secret": secret, "scope": scope, "grant_types": ["client_credentials"],
                 "response_types": [], "redirect_uris": [], "token_endpoint_auth_method": "client_secret_basic"}
                for name, (secret, scope) in TOOL_CLIENTS.items()] + [
                {"client_id": name, "client_secret": secret, "scope": persona.scope,
                 "grant_types": ["client_credentials"], "response_types": [], "redirect_uris": [],
                 "token_endpoint_auth_method": "client_secret_basic"}
                for name, (secret, persona) in DEMO_CLIENTS.items()] + self.extra_clients,
            "scopes": list(SCOPE_ROLES) + sorted({p.scope for _, p in DEMO_CLIENTS.values()}),
            "clientClaims": {name: {"award_district": persona.district}
                             for name, (_, persona) in DEMO_CLIENTS.items() if persona.district},
        }
        path = os.path.join(self.dir, "config.json")
        with open(path, "w", encoding="utf-8") as fh:
            json.dump(config, fh)
        self.log = open(os.path.join(self.dir, "provider.log"), "ab")
        self.process = subprocess.Popen(["node", os.path.join(PROVIDER_DIR, "provider.mjs"), path],
                                        cwd=PROVIDER_DIR, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"the test OpenID Connect provider exited: {self.log_text()}")
            try:
                if requests.get(f"{self.issuer}/.well-known/openid-configuration", timeout=2).ok:
                    return
            except requests.ConnectionError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"the test OpenID Connect provider did not answer: {self.log_text()}")
            time.sleep(0.1)

    def log_text(self):
        with open(os.path.join(self.dir, "provider.log"), encoding="utf-8", errors="replace") as fh:
            return fh.read()[-4000:]

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
        self.log.close()

    def close(self):
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)

    def rotate(self):
        """Restart the provider with a new signing key (a new kid); the old one is gone."""
        self.stop()
        self.key, self.jwk = new_signing_key()
        self.start()

    def set_groups(self, login, groups):
        """Change a user's groups at the provider: the next token carries them."""
        self.users[login]["groups"] = list(groups)
        self._write_users()

    def add_user(self, login, role, **claims):
        """Another test user with ``role`` (say a second applicant), at once known to the provider."""
        self.users[login] = {"name": f"测试用户 {login}", "groups": [GROUPS[role], "offline_access"], **claims}
        self._write_users()

    def sign(self, claims, key=None, kid=None):
        """A token signed with the provider's key (or ``key``), for the refusals' tests."""
        return jwt.encode(claims, key or self.key, algorithm="RS256",
                          headers={"kid": kid or self.jwk["kid"], "typ": "at+jwt"})

    def token(self, login, resource=RESOURCES[0], client_id=CLIENTS[0]):
        """An access token for ``login`` through the authorization-code flow with PKCE."""
        session = requests.Session()
        verifier = secrets.token_urlsafe(48)
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        state = secrets.token_urlsafe(8)
        discovery = session.get(f"{self.issuer}/.well-known/openid-configuration", timeout=5).json()
        answer = session.get(discovery["authorization_endpoint"], allow_redirects=False, timeout=5, params={
            "client_id": client_id, "response_type": "code", "redirect_uri": REDIRECT_URI,
            "scope": "openid profile award", "state": state, "resource": resource,
            "code_challenge": challenge, "code_challenge_method": "S256"})
        for _ in range(10):  # interaction -> login form -> consent form -> back to the client
            location = answer.headers.get("Location")
            if location and location.startswith(REDIRECT_URI):
                query = parse_qs(urlparse(location).query)
                assert query.get("state") == [state], query
                code = query["code"][0]
                break
            if location:
                answer = session.get(urljoin(answer.url, location), allow_redirects=False, timeout=5)
                continue
            form = re.search(r'<form[^>]*action="([^"]+)"', answer.text)
            prompt = re.search(r'name="prompt" value="(\w+)"', answer.text)
            assert form and prompt, f"no interaction form in the provider's answer: {answer.text[:500]}"
            fields = {"prompt": prompt.group(1)}
            if prompt.group(1) == "login":
                fields.update(login=login, password="any")
            answer = session.post(urljoin(answer.url, form.group(1)), data=fields,
                                  allow_redirects=False, timeout=5)
        else:
            raise AssertionError("the provider never redirected back with a code")
        answer = session.post(discovery["token_endpoint"], timeout=5, data={
            "grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT_URI,
            "client_id": client_id, "code_verifier": verifier, "resource": resource})
        assert answer.ok, answer.text
        return answer.json()["access_token"]

    def client_token(self, client_id, resource=RESOURCES[0], scope="award:operator"):
        """The token endpoint's answer (a requests.Response) to a tool's client asking by the
        client-credentials grant."""
        discovery = requests.get(f"{self.issuer}/.well-known/openid-configuration", timeout=5).json()
        return requests.post(discovery["token_endpoint"], timeout=5, auth=(client_id, TOOL_CLIENTS[client_id][0]),
                             data={"grant_type": "client_credentials", "scope": scope, "resource": resource})
