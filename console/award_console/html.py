"""The console's pages: one layout (Chinese, a skip link, a navigation landmark named for screen
readers, a main landmark, readable on a phone), forms whose every input has its label, and the
services' refusals shown in Chinese beside the field or article they name.

Every page carries a Content-Security-Policy that loads nothing but its own inline style (by
its hash): no script at all, no CDN; forms go only to the console itself and, for signing out,
to the provider."""
import base64
import hashlib
from datetime import datetime
from html import escape
from urllib.parse import urlencode

from werkzeug.wrappers import Response

from award_rules.clock import zh_time


STYLE = """
*{box-sizing:border-box}
body{font-family:"Noto Sans CJK SC","WenQuanYi Zen Hei","Microsoft YaHei",sans-serif;margin:0;color:#1a1a1a;
line-height:1.6;background:#fff}
.skip{position:absolute;left:-999px}.skip:focus{left:1em;top:1em;background:#fff;padding:.5em;z-index:9}
header{background:#8b0f13;color:#fff;padding:.6em 1em;display:flex;flex-wrap:wrap;gap:.5em 1.5em;align-items:center}
header a{color:#fff}header .who{margin-left:auto}
header form{display:inline;margin:0}header button{margin:0;padding:.3em 1em;background:#fff;color:#8b0f13}
nav ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.3em 1.2em}
main{max-width:62em;margin:0 auto;padding:1em}
h1{color:#8b0f13;border-bottom:2px solid #8b0f13;padding-bottom:.3em;font-size:1.5em}
h2{font-size:1.2em;margin-top:1.5em}
table{border-collapse:collapse;width:100%;margin:1em 0;display:block;overflow-x:auto}
th,td{border:1px solid #999;padding:.4em .6em;text-align:left;vertical-align:top}th{background:#f3e9e9;white-space:nowrap}
.note{background:#fff8e1;border-left:4px solid #9a6b00;padding:.6em 1em}
.dev{background:#fde2e2;border:2px dashed #8b0f13;padding:.6em 1em}
.error{background:#fdecea;border-left:4px solid #8b0f13;padding:.6em 1em;color:#6b0a0d}
.field-error{color:#8b0f13;font-weight:bold;display:block}
form.action label{display:block;margin:.8em 0 .2em;font-weight:bold}
form.action input[type=text],form.action input[type=number],form.action input[type=date],
form.action input[type=datetime-local],form.action textarea,form.action select,form.action input[type=file]{
width:100%;padding:.5em;font-size:1em;border:1px solid #555}
form.action .check label{display:inline;font-weight:normal}
.hint{color:#444;font-size:.9em}
button{margin-top:1em;padding:.6em 2em;background:#8b0f13;color:#fff;border:0;font-size:1em;cursor:pointer}
a:focus,button:focus,input:focus,select:focus,textarea:focus{outline:3px solid #0050b3;outline-offset:2px}
header a:focus,header button:focus,.skip:focus{outline-color:#ffd24d}
ul.actions{padding-left:1.2em}
"""
STYLE_HASH = "sha256-" + base64.b64encode(hashlib.sha256(STYLE.encode()).digest()).decode()

STATUS = {"draft": "草稿", "submitted": "已提交", "returned": "已退回", "recommended": "已推荐",
          "withdrawn": "已撤回", "ineligible": "不符合条件", "open": "进行中", "closed": "已结束"}
ROLE_NAMES = {"applicant": "申报人", "district": "区县推荐部门", "office": "市长质量奖办公室",
              "leading_group": "市质量强市领导小组", "third_party": "第三方评审机构", "expert": "评审专家",
              "supervisor": "监督组", "government": "市政府", "regulator": "监管部门", "operator": "运维",
              "bureau": "委办局（订阅）"}
STEP_NAMES = {"notice": "申报通知", "application": "申报", "district_review": "区县初审推荐",
              "material_review": "材料评审", "onsite_review": "现场评审", "deliberation": "审议",
              "publicity": "公示", "approval": "审定", "conferral": "授奖"}


def e(value):
    return escape("" if value is None else str(value))


