"""The Keycloak realm of deploy/keycloak/award-realm.json (issue 34, item 5) and the settings that
connect the suite to it (deploy/k8s ConfigMap award-config, docker-compose.yml) agree: every role
of the suite is a realm role the claim mapping names, every service's audience is in the tokens,
the tools' clients have their operator scope and nothing else; a bureau's role is a scope's
(``award:bureau``), which no client a person signs in through may have; award-demo's clients
(development/test only, one per persona) give roles only where a development suite's
``OIDC_SCOPE_ROLE_MAP`` adds the demo's scopes, never under the deployments' mapping.

It has NOT been imported into a running Keycloak here (no Keycloak in CI). What is checked
against Keycloak is its published realm representation: every field the file uses is one of
the fields of RealmRepresentation, ClientRepresentation, ClientScopeRepresentation,
GroupRepresentation, RoleRepresentation and ProtocolMapperRepresentation as Keycloak's admin
client declares them (js/libs/keycloak-admin-client/src/defs/ in keycloak/keycloak; the names
below are the subset of those fields this file may use), and the mappers named are Keycloak's
built-in ones."""
import json
import os

import yaml

from award_demo import personas
from award_shared.bus.topology import SERVICES
from award_shared.web.auth import ROLES
from award_shared.web.oidc import ClaimMapping
from award_testing import plain_yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

#: field name -> its JSON type, from Keycloak's representations (a subset: what a realm of roles,
#: groups, client scopes and clients needs)
REALM = {"realm": str, "enabled": bool, "displayName": str, "sslRequired": str, "registrationAllowed": bool,
         "loginWithEmailAllowed": bool, "duplicateEmailsAllowed": bool, "resetPasswordAllowed": bool,
         "bruteForceProtected": bool, "accessTokenLifespan": int, "ssoSessionIdleTimeout": int,
         "ssoSessionMaxLifespan": int, "defaultSignatureAlgorithm": str, "roles": dict, "groups": list,
         "defaultGroups": list, "clientScopes": list, "clients": list}
ROLE = {"name": str, "description": str, "composite": bool}
GROUP = {"name": str, "path": str, "realmRoles": list, "subGroups": list, "attributes": dict}
CLIENT_SCOPE = {"name": str, "description": str, "protocol": str, "attributes": dict, "protocolMappers": list}
MAPPER = {"name": str, "protocol": str, "protocolMapper": str, "config": dict}
CLIENT = {"clientId": str, "name": str, "enabled": bool, "publicClient": bool, "clientAuthenticatorType": str,
          "standardFlowEnabled": bool, "directAccessGrantsEnabled": bool, "implicitFlowEnabled": bool,
          "serviceAccountsEnabled": bool, "fullScopeAllowed": bool, "protocol": str, "redirectUris": list,
          "webOrigins": list, "attributes": dict, "defaultClientScopes": list, "optionalClientScopes": list,
          "protocolMappers": list, "secret": str}
#: Keycloak's built-in client scopes and protocol mappers this realm relies on
BUILT_IN_SCOPES = {"profile", "roles", "email", "web-origins", "acr", "basic"}
BUILT_IN_MAPPERS = {"oidc-audience-mapper", "oidc-usermodel-attribute-mapper", "oidc-hardcoded-claim-mapper"}


def realm():
    with open(os.path.join(ROOT, "deploy", "keycloak", "award-realm.json"), encoding="utf-8") as fh:
        return json.load(fh)


def fields(obj, spec, what):
    assert isinstance(obj, dict), what
    unknown = set(obj) - set(spec)
    assert not unknown, f"{what}: not a field of Keycloak's representation: {sorted(unknown)}"
    for key, value in obj.items():
        assert isinstance(value, spec[key]), f"{what}.{key} is {type(value).__name__}, not {spec[key].__name__}"


def config_map():
    with open(os.path.join(ROOT, "deploy", "k8s", "base", "config.yaml"), encoding="utf-8") as fh:
        return yaml.safe_load(fh)["data"]


