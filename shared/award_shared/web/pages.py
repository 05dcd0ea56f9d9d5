"""Public pages in Chinese beside their JSON (contract: the public notice, the published list,
certificate verification, revocations are read "in Chinese (HTML) and as JSON").

A public route answers HTML when the client asks for it (``?format=html``, or a browser's
``Accept: text/html``) and JSON otherwise; both come from the same data.

Every answer of the kit's web server passes through :func:`secure` (docs/design.md, "Security
headers"): ``X-Content-Type-Options: nosniff`` on all of them, and on HTML a
``Content-Security-Policy`` that loads nothing but the page's own inline style and scripts
(by their hashes: no other script runs, even one that slipped into the page), sends forms
and fetches only to the same origin and forbids framing (``frame-ancestors 'none'``), and
``Referrer-Policy: no-referrer``. A page with inline scripts names them to :func:`page`,
which states the policy that lets exactly those run.
"""
import base64
import hashlib
from html import escape

from werkzeug.wrappers import Response

STYLE = """
body{font-family:"Noto Sans CJK SC","WenQuanYi Zen Hei","Microsoft YaHei",sans-serif;margin:2em auto;max-width:60em;
padding:0 1em;color:#222;line-height:1.6}
h1{color:#a4161a;border-bottom:2px solid #a4161a;padding-bottom:.3em}
table{border-collapse:collapse;width:100%;margin:1em 0}th,td{border:1px solid #bbb;padding:.4em .6em;text-align:left}
th{background:#f3e9e9}.note{background:#fff8e1;border-left:4px solid #e0a800;padding:.6em 1em}
.ok{color:#1b7f3b;font-weight:bold}.bad{color:#a4161a;font-weight:bold}
form label{display:block;margin:.5em 0 .2em}form input,form textarea,form select{width:100%;padding:.4em;box-sizing:border-box}
button{margin-top:1em;padding:.5em 2em;background:#a4161a;color:#fff;border:0;font-size:1em}
"""


REFERRER_POLICY = "no-referrer"


def source_hash(text):
    """A CSP source for an inline ``<style>`` or ``<script>`` whose text is ``text``."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def content_security_policy(scripts=()):
    """The policy of an HTML answer: the kit's style and the given inline scripts, nothing else."""
    directives = ["default-src 'none'", f"style-src {source_hash(STYLE)}"]
    if scripts:
        directives += ["script-src " + " ".join(source_hash(s) for s in scripts), "connect-src 'self'"]
    return "; ".join(directives + ["form-action 'self'", "frame-ancestors 'none'", "base-uri 'none'"])


def html_security_headers(scripts=()):
    return {"Content-Security-Policy": content_security_policy(scripts), "Referrer-Policy": REFERRER_POLICY,
            "X-Content-Type-Options": "nosniff"}


def secure(response):
    """The security headers on one answer: nosniff on any; on HTML, the policy (unless the page
    stated its own, with its scripts) and the referrer policy. The web server calls it on every
    answer it gives (``award_shared.web.http``)."""
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    if response.mimetype == "text/html":
        for name, value in html_security_headers().items():
            response.headers.setdefault(name, value)
    return response


def wants_html(request):
    if request.args.get("format") == "html":
        return True
    if request.args.get("format") == "json":
        return False
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return best == "text/html" and request.accept_mimetypes["text/html"] > request.accept_mimetypes["application/json"]


def json_or_html(call, payload, render):
    """What a public route answers: ``payload`` as JSON, or ``render(payload)`` — a page, or
    HTML text — when the client asks for HTML."""
    if not wants_html(call.request):
        return payload
    rendered = render(payload)
    return rendered if isinstance(rendered, Response) else Response(rendered, mimetype="text/html")


def page(title, body_html, status=200, scripts=()):
    """A whole Chinese HTML page; ``body_html`` is already escaped by its builder. ``scripts``:
    the page's inline scripts (constant text), run at the end of its body and allowed by the
    page's policy, they alone."""
    for script in scripts:
        if "</" in script:
            raise ValueError("an inline script must not contain '</'")
    html = (f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(title)}</title><style>{STYLE}</style></head>"
            f"<body><h1>{escape(title)}</h1>{body_html}"
            + "".join(f"<script>{script}</script>" for script in scripts) + "</body></html>")
    return Response(html, status=status, mimetype="text/html", headers=html_security_headers(scripts))


def table(headers, rows):
    head = "".join(f"<th>{escape(str(h))}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{escape('' if v is None else str(v))}</td>" for v in r) + "</tr>"
                   for r in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
