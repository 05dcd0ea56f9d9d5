"""Issue 32, item 9: every service serves its API reference page, ``GET /docs`` — Redoc over the
service's own ``/openapi.json`` — with Redoc's script vendored in the kit
(``shared/award_shared/web/assets/``, ``scripts/vendor-redoc``) and served by the service
itself, no CDN. The vendored file is the released one, unchanged; it ships in the kit's wheel;
the page names its script and document by relative URLs (a gateway's path prefix keeps
working), states its own Content-Security-Policy and holds no inline script; and headless
Chromium renders it under that policy with no violation."""
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from urllib.parse import urljoin

import pytest
from eventlet.green import subprocess as green_subprocess

from award_intake.service import IntakeService
from award_revocation.service import RevocationService
from award_shared.ops import docs
from award_shared.web.http import ApiHandler
from award_testing import browser

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ASSETS = os.path.join(ROOT, "shared", "award_shared", "web", "assets")
SHIPPED = ("redoc.standalone.js", "redoc.standalone.js.LICENSE.txt", "redoc.LICENSE.txt", "redoc.json", "README.md")
DRIVER_SCRIPT = os.path.join(os.path.dirname(__file__), "api_docs_browser.py")
CLOCK_2019 = "fixed:2019-03-01T09:00:00+08:00"
POLICY = {  # the page's own policy, as strict as Redoc allows (award_shared/ops/docs.py says why)
    "default-src": ["'none'"], "script-src": ["'self'"], "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:"], "connect-src": ["'self'"],
    "worker-src": ["blob:"], "base-uri": ["'none'"], "frame-ancestors": ["'none'"], "form-action": ["'none'"]}
#: Redoc's menu ends with a link to Redocly whose icon is an image on Redocly's CDN (no option of
#: Redoc 2.5.4 leaves it out): the policy blocks it and Chromium says so in the console, once;
#: the link shows without its icon. The one line of the console the browser test expects.
REDOCLY_LOGO = "Loading the image 'https://cdn.redoc.ly/redoc/logo-mini.svg' violates the following Content Security Policy directive: \"img-src 'self' data:\""


@pytest.fixture
def database_url_factory(tmp_path, migrated_templates):
    """The page and its script read no database: the services here run on SQLite alone (the
    plugin's own fixture would run each test once per engine)."""
    def make(name="svc", migrated=None):
        path = f"{tmp_path}/{name}.db"
        migrated_templates.sqlite_copy(migrated, path)
        return f"sqlite:///{path}"
    return make


def manifest():
    with open(os.path.join(ASSETS, "redoc.json"), encoding="utf-8") as fh:
        return json.load(fh)


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def directives(policy):
    return {d.split()[0]: d.split()[1:] for d in (part.strip() for part in policy.split(";")) if d}


def test_the_readmes_table_of_services_links_each_services_page():
    from award_tools import DEFAULT_SERVICES
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as fh:
        readme = fh.read()
    table = readme[readme.index("| service | owns | port | API reference |"):].split("\n\n")[0]
    rows = {line.split("|")[1].strip(): line for line in table.splitlines()}
    for service, port in DEFAULT_SERVICES.items():
        assert f"| {port} | [127.0.0.1:{port}/docs](http://127.0.0.1:{port}/docs) |" in rows[service], service


def test_the_vendored_redoc_is_the_released_file_unchanged():
    """A hand edit of a vendored file (or a README that no longer says what is vendored) fails
    here; ``scripts/vendor-redoc VERSION INTEGRITY`` is the way to change them."""
    recorded = manifest()
    assert recorded["package"] == "redoc" and recorded["license"] == "MIT"
    assert sorted(recorded["files"]) == sorted(SHIPPED[:3])
    for name, entry in recorded["files"].items():
        with open(os.path.join(ASSETS, name), "rb") as fh:
            assert sha256(fh.read()) == entry["sha256"], f"{name} is not the file vendored from redoc {recorded['version']}"
    with open(os.path.join(ASSETS, "redoc.standalone.js.LICENSE.txt"), encoding="utf-8") as fh:
        assert f'Version: "{recorded["version"]}"' in fh.read()  # the bundle's own banner
    with open(os.path.join(ASSETS, "README.md"), encoding="utf-8") as fh:
        readme = fh.read()
    for fact in (recorded["version"], recorded["integrity"], recorded["files"]["redoc.standalone.js"]["sha256"]):
        assert fact in readme, f"the assets' README does not say {fact}"
    assert sorted(os.listdir(ASSETS)) == sorted(SHIPPED), "a file in the assets that no manifest accounts for"


def test_the_kits_wheel_ships_the_script_and_its_licences(tmp_path):
    """The image installs the kit from its wheel (deploy/Dockerfile): the assets are package data."""
    source = tmp_path / "shared"  # built from a copy: setuptools writes build/ into its source tree
    shutil.copytree(os.path.join(ROOT, "shared"), source,
                    ignore=shutil.ignore_patterns("*.egg-info", "__pycache__", "build", "tests"))
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--disable-pip-version-check", "--no-deps",
         "--no-build-isolation", "--wheel-dir", str(tmp_path / "wheels"), str(source)],
        capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    [wheel] = os.listdir(tmp_path / "wheels")
    with zipfile.ZipFile(tmp_path / "wheels" / wheel) as zf:
        inside = {name: zf.read(name) for name in zf.namelist() if name.startswith("award_shared/web/assets/")}
    assert sorted(inside) == sorted(f"award_shared/web/assets/{name}" for name in SHIPPED)
    for name, entry in manifest()["files"].items():
        assert sha256(inside[f"award_shared/web/assets/{name}"]) == entry["sha256"], name


