"""Crafted HTTP input (issue 10, items 3 to 8) answers a 4xx JSON error of the contract and
changes nothing; the public rate limit trusts ``X-Forwarded-For`` only from configured
proxies. Real services on a real broker and database."""
import json

import pytest

from award_intake.service import IntakeService
from award_shared.store import db
from award_shared.web.http import api
from award_supervision.service import SupervisionService
from award_supervision.tables import complaints
from award_testing.helpers import count_rows

CLOCK_2019 = "fixed:2019-03-01T09:00:00+08:00"
NESTED = "[" * 10000 + "]" * 10000


def error_of(resp, status):
    """The contract's error shape, with ``status``; returns the error object."""
    assert resp.status_code == status, resp.text
    assert resp.headers["Content-Type"].startswith("application/json"), resp.headers
    error = resp.json()["error"]
    assert {"code", "message", "message_en"} <= set(error), error
    return error


# refused (or answered) by the HTTP kit before a unit of work opens: the same on either engine.
# What reaches a database (text it cannot store, a time outside its range) runs on both.
HTTP_ONLY = pytest.mark.engines("postgresql")


@pytest.fixture
def supervision(service_factory):
    return service_factory(SupervisionService, clock=CLOCK_2019)


@pytest.fixture
def intake(service_factory):
    return service_factory(IntakeService, clock=CLOCK_2019)


@HTTP_ONLY
def test_a_nested_body_is_a_400_on_every_body_route_even_unauthenticated(supervision):
    c = supervision.client
    raw = {"data": NESTED, "headers": {"Content-Type": "application/json"}}
    assert error_of(c.call("POST", "/public/v1/complaints", **raw), 400)["code"] == "bad_request"
    assert error_of(c.call("POST", "/admin/v1/clock", "operator", **raw), 400)["code"] == "bad_request"
    deep = {"content": "x", "complainant": json.loads("[" * 40 + "]" * 40)}
    error_of(c.post("/public/v1/complaints", json_body=deep), 400)
    assert count_rows(supervision.engine, complaints) == 0
    assert count_rows(supervision.engine, db.audit_log) == 0


@pytest.mark.parametrize("text", ["\ud800", "before \udfff after", "nul \x00"])
def test_text_no_database_can_store_is_a_422_naming_the_field(supervision, text):
    c = supervision.client
    resp = c.post("/public/v1/complaints", json_body={"content": text})
    assert error_of(resp, 422)["fields"].keys() == {"content"}
    resp = c.post("/admin/v1/outbox/pause", "operator", json_body={"reason": text})
    assert error_of(resp, 422)["fields"].keys() == {"reason"}
    resp = c.post("/public/v1/complaints", json_body={"content": "ok", "complainant": {text: "x"}})
    error_of(resp, 422)
    error_of(c.get("/v1/complaints/%00", "supervisor"), 422)
    error_of(c.get("/v1/complaints?cycle_id=%00", "supervisor"), 422)
    assert count_rows(supervision.engine, complaints) == 0
    assert count_rows(supervision.engine, db.audit_log) == 0
    assert c.get("/admin/v1/outbox", "operator").json()["relay_paused"] is False


@pytest.mark.parametrize("at", ["9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00",
                                "9999-12-31T23:59:58+00:00", "2101-01-01T00:00:00+00:00", "yesterday"])
def test_a_business_time_outside_the_range_is_a_422_and_the_clock_keeps_answering(intake, at):
    c = intake.client
    before = c.get("/admin/v1/clock", "operator").json()
    assert error_of(c.post("/admin/v1/clock", "operator", json_body={"at": at}), 422)["fields"].keys() == {"at"}
    assert c.get("/admin/v1/clock", "operator").json() == before
    assert count_rows(intake.engine, db.audit_log) == 0
    resp = c.post("/admin/v1/clock", "operator", json_body={"at": "2100-12-31T23:59:59+00:00"})
    assert resp.status_code == 200 and c.get("/admin/v1/clock", "operator").status_code == 200


@HTTP_ONLY
@pytest.mark.parametrize("query", ["abc", "1e3", "9" * 30, "-1", ""])
def test_query_values_go_through_a_schema(intake, query):
    error_of(intake.client.get(f"/admin/v1/audit?after={query}", "operator"), 422)


@HTTP_ONLY
@pytest.mark.parametrize("letter", ["9" * 30, "abc", "-1", "0", "1.5"])
def test_path_values_go_through_a_schema_and_answer_json(intake, letter):
    for action in ("replay", "discard"):
        resp = intake.client.post(f"/admin/v1/dead-letters/{letter}/{action}", "operator", json_body={})
        assert error_of(resp, 422)["fields"].keys() == {"letter_id"}
    assert count_rows(intake.engine, db.audit_log) == 0


@HTTP_ONLY
def test_values_no_route_schema_describes_are_bounded_text(supervision):
    c = supervision.client
    # /admin/v1/outbox: a query no schema describes (/v1/holds' is described now: it pages)
    assert error_of(c.get("/admin/v1/outbox?note=" + "x" * 501, "operator"), 422)["fields"].keys() == {"note"}
    assert error_of(c.get("/v1/complaints/" + "x" * 501, "supervisor"), 422)["fields"].keys() == {"complaint_id"}
    assert c.get("/admin/v1/outbox?note=" + "x" * 500, "operator").status_code == 200
    # a described one: /v1/holds' cycle_id is at most an id's 64 characters
    assert error_of(c.get("/v1/holds?cycle_id=" + "x" * 65, "supervisor"), 422)["fields"].keys() == {"cycle_id"}
    assert c.get("/v1/holds?cycle_id=" + "x" * 64, "supervisor").status_code == 200


