"""Issue 29, item 9: every HTML answer of every service carries ``Content-Security-Policy``
(framing forbidden, nothing loaded but the page's own style and scripts),
``X-Content-Type-Options: nosniff`` and ``Referrer-Policy``; every other answer carries
``nosniff``. The public routes are taken from each running service's own entrypoints; the API
reference page (``/docs``, issue 32) states a policy of its own, checked here too. The browser
test (services/publicity/tests/service/test_art17_publicity_notice_page_browser.py) shows the
policy reaching Chromium and the notice page working under it."""
import re

import pytest
from werkzeug.wrappers import Response

from award_feed.service import FeedService
from award_intake.service import IntakeService
from award_publicity.pages import OBJECTION_SCRIPT
from award_publicity.service import PublicityService
from award_revocation.service import RevocationService
from award_scoring.service import ScoringService
from award_shared.ops import docs
from award_shared.web import pages
from award_shared.web.http import ApiHandler, api
from award_shared.web.pages import json_or_html, page
from award_supervision.service import SupervisionService

# the headers are the HTTP kit's, written before any database is read:
# the services' own tests and the suite's database tests cover both engines
pytestmark = pytest.mark.engines("postgresql")

CLOCK_2019 = "fixed:2019-03-01T09:00:00+08:00"
HTML = {"Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"}  # a browser's
#: the public pages that answer HTML with no data at all: at least these must be seen (the
#: notice and the published list answer 404 JSON until there is one: their pages' headers are
#: tested in publicity's service tests and the browser test)
HTML_ROUTES = {"publicity": {"/public/v1/certificates/<number>"}, "revocation": {"/public/v1/revocations"}}
#: the pages that state a policy of their own, every service's: the API reference, whose script
#: (Redoc, served by the service) needs more than the kit's pages (award_shared/ops/docs.py says
#: what and why; tests/test_api_docs.py renders it in Chromium under that policy)
OWN_POLICY = {"/docs": docs.CONTENT_SECURITY_POLICY}


def public_get_routes(service):
    return sorted(ep.url for ep in service.entrypoints
                  if isinstance(ep, ApiHandler) and ep.public and ep.method == "GET")


def directives(policy):
    return {d.split()[0]: d.split()[1:] for d in (part.strip() for part in policy.split(";")) if d}


def assert_html_headers(resp, where):
    assert resp.headers["X-Content-Type-Options"] == "nosniff", where
    assert resp.headers["Referrer-Policy"] == "no-referrer", where
    policy = directives(resp.headers["Content-Security-Policy"])
    assert policy["default-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"], where
    assert policy["base-uri"] == ["'none'"] and policy["form-action"] == ["'self'"], where
    assert policy["style-src"] == [pages.source_hash(pages.STYLE)], where
    assert not any("unsafe" in source or source == "*" for sources in policy.values() for source in sources), where
    return policy


def assert_own_policy(resp, stated, where):
    """A page with its own policy: exactly that one, still framed by nothing, loading nothing
    from outside the service and running no inline script."""
    assert resp.headers["X-Content-Type-Options"] == "nosniff", where
    assert resp.headers["Referrer-Policy"] == "no-referrer", where
    assert resp.headers["Content-Security-Policy"] == stated, where
    policy = directives(stated)
    assert policy["default-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"], where
    assert policy["base-uri"] == ["'none'"] and policy["script-src"] == ["'self'"], where
    assert all(source in ("'self'", "'none'", "'unsafe-inline'", "data:", "blob:")
               for sources in policy.values() for source in sources), where


@pytest.mark.parametrize("service_cls", [IntakeService, ScoringService, SupervisionService,
                                         PublicityService, RevocationService, FeedService], ids=lambda c: c.name)
