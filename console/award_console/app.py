"""The console's WSGI application: sign-in, sessions and CSRF, and each role's pages.

Every page asks the services at that moment, with the signed-in person's own access token: the
console keeps no award data, and a page shows a person only what the service answered them
(a refusal is shown as the refusal, never worked around).
"""
import json
import re
import logging
import time
from urllib.parse import quote

import requests
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client import CONTENT_TYPE_LATEST
from werkzeug.exceptions import HTTPException, NotFound
from werkzeug.routing import Map, Rule
from werkzeug.utils import redirect
from werkzeug.wrappers import Request, Response

from award_rules.articles import cite

from award_console import refresh, signin
from award_console.actions import ACTIONS, build_body, render_form
from award_console import pages_review
from award_console.html import ROLE_NAMES, STATUS, STEP_NAMES, beijing, e, error_box, layout, next_link, table
from award_console.pages_due import DuePages, due_rules
from award_console.pages_list import ListPages, list_rules
from award_console.session import COOKIE, Sessions

log = logging.getLogger("award_console")
PAGE_SIZE = 50
PUBLIC = {"health_live", "health_ready", "metrics", "signin", "signin_start", "callback", "signin_dev",
          "signed_out"}


def _form_value(value):
    """A service's value as a form field holds it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class ServiceError(Exception):
    def __init__(self, status, error, signed_out=False):
        super().__init__(error.get("message"))
        self.status = status
        self.error = error
        self.signed_out = signed_out


def service_error(status, data):
    """A service's refusal as the console shows it: Chinese first, the article in Chinese."""
    error = dict((data or {}).get("error") or {})
    error.setdefault("message", f"服务返回了错误（{status}）")
    if error.get("article"):
        try:
            error["article_zh"] = cite(error["article"])
        except Exception:  # an article the kit cannot cite is shown as the service wrote it
            error["article_zh"] = error["article"]
    fields = error.get("fields") or {}
    error["fields"] = {key: _flatten(value) for key, value in fields.items()}
    return error


def _flatten(value):
    if isinstance(value, dict):
        return "；".join(f"{k}: {_flatten(v)}" for k, v in value.items())
    if isinstance(value, list):
        return "；".join(_flatten(v) for v in value)
    return str(value)


