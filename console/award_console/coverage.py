"""Every action route of the six services (a non-GET route that is neither public nor an
operator's ``/admin`` one) has a console page or a reason here why not (issue 35, item 3);
``console/tests/test_console_route_coverage.py`` reads each service's OpenAPI document and fails
on a route that has neither, and on a reason for a route that no longer exists or has a page.

A route given a page since is taken out of this list; one a service adds is put in it (or given
a page) in the same change.
"""
from award_console.actions import ACTIONS

NOT_YET = "not yet in the console (issue 35)"
ON_THE_API = "stays on the API: an operator's or a migration's tool, not a person's daily work"

#: (service, METHOD, path as in /openapi.json) -> why the console has no page for it
WITHOUT_PAGE = {
    ("intake", "POST", "/v1/past-winners"): ON_THE_API + " (the import of earlier editions' winners, Art. 10(7))",
    **{("scoring", "POST", path): NOT_YET for path in (
        "/v1/cycles/{cycle_id}/third-party", "/v1/cycles/{cycle_id}/third-party/approval",
        "/v1/cycles/{cycle_id}/experts", "/v1/cycles/{cycle_id}/work-plan", "/v1/cycles/{cycle_id}/guidance",
        "/v1/cycles/{cycle_id}/guidance/{guidance_id}/execution", "/v1/applications/{application_id}/assignments",
        "/v1/cycles/{cycle_id}/assignments", "/v1/applications/{application_id}/recusals",
        "/v1/cycles/{cycle_id}/stages/{stage}/open", "/v1/cycles/{cycle_id}/stages/{stage}/close",
        "/v1/applications/{application_id}/reviews/{stage}", "/v1/cycles/{cycle_id}/results-report",
        "/v1/cycles/{cycle_id}/candidates")},
    **{("supervision", "POST", path): NOT_YET for path in (
        "/v1/cycles/{cycle_id}/group", "/v1/cycles/{cycle_id}/group/approve",
        "/v1/complaints/{complaint_id}/triage", "/v1/complaints/{complaint_id}/result",
        "/v1/cycles/{cycle_id}/supervision-reports", "/v1/findings", "/v1/findings/{finding_id}/referral",
        "/v1/opinions", "/v1/holds/{hold_id}/release", "/v1/cycles/{cycle_id}/group/release-approval")},
    **{("feed", method, path): ON_THE_API + " (bureaus' webhook subscriptions)"
       for method, path in (("POST", "/v1/webhooks"), ("DELETE", "/v1/webhooks/{subscription_id}"),
                           ("POST", "/v1/webhooks/{subscription_id}/secret"),
                           ("POST", "/v1/webhooks/{subscription_id}/replay"))},
    ("publicity", "POST", "/v1/awards/import"): ON_THE_API + " (the import of awards made before the suite)",
}


def with_page():
    """(service, METHOD, path) of every route a console form calls."""
    return {(a.service, a.method, a.path): a.name for a in ACTIONS.values()}


def action_routes(service, document):
    """The action routes of one service's OpenAPI document."""
    for path, operations in document["paths"].items():
        if path.startswith("/admin/"):
            continue
        for method, operation in operations.items():
            if method.upper() == "GET" or operation.get("security") == []:
                continue
            yield service, method.upper(), path
