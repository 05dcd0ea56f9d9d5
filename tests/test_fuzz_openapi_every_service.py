"""The project's own fuzzing (issue 10): schemathesis over each service's ``/openapi.json``,
valid and invalid requests alike, with a token holding every role so requests reach the
handlers. Any 5xx fails, and so does any answer its route does not document: a refusal
outside the contract's Error shape, a success outside its route's schema (award_testing.answers,
its validators compiled once per service class).

Examples are bounded and derandomized so CI stays quick and repeatable;
``AWARD_FUZZ_EXAMPLES`` raises the bound for a longer run by hand.

Once per service, on PostgreSQL (``@pytest.mark.engines``; ``--db sqlite`` still runs it on
SQLite): what the fuzz sends that a database could choke on is refused at the door, by the
kit's engine-independent checks (lone surrogates and NUL, integers bounded, lengths), and
PostgreSQL is the stricter engine — it raises where SQLite stores (a 32-bit ``integer``
overflow, an over-long ``varchar``) — so a missing check shows there as a 5xx. The service
tests run every route on both engines. The kit's routes (award_shared's handlers: the clock,
audit, holds, outbox, dead letters, health, metrics, docs), one code in all six, are fuzzed on
KIT_HOST only; each service's fuzz spends its budget on its own routes."""
import os
from urllib.parse import urlsplit

import hypothesis
import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, strategies as st
from schemathesis import GenerationMode

from award_feed import delivery
from award_feed.service import FeedService
from award_intake.service import IntakeService
from award_publicity.service import PublicityService
from award_revocation.service import RevocationService
from award_scoring.service import ScoringService
from award_shared.web import keys
from award_supervision.service import SupervisionService
from award_testing import answers

#: requests per path of the document fuzzed (the budget is the document's, drawn over its
#: operations, schema examples among them): 6 keeps CI's share of the fuzz under a minute;
#: ``AWARD_FUZZ_EXAMPLES=200`` for a longer run by hand
EXAMPLES = int(os.environ.get("AWARD_FUZZ_EXAMPLES", 6))
ALL_ROLES = sorted(keys.ROLES)
CLOCK_2019 = "fixed:2019-03-01T09:00:00+08:00"
NO_WAIT = {"feed": {"FEED_WAIT_MAX_SECONDS": 0}}
PUBLIC_ADDRESS = "93.184.216.34"  # what a webhook's host resolves to here (see below)
#: the service whose fuzz covers the kit's own routes (award_shared: /admin/v1/clock, audit,
#: holds, outbox, dead letters, /health, /metrics, /docs, /openapi.json), served alike by all six
KIT_HOST = IntakeService


@pytest.mark.engines("postgresql")
@pytest.mark.parametrize("service_cls", [IntakeService, ScoringService, SupervisionService,
                                         PublicityService, RevocationService, FeedService], ids=lambda c: c.name)
def test_no_request_answers_5xx_or_an_answer_outside_the_contract(service_factory, token, service_cls, monkeypatch):
    # a webhook's host is resolved when it is registered (the SSRF check): the network's DNS is
    # outside the suite, and a lookup it never answers would stall the fuzz, so every name is
    # one public address here (a well-formed https URL registers, as a bureau's would; the feed
    # holds no events, so nothing is ever delivered to it)
    monkeypatch.setattr(delivery, "resolve", lambda host, port: [PUBLIC_ADDRESS])
    # feed's long poll (?wait=) would hold a generated request up to its bound: no wait here
    service = service_factory(service_cls, clock=CLOCK_2019, extra=NO_WAIT.get(service_cls.name))
    doc = service.client.get("/openapi.json").json()
    if service_cls is not KIT_HOST:
        doc = _without_kit_routes(doc, service_cls)
    schema = schemathesis.openapi.from_dict(doc)
    headers = {"Authorization": "Bearer " + token(*ALL_ROLES, sub="fuzz", district="历下区")}
    cases = st.one_of(schema.as_strategy(GenerationMode.POSITIVE), schema.as_strategy(GenerationMode.NEGATIVE))
    session = requests.Session()  # one connection kept open, not one per request
    session.headers.clear()       # only the case's headers, as schemathesis sends them
    failures = []

    @hypothesis.settings(max_examples=EXAMPLES * len(doc["paths"]), deadline=None, database=None,
                         derandomize=True, suppress_health_check=list(HealthCheck), phases=[
                             hypothesis.Phase.explicit, hypothesis.Phase.generate])
    @hypothesis.given(case=cases)
    def probe(case):
        kwargs = case.as_transport_kwargs(base_url=service.client.base_url, headers=headers)
        response = session.request(**kwargs, timeout=30, allow_redirects=False)
        wrong = _outside_contract(service, case.method, urlsplit(response.request.url).path, response)
        if wrong:
            failures.append(f"{case.method} {case.formatted_path} {case.query or ''} -> "
                            f"{response.status_code}: {wrong}\n  body sent: {str(case.body)[:300]}")

    try:
        probe()
    finally:
        session.close()
    assert not failures, f"{len(failures)} answers outside the contract:\n" + "\n".join(failures[:20])


def _without_kit_routes(doc, service_cls):
    """``doc`` without the operations of the kit's routes (their handlers defined in award_shared,
    the same as KIT_HOST's): one code, fuzzed once, on KIT_HOST."""
    paths = {}
    for path, operations in doc["paths"].items():
        own = {method: op for method, op in operations.items()
               if not (isinstance(op, dict) and _kit_handler(service_cls, op.get("operationId")))}
        if any(isinstance(op, dict) for op in own.values()):
            paths[path] = own
    return {**doc, "paths": paths}


def _kit_handler(service_cls, operation_id):
    """True if the operation's handler is the kit's (award_shared) and KIT_HOST serves that very one."""
    handler = getattr(service_cls, operation_id or "", None)
    return (getattr(handler, "__module__", "").startswith("award_shared.")
            and getattr(KIT_HOST, operation_id, None) is handler)


def _outside_contract(service, method, path, response):
    if response.status_code >= 500:
        return f"server error {response.text[:300]}"
    return answers.problem(service, method, path, response)