@pytest.mark.parametrize("service_cls", [IntakeService, RevocationService], ids=lambda c: c.name)
def test_the_api_reference_page_loads_its_script_and_document_by_relative_urls_under_its_own_policy(
        service_factory, service_cls):
    service = service_factory(service_cls, clock=CLOCK_2019)
    c = service.client

    page = c.get("/docs")
    assert page.status_code == 200 and page.headers["Content-Type"] == "text/html; charset=utf-8"
    html = page.text
    assert f"<title>{service_cls.name} 接口参考 / API reference</title>" in html
    assert '<redoc spec-url="openapi.json"></redoc>' in html
    assert re.findall(r"<script\b[^>]*>(.*?)</script>", html, re.S) == [""]  # no inline script
    assert re.findall(r'<script\b[^>]*\bsrc="([^"]*)"', html) == ["docs/redoc.standalone.js"]
    assert "http://" not in html and "https://" not in html and "//" not in html  # nothing from elsewhere
    # behind a gateway that serves the service under a prefix, both resolve under that prefix
    for relative, path in (("docs/redoc.standalone.js", "/revocation/docs/redoc.standalone.js"),
                           ("openapi.json", "/revocation/openapi.json")):
        assert urljoin("http://gateway.invalid/revocation/docs", relative) == "http://gateway.invalid" + path
    assert page.headers["Content-Security-Policy"] == docs.CONTENT_SECURITY_POLICY
    assert directives(docs.CONTENT_SECURITY_POLICY) == POLICY
    assert page.headers["X-Content-Type-Options"] == "nosniff" and page.headers["Referrer-Policy"] == "no-referrer"

    script = c.get("/docs/redoc.standalone.js")
    with open(os.path.join(ASSETS, "redoc.standalone.js"), "rb") as fh:
        vendored = fh.read()
    assert script.status_code == 200 and script.content == vendored
    assert script.headers["Content-Type"] == "application/javascript; charset=utf-8"
    assert script.headers["X-Content-Type-Options"] == "nosniff" and "Content-Security-Policy" not in script.headers
    assert script.headers["Cache-Control"] == "public, max-age=86400"
    etag = script.headers["ETag"]
    assert manifest()["version"] in etag
    again = c.get("/docs/redoc.standalone.js", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""

    spec = c.get("/openapi.json").json()  # listed, public, and (like /openapi.json) not rate limited
    summaries = [op["summary"] for ops in spec["paths"].values() for op in ops.values()]
    assert not [s for s in summaries if s.endswith("Art")], "a summary cut at 'Art. N'"
    assert spec["paths"]["/docs"]["get"]["security"] == []
    assert spec["paths"]["/docs/redoc.standalone.js"]["get"]["security"] == []
    routes = {ep.url: ep for ep in service.entrypoints if isinstance(ep, ApiHandler)}
    assert all(routes[url].public and not routes[url].limited for url in ("/docs", "/docs/redoc.standalone.js"))


def test_chromium_renders_the_api_reference_of_a_running_service_with_no_policy_violation(service_factory):
    """One service, one page: Redoc draws the API's title and its operations' summaries, taken
    from the service's /openapi.json, with the script and the document fetched from the service."""
    assert not browser.missing(), browser.missing()
    service = service_factory(RevocationService, clock=CLOCK_2019)
    spec = service.client.get("/openapi.json").json()
    summary = spec["paths"]["/health/live"]["get"]["summary"]
    url = service.client.base_url + "/docs"
    run = green_subprocess.Popen([sys.executable, DRIVER_SCRIPT, url, summary], stdout=green_subprocess.PIPE,
                                 stderr=green_subprocess.PIPE)
    out, err = run.communicate(timeout=120)
    assert run.returncode == 0, err.decode(errors="replace")[-3000:]
    seen = json.loads(out)
    console = [line for line in seen["console"] if REDOCLY_LOGO not in line]  # blocked, as it must be
    violations = [line for line in console if "Content Security Policy" in line or "Refused" in line]
    assert violations == [], violations
    assert seen["page_title"] == "revocation 接口参考 / API reference"
    assert seen["title"] and seen["title"].startswith(spec["info"]["title"]), seen
    domain = [op["summary"] for path, ops in spec["paths"].items() if path.startswith("/v1/") for op in ops.values()]
    assert summary in seen["menu"] and domain and set(domain) <= set(seen["menu"]), seen
    assert summary in seen["found"], seen  # the search worker runs under the policy
    responses = seen["responses"]
    assert responses[service.client.base_url + "/docs/redoc.standalone.js"][:2] == \
        [200, "application/javascript; charset=utf-8"], responses
    assert responses[service.client.base_url + "/openapi.json"][:2] == [200, "application/json"], responses
    assert all(where.startswith((service.client.base_url, "blob:", "data:")) for where in responses), responses
    assert directives(seen["document_headers"]["content-security-policy"]) == POLICY
    errors = [line for line in console if line.startswith("SEVERE")]  # no 404, no script error
    assert errors == [], errors