def test_the_realm_uses_only_fields_of_keycloaks_realm_representation():
    r = realm()
    fields(r, REALM, "realm")
    assert set(r["roles"]) == {"realm"}
    for role in r["roles"]["realm"]:
        fields(role, ROLE, f"role {role.get('name')}")
    for group in r["groups"]:
        fields(group, GROUP, f"group {group.get('name')}")
    scopes = {s["name"] for s in r["clientScopes"]}
    for scope in r["clientScopes"]:
        fields(scope, CLIENT_SCOPE, f"client scope {scope['name']}")
        for mapper in scope.get("protocolMappers", []):
            fields(mapper, MAPPER, f"mapper {mapper.get('name')}")
            assert mapper["protocolMapper"] in BUILT_IN_MAPPERS and mapper["protocol"] == "openid-connect"
            assert all(isinstance(v, str) for v in mapper["config"].values()), "Keycloak's mapper config is strings"
    for client in r["clients"]:
        fields(client, CLIENT, f"client {client['clientId']}")
        assert set(client["defaultClientScopes"] + client["optionalClientScopes"]) <= scopes | BUILT_IN_SCOPES
        for mapper in client.get("protocolMappers", []):
            fields(mapper, MAPPER, f"mapper {mapper.get('name')} of {client['clientId']}")
            assert mapper["protocolMapper"] in BUILT_IN_MAPPERS and mapper["protocol"] == "openid-connect"
            assert all(isinstance(v, str) for v in mapper["config"].values()), "Keycloak's mapper config is strings"
    group_paths = {g["path"] for g in r["groups"]}
    assert set(r["defaultGroups"]) <= group_paths
    realm_roles = {role["name"] for role in r["roles"]["realm"]}
    assert all(set(g["realmRoles"]) <= realm_roles for g in r["groups"])


def test_the_claim_mapping_of_the_deployments_is_the_realms():
    r, data = realm(), config_map()
    mapping = ClaimMapping.from_config(data, ROLES)
    realm_roles = {role["name"] for role in r["roles"]["realm"]}
    # every role of the suite comes from a realm role, but a bureau's: a client (client
    # credentials), never a person, its role made by its scope award:bureau alone
    assert set(mapping.role_map) == realm_roles and set(mapping.role_map.values()) == ROLES - {"bureau"}
    scopes = {s["name"] for s in r["clientScopes"]}
    assert {s for s, role in mapping.scope_map.items() if role == "bureau"} == {"award:bureau"} <= scopes
    assert mapping.roles_claim == "realm_access.roles"   # where Keycloak's "roles" scope puts realm roles
    mappers = [m for s in r["clientScopes"] for m in s.get("protocolMappers", [])]
    audiences = {m["config"]["included.custom.audience"] for m in mappers if m["protocolMapper"] == "oidc-audience-mapper"}
    assert audiences == {data[f"{s.upper()}_OIDC_AUDIENCE"] for s in SERVICES}
    (district,) = [m for m in mappers if m["protocolMapper"] == "oidc-usermodel-attribute-mapper"]
    assert district["config"]["claim.name"] == mapping.district_claim
    # the tools' clients: service accounts with the operator scope; no person signs in through them
    tools = {c["clientId"]: c for c in r["clients"]
             if c.get("serviceAccountsEnabled") and not c["clientId"].startswith(personas.CLIENT_PREFIX)}
    assert set(tools) == {"award-clock", "award-restore"}
    for client in tools.values():
        assert not client["publicClient"] and not client["standardFlowEnabled"] and not client["fullScopeAllowed"]
        assert {mapping.scope_map.get(s) for s in client["defaultClientScopes"]} - {None} == {"operator"}
    # no client a person signs in through may be given a scope that makes a role
    for client in r["clients"]:
        if client.get("standardFlowEnabled"):
            assert not set(client["defaultClientScopes"] + client["optionalClientScopes"]) & set(mapping.scope_map)
            # public or confidential (the console is, with its secret), every sign-in is code + PKCE
            assert client["attributes"]["pkce.code.challenge.method"] == "S256"
    with open(os.path.join(ROOT, "deploy", "k8s", "secrets", "secrets.yaml"), encoding="utf-8") as fh:
        secrets = {d["metadata"]["name"]: d for d in yaml.safe_load_all(fh) if d}
    ids = {v for k, v in secrets["award-tool-clients"]["stringData"].items() if k.endswith("_CLIENT_ID")}
    assert ids == set(tools)


