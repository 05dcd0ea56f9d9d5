"""Every service is a relying party of the city's OpenID Connect provider (issue 34, items 2-4):
the real provider of award_testing.oidc (npm's ``oidc-provider``; nothing of it mocked), one for
the session, and the six services on the engine under test, each set up as an operator would
(its audience, the claim mapping of the settings).

- each service takes a staff member's token, reading its database, and a role taken away at
  the provider is gone with the next token;
- the tools' clients get tokens by the client-credentials grant, their scopes making their
  roles (``OIDC_SCOPE_ROLE_MAP``) and nothing more: ``award-clock`` reads every clock with
  one, ``award-restore`` has feed's publishers replay, and a scope the client is not allowed
  is refused by the provider;
- an applicant signs in at the provider and owns its application by the provider's subject; the
  unit's credit code is the form's, whatever claim the token carries.
"""
import io

import pytest
import requests
import sqlalchemy as sa

from award_feed.service import FeedService
from award_intake import examples
from award_intake.service import IntakeService
from award_publicity.service import PublicityService
from award_revocation.service import RevocationService
from award_scoring.service import ScoringService
from award_supervision.service import SupervisionService
from award_testing import oidc
from award_tools import backup, clock, credentials
from award_tools.backup_cli import main_restore

CLOCK = "fixed:2019-03-01T09:00:00+08:00"
SCHEDULE = {"application": "2019-05-31T17:00:00+08:00", "district_review": "2019-06-30T17:00:00+08:00"}
SERVICES = (IntakeService, ScoringService, SupervisionService, PublicityService, RevocationService, FeedService)


def settings(provider, service, **more):
    """What an operator sets for ``service`` (docs/operations.md): the provider, its audiences
    (its own, and the one every service takes: one sign-in for all six here) and the claim
    mapping of the provider's groups and of the tools' scopes."""
    return {"OIDC_ISSUER": provider.issuer, "OIDC_AUDIENCE": f"urn:award:{service},{oidc.SUITE_AUDIENCE}",
            "OIDC_ROLES_CLAIM": "realm_access.roles", "OIDC_ROLE_MAP": oidc.ROLE_MAP,
            "OIDC_SCOPE_ROLE_MAP": oidc.SCOPE_ROLE_MAP, "OIDC_DISTRICT_CLAIM": "award_district", **more}


def call(service, method, path, token, **kw):
    return requests.request(method, service.client.base_url + path, timeout=30,
                            headers={"Authorization": f"Bearer {token}"}, **kw)


def test_every_service_takes_the_tokens_of_staff_and_of_the_tools_and_no_more_than_they_give(
        service_factory, oidc_provider, monkeypatch, database_url_factory, tmp_path):
    suite = {cls.name: service_factory(cls, clock=CLOCK, extra=settings(oidc_provider, cls.name)) for cls in SERVICES}
    office = oidc_provider.token("office", resource=oidc.SUITE_AUDIENCE)
    for name, service in suite.items():
        audit = call(service, "GET", "/admin/v1/audit", office)   # read from the service's own database
        assert audit.status_code == 200 and "entries" in audit.json(), (name, audit.text)
    # the office's group taken away at the provider: the next token gives no role anywhere
    oidc_provider.set_groups("office", ["offline_access"])
    try:
        office = oidc_provider.token("office", resource=oidc.SUITE_AUDIENCE)
    finally:
        oidc_provider.set_groups("office", [oidc.GROUPS["office"], "offline_access"])
    for name, service in suite.items():
        answer = call(service, "GET", "/admin/v1/audit", office)
        assert answer.status_code == 403, (name, answer.text)

    # award-clock signs in with its own client (client credentials, a token per service's own
    # audience) and reads every clock
    urls = [f"--service={name}={service.client.base_url}" for name, service in suite.items()]
    secret = oidc.TOOL_CLIENTS["award-clock-tool"][0]
    monkeypatch.setenv(credentials.CLIENT_SECRET_ENV, secret)
    out = io.StringIO()
    monkeypatch.setattr("sys.stdout", out)
    assert clock.main([*urls, "--client-id", "award-clock-tool", "--issuer", oidc_provider.issuer]) == 0, out.getvalue()
    assert out.getvalue().count("fixed") == len(SERVICES), out.getvalue()
    # its scope award:operator makes it the operator and nothing more: the office's route is 403
    tool = credentials.ClientCredentials(oidc_provider.issuer, "award-clock-tool", secret, "award:operator")
    opened = call(suite["intake"], "POST", "/v1/cycles", tool.token("intake"), json={"edition": 2019, "schedule": SCHEDULE})
    assert opened.status_code == 403, opened.text
    # a scope the provider does not allow this client is refused there: no token at all
    refused = oidc_provider.client_token("award-clock-tool", resource="urn:award:intake", scope="award:office")
    assert refused.status_code == 400 and refused.json()["error"] == "invalid_scope", refused.text
    wrong = credentials.ClientCredentials(oidc_provider.issuer, "award-clock-tool", "not-the-secret", "award:operator")
    with pytest.raises(credentials.CredentialsError, match="refused client 'award-clock-tool'"):
        wrong.token("intake")

    # award-restore signs in with its own client to ask feed's publishers to replay
    archive = str(tmp_path / "feed.tar")
    backup.backup("feed", suite["feed"].database_url, archive)
    monkeypatch.setenv(credentials.CLIENT_SECRET_ENV, oidc.TOOL_CLIENTS["award-restore-tool"][0])
    out.truncate(0)
    publishers = [f"--publisher={name}={service.client.base_url}" for name, service in suite.items() if name != "feed"]
    assert main_restore(["feed", archive, "--database-url", database_url_factory("feed-restored"), *publishers,
                         "--client-id", "award-restore-tool", "--issuer", oidc_provider.issuer]) == 0, out.getvalue()
    assert "publicity: replayed 0 events to feed" in out.getvalue(), out.getvalue()


