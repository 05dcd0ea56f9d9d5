"""Every action route of the six services (a non-GET route that is neither public nor an
operator's ``/admin`` one) has a console page or a reason here why not (issue 35, item 3);
``console/tests/test_console_route_coverage.py`` reads each service's OpenAPI document and fails
on a route that has neither, and on a reason for a route that no longer exists or has a page.

A route given a page since is taken out of this list; one a service adds is put in it (or given
a page) in the same change.
"""
from award_console import pages_paper
from award_console.actions import ACTIONS

NOT_YET = "not yet in the console (issue 35)"
ON_THE_API = "stays on the API: an operator's or a migration's tool, not a person's daily work"

#: (service, METHOD, path as in /openapi.json) -> why the console has no page for it
WITHOUT_PAGE = {
    ("intake", "POST", "/v1/past-winners"): ON_THE_API + " (the import of earlier editions' winners, Art. 10(7))",
    **{("feed", method, path): ON_THE_API + " (bureaus' webhook subscriptions)"
       for method, path in (("POST", "/v1/webhooks"), ("DELETE", "/v1/webhooks/{subscription_id}"),
                           ("POST", "/v1/webhooks/{subscription_id}/secret"),
                           ("POST", "/v1/webhooks/{subscription_id}/replay"))},
    ("publicity", "POST", "/v1/awards/import"): ON_THE_API + " (the import of awards made before the suite)",
}


def with_page():
    """(service, METHOD, path) of every route a console form or page calls."""
    return {(a.service, a.method, a.path): a.name for a in ACTIONS.values()} | pages_paper.POSTS


def action_routes(service, document):
    """The action routes of one service's OpenAPI document."""
    for path, operations in document["paths"].items():
        if path.startswith("/admin/"):
            continue
        for method, operation in operations.items():
            if method.upper() == "GET" or operation.get("security") == []:
                continue
            yield service, method.upper(), path
