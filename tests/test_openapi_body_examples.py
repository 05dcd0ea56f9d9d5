"""Issue 32, item 8: every request body of the six services (and of the kit's own routes) carries
an example in its OpenAPI document — the body schema's ``example`` class attribute, taken from the
bodies the tests already send — and that example is one the route accepts: ``schema.load(example)``
raises no ValidationError. That is the body's shape only: the checks that need the cycle's rule
set, today's date or the stored state (e.g. intake's ``applications``) run in the service.

A schema whose ``load`` needs what a unit test cannot give (a rule set, a context, the service) is
listed in LOAD_NEEDS_CONTEXT; for it the test checks only that the example's keys are all declared
fields and that every required field is present. Routes are found as in test_openapi_answers.py:
each service's container is built, never started, and its entrypoints read."""
import pytest
from marshmallow import ValidationError

from award_feed.service import FeedService
from award_intake.service import IntakeService
from award_publicity.service import PublicityService
from award_revocation.service import RevocationService
from award_scoring.service import ScoringService
from award_shared.web.http import ApiHandler
from award_supervision.service import SupervisionService

SERVICES = (IntakeService, ScoringService, SupervisionService, PublicityService, RevocationService, FeedService)

#: body schemas ("module.Class") still without an example: the set only shrinks (empty: every body has one)
NOT_YET = set()
#: body schemas ("module.Class") whose load needs a context a unit test cannot give: keys checked only
#: (empty: every body schema of the suite loads its example on its own)
LOAD_NEEDS_CONTEXT = set()


def bodies():
    from nameko.containers import ServiceContainer  # built, never started: only its routes are read
    seen = {}
    for cls in SERVICES:
        container = ServiceContainer(cls, {"AMQP_URI": "memory://"})
        for ep in container.entrypoints:
            if isinstance(ep, ApiHandler) and ep.body_schema is not None:
                schema = ep.body_schema
                seen.setdefault(f"{type(schema).__module__}.{type(schema).__qualname__}", (schema, []))[1].append(
                    f"{cls.name} {ep.method} {ep.url}")
    return seen


BODIES = bodies()


def test_every_body_schema_has_an_example_or_is_not_yet():
    missing = sorted(name for name, (schema, _) in BODIES.items()
                     if getattr(schema, "example", None) is None and name not in NOT_YET)
    assert not missing, "body schemas without an example (give the class an example = {…}):\n" + "\n".join(
        f"{name}: {', '.join(BODIES[name][1])}" for name in missing)
    done = sorted(name for name, (schema, _) in BODIES.items() if name in NOT_YET
                  and getattr(schema, "example", None) is not None)
    assert not done, "these have an example now: take them off NOT_YET:\n" + "\n".join(done)


@pytest.mark.parametrize("name", sorted(n for n, (s, _) in BODIES.items() if getattr(s, "example", None) is not None))
def test_the_example_is_a_body_the_route_accepts(name):
    schema, routes = BODIES[name]
    example = schema.example
    assert isinstance(example, dict), f"{name}: an example is one JSON object"
    declared = {field.data_key or key for key, field in schema.load_fields.items()}
    assert set(example) <= declared, f"{name}: undeclared keys {sorted(set(example) - declared)}"
    required = {field.data_key or key for key, field in schema.load_fields.items() if field.required}
    assert required <= set(example), f"{name}: required keys missing {sorted(required - set(example))}"
    if name in LOAD_NEEDS_CONTEXT:
        return
    try:
        type(schema)().load(example)
    except ValidationError as error:
        pytest.fail(f"{name} ({', '.join(routes)}): the example is refused: {error.messages}")