def test_an_applicant_signed_in_at_the_provider_owns_its_application_by_the_providers_subject(
        service_factory, oidc_provider):
    # the office's setup with development tokens beside the provider's (JWT_ACCEPT_DEV_TOKENS)
    intake = service_factory(IntakeService, clock=CLOCK,
                             extra=settings(oidc_provider, "intake", JWT_ACCEPT_DEV_TOKENS="true"))
    client = intake.client
    assert client.post("/v1/cycles", "office", json_body={"edition": 2019, "schedule": SCHEDULE}).status_code == 201
    assert client.post("/v1/cycles/cycle-2019/review-scheme", "office").status_code == 201
    scheme = client.get("/v1/cycles/cycle-2019/review-scheme", "leading_group").json()["scheme_sha256"]
    decided = client.post("/v1/cycles/cycle-2019/review-scheme/decision", "leading_group", json_body={
        "outcome": "approved", "decision": "市质量强市领导小组2019年第1次会议纪要", "scheme_sha256": scheme})
    assert decided.status_code == 200, decided.text
    notice = client.post("/v1/cycles/cycle-2019/notice", "office", json_body={"text": "关于组织申报2019年度济南市市长质量奖的通知"})
    assert notice.status_code == 201, notice.text

    b = oidc_provider.token("applicant-b")   # its token says a credit code; the form says another
    created = call(intake, "POST", "/v1/cycles/cycle-2019/applications", b, json=examples.unit_form())
    assert created.status_code == 201, created.text
    app = created.json()
    assert app["credit_code"] == examples.credit_code() != oidc_provider.users["applicant-b"]["claims"]["credit_code"]
    with intake.engine.connect() as conn:
        owner = conn.execute(sa.text("SELECT applicant_sub FROM applications WHERE application_id = :a"),
                             {"a": app["application_id"]}).scalar_one()
    assert owner == "applicant-b"   # the provider's stable subject
    assert call(intake, "GET", f"/v1/applications/{app['application_id']}", b).status_code == 200
    # another person signed in at the same provider neither sees nor changes it
    other = oidc_provider.token("applicant")
    assert call(intake, "GET", f"/v1/applications/{app['application_id']}", other).status_code == 404
    assert call(intake, "PUT", f"/v1/applications/{app['application_id']}", other,
                json=examples.unit_form()).status_code == 404
    listed = call(intake, "GET", "/v1/cycles/cycle-2019/applications", other).json()["applications"]
    assert listed == []
    mine = call(intake, "GET", "/v1/cycles/cycle-2019/applications", b).json()["applications"]
    assert [a["application_id"] for a in mine] == [app["application_id"]]
