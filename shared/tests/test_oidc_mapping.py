"""The claim mapping of a provider's access tokens is configuration (award_shared.web.oidc):
each setting is checked when the service starts, and a bad one is named."""
import pytest

from award_shared.web.auth import ROLES, Principal, TokenVerifier
from award_shared.web.oidc import ClaimMapping, dotted

PROVIDER = {"OIDC_ISSUER": "https://sso.jinan.example/realms/award", "OIDC_AUDIENCE": "urn:award:intake"}


def test_keycloak_realm_roles_map_to_the_suite_roles_and_other_groups_are_left_out():
    mapping = ClaimMapping.from_config({"OIDC_ROLES_CLAIM": "realm_access.roles",
                                        "OIDC_ROLE_MAP": "zjj-office:office, /award/district:district",
                                        "OIDC_DISTRICT_CLAIM": "attrs.district", "OIDC_SUBJECT_CLAIM": "sub",
                                        "OIDC_NAME_CLAIM": "preferred_name"}, ROLES)
    claims = {"sub": "u-1", "preferred_name": "王芳", "attrs": {"district": "历下区"},
              "realm_access": {"roles": ["zjj-office", "/award/district", "offline_access", "office"]}}
    principal = mapping.principal(claims, ROLES, Principal)
    assert (principal.sub, principal.roles, principal.district, principal.name) == (
        "u-1", {"office", "district"}, "历下区", "王芳")
    nobody = mapping.principal({"sub": "u-2", "realm_access": {"roles": ["offline_access"]}}, ROLES, Principal)
    assert nobody.roles == frozenset()  # signed in, but no role here: 403 at every route


def test_without_a_map_the_claim_holds_the_suite_role_names():
    mapping = ClaimMapping.from_config({"OIDC_ROLES_CLAIM": "groups"}, ROLES)
    principal = mapping.principal({"sub": "e", "groups": "expert uma_authorization"}, ROLES, Principal)
    assert principal.roles == {"expert"}
    assert dotted({"a": {"b": 1}}, "a.c") is None


def test_a_tools_scopes_make_its_roles_only_as_the_scope_map_says():
    """The client-credentials token of a tool (no person, no groups): its ``scope`` claim, RFC
    9068's space-separated string, gives the roles OIDC_SCOPE_ROLE_MAP names, beside the groups'."""
    mapping = ClaimMapping.from_config({"OIDC_ROLES_CLAIM": "realm_access.roles", "OIDC_ROLE_MAP": "award-expert:expert",
                                        "OIDC_SCOPE_ROLE_MAP": "award:operator:operator"}, ROLES)
    tool = mapping.principal({"sub": "award-clock", "scope": "openid award:operator award:office"}, ROLES, Principal)
    assert tool.roles == {"operator"}   # award:office is no scope the map names
    both = mapping.principal({"sub": "p", "scope": "award:operator", "realm_access": {"roles": ["award-expert"]}},
                             ROLES, Principal)
    assert both.roles == {"operator", "expert"}
    assert mapping.principal({"sub": "t", "scp": ["award:operator", 7]}, ROLES, Principal).roles == {"operator"}
    unmapped = ClaimMapping.from_config({"OIDC_ROLES_CLAIM": "groups"}, ROLES)
    assert unmapped.principal({"sub": "t", "scope": "operator"}, ROLES, Principal).roles == frozenset()


@pytest.mark.parametrize("setting, value, named", [
    ("OIDC_ROLE_MAP", "award-office=office", "OIDC_ROLE_MAP"),
    ("OIDC_SCOPE_ROLE_MAP", "award:mayor", "OIDC_SCOPE_ROLE_MAP"),
    ("OIDC_SCOPE_ROLE_MAP", "award-operator", "OIDC_SCOPE_ROLE_MAP"),
    ("OIDC_ROLE_MAP", "award-office:mayor", "OIDC_ROLE_MAP"),
    ("OIDC_AUDIENCE", "", "OIDC_AUDIENCE"),
    ("JWT_LEEWAY_SECONDS", "3600", "JWT_LEEWAY_SECONDS"),
    ("JWT_LEEWAY_SECONDS", "soon", "JWT_LEEWAY_SECONDS"),
    ("OIDC_JWKS_REFRESH_SECONDS", "-1", "OIDC_JWKS_REFRESH_SECONDS"),
    ("JWT_ACCEPT_DEV_TOKENS", "perhaps", "JWT_ACCEPT_DEV_TOKENS"),
])
def test_a_bad_setting_is_named_when_the_service_starts(setting, value, named):
    with pytest.raises(ValueError, match=named):
        TokenVerifier.from_config({**PROVIDER, setting: value})


def test_without_an_issuer_only_development_tokens_are_taken():
    verifier = TokenVerifier.from_config({"JWT_PUBLIC_KEY_FILE": "var/keys/jwt-public.pem"})
    assert verifier.oidc is None
    assert TokenVerifier.from_config({**PROVIDER, "JWT_ACCEPT_DEV_TOKENS": "true"}).accept_dev_tokens
