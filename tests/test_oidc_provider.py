"""Staff sign in with the city's OpenID Connect provider (issue 34): a real provider (the
certified ``oidc-provider`` npm package, award_testing.oidc; nothing of it mocked) issues
access tokens through the authorization-code flow with PKCE, and a running intake service
takes them -- its roles from the provider's groups through the claim mapping of the settings
-- and refuses those expired, for another audience, from another issuer or signed with a key
the provider does not publish; the provider rotating its key does not break the service; the
audit says who, by subject and display name."""
import os
import time

import jwt
import pytest
import requests

from award_intake.service import IntakeService
from award_shared.errors import Unauthorized
from award_shared.web.auth import TokenVerifier
from award_shared.web.http import Auth
from award_shared.web.oidc import ProviderUnavailable
from award_testing import oidc
from award_testing.helpers import wait_for

# the subject is the provider's tokens at the kit's auth, not the database:
# the services' own tests and the suite's database tests cover both engines
pytestmark = pytest.mark.engines("postgresql")

CLOCK = "fixed:2019-03-01T09:00:00+08:00"
SCHEDULE = {"application": "2019-05-31T17:00:00+08:00", "district_review": "2019-06-30T17:00:00+08:00"}


@pytest.fixture
def intake(service_factory, oidc_provider):
    container = service_factory(IntakeService, clock=CLOCK, extra={
        "OIDC_ISSUER": oidc_provider.issuer, "OIDC_AUDIENCE": "urn:award:intake",
        "OIDC_ROLES_CLAIM": "realm_access.roles", "OIDC_ROLE_MAP": oidc.ROLE_MAP,
        "OIDC_DISTRICT_CLAIM": "award_district", "OIDC_NAME_CLAIM": "name",
        "OIDC_JWKS_REFRESH_SECONDS": 1})
    container.verifier = next(e for e in container.extensions if isinstance(e, Auth)).verifier
    return container


def call(service, method, path, token, **kw):
    return requests.request(method, service.client.base_url + path, timeout=30,
                            headers={"Authorization": f"Bearer {token}"}, **kw)


def claims(provider, **changes):
    now = int(time.time())
    base = {"sub": "office", "iss": provider.issuer, "aud": "urn:award:intake", "iat": now, "exp": now + 600,
            "realm_access": {"roles": [oidc.GROUPS["office"]]}}
    base.update(changes)
    return base


def test_staff_signed_in_at_the_provider_act_by_the_roles_it_gives(intake, oidc_provider, token):
    office = oidc_provider.token("office")
    opened = call(intake, "POST", "/v1/cycles", office, json={"edition": 2019, "schedule": SCHEDULE})
    assert opened.status_code == 201, opened.text
    audit = call(intake, "GET", "/admin/v1/audit", office).json()["entries"]
    opening = [e for e in audit if e["action"] == "cycle.open"]
    assert [(e["actor"], e["actor_name"], e["roles"]) for e in opening] == [("office", "测试用户 office", "office")]
    district = oidc_provider.token("district")
    listed = call(intake, "GET", "/v1/cycles/cycle-2019/applications", district)
    assert listed.status_code == 200, listed.text
    assert call(intake, "GET", "/v1/past-winners", district).status_code == 403
    # a development token is refused once a provider is configured
    assert intake.client.get("/v1/past-winners", "office").status_code == 401
    # the role taken away at the provider is gone with the next token
    oidc_provider.set_groups("office", ["offline_access"])
    try:
        assert call(intake, "GET", "/v1/past-winners", oidc_provider.token("office")).status_code == 403
    finally:
        oidc_provider.set_groups("office", [oidc.GROUPS["office"]])


def test_tokens_expired_for_another_audience_issuer_or_key_are_refused(intake, oidc_provider):
    assert call(intake, "GET", "/v1/past-winners", oidc_provider.token("office")).status_code == 200
    now = int(time.time())
    refused = {
        "expired": oidc_provider.sign(claims(oidc_provider, iat=now - 7200, exp=now - 3600)),
        "another audience": oidc_provider.token("office", resource="urn:award:scoring"),
        "another issuer": oidc_provider.sign(claims(oidc_provider, iss="http://127.0.0.1:1/other")),
        "an unknown key": oidc_provider.sign(claims(oidc_provider), key=oidc.new_signing_key()[0], kid="not-published"),
    }
    for what, bad in refused.items():
        answer = call(intake, "GET", "/v1/past-winners", bad)
        assert answer.status_code == 401, (what, answer.text)
        assert answer.json()["error"]["message_en"] == reason(what), (what, answer.text)