def test_every_public_page_of_every_service_carries_the_security_headers(service_factory, service_cls):
    service = service_factory(service_cls, clock=CLOCK_2019)
    routes = public_get_routes(service)
    assert "/health/live" in routes
    html_routes = set()
    for route in routes:
        path = re.sub(r"<(?:\w+:)?\w+>", "JNQA-2019-00000001-X", route)
        for query, headers in (("?format=html", None), ("", HTML), ("", None)):
            resp = service.client.get(path + query, headers=headers)
            where = f"{service_cls.name} GET {path}{query} {headers or ''} -> {resp.status_code}"
            assert resp.headers.get("X-Content-Type-Options") == "nosniff", where
            if resp.headers["Content-Type"].startswith("text/html") and route in OWN_POLICY:
                html_routes.add(route)
                assert_own_policy(resp, OWN_POLICY[route], where)
            elif resp.headers["Content-Type"].startswith("text/html"):
                html_routes.add(route)
                assert_html_headers(resp, where)
            else:
                assert "Content-Security-Policy" not in resp.headers, where
    assert html_routes >= HTML_ROUTES.get(service_cls.name, set()) | set(OWN_POLICY)
    missing = service.client.get("/no/such/page", headers=HTML)
    assert missing.status_code == 404 and missing.headers["X-Content-Type-Options"] == "nosniff"


class PagesIntake(IntakeService):
    @api("GET", "/probe/v1/raw", public=True, limited=False, transaction=False)
    def raw_html(self, call):
        """HTML built by hand, not through the kit's pages."""
        return Response("<!doctype html><title>raw</title><p>raw</p>", mimetype="text/html")

    @api("GET", "/probe/v1/text", public=True, limited=False, transaction=False)
    def text_html(self, call):
        """An HTML string through json_or_html."""
        return json_or_html(call, {"x": 1}, lambda payload: f"<p>{payload['x']}</p>")

    @api("GET", "/probe/v1/scripted", public=True, limited=False, transaction=False)
    def scripted(self, call):
        """A kit page with an inline script of its own."""
        return page("脚本", "<p id='x'></p>", scripts=("document.getElementById('x').textContent = 1;",))


def test_html_built_any_way_gets_the_headers_and_a_page_allows_its_own_scripts_only(service_factory):
    c = service_factory(PagesIntake, clock=CLOCK_2019).client
    for path in ("/probe/v1/raw", "/probe/v1/text?format=html"):
        policy = assert_html_headers(c.get(path), path)
        assert "script-src" not in policy and "connect-src" not in policy  # default-src 'none': no script runs
    json_answer = c.get("/probe/v1/text")
    assert json_answer.json() == {"x": 1} and json_answer.headers["X-Content-Type-Options"] == "nosniff"
    scripted = c.get("/probe/v1/scripted")
    policy = assert_html_headers(scripted, "scripted")
    assert policy["script-src"] == [pages.source_hash("document.getElementById('x').textContent = 1;")]
    assert policy["connect-src"] == ["'self'"]
    assert "<script>document.getElementById('x').textContent = 1;</script>" in scripted.text


def test_the_notice_pages_policy_allows_exactly_the_script_it_carries():
    current = {"notices": [{
        "kind": "main", "status": "open", "provisional": False, "missing_years": [], "media": [],
        "window_start": "2019-09-30T00:00:00+08:00", "window_end": "2019-10-11T00:00:00+08:00",
        "candidates": [{"category": "unit_award", "applicant_name": "某公司", "application_id": "u-1",
                        "removed": False}]}]}
    from award_publicity.pages import notice_page
    resp = notice_page(current)
    [script] = re.findall(r"<script>(.*?)</script>", resp.get_data(as_text=True), re.S)
    assert script == OBJECTION_SCRIPT
    policy = assert_html_headers(resp, "notice")
    assert policy["script-src"] == [pages.source_hash(script)] and policy["connect-src"] == ["'self'"]
    current["notices"][0]["status"] = "closed"  # no form, no script: the default policy
    assert "<script" not in notice_page(current).get_data(as_text=True)
    assert "script-src" not in directives(notice_page(current).headers["Content-Security-Policy"])


def test_an_inline_script_cannot_close_its_own_element():
    with pytest.raises(ValueError):
        page("x", "", scripts=("alert(1)</script><script>alert(2)",))