class Console(pages_review.ReviewPages, ListPages, DuePages):
    def __init__(self, settings, clock=time.time):
        self.settings = settings
        self.sessions = Sessions(settings.idle_seconds, settings.absolute_seconds, settings.database_url,
                                 settings.session_keys, clock=clock)
        self.provider = signin.Provider(settings) if settings.issuer else None
        self.http = requests.Session()
        self.registry = CollectorRegistry()
        self.requests_total = Counter("award_console_requests_total", "Console pages served, by route and status",
                                      ("route", "status"), registry=self.registry)
        self.service_seconds = Histogram("award_console_service_call_seconds",
                                         "Time the console waited for a service's API", ("service",),
                                         registry=self.registry)
        sessions = Gauge("award_console_sessions", "Signed-in sessions in the store the console's replicas share",
                         registry=self.registry)
        sessions.set_function(self.sessions.count)
        self.urls = Map([
            Rule("/health/live", endpoint="health_live"), Rule("/health/ready", endpoint="health_ready"),
            Rule("/metrics", endpoint="metrics"),
            Rule("/signin", endpoint="signin"), Rule("/signin/start", endpoint="signin_start"),
            Rule("/signin/dev", endpoint="signin_dev", methods=["POST"]),
            Rule("/callback", endpoint="callback"), Rule("/signout", endpoint="signout", methods=["POST"]),
            Rule("/signed-out", endpoint="signed_out"),
            Rule("/", endpoint="home"), Rule("/cycles/<cycle_id>", endpoint="cycle"),
            Rule("/applications/<application_id>", endpoint="application"),
            Rule("/applications/<application_id>/documents/<document_id>", endpoint="document"),
            Rule("/act/<name>", endpoint="act", methods=["GET", "POST"]),
            *list_rules(),
            *pages_review.rules(),
            *due_rules(),
        ])

    # -- WSGI ---------------------------------------------------------------------------------
    def __call__(self, environ, start_response):
        request = Request(environ)
        request.max_content_length = 12 * 1024 * 1024
        route = "unknown"
        try:
            adapter = self.urls.bind_to_environ(environ)
            route, args = adapter.match()
            response = self.dispatch(request, route, args)
        except HTTPException as error:
            response = layout("出错了", f"<p>{e(error.description if error.code != 404 else '没有这个页面。')}</p>",
                              status=error.code)
        except ServiceError as error:
            response = self.refused(request, error)
        except requests.RequestException as error:
            log.warning("a service did not answer: %s", error)
            response = layout("服务暂不可用", "<p>所需的服务暂时没有应答，请稍后再试。</p>", status=503)
        self.requests_total.labels(route, str(response.status_code)).inc()
        return response(environ, start_response)

    def dispatch(self, request, route, args):
        if route in ("health_live", "health_ready", "metrics"):
            return getattr(self, route)(request)
        session = self.sessions.get(request.cookies.get(COOKIE))
        if request.method == "POST":
            if session is None or not session.csrf_ok(request.form.get("csrf")):
                return layout("请求已失效", "<p>表单已过期或不是从本工作台提交的（防跨站请求伪造校验未通过）。"
                              '请<a href="/">回到首页</a>重新操作。</p>', status=403)
        if route not in PUBLIC and (session is None or not session.user):
            return redirect("/signin?next=" + quote(request.full_path.rstrip("?")), code=303)
        try:
            return getattr(self, route)(request, session, **args)
        finally:  # what the page changed in the session (and its idle time) goes to the shared store
            self.sessions.save(session)

    def set_cookie(self, response, session):
        self.sessions.save(session)  # a session is stored once its cookie is set
        response.set_cookie(COOKIE, session["id"], httponly=True, secure=self.settings.secure_cookie,
                            samesite="Lax", path="/")
        return response

    # -- operations ------------------------------------------------------------------------------
    def health_live(self, request):
        return Response(json.dumps({"status": "ok"}), mimetype="application/json")

    def health_ready(self, request):
        checks = {}
        try:
            if self.provider:
                self.provider.discovery()
                checks["provider"] = "ok"
            else:
                checks["dev_signin"] = "ok"
        except Exception as error:
            checks["provider"] = f"unreachable: {error}"
        ready = all(v == "ok" for v in checks.values())
        return Response(json.dumps({"status": "ready" if ready else "not_ready", "checks": checks}),
                        status=200 if ready else 503, mimetype="application/json")

    def metrics(self, request):
        return Response(generate_latest(self.registry), mimetype=CONTENT_TYPE_LATEST)

    # -- the services -----------------------------------------------------------------------------
    def call(self, session, service, method, path, body=None, params=None):
        started = time.monotonic()
        answer = self.http.request(method, self.settings.services[service] + path, json=body, params=params,
                                   timeout=self.settings.timeout,
                                   headers={"Authorization": f"Bearer {self.token_for(session, service)}",
                                            "Accept": "application/json"})
        self.service_seconds.labels(service).observe(time.monotonic() - started)
        try:
            data = answer.json()
        except ValueError:
            data = None
        if answer.status_code == 401:
            expires = session.get("token_expires")
            if expires is None or time.time() >= expires - 5:
                # the person's token is spent: sign in again (at the provider, usually at once)
                self.sessions.drop(session)
                raise ServiceError(401, {"message": "登录已失效，请重新登录"}, signed_out=True)
            # a live token this service does not take (another audience): a refusal, not a sign-out
            raise ServiceError(401, service_error(401, data))
        if answer.status_code >= 400:
            raise ServiceError(answer.status_code, service_error(answer.status_code, data))
        return data

    def token_for(self, session, service):
        """The person's token for ``service``: its own resource's where the provider gave one,
        refreshed first when it is about to expire and the provider gave a refresh token."""
        if self.provider and refresh.due(self, session):
            if not refresh.refresh(self, session):  # the provider refused: sign in again
                raise ServiceError(401, {"message": "登录已失效，请重新登录"}, signed_out=True)
        return (session.get("tokens") or {}).get(self.settings.resource_of(service)) or session["token"]

    def get(self, session, service, path, params=None):
        return self.call(session, service, "GET", path, params=params)

    def optional(self, session, service, path, params=None):
        """A read whose refusal (or a service not answering) leaves its part of a page out."""
        try:
            return self.get(session, service, path, params)
        except ServiceError as refused:
            if refused.signed_out:
                raise
            return None
        except requests.RequestException:
            return None

    def page(self, session, title, body, status=200):
        nav = []
        roles = session.user["roles"] if session and session.user else []
        if "office" in roles:
            nav.append(("/act/open-cycle", "开启新一届"))
        origins = (self.provider.origin(),) if self.provider else ()
        return layout(title, body, user=session.user if session else None, csrf=session["csrf"] if session else None,
                      status=status, form_origins=origins, nav=nav)

    def refused(self, request, error):
        session = self.sessions.get(request.cookies.get(COOKIE))
        if error.signed_out:
            return redirect("/signin", code=303)
        title = {403: "无权查看", 404: "未找到"}.get(error.status, "未能完成")
        return self.page(session, title, error_box(error.error) + '<p><a href="/">回到我的工作</a></p>',
                         status=error.status)

    # -- signing in and out -----------------------------------------------------------------------
    def signin(self, request, session):
        session = session or self.sessions.new()
        next_url = request.args.get("next", "/")
        session["next"] = next_url if next_url.startswith("/") and not next_url.startswith("//") else "/"
        if self.provider:
            body = ('<p>请通过统一身份认证登录。</p>'
                    '<p><a href="/signin/start" role="button">使用统一身份认证登录</a></p>')
        else:
            options = "".join(
                f'<li><form method="post" action="/signin/dev"><input type="hidden" name="csrf" value="{e(session["csrf"])}">'
                f'<input type="hidden" name="login" value="{e(login)}"><button type="submit" name="as" value="{e(login)}">'
                f'以“{e(name)}”登录</button>（{e(ROLE_NAMES[role])}{"，" + e(district) if district else ""}）</form></li>'
                for login, role, name, district in signin.DEV_USERS)
            body = ('<div class="dev" role="note"><p><strong>开发用登录：以下均为测试用户，仅用于本机开发与演示。</strong>'
                    '令牌由本机开发密钥（var/keys）签发，生产环境一律不接受。接入统一身份认证见 docs/console.md。</p></div>'
                    f'<ul class="actions">{options}</ul>')
        return self.set_cookie(self.page(None, "登录", body), session)

    def signin_start(self, request, session):
        if not self.provider:
            raise NotFound()
        session = session or self.sessions.new()
        return self.set_cookie(redirect(self.provider.authorize_url(session), code=303), session)

    def callback(self, request, session):
        if not self.provider or session is None:
            return self.page(None, "登录未完成", '<p>登录请求已失效，请<a href="/signin">重新登录</a>。</p>', status=400)
        chain = session.get("chain")
        try:
            values = self.provider.finish(session, request.args)
        except signin.SignInFailed as failed:
            if not chain:
                return self.page(None, "登录未完成", f'<p role="alert">{e(failed)}</p><p><a href="/signin">重新登录</a></p>',
                                 status=400)
            # another service's token could not be had silently: its pages leave that part out
            log.warning("no token for %s: %s", session.get("last_resource"), failed)
        else:
            if values["resource"] == self.settings.resource:
                chain = session["chain"] = {"signin": {k: v for k, v in values.items() if k != "resource"},
                                            "tokens": {}, "left": self.provider.resources()[1:]}
            chain["tokens"][values["resource"]] = values["token"]
        if chain and chain["left"]:  # the next service's token, silently, under the same grant
            return redirect(self.provider.authorize_url(session, chain["left"].pop(0), silent=True), code=303)
        session.pop("chain", None)
        values = {**chain["signin"], "tokens": chain["tokens"]}
        return self._signed_in(session, values)

    def signin_dev(self, request, session):
        if self.provider or not self.settings.dev_signin:
            raise NotFound()
        try:
            values = signin.dev_sign_in(self.settings.key_dir, request.form.get("login", ""),
                                        self.settings.absolute_seconds)
        except KeyError:
            return self.page(None, "登录未完成", "<p>没有这个测试用户。</p>", status=400)
        return self._signed_in(session, values)

    def _signed_in(self, session, values):
        next_url = session.pop("next", "/")
        session.update(values)
        self.sessions.renew(session)
        log.info("signed in: %s (%s)", values["user"]["sub"], ",".join(values["user"]["roles"]))
        return self.set_cookie(redirect(next_url, code=303), session)

    def signout(self, request, session):
        id_token = session.get("id_token")
        if self.provider and session.get("refresh_token"):
            self.provider.revoke(session["refresh_token"])
        self.sessions.drop(session)
        target = self.provider.end_session_url(id_token) if self.provider else None
        response = redirect(target or "/signed-out", code=303)
        response.delete_cookie(COOKIE, path="/", secure=self.settings.secure_cookie, httponly=True, samesite="Lax")
        return response

    def signed_out(self, request, session):
        return self.page(None, "已退出登录", '<p>您已退出登录。<a href="/signin">重新登录</a></p>')

    # -- each role's work -----------------------------------------------------------------------
    def home(self, request, session):
        user = session.user
        cycles = self.get(session, "intake", "/v1/cycles")["cycles"]
        sections = []
        for role in user["roles"]:
            builder = getattr(self, f"home_{role}", None)
            sections.append(f'<section aria-labelledby="h-{e(role)}"><h2 id="h-{e(role)}">{e(ROLE_NAMES.get(role, role))}的工作</h2>'
                            + (builder(session, cycles) if builder else self.home_other(session, cycles, role))
                            + "</section>")
        if not user["roles"]:
            sections.append('<p class="note">您的账号在统一身份认证中没有本奖项的角色，请联系市长质量奖办公室。</p>')
        return self.page(session, "我的工作", "".join(sections))

    def deadlines(self, cycle):
        rows = [[e(STEP_NAMES.get(step, step)), e(beijing(at))]
                for step, at in sorted(cycle.get("schedule", {}).items(), key=lambda kv: kv[1])]
        return table(f"第 {cycle['edition']} 届的截止时间", ["环节", "截止时间"], rows)

    def cycle_row(self, cycle):
        return [f'<a href="/cycles/{e(cycle["cycle_id"])}">{e(cycle["edition"])} 年度</a>',
                e(STATUS.get(cycle["status"], cycle["status"])),
                e("；".join(f"{STEP_NAMES.get(s, s)} {beijing(at)}" for s, at in
                           sorted(cycle.get("schedule", {}).items(), key=lambda kv: kv[1])))]

    def open_cycles(self, cycles):
        return [c for c in cycles if c["status"] == "open"]

    def application_page(self, session, cycle_id, status=None, after=None, optional=True):
        """One page (``PAGE_SIZE``) of the cycle's applications the caller sees in intake, oldest
        first, from ``after``: ``{"applications", "next"}``; ``optional``: None if refused."""
        return self.one_page(session, "intake", f"/v1/cycles/{cycle_id}/applications", "applications",
                             "application_id", {"status": status} if status else None, after=after,
                             optional=optional)

    def one_page(self, session, service, path, key, cursor, params=None, after=None, limit=PAGE_SIZE,
                 optional=True):
        """One page of a list a service answers a page at a time (docs/contract.md, "Lists a page at
        a time"): at most ``limit`` rows of ``key`` from ``after`` (the console's own ``?after=``),
        in ONE call whatever the list's length. It asks for one row more than it shows, so ``next``
        (the ``cursor`` field of the last row shown) is null on a last page the service read whole,
        never a link to an empty one. ``optional``: None if the read is refused (a bad ``after`` is a refusal too)."""
        params = {**(params or {}), "limit": limit + 1, **({"after": after} if after else {})}
        answer = (self.optional if optional else self.get)(session, service, path, params)
        if answer is None:
            return None
        rows = answer.get(key) or []
        shown = rows[:limit]
        # a page a service filters after reading (intake's for an expert) may be short with a ``next``
        following = shown[-1][cursor] if len(rows) > limit else answer.get("next")
        return {**answer, key: shown, "next": following}

    def active_holds(self, session, cycle_id):
        """The holds in force on the cycle (supervision's list, every page), oldest first; None
        if the read is refused."""
        params, found = {"cycle_id": cycle_id, "status": "active", "limit": 500}, []
        while True:  # a handful in force on a cycle: one call, whatever the edition's size
            page = self.optional(session, "supervision", "/v1/holds", params)
            if page is None:
                return None
            found += page["holds"]
            if page.get("next") is None:
                return sorted(found, key=lambda h: (h.get("placed_at") or "", h["hold_id"]))
            params = dict(params, after=page["next"])

    def application_rows(self, apps, session):
        return [[f'<a href="/applications/{e(a["application_id"])}">{e(a["name"])}</a>',
                 e({"unit": "组织", "individual": "个人"}.get(a.get("kind"), a.get("kind"))), e(a.get("district")),
                 e(STATUS.get(a["status"], a["status"])), e(beijing(a.get("submitted_at")))] for a in apps]

    def home_applicant(self, session, cycles):
        parts = []
        for cycle in self.open_cycles(cycles):
            cid = cycle["cycle_id"]
            notice = self.optional(session, "intake", f"/v1/cycles/{cid}/notice")
            parts.append(f'<h3>{e(cycle["edition"])} 年度市长质量奖</h3>')
            if notice is None:
                parts.append('<p class="note">本届申报通知尚未发布，发布后即可申报（第十三条）。</p>')
                continue
            parts.append(f'<p>申报截止：<strong>{e(beijing(notice.get("deadline")))}</strong>　'
                         f'<a href="/cycles/{e(cid)}">阅读申报通知</a></p>')
            mine = self.application_page(session, cid, optional=False)
            if mine["applications"]:
                parts.append(table("我的申报", ["名称", "类别", "区县", "状态", "提交时间"],
                                   self.application_rows(mine["applications"], session))
                             + (f'<p><a href="/cycles/{e(cid)}">我在本届的全部申报</a></p>' if mine["next"] else ""))
            else:
                parts.append("<p>您在本届还没有申报。</p>")
            parts.append(f'<ul class="actions"><li><a href="/act/apply-unit?cycle_id={e(cid)}">以组织（单位）申报</a></li>'
                         f'<li><a href="/act/apply-individual?cycle_id={e(cid)}">以个人申报</a></li></ul>')
        return "".join(parts) or "<p>目前没有进行中的一届。</p>"

    def home_district(self, session, cycles):
        parts = []
        district = session.user.get("district")
        for cycle in self.open_cycles(cycles):
            cid = cycle["cycle_id"]
            # how many wait, from intake's count route (the district's own scope); the first of them
            counts = self.get(session, "intake", f"/v1/cycles/{cid}/applications/summary")
            waiting = self.application_page(session, cid, "submitted", optional=False)
            due = beijing(cycle.get("schedule", {}).get("district_review"))
            parts.append(f'<h3>{e(cycle["edition"])} 年度 · {e(district)}</h3>'
                         + (f"<p>区县推荐截止：<strong>{e(due)}</strong></p>" if due else ""))
            parts.append(table(f"待初审的申报（{counts['by_status'].get('submitted', 0)} 件）",
                               ["名称", "类别", "区县", "状态", "提交时间"],
                               self.application_rows(waiting["applications"], session)))
            parts.append(f'<p><a href="/cycles/{e(cid)}">本区县全部申报</a></p>')
        return "".join(parts) or "<p>目前没有进行中的一届。</p>"

    def home_office(self, session, cycles):
        rows = [self.cycle_row(c) for c in reversed(cycles)][:PAGE_SIZE]
        return (table("各届", ["届", "状态", "截止时间"], rows)
                + '<p><a href="/act/open-cycle">开启新一届</a></p>' + self.office_waiting(session, cycles)
                + self.list_home_office(session, cycles) + self.due_home_office(session, cycles))

    def home_leading_group(self, session, cycles):
        parts = []
        for cycle in self.open_cycles(cycles):
            scheme = self.optional(session, "intake", f"/v1/cycles/{cycle['cycle_id']}/review-scheme")
            if scheme and scheme.get("status") == "proposed":
                parts.append(f'<li><a href="/cycles/{e(cycle["cycle_id"])}">{e(cycle["edition"])} 年度评审方案待审定</a>'
                             f'（第七条）</li>')
        review = self.leading_group_waiting(session, cycles)  # the review's decisions (pages_review)
        parts += [review] if review else []
        waiting = f'<ul class="actions">{"".join(parts)}</ul>' if parts else "<p>目前没有待领导小组决定的事项。</p>"
        return (waiting + self.list_home_leading_group(session, cycles) + self.cases_waiting(session, "leading_group")
                + table("各届", ["届", "状态", "截止时间"], [self.cycle_row(c) for c in reversed(cycles)][:PAGE_SIZE]))

    def home_other(self, session, cycles, role):
        return ('<p class="note">本角色的工作页面尚在建设中（issue 35），请暂按 docs/contract.md 使用 API；'
                '下表为各届的截止时间。</p>'
                + table("各届", ["届", "状态", "截止时间"], [self.cycle_row(c) for c in reversed(cycles)][:PAGE_SIZE]))

    # -- an edition -------------------------------------------------------------------------------
    def cycle(self, request, session, cycle_id):
        roles = set(session.user["roles"])
        cycle = self.get(session, "intake", f"/v1/cycles/{cycle_id}")
        parts = [f"<p>状态：{e(STATUS.get(cycle['status'], cycle['status']))}　规则集：{e(cycle.get('ruleset_id'))}</p>",
                 self.deadlines(cycle)]
        notice = self.optional(session, "intake", f"/v1/cycles/{cycle_id}/notice")
        if notice:
            parts.append(f'<section aria-labelledby="h-notice"><h2 id="h-notice">申报通知</h2>'
                         f'<p>申报截止：{e(beijing(notice.get("deadline")))}</p>'
                         f'<div class="note">{e(notice.get("text"))}</div></section>')
        else:
            parts.append('<p class="note">申报通知尚未发布（第十三条）。</p>')
        if roles & {"office", "leading_group"}:
            scheme = self.optional(session, "intake", f"/v1/cycles/{cycle_id}/review-scheme")
            if scheme:
                parts.append(f'<section aria-labelledby="h-scheme"><h2 id="h-scheme">评审方案（第七条）</h2>'
                             f'<p>状态：{e(scheme.get("status"))}　摘要：<code>{e(scheme.get("scheme_sha256"))}</code></p>'
                             f'<p>提出：{e(beijing(scheme.get("proposed_at")))}　决定：{e(scheme.get("decision") or "—")}</p>'
                             "</section>")
        if roles & {"office", "district", "applicant", "leading_group", "supervisor", "third_party"}:
            # the counts from intake's count route, one page of the list: two calls at any size
            counts = self.optional(session, "intake", f"/v1/cycles/{cycle_id}/applications/summary")
            after = request.args.get("after") or None
            apps = self.application_page(session, cycle_id, after=after)
            if apps is not None:
                if "office" in roles and counts is not None:
                    parts.append(table("各状态的申报数", ["状态", "件数"],
                                       [[e(STATUS.get(s, s)), e(n)] for s, n in sorted(counts["by_status"].items())]))
                total = f"共 {counts['total']} 件" if counts is not None else "件数未能取得"
                parts.append(table(f"申报（{total}）", ["名称", "类别", "区县", "状态", "提交时间"],
                                   self.application_rows(apps["applications"], session))
                             + next_link(f"/cycles/{cycle_id}", {"after": after}, apps["next"]))
        if "office" in roles:
            holds = self.active_holds(session, cycle_id)
            if holds is not None:
                rows = [[e(h.get("hold_id")), e(STEP_NAMES.get(h.get("step"), h.get("step"))), e(h.get("subject")),
                         e(h.get("reason")), e(beijing(h.get("placed_at")))] for h in holds][:PAGE_SIZE]
                parts.append(table("生效中的暂停（监督组）", ["编号", "环节", "对象", "理由", "时间"], rows))
            else:
                parts.append('<p class="note">未能从监督组服务取得暂停情况（服务未应答或不接受本次登录的令牌）。</p>')
        if roles & {"office", "leading_group", "third_party", "expert", "supervisor"}:
            parts.append(f'<p><a href="/cycles/{e(cycle_id)}/review">本届的评审与监督（第七条至第九条、第十五条、第十六条）</a></p>')
        if roles & {"office", "leading_group", "government", "supervisor"}:
            parts.append(self.list_summary(session, cycle_id)
                         or f'<p><a href="/cycles/{e(cycle_id)}/list">候选名单、公示、异议与授奖</a>（第十六条至第十九条）</p>')
        parts.append(self.offered(roles, {"cycle_id": cycle_id}, (
            "propose-scheme", "decide-scheme", "publish-notice", "apply-unit", "apply-individual",
            "release-cycle-holds", "decide-no-award", "close-cycle")))
        return self.page(session, f"{cycle['edition']} 年度市长质量奖", "".join(parts))

    def offered(self, roles, params, names):
        """Links to the actions of ``names`` that these roles may take (the route's own roles)."""
        query = "&".join(f"{k}={quote(str(v))}" for k, v in params.items())
        links = [f'<li><a href="/act/{e(n)}?{e(query)}">{e(ACTIONS[n].title)}</a>（{e(ACTIONS[n].article)}）</li>'
                 for n in names if n in ACTIONS and roles & set(ACTIONS[n].roles)]
        return f'<h2>可办理的事项</h2><ul class="actions">{"".join(links)}</ul>' if links else ""

    # -- one application --------------------------------------------------------------------------
    def application(self, request, session, application_id):
        roles = set(session.user["roles"])
        app = self.get(session, "intake", f"/v1/applications/{application_id}")
        kind = {"unit": "组织", "individual": "个人"}.get(app.get("kind"), app.get("kind"))
        rows = [["申报编号", e(app["application_id"])], ["类别", e(kind)], ["名称", e(app.get("name"))],
                ["统一社会信用代码", e(app.get("credit_code"))], ["公民身份号码", e(app.get("resident_id"))],
                ["区县", e(app.get("district"))], ["状态", f"<strong>{e(STATUS.get(app['status'], app['status']))}</strong>"],
                ["环节", e(STEP_NAMES.get(app.get("step"), app.get("step")))], ["提交时间", e(beijing(app.get("submitted_at")))]]
        if app.get("ineligible_reason"):
            rows.append(["不符合条件", e(app["ineligible_reason"])])
        rows = [r for r in rows if r[1]]
        parts = [table("申报信息", ["项目", "内容"], rows)]
        documents = self.optional(session, "intake", f"/v1/applications/{application_id}/documents")
        if documents is not None:
            parts.append(table("申报材料", ["类别", "文件名", "证明事项"],
                               [[e(d.get("kind")),
                                 f'<a href="/applications/{e(application_id)}/documents/{e(d.get("document_id"))}">'
                                 f'{e(d.get("filename"))}</a>', e(d.get("relates_to"))]
                                for d in documents.get("documents", [])][:PAGE_SIZE]))
        reviews = app.get("district_reviews") or []
        if reviews:
            parts.append(table("区县初审", ["结论", "意见", "签署人", "时间"],
                               [[e({"recommend": "推荐", "return": "退回"}.get(r.get("decision"), r.get("decision"))),
                                 e(r.get("opinion")), e(r.get("signatory")), e(beijing(r.get("reviewed_at")))]
                                for r in reviews]))
        names = []
        if app["status"] in ("draft", "returned"):
            names += [f"edit-application-{app.get('kind')}", "attach-document", "submit-application"]
        if app["status"] in ("draft", "returned", "submitted"):
            names.append("withdraw-application")
        if app["status"] == "submitted":
            names.append("district-review")
        parts.append(self.offered(roles, {"application_id": application_id}, names))
        parts.append(f'<p><a href="/cycles/{e(app["cycle_id"])}">返回本届</a></p>')
        return self.page(session, f"申报：{app.get('name')}", "".join(parts))

    def document(self, request, session, application_id, document_id):
        """A document's content as intake answers it to this person (read access is intake's to
        decide, and it audits the reading), passed through as an attachment."""
        return self.passthrough(session, "intake", f"/v1/applications/{application_id}/documents/{document_id}",
                                keep=("Content-Disposition", "X-Content-SHA256"))

    def passthrough(self, session, service, path, keep=("Content-Disposition",)):
        """A file a service answers this person (a document, a certificate, an export), streamed to
        the browser as an attachment it must not sniff nor run; a refusal is the service's."""
        answer = self.http.get(self.settings.services[service] + path, timeout=self.settings.timeout, stream=True,
                               headers={"Authorization": f"Bearer {self.token_for(session, service)}"})
        if answer.status_code >= 400:
            try:
                data = answer.json()
            except ValueError:
                data = None
            raise ServiceError(answer.status_code, service_error(answer.status_code, data))
        headers = {name: answer.headers[name] for name in keep if name in answer.headers}
        # handed over to be saved, as the pages' links say (下载): never opened in the console's
        # origin, whatever the service said (publicity answers the certificate ``inline``)
        headers["Content-Disposition"] = re.sub(r"^\s*inline\b", "attachment",
                                                headers.get("Content-Disposition") or "attachment")
        return Response(answer.iter_content(64 * 1024), mimetype=answer.headers.get("Content-Type"),
                        headers={**headers, "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store",
                                 "Content-Security-Policy": "default-src 'none'; sandbox"})

    # -- the action forms ------------------------------------------------------------------------------
    def act(self, request, session, name):
        action = ACTIONS.get(name)
        if action is None:
            raise NotFound()
        roles = set(session.user["roles"])
        if not roles & set(action.roles):
            return self.page(session, "无权办理", f"<p>“{e(action.title)}”由{e('、'.join(ROLE_NAMES[r] for r in action.roles))}"
                             "办理，您的角色不能办理。</p>", status=403)
        source = request.form if request.method == "POST" else request.args
        params = {p: source.get(p, "") for p in action.params}
        context, values = self.context(session, action, params)
        if request.method == "GET":  # a link may fill in fields (the cycle or application it is about)
            values = {**{f.name: request.args[f.name] for f in action.fields if f.name in request.args}, **values}
        error = None
        if request.method == "POST":
            body = build_body(action, request.form, request.files)
            if action.name.startswith("edit-application"):  # what the form does not show is kept as it is
                current = self.get(session, "intake", f"/v1/applications/{params['application_id']}")
                for name in ("tilt_claims", "incidents"):
                    body.setdefault(name, current.get(name) or [])
            try:
                answer = self.call(session, action.service, action.method, action.path.format(**params), body=body)
            except ServiceError as refused:
                if refused.signed_out:
                    raise
                error = refused.error
                placed = {f.key for f in action.fields}
                error["unplaced"] = [(k, v) for k, v in error.get("fields", {}).items() if k not in placed]
                values = request.form.to_dict()
            else:
                target = action.next.format(**{**params, **{k: v for k, v in (answer or {}).items()
                                                            if isinstance(v, (str, int))}})
                return redirect(target, code=303)
        intro = f'<p>{e(action.intro)}</p>' if action.intro else ""
        body = (f'<p class="hint">依据：{e(action.article)}</p>{intro}{context}{error_box(error)}'
                + render_form(action, params, session["csrf"], values, error))
        return self.page(session, action.title, body, status=422 if error else 200)

    def context(self, session, action, params):
        """What the person decides on, beside the form, and the values the form starts with."""
        listed = self.list_context(session, action, params) or self.due_context(session, action, params)
        if listed is not None:
            return listed
        if action.name == "decide-scheme":
            scheme = self.get(session, "intake", f"/v1/cycles/{params['cycle_id']}/review-scheme")
            return (f'<div class="note"><p>待审定的评审方案：状态 {e(scheme.get("status"))}</p>'
                    f'<p>摘要（sha256）：<code>{e(scheme.get("scheme_sha256"))}</code></p>'
                    f'<p>{e(scheme.get("text") or "")}</p></div>'), {"scheme_sha256": scheme.get("scheme_sha256") or ""}
        if action.name.startswith("edit-application"):
            app = self.get(session, "intake", f"/v1/applications/{params['application_id']}")
            values = {f.name: _form_value(app.get(f.name)) for f in action.fields
                      if f.kind != "declarations" and f.name != "resident_id"}
            items = next(f.options for f in action.fields if f.kind == "declarations")
            affirmed = {d["item"] for d in app.get("declarations") or [] if d.get("affirmed")}
            values.update({f"decl-{i}": item for i, item in enumerate(items) if item in affirmed})
            return f'<p class="note">修改：{e(app.get("name"))}（{e(STATUS.get(app["status"], app["status"]))}）</p>', values
        if action.name == "district-review":
            app = self.get(session, "intake", f"/v1/applications/{params['application_id']}")
            return f'<p class="note">初审对象：{e(app.get("name"))}（{e(app.get("district"))}）</p>', {}
        return self.review_context(session, action, params)  # the review's forms (pages_review)