def beijing(instant, *, end=False):
    """An ISO instant as the suite's Chinese text prints it, in Beijing time:
    ``2019年5月31日 17:00（北京时间）`` (``award_rules.clock.zh_time``); ``end``: it ends a period,
    so midnight reads 24:00 of the day before, as a notice's window closes (Art. 17)."""
    if not instant:
        return ""
    try:
        at = datetime.fromisoformat(str(instant).replace("Z", "+00:00"))
    except ValueError:
        return str(instant)
    if at.tzinfo is None:
        return str(instant)
    return zh_time(at, end=end)


def next_link(path, params, after):
    """The link to the page after this one (a service's ``next``: its own pages, never more than one
    fetched), and back to the first: :func:`cursor_links` for a page with one list."""
    return cursor_links(path, params, "after", after)


def section(hid, title, body):
    """A titled part of a page, named for screen readers by its heading."""
    return f'<section aria-labelledby="{hid}"><h2 id="{hid}">{e(title)}</h2>{body}</section>'


def table(caption, headers, rows):
    head = "".join(f'<th scope="col">{e(h)}</th>' for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f"<table><caption>{e(caption)}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def pager(path, page, more):
    """Previous/next links of a paginated list."""
    links = []
    if page > 1:
        links.append(f'<a href="{e(path)}?page={page - 1}" rel="prev">上一页</a>')
    if more:
        links.append(f'<a href="{e(path)}?page={page + 1}" rel="next">下一页</a>')
    return f'<nav aria-label="分页"><p>第 {page} 页　{"　".join(links)}</p></nav>' if links else ""


def error_box(error):
    """A service's refusal: its Chinese message, the article it cites, fields named nowhere else."""
    if not error:
        return ""
    article = f"（依据：{e(error['article_zh'])}）" if error.get("article_zh") else ""
    extra = "".join(f"<li>{e(name)}：{e(text)}</li>" for name, text in error.get("unplaced", []))
    return (f'<div class="error" role="alert" id="error"><p><strong>未能完成：</strong>{e(error["message"])}{article}</p>'
            + (f"<ul>{extra}</ul>" if extra else "") + "</div>")


def layout(title, body, user=None, csrf=None, status=200, form_origins=(), nav=()):
    who = ""
    if user:
        roles = "、".join(ROLE_NAMES.get(r, r) for r in user["roles"]) or "无角色"
        who = (f'<span class="who">{e(user["name"])}（{e(roles)}）</span>'
               f'<form method="post" action="/signout"><input type="hidden" name="csrf" value="{e(csrf)}">'
               f'<button type="submit">退出登录</button></form>')
    links = "".join(f'<li><a href="{e(href)}">{e(text)}</a></li>' for href, text in nav)
    html = (f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{e(title)} · 济南市市长质量奖工作台</title><style>{STYLE}</style></head><body>"
            f'<a class="skip" href="#main">跳到正文</a>'
            f'<header><strong>济南市市长质量奖工作台</strong>'
            f'<nav aria-label="主导航"><ul><li><a href="/">我的工作</a></li>{links}</ul></nav>{who}</header>'
            f'<main id="main"><h1>{e(title)}</h1>{body}</main></body></html>')
    policy = ("default-src 'none'; style-src '" + STYLE_HASH + "'; img-src 'self'; base-uri 'none'; "
              "frame-ancestors 'none'; form-action 'self'" + "".join(f" {o}" for o in form_origins))
    return Response(html, status=status, mimetype="text/html", headers={
        "Content-Security-Policy": policy, "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer", "Cache-Control": "no-store"})


def cursor_links(path, cursors, name, following, anchor=None):
    """The links of one of a page's lists paged by its own cursor (``name=``, the service's
    ``next``), the page's other lists' cursors kept: its next page and back to its first, to the
    list's ``anchor`` if given."""
    fragment = f"#{e(anchor)}" if anchor else ""
    kept = {k: v for k, v in cursors.items() if v and k != name}
    links = []
    if cursors.get(name):
        links.append(f'<a href="{e(path)}{"?" + e(urlencode(kept)) if kept else ""}{fragment}">第一页</a>')
    if following:
        links.append(f'<a href="{e(path)}?{e(urlencode({**kept, name: following}))}{fragment}" rel="next">下一页</a>')
    return f'<nav aria-label="分页"><p>{"　".join(links)}</p></nav>' if links else ""
