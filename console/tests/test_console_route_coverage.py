"""Issue 35, item 3: every action route of the six services (non-GET, neither public nor an
operator's /admin route), read from each service's own OpenAPI document, has a console page or a
stated reason in award_console/coverage.py; a route with neither fails here, and so does a
reason kept for a route that is gone or has a page now."""
import importlib

from nameko.containers import ServiceContainer

from award_console import coverage
from award_shared.web.openapi import openapi_document

SERVICES = {"intake": "IntakeService", "scoring": "ScoringService", "supervision": "SupervisionService",
            "publicity": "PublicityService", "revocation": "RevocationService", "feed": "FeedService"}


def documents():
    """Each service's /openapi.json as it serves it, made from its class (not started)."""
    for name, cls_name in SERVICES.items():
        cls = getattr(importlib.import_module(f"award_{name}.service"), cls_name)
        yield name, openapi_document(ServiceContainer(cls, {"AMQP_URI": "memory://"}))


def test_every_action_route_has_a_page_or_a_reason():
    routes = {route for name, doc in documents() for route in coverage.action_routes(name, doc)}
    pages = coverage.with_page()
    unlisted = sorted(r for r in routes if r not in pages and r not in coverage.WITHOUT_PAGE)
    assert unlisted == [], ("action routes with neither a console page nor a reason in "
                            f"console/award_console/coverage.py: {unlisted}")
    stale = sorted(r for r in coverage.WITHOUT_PAGE if r not in routes or r in pages)
    assert stale == [], f"reasons for routes that are gone or have a page now: {stale}"
    forms_for_nothing = sorted(r for r in pages if r not in routes)
    assert forms_for_nothing == [], f"console forms for routes the services do not have: {forms_for_nothing}"
    assert len(pages) >= 11  # the console forms of this first landing
