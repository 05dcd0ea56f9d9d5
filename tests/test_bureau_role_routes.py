"""The ``bureau`` role (issue 36, item 2: a bureau's own client-credentials token) opens feed's
webhook subscription routes and nothing else of the six services: no other route names it, and
a route that names no role refuses a caller holding it alone (``award_shared.web.auth.admit``,
``shared/tests/test_auth.py``). Read from each service's own OpenAPI document, made from its
class (not started)."""
import importlib

from nameko.containers import ServiceContainer

from award_shared.web.openapi import openapi_document

SERVICES = {"intake": "IntakeService", "scoring": "ScoringService", "supervision": "SupervisionService",
            "publicity": "PublicityService", "revocation": "RevocationService", "feed": "FeedService"}


def test_only_feeds_webhook_routes_name_the_bureau_role():
    named = set()
    for name, cls_name in SERVICES.items():
        cls = getattr(importlib.import_module(f"award_{name}.service"), cls_name)
        document = openapi_document(ServiceContainer(cls, {"AMQP_URI": "memory://"}))
        named |= {(name, method.upper(), path) for path, ops in document["paths"].items()
                  for method, op in ops.items() if "bureau" in (op.get("x-roles") or ())}
    assert named == {("feed", "POST", "/v1/webhooks"), ("feed", "GET", "/v1/webhooks"),
                     ("feed", "GET", "/v1/webhooks/{subscription_id}"),
                     ("feed", "DELETE", "/v1/webhooks/{subscription_id}"),
                     ("feed", "POST", "/v1/webhooks/{subscription_id}/secret"),
                     ("feed", "POST", "/v1/webhooks/{subscription_id}/replay")}