def test_the_demos_clients_are_one_per_persona_each_limited_to_its_role_and_no_role_in_production():
    r, data = realm(), config_map()
    demo = {c["clientId"]: c for c in r["clients"] if c["clientId"].startswith(personas.CLIENT_PREFIX)}
    expected = {p.client_id: p for p in personas.personas(40)}   # the README's replay: 40 applicants
    assert set(demo) == set(expected)
    production = ClaimMapping.from_config(data, ROLES)
    development = ClaimMapping.from_config(
        {**data, "OIDC_SCOPE_ROLE_MAP": data["OIDC_SCOPE_ROLE_MAP"] + "," + personas.SCOPE_ROLE_MAP}, ROLES)
    for client_id, client in demo.items():
        persona = expected[client_id]
        assert client["name"].startswith("DEVELOPMENT/TEST ONLY")
        assert client["serviceAccountsEnabled"] and not client["publicClient"] and not client["standardFlowEnabled"]
        assert not client["fullScopeAllowed"] and not client["directAccessGrantsEnabled"]
        assert client["secret"] == "${%s}" % personas.SECRET_ENV   # from the environment at import, never here
        assert client["defaultClientScopes"] == ["award-services", persona.scope] and not client["optionalClientScopes"]
        held = {development.scope_map.get(s) for s in client["defaultClientScopes"]} - {None}
        assert held == {persona.role}, client_id
        assert not {production.scope_map.get(s) for s in client["defaultClientScopes"]} - {None}, client_id
        mappers = client.get("protocolMappers", [])
        if persona.district:
            [mapper] = mappers
            assert mapper["protocolMapper"] == "oidc-hardcoded-claim-mapper"
            assert (mapper["config"]["claim.name"], mapper["config"]["claim.value"]) == (
                production.district_claim, persona.district)
        else:
            assert not mappers
    # no deployment names a demo client or maps a demo scope
    for folder, _, files in os.walk(os.path.join(ROOT, "deploy", "k8s")):
        for name in files:
            with open(os.path.join(folder, name), encoding="utf-8", errors="replace") as fh:
                text = fh.read()
            assert personas.CLIENT_PREFIX not in text and personas.SCOPE_PREFIX not in text, name
    with open(os.path.join(ROOT, "docker-compose.yml"), encoding="utf-8") as fh:
        assert personas.SCOPE_PREFIX not in fh.read()


def test_compose_passes_the_same_mapping_by_default():
    with open(os.path.join(ROOT, "docker-compose.yml"), encoding="utf-8") as fh:
        env = plain_yaml.load(fh)["services"]["intake"]["environment"]
    data = config_map()

    def default(value):
        return value.split(":-", 1)[1].rstrip("}") if value.startswith("${") else value
    for key in ("OIDC_ROLES_CLAIM", "OIDC_ROLE_MAP", "OIDC_SCOPE_ROLE_MAP", "OIDC_DISTRICT_CLAIM",
                *(f"{s.upper()}_OIDC_AUDIENCE" for s in SERVICES)):
        assert default(env[key]) == data[key], key
    assert default(env["OIDC_ISSUER"]) == data["OIDC_ISSUER"] == ""   # development tokens until set


def test_the_console_is_a_confidential_client_at_the_address_the_deployment_gives_it():
    """The console signs people in with a client secret (CONSOLE_OIDC_CLIENT_SECRET) and its
    callback is its public URL's: a realm that named another host, or a public client, would
    refuse every production sign-in."""
    with open(os.path.join(ROOT, "deploy", "k8s", "base", "console.yaml"), encoding="utf-8") as fh:
        public_url = next(doc["data"]["CONSOLE_PUBLIC_URL"] for doc in yaml.safe_load_all(fh)
                          if doc and doc.get("kind") == "ConfigMap" and "CONSOLE_PUBLIC_URL" in doc.get("data", {}))
    console = next(c for c in realm()["clients"] if c["clientId"] == "award-console")
    assert console["publicClient"] is False and console["clientAuthenticatorType"] == "client-secret"
    assert console["redirectUris"] == [f"{public_url}/callback"]
    assert console["attributes"]["post.logout.redirect.uris"] == f"{public_url}/signed-out"
    assert console["attributes"]["pkce.code.challenge.method"] == "S256"
