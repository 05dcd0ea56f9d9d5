"""A bureau manages its own webhook subscriptions with its own client's token (issue 36, item 2):
the real OpenID Connect provider of award_testing.oidc (nothing of it mocked) gives two bureaus'
clients tokens by the client-credentials grant, their scope ``award:bureau`` making each the
``bureau`` role (``OIDC_SCOPE_ROLE_MAP``) and its client id its subject. Each registers, lists,
reads and rotates its own subscriptions and finds another's as absent (404); the operator sees
both; every other staff route of feed is 403 to a bureau. Real RabbitMQ, real database (SQLite
and PostgreSQL)."""
import re

import requests

from award_feed.service import FeedService
from award_testing import oidc

FEED = "urn:award:feed"
MARKET, CREDIT = "bureau-market-regulation", "bureau-credit-platform"


def client_token(provider, client_id, scope):
    answer = provider.client_token(client_id, resource=FEED, scope=scope)
    assert answer.status_code == 200, answer.text
    return answer.json()["access_token"]


def call(feed, method, path, token, **kw):
    return requests.request(method, feed.client.base_url + path, timeout=30,
                            headers={"Authorization": f"Bearer {token}"}, **kw)


def test_a_bureau_manages_only_its_own_subscriptions_and_no_other_staff_route(service_factory, oidc_provider):
    feed = service_factory(FeedService, extra={
        "OIDC_ISSUER": oidc_provider.issuer, "OIDC_AUDIENCE": FEED, "OIDC_ROLES_CLAIM": "realm_access.roles",
        "OIDC_ROLE_MAP": oidc.ROLE_MAP, "OIDC_SCOPE_ROLE_MAP": oidc.SCOPE_ROLE_MAP, "WEBHOOK_HTTP_LOOPBACK": "true"})
    market, credit = (client_token(oidc_provider, c, "award:bureau") for c in (MARKET, CREDIT))
    operator = client_token(oidc_provider, "award-clock-tool", "award:operator")
    # a bureau's client may not ask for the operator's scope: the provider refuses, no token at all
    refused = oidc_provider.client_token(MARKET, resource=FEED, scope="award:operator")
    assert refused.status_code == 400 and refused.json()["error"] == "invalid_scope", refused.text

    made = {}
    for name, token in (("market-regulation", market), ("credit-platform", credit)):
        answer = call(feed, "POST", "/v1/webhooks", token, json={"name": name, "url": "http://127.0.0.1:9/hook",
                                                                   "types": ["award.revoked"]})
        assert answer.status_code == 201, answer.text
        made[name] = answer.json()
    mine, theirs = made["market-regulation"], made["credit-platform"]
    assert (mine["created_by"], theirs["created_by"]) == (MARKET, CREDIT)   # each client's subject

    listed = call(feed, "GET", "/v1/webhooks", market).json()["subscriptions"]
    assert [s["id"] for s in listed] == [mine["id"]] and "secret" not in listed[0]
    everyone = call(feed, "GET", "/v1/webhooks", operator).json()["subscriptions"]
    assert sorted(s["id"] for s in everyone) == sorted([mine["id"], theirs["id"]])
    assert call(feed, "GET", f"/v1/webhooks/{mine['id']}", market).status_code == 200
    rotated = call(feed, "POST", f"/v1/webhooks/{mine['id']}/secret", market, json={"overlap_seconds": 60})
    assert rotated.status_code == 200 and rotated.json()["secret"] not in (None, mine["secret"]), rotated.text

    # another bureau's subscription is, to this one, one that does not exist: read, rotate,
    # replay or remove it is 404, and it stays as it was
    for method, path, body in (("GET", "", None), ("POST", "/secret", {}), ("POST", "/replay", {"after": 0}),
                               ("DELETE", "", None)):
        answer = call(feed, method, f"/v1/webhooks/{theirs['id']}{path}", market, json=body)
        assert answer.status_code == 404, (method, path, answer.text)
    kept = call(feed, "GET", f"/v1/webhooks/{theirs['id']}", credit).json()
    assert kept["previous_until"] is None and kept["state"] == "active"
    # the operator manages every subscription, the bureau's too
    assert call(feed, "DELETE", f"/v1/webhooks/{theirs['id']}", operator).status_code == 200

    # every other staff route of feed (the operations routes under /admin/v1) is 403 to a bureau
    document = feed.client.get("/openapi.json").json()
    staff = [(method.upper(), re.sub(r"\{[^}]+\}", "1", path)) for path, ops in document["paths"].items()
             for method, op in ops.items() if op.get("x-roles") and not path.startswith("/v1/webhooks")]
    assert len(staff) >= 10, staff
    for method, path in staff:
        answer = call(feed, method, path, market, json={} if method == "POST" else None)
        assert answer.status_code == 403, (method, path, answer.text)
    # the public feed is the same to a bureau's token as to anyone: the public projection
    assert call(feed, "GET", "/public/v1/feed", market).content == feed.client.get("/public/v1/feed").content
