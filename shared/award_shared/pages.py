"""Public pages in Chinese beside their JSON (contract: the public notice, the published list,
certificate verification, revocations are read "in Chinese (HTML) and as JSON").

A public route answers HTML when the client asks for it (``?format=html``, or a browser's
``Accept: text/html``) and JSON otherwise; both come from the same data.
"""
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


def page(title, body_html, status=200):
    """A whole Chinese HTML page; ``body_html`` is already escaped by its builder."""
    html = (f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(title)}</title><style>{STYLE}</style></head>"
            f"<body><h1>{escape(title)}</h1>{body_html}</body></html>")
    return Response(html, status=status, mimetype="text/html")


def table(headers, rows):
    head = "".join(f"<th>{escape(str(h))}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{escape('' if v is None else str(v))}</td>" for v in r) + "</tr>"
                   for r in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
