"""The people the replay acts as, and how it signs in as each at a provider (issue 34, item 3).

With development tokens the demo mints each persona's token itself. Against the city's OpenID
Connect provider it cannot: it asks the provider, by the client-credentials grant, with one
client per persona, named in its clients file (``--clients``, ``$AWARD_DEMO_CLIENTS``)::

    {"issuer": "https://sso.example.org/realms/award",           (else --issuer, $OIDC_ISSUER)
     "personas": {"office-demo": {"client_id": "award-demo-dev-office-demo",
                                  "secret_env": "AWARD_DEMO_CLIENT_SECRET"},
                  "expert-secondary-0": {"client_id": "...", "secret": "..."},
                  "applicant-000": {"client_id": "...", "secret_file": "/run/secrets/a000"}, ...}}

Each persona's client asks for its role's scope, ``award-demo:<role>``, and nothing else: the
provider grants a client only the scopes it is configured with, so an expert's client cannot
act as the office, and each expert, applicant and district coordinator being its own client,
recusal, own-sheet and own-application rules hold as they do for people. Who a persona is
to the services is its token's subject (for an applicant, what owns its applications), read
from the token, never made up here. The services make roles of the demo's scopes only where
``OIDC_SCOPE_ROLE_MAP`` says so (:data:`SCOPE_ROLE_MAP`): a development or test suite's setting,
never a production one, so a demo client in a production realm holds no role.
``award-demo --clients-template`` prints a clients file for the realm's demo clients.
"""
import json
import os
import re
from dataclasses import dataclass

from award_demo.people import DISTRICTS

#: every demo client's name starts so: development/test clients, never production ones
CLIENT_PREFIX = "award-demo-dev-"
SCOPE_PREFIX = "award-demo:"
SECRET_ENV = "AWARD_DEMO_CLIENT_SECRET"
CLIENTS_ENV = "AWARD_DEMO_CLIENTS"
#: the roles the replay acts in
ROLES = ("operator", "office", "leading_group", "government", "regulator", "third_party", "supervisor",
         "expert", "district", "applicant")
#: what the services' OIDC_SCOPE_ROLE_MAP adds for the demo (a development or test suite only)
SCOPE_ROLE_MAP = ",".join(f"{SCOPE_PREFIX}{role}:{role}" for role in ROLES)
#: the experts the agency engages: six per industry (review_steps.experts)
EXPERT_SECTORS = ("secondary", "tertiary")
EXPERTS_PER_SECTOR = 6
#: the agency's staff member and the supervisor who acts (review_steps)
AGENCY = "agency-staff-1"
SUPERVISOR = "sup-npc"


@dataclass(frozen=True)
class Persona:
    name: str                 # the demo's own name for it (its development token's subject)
    role: str
    district: str = None

    @property
    def client_id(self):
        return CLIENT_PREFIX + self.name.replace("_", "-")

    @property
    def scope(self):
        return SCOPE_PREFIX + self.role


def default_name(role):
    return f"{role}-demo"


def coordinator(district):
    return f"coordinator-{DISTRICTS.index(district)}"


def expert(sector, i):
    return f"expert-{sector}-{i}"


def applicant(n):
    return f"applicant-{n:03d}"


def personas(applicants):
    """Every persona a replay of ``applicants`` units and individuals acts as."""
    found = [Persona(default_name(role), role)
             for role in ("operator", "office", "leading_group", "government", "regulator")]
    found += [Persona(AGENCY, "third_party"), Persona(SUPERVISOR, "supervisor")]
    found += [Persona(expert(s, i), "expert") for s in EXPERT_SECTORS for i in range(EXPERTS_PER_SECTOR)]
    found += [Persona(coordinator(d), "district", d) for d in DISTRICTS]
    found += [Persona(applicant(n), "applicant") for n in range(applicants)]
    return found


def template(applicants, issuer=None):
    """A clients file for the demo clients of deploy/keycloak/award-realm.json (one secret for all
    of them, from $AWARD_DEMO_CLIENT_SECRET: development clients)."""
    return {**({"issuer": issuer} if issuer else {}), "personas": {
        p.name: {"client_id": p.client_id, "secret_env": SECRET_ENV} for p in personas(applicants)}}


class ClientsError(ValueError):
    """The clients file cannot serve the replay: the message names the persona and the field."""


def _secret(name, entry, environ, base_dir):
    given = [key for key in ("secret", "secret_env", "secret_file") if key in entry]
    if len(given) != 1:
        raise ClientsError(f"persona {name}: give exactly one of secret, secret_env, secret_file "
                           f"(given: {', '.join(given) or 'none'})")
    key, value = given[0], entry[given[0]]
    if not isinstance(value, str) or not value:
        raise ClientsError(f"persona {name}: {key} must be a non-empty string")
    if key == "secret":
        return value
    if key == "secret_env":
        if not environ.get(value):
            raise ClientsError(f"persona {name}: secret_env names ${value}, which is not set")
        return environ[value]
    path = os.path.join(base_dir, value)
    try:
        with open(path, encoding="utf-8") as fh:
            secret = fh.read().strip()
    except OSError as exc:
        raise ClientsError(f"persona {name}: secret_file {path}: {exc.strerror}") from None
    if not secret:
        raise ClientsError(f"persona {name}: secret_file {path} is empty")
    return secret


def load_clients(path, applicants, environ=None):
    """(issuer or None, {persona name: (Persona, client id, secret)}) of the clients file at
    ``path``, for a replay of ``applicants``; a persona missing, unknown or without its client
    id or secret stops it, naming which (nothing has been called yet)."""
    environ = os.environ if environ is None else environ
    try:
        with open(path, encoding="utf-8") as fh:
            document = json.load(fh)
    except OSError as exc:
        raise ClientsError(f"clients file {path}: {exc.strerror}") from None
    except ValueError as exc:
        raise ClientsError(f"clients file {path} is not JSON: {exc}") from None
    if not isinstance(document, dict) or not isinstance(document.get("personas"), dict):
        raise ClientsError(f"clients file {path}: needs an object \"personas\" of persona: {{client_id, secret...}}")
    issuer = document.get("issuer")
    if issuer is not None and (not isinstance(issuer, str) or not issuer):
        raise ClientsError(f"clients file {path}: issuer must be the provider's issuer URL")
    wanted = {p.name: p for p in personas(applicants)}
    given = document["personas"]
    missing = [name for name in wanted if name not in given]
    if missing:
        shown = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
        raise ClientsError(f"clients file {path}: no client for persona {shown} "
                           f"(award-demo --clients-template --applicants {applicants} lists them all)")
    # more applicants' clients than this replay needs serve a larger one; any other name is a slip
    unknown = sorted(n for n in given if n not in wanted and not re.fullmatch(r"applicant-\d{3,}", n))
    if unknown:
        raise ClientsError(f"clients file {path}: {', '.join(unknown)} is not a persona of the replay")
    base_dir = os.path.dirname(os.path.abspath(path))
    clients = {}
    for name, persona in wanted.items():
        entry = given[name]
        if not isinstance(entry, dict) or not isinstance(entry.get("client_id"), str) or not entry["client_id"]:
            raise ClientsError(f"persona {name}: client_id must be the client's id at the provider")
        clients[name] = (persona, entry["client_id"], _secret(name, entry, environ, base_dir))
    return issuer, clients