def reason(what):
    return {"expired": "token expired", "another audience": "token audience invalid",
            "another issuer": "token issuer invalid: this service takes the tokens of OIDC_ISSUER "
                              "(development tokens only with JWT_ACCEPT_DEV_TOKENS=true)",
            "an unknown key": "token signing key 'not-published' is not among the provider's keys"}[what]


def test_unknown_key_ids_fetch_the_keys_again_at_most_once_per_interval(oidc_provider):
    verifier = TokenVerifier.from_config({
        "OIDC_ISSUER": oidc_provider.issuer, "OIDC_AUDIENCE": "urn:award:intake",
        "OIDC_ROLES_CLAIM": "realm_access.roles", "OIDC_ROLE_MAP": oidc.ROLE_MAP,
        "OIDC_DISTRICT_CLAIM": "award_district", "OIDC_JWKS_REFRESH_SECONDS": 3600})
    principal = verifier.verify("Bearer " + oidc_provider.token("district"))
    assert (principal.sub, principal.roles, principal.district, principal.name) == (
        "district", {"district"}, "历下区", "测试用户 district")
    assert verifier.oidc.keys.fetches == 1
    for n in range(5):
        made_up = oidc_provider.sign(claims(oidc_provider, sub=f"s{n}"), key=oidc.new_signing_key()[0], kid=f"k{n}")
        with pytest.raises(Unauthorized):
            verifier.verify("Bearer " + made_up)
    assert verifier.oidc.keys.fetches == 1, "within the interval an unknown kid is not fetched again"
    verifier.oidc.keys.refresh_seconds = 0   # the interval has passed
    with pytest.raises(Unauthorized):
        verifier.verify("Bearer " + made_up)
    assert verifier.oidc.keys.fetches == 2


def test_the_provider_rotating_its_key_does_not_break_a_running_service(intake, oidc_provider):
    before = oidc_provider.token("office")
    assert call(intake, "GET", "/v1/past-winners", before).status_code == 200
    old_kid = jwt.get_unverified_header(before)["kid"]
    oidc_provider.rotate()
    after = oidc_provider.token("office")
    assert jwt.get_unverified_header(after)["kid"] != old_kid
    wait_for(lambda: call(intake, "GET", "/v1/past-winners", after).status_code == 200,
             message="the service to fetch the provider's new key")


def test_with_both_allowed_development_and_provider_tokens_are_taken(oidc_provider, key_dir, token):
    verifier = TokenVerifier.from_config({
        "OIDC_ISSUER": oidc_provider.issuer, "OIDC_AUDIENCE": "urn:award:intake",
        "OIDC_ROLES_CLAIM": "realm_access.roles", "OIDC_ROLE_MAP": oidc.ROLE_MAP,
        "JWT_PUBLIC_KEY_FILE": os.path.join(key_dir, "jwt-public.pem"), "JWT_ACCEPT_DEV_TOKENS": "true"})
    assert verifier.verify("Bearer " + token("office")).roles == {"office"}
    assert verifier.verify("Bearer " + oidc_provider.token("office")).roles == {"office"}


def test_a_provider_that_cannot_be_reached_or_names_another_issuer_is_503_not_401(oidc_provider):
    gone = oidc._free_port()
    unreachable = TokenVerifier.from_config({"OIDC_ISSUER": f"http://127.0.0.1:{gone}",
                                             "OIDC_AUDIENCE": "urn:award:intake"})
    token = oidc_provider.sign(claims(oidc_provider, iss=f"http://127.0.0.1:{gone}"))
    with pytest.raises(ProviderUnavailable, match="discovery document"):
        unreachable.verify("Bearer " + token)
    # the discovery document must name exactly OIDC_ISSUER (here: one slash more)
    other = TokenVerifier.from_config({"OIDC_ISSUER": oidc_provider.issuer + "/", "OIDC_AUDIENCE": "urn:award:intake"})
    with pytest.raises(ProviderUnavailable, match="not OIDC_ISSUER"):
        other.verify("Bearer " + oidc_provider.sign(claims(oidc_provider, iss=oidc_provider.issuer + "/")))
