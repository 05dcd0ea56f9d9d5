"""Issue 34, item 3, for ``award-demo``: the replay signs in at the city's provider, one client
per persona (award_demo.personas), against the six services configured for the provider only
(development tokens refused). The provider is the tests' real one (award_testing.oidc, npm's
``oidc-provider``, nothing of it mocked) with the demo's development clients: each may have its
role's scope only, so each expert, applicant and district coordinator is its own subject.

One engine: the subject is signing in, not the database (the replay on both engines is
tests/test_demo.py's, with development tokens); SQLite, where the whole replay costs about
15 s, half what it costs on PostgreSQL."""
import json
import time

import jwt
import pytest
import requests

from award_demo import cli, personas
from award_feed.service import FeedService
from award_intake.service import IntakeService
from award_publicity.service import PublicityService
from award_revocation.service import RevocationService
from award_scoring.service import ScoringService
from award_supervision.service import SupervisionService
from award_testing import oidc
from award_tools import credentials
from award_tools.credentials import ClientCredentials, CredentialsError

START = "simulated:2019-03-01T09:00:00+08:00"
APPLICANTS = 8
SERVICES = (IntakeService, ScoringService, SupervisionService, PublicityService, RevocationService, FeedService)


def settings(provider, name):
    """The provider only (JWT_ACCEPT_DEV_TOKENS unset); a development suite's scope map: the
    tools' scopes and the demo's (docs/operations.md)."""
    return {"OIDC_ISSUER": provider.issuer, "OIDC_AUDIENCE": f"urn:award:{name}",
            "OIDC_ROLES_CLAIM": "realm_access.roles", "OIDC_ROLE_MAP": oidc.ROLE_MAP,
            "OIDC_SCOPE_ROLE_MAP": oidc.SCOPE_ROLE_MAP + "," + oidc.DEMO_SCOPE_ROLE_MAP,
            "OIDC_DISTRICT_CLAIM": "award_district", "OIDC_NAME_CLAIM": "name"}


@pytest.mark.engines("sqlite")  # the subject is the sign-in, not the database (see above)
def test_award_demo_replays_2019_signed_in_at_the_provider_one_client_per_persona(
        service_factory, oidc_provider, tmp_path, capsys, monkeypatch):
    extra = {"intake": {"DOCUMENT_DIR": str(tmp_path / "docs")}, "publicity": {"NOTICE_TIMER_SECONDS": 0.2},
             "revocation": {"DOCUMENT_DIR": str(tmp_path / "evidence")}}
    services = {cls.name: service_factory(cls, clock=START, extra={
        **settings(oidc_provider, cls.name), **extra.get(cls.name, {})}) for cls in SERVICES}
    monkeypatch.setenv("AWARD_SERVICE_URLS", ",".join(f"{n}={svc.client.base_url}" for n, svc in services.items()))
    # development tokens are refused: the replay below signed in at the provider or not at all
    assert services["intake"].client.get("/v1/past-winners", "office").status_code == 401
    clients = tmp_path / "clients.json"
    clients.write_text(json.dumps({"issuer": oidc_provider.issuer, "personas": {
        p.name: {"client_id": client_id, "secret": secret}
        for client_id, (secret, p) in oidc.DEMO_CLIENTS.items()}}))

    assert cli.main(["--clients", str(clients), "--key-dir", str(tmp_path / "no-keys"),
                     "--applicants", str(APPLICANTS), "--out", str(tmp_path / "certificates")]) == 0
    printed = capsys.readouterr().out
    assert f"━ {APPLICANTS}/{APPLICANTS} applications" in printed
    assert "refused a seat on its panel (Art. 25)" in printed and "large_spread" in printed
    assert ": dismissed" in printed and ": upheld" in printed and "revoked on 2020-11-30" in printed
    assert list((tmp_path / "certificates").glob("*.pdf"))

    # who acted, by their clients' subjects: each applicant, coordinator and expert its own
    intake = audit(services["intake"], oidc_provider.token("office"))
    actors = {e["actor"] for e in intake}
    assert {personas.CLIENT_PREFIX + personas.applicant(n) for n in range(3, APPLICANTS)} <= actors
    assert any(a.startswith(personas.CLIENT_PREFIX + "coordinator-") for a in actors)
    scoring = audit(services["scoring"], oidc_provider.token("office", "urn:award:scoring"))
    experts = {e["actor"] for e in scoring if "expert" in e["roles"]}
    assert len(experts) >= 5 and all(a.startswith(personas.CLIENT_PREFIX + "expert-") for a in experts)


def audit(service, token):
    """Every entry of the service's audit log, page after page."""
    entries, after = [], 0
    while True:
        page = requests.get(service.client.base_url + "/admin/v1/audit", timeout=30,
                            params={"after": after, "limit": 500}, headers={"Authorization": f"Bearer {token}"})
        assert page.status_code == 200, page.text
        entries, after = entries + page.json()["entries"], page.json()["next"]
        if after is None:
            return entries


def test_a_personas_client_gets_its_roles_scope_and_no_other(oidc_provider, monkeypatch):
    expert = personas.Persona(personas.expert("secondary", 1), "expert")
    secret, _ = oidc.DEMO_CLIENTS[expert.client_id]
    signin = ClientCredentials(oidc_provider.issuer, expert.client_id, secret, expert.scope)
    token = signin.token("scoring")
    claims = jwt.decode(token, options={"verify_signature": False})
    assert (claims["sub"], claims["scope"], claims["aud"]) == (expert.client_id, "award-demo:expert", "urn:award:scoring")
    assert signin.token("scoring") == token   # asked once ...
    later = time.monotonic() + claims["exp"] - claims["iat"]
    monkeypatch.setattr(credentials.time, "monotonic", lambda: later)
    assert signin.token("scoring") != token   # ... and again once it is about to expire (a long replay)
    with pytest.raises(CredentialsError, match="invalid_scope"):
        ClientCredentials(oidc_provider.issuer, expert.client_id, secret, "award-demo:office").token("scoring")