@HTTP_ONLY
def test_valid_values_still_answer(intake):
    c = intake.client
    assert c.get("/admin/v1/audit?after=0", "operator").json() == {"entries": [], "next": None}
    assert c.get("/admin/v1/dead-letters?status=all", "operator").json() == {"dead_letters": [], "next": None}
    error_of(c.get("/admin/v1/dead-letters?status=lost", "operator"), 422)
    assert error_of(c.post("/admin/v1/dead-letters/7/replay", "operator", json_body={}), 404)["code"] == "not_found"


@HTTP_ONLY
def test_unknown_paths_and_methods_answer_the_json_error(intake):
    c = intake.client
    assert error_of(c.get("/no/such/route"), 404)["code"] == "not_found"
    assert error_of(c.call("DELETE", "/health/live"), 405)["code"] == "method_not_allowed"


@HTTP_ONLY
def test_the_published_body_requirement_is_what_the_route_enforces(intake):
    c = intake.client
    doc = c.get("/openapi.json").json()
    for action in ("pause", "resume"):
        assert doc["paths"][f"/admin/v1/outbox/{action}"]["post"]["requestBody"]["required"] is False
        assert c.call("POST", f"/admin/v1/outbox/{action}", "operator").status_code == 200
    assert doc["paths"]["/admin/v1/clock"]["post"]["requestBody"]["required"] is True
    error_of(c.call("POST", "/admin/v1/clock", "operator"), 422)
    audit = doc["paths"]["/admin/v1/audit"]["get"]["parameters"]
    assert [(p["name"], p["in"], p["schema"]["type"]) for p in audit] == [("after", "query", "integer"),
                                                                          ("limit", "query", "integer")]
    [letter] = doc["paths"]["/admin/v1/dead-letters/{letter_id}/replay"]["post"]["parameters"]
    assert (letter["in"], letter["schema"]["type"], letter["schema"]["minimum"]) == ("path", "integer", 1)


@HTTP_ONLY
def test_a_body_over_the_configured_size_is_a_413(service_factory):
    supervision = service_factory(SupervisionService, clock=CLOCK_2019, extra={"BODY_MAX_BYTES": 1000})
    resp = supervision.client.post("/public/v1/complaints", json_body={"content": "长" * 1000})
    assert error_of(resp, 413)["code"] == "payload_too_large"
    assert count_rows(supervision.engine, complaints) == 0


def _status_of(service, forwarded_for):
    return service.client.get("/public/v1/complaints/JZ2019-NOPE",
                              headers={"X-Forwarded-For": forwarded_for} if forwarded_for else None).status_code


@HTTP_ONLY
def test_forwarded_for_from_an_untrusted_peer_does_not_reset_the_rate_limit(service_factory):
    supervision = service_factory(SupervisionService, clock=CLOCK_2019, extra={"PUBLIC_RATE_PER_MINUTE": 2})
    assert [_status_of(supervision, None) for _ in range(3)] == [404, 404, 429]
    assert _status_of(supervision, "192.0.2.77") == 429
    assert _status_of(supervision, "192.0.2.78, 192.0.2.79") == 429


@HTTP_ONLY
def test_forwarded_for_from_a_trusted_proxy_names_the_client(service_factory):
    supervision = service_factory(SupervisionService, clock=CLOCK_2019, extra={
        "PUBLIC_RATE_PER_MINUTE": 2, "TRUSTED_PROXIES": "10.0.0.0/8, 127.0.0.1"})
    assert [_status_of(supervision, "192.0.2.77") for _ in range(3)] == [404, 404, 429]
    assert _status_of(supervision, "192.0.2.78") == 404  # another client behind the proxy
    # a client cannot hide behind a forged hop: the rightmost untrusted address is the client
    assert _status_of(supervision, "198.51.100.1, 192.0.2.77") == 429
    assert _status_of(supervision, "192.0.2.77, 10.1.2.3") == 429


class IntegerRouteIntake(IntakeService):
    @api("GET", "/probe/v1/items/<int:item>", public=True, limited=False)
    def probe_item(self, tx, call, item):
        """A route written with werkzeug's integer converter."""
        return {"item": item}


@HTTP_ONLY
def test_an_integer_converter_in_a_route_loads_through_a_schema(service_factory):
    c = service_factory(IntegerRouteIntake, clock=CLOCK_2019).client
    assert c.get("/probe/v1/items/42").json() == {"item": 42}
    for bad in ("abc", "-1", "9" * 30, "1e3"):
        assert error_of(c.get(f"/probe/v1/items/{bad}"), 422)["fields"].keys() == {"item"}
    [param] = c.get("/openapi.json").json()["paths"]["/probe/v1/items/{item}"]["get"]["parameters"]
    assert (param["schema"]["type"], param["schema"]["minimum"]) == ("integer", 0)
