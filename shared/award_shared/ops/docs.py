"""The API reference page: ``GET /docs`` renders the service's own ``/openapi.json`` with Redoc,
whose script the service serves itself (``GET /docs/redoc.standalone.js``), vendored in
``award_shared/web/assets/`` and shipped in the wheel — no CDN (its README says where it came
from and how to update it).

The page names the script and the document by relative URLs (``docs/redoc.standalone.js``,
``openapi.json``), so it works wherever the service is mounted: at ``/docs``, or behind a
gateway under a path prefix (``/revocation/docs`` loads ``/revocation/openapi.json``). It holds
no inline script (Redoc starts from its ``<redoc spec-url=…>`` element) and states its own
Content-Security-Policy, :data:`CONTENT_SECURITY_POLICY`, which ``pages.secure`` leaves as it is
(its ``data:`` icon keeps the browser from asking the service for ``/favicon.ico``)."""
import functools
import hashlib
import json
from html import escape
from importlib import resources

from werkzeug.wrappers import Response

from award_shared.web.http import api
from award_shared.web.pages import REFERRER_POLICY

ASSETS = resources.files("award_shared.web") / "assets"
SCRIPT = "redoc.standalone.js"

#: As strict as Redoc allows. Its styles are styled-components, which writes ``<style>``
#: elements at run time (no hash or nonce can name them): ``style-src 'unsafe-inline'``; its
#: search index runs in a Web Worker made from a ``blob:`` URL: ``worker-src blob:``; a few of
#: its icons are ``data:`` images. It brings no font (no ``font-src``: ``default-src 'none'``
#: refuses any). No inline script runs (``script-src 'self'``: the vendored file alone),
#: it fetches only from the service (the document), and nothing may frame the page, post a form
#: from it or change its base URL. The one thing Redoc would load from outside, the Redocly
#: logo beside the "API docs by Redocly" link at the foot of its menu (from Redocly's CDN;
#: Redoc 2.5.4 has no option to leave it out), is blocked by ``img-src``: the browser's console
#: notes it once, and the link shows without its icon.
CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'none'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data:",
    "connect-src 'self'", "worker-src blob:", "base-uri 'none'", "frame-ancestors 'none'", "form-action 'none'"))

PAGE = """<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="icon" href="data:,">
</head>
<body>
<noscript><p>此页用 JavaScript 显示接口参考；接口文档（OpenAPI）见 <a href="openapi.json">openapi.json</a>。
This page shows the API reference with JavaScript; the OpenAPI document is
<a href="openapi.json">openapi.json</a>.</p></noscript>
<redoc spec-url="openapi.json"></redoc>
<script src="docs/{script}"></script>
</body>
</html>
"""


@functools.lru_cache(maxsize=None)
def vendored():
    """The vendored script (bytes) and its strong ETag: the version and the file's sha256."""
    manifest = json.loads((ASSETS / "redoc.json").read_text(encoding="utf-8"))
    script = (ASSETS / SCRIPT).read_bytes()
    return script, f"redoc-{manifest['version']}-{hashlib.sha256(script).hexdigest()[:16]}"


def docs_page(service_name):
    """The page of ``service_name``'s API reference, with its own policy."""
    html = PAGE.format(title=escape(f"{service_name} 接口参考 / API reference"), script=SCRIPT)
    return Response(html, mimetype="text/html", headers={
        "Content-Security-Policy": CONTENT_SECURITY_POLICY, "Referrer-Policy": REFERRER_POLICY,
        "Cache-Control": "no-cache"})


class DocsRoutes:
    @api("GET", "/docs", public=True, limited=False, answer="text/html",
         summary="This service's API reference, an HTML page drawn by Redoc (运维).",
         transaction=False)
    def api_docs(self, call):
        return docs_page(self.name)

    @api("GET", "/docs/redoc.standalone.js", public=True, limited=False,
         answer="application/javascript",
         summary="The API reference page's script, Redoc as vendored (运维).", transaction=False)
    def api_docs_script(self, call):
        script, etag = vendored()
        response = Response(script, mimetype="application/javascript",
                            headers={"Cache-Control": "public, max-age=86400"})
        response.set_etag(etag)
        return response.make_conditional(call.request)
