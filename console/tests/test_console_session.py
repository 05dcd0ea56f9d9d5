"""The console's session (issue 35, item 1) without a browser or a service: the cookie is
HttpOnly and SameSite=Lax (Secure unless on loopback), every form is refused without its CSRF
token, a page needs a signed-in session, sessions end when idle and after the absolute time,
and the development sign-in says plainly that its users are test users."""
import re

import pytest
from werkzeug.test import Client

from award_console.app import Console
from award_console.config import Settings
from award_console.session import COOKIE


class Clock:
    def __init__(self):
        self.now = 1_700_000_000.0

    def __call__(self):
        return self.now


def console(tmp_path, **env):
    settings = Settings.from_env({"CONSOLE_DEV_SIGNIN": "1", "AWARD_KEY_DIR": str(tmp_path / "keys"),
                                  "CONSOLE_DATABASE_URL": f"sqlite:///{tmp_path}/console.db",
                                  "CONSOLE_IDLE_MINUTES": "30", "CONSOLE_ABSOLUTE_MINUTES": "480", **env})
    clock = Clock()
    return Console(settings, clock=clock), clock


def csrf_of(page):
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


def sign_in(client, login="dev-office"):
    page = client.get("/signin").get_data(as_text=True)
    return client.post("/signin/dev", data={"csrf": csrf_of(page), "login": login})


def test_pages_need_a_session_and_the_cookie_is_httponly_lax(tmp_path):
    app, _ = console(tmp_path)
    client = Client(app)
    answer = client.get("/cycles/cycle-2019")
    assert answer.status_code == 303 and answer.headers["Location"].startswith("/signin?next=/cycles/cycle-2019")
    signin = client.get(answer.headers["Location"])
    text = signin.get_data(as_text=True)
    assert "开发用登录：以下均为测试用户" in text and "【测试】" in text
    cookie = signin.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie  # loopback dev
    assert "default-src 'none'" in signin.headers["Content-Security-Policy"]
    signed = client.post("/signin/dev", data={"csrf": csrf_of(text), "login": "dev-office"})
    assert signed.status_code == 303 and signed.headers["Location"] == "/cycles/cycle-2019"
    assert COOKIE in signed.headers["Set-Cookie"]


def test_secure_cookie_beyond_loopback(tmp_path):
    app, _ = console(tmp_path, CONSOLE_PUBLIC_URL="https://console.example.gov.cn")
    assert "Secure" in Client(app).get("/signin").headers["Set-Cookie"]


def test_a_form_without_its_csrf_token_is_refused(tmp_path):
    app, _ = console(tmp_path)
    client = Client(app)
    client.get("/signin")
    refused = client.post("/signin/dev", data={"login": "dev-office"})
    assert refused.status_code == 403 and "防跨站请求伪造" in refused.get_data(as_text=True)
    refused = client.post("/signin/dev", data={"login": "dev-office", "csrf": "forged"})
    assert refused.status_code == 403
    assert sign_in(client).status_code == 303
    # signing in renews the session: the token of the page before it no longer works
    assert client.post("/signout", data={"csrf": "forged"}).status_code == 403


def test_sessions_end_when_idle_and_after_the_absolute_time(tmp_path):
    app, clock = console(tmp_path)
    client = Client(app)
    sign_in(client)
    assert app.sessions.count() == 1
    clock.now += 29 * 60
    assert client.get("/act/open-cycle").status_code == 200  # a request restarts the idle time
    clock.now += 31 * 60
    assert client.get("/act/open-cycle").status_code == 303  # idle for 31 minutes: signed out
    sign_in(client)
    for _ in range(16):  # never idle, but 8 hours after sign-in it ends all the same
        clock.now += 29 * 60
        assert client.get("/act/open-cycle").status_code == 200
    clock.now += 29 * 60
    assert client.get("/act/open-cycle").status_code == 303


def test_signout_ends_the_session_and_a_role_sees_only_its_forms(tmp_path):
    app, _ = console(tmp_path)
    client = Client(app)
    sign_in(client, "dev-applicant")
    refused = client.get("/act/open-cycle")
    assert refused.status_code == 403 and "<form class=\"action\"" not in refused.get_data(as_text=True)
    form = client.get("/act/apply-unit?cycle_id=cycle-2019").get_data(as_text=True)
    assert 'for="f-credit_code"' in form and 'id="f-credit_code"' in form  # each input has its label
    out = client.post("/signout", data={"csrf": csrf_of(form)})
    assert out.status_code == 303 and out.headers["Location"] == "/signed-out"
    assert client.get("/act/apply-unit?cycle_id=cycle-2019").status_code == 303


def test_health_and_metrics(tmp_path):
    app, _ = console(tmp_path)
    client = Client(app)
    assert client.get("/health/live").status_code == 200
    assert client.get("/health/ready").status_code == 200
    sign_in(client)
    metrics = client.get("/metrics").get_data(as_text=True)
    assert "award_console_sessions 1.0" in metrics and "award_console_requests_total" in metrics


@pytest.mark.parametrize("env, named", [
    ({}, "no sign-in"),
    ({"CONSOLE_DEV_SIGNIN": "1", "OIDC_ISSUER": "https://sso.example"}, "both set"),
    ({"OIDC_ISSUER": "https://sso.example"}, "CONSOLE_OIDC_CLIENT_SECRET"),
    ({"OIDC_ISSUER": "https://sso.example", "CONSOLE_OIDC_CLIENT_SECRET": "s"}, "CONSOLE_SESSION_KEYS"),
    ({"CONSOLE_DEV_SIGNIN": "1", "CONSOLE_IDLE_MINUTES": "0"}, "CONSOLE_IDLE_MINUTES"),
])
def test_settings_refuse_what_cannot_sign_in(env, named):
    with pytest.raises(ValueError, match=named):
        Settings.from_env(env)


def test_a_refusal_is_shown_in_chinese_beside_its_field_and_article():
    from award_console.actions import ACTIONS, render_form
    from award_console.app import service_error
    from award_console.html import error_box
    error = service_error(422, {"error": {"code": "invalid", "message": "申报内容有误（第十四条）",
                                          "message_en": "invalid", "article": "Art. 14",
                                          "fields": {"credit_code": ["not a valid code"], "other": {"0": ["x"]}}}})
    assert error["article_zh"] == "第十四条" and error["fields"]["other"] == "0: x"
    error["unplaced"] = [("other", error["fields"]["other"])]
    box = error_box(error)
    assert 'role="alert"' in box and "申报内容有误" in box and "依据：第十四条" in box and "other：0: x" in box
    form = render_form(ACTIONS["apply-unit"], {"cycle_id": "cycle-2019"}, "token", {"credit_code": "bad"}, error)
    assert '<span class="field-error" id="err-credit_code">not a valid code</span>' in form
    assert 'aria-describedby="err-credit_code" aria-invalid="true"' in form and 'value="bad"' in form


@pytest.mark.engines("postgresql")  # the console keeps no data: the services' own tests cover both engines
def test_a_service_refusing_a_live_token_is_a_refusal_not_a_sign_out(service_factory, oidc_provider, tmp_path):
    """Intake, given a provider, refuses development tokens (401) though the console's is live:
    the page shows the refusal and the person stays signed in; only a spent token signs out."""
    from award_intake.service import IntakeService
    intake = service_factory(IntakeService, extra={"OIDC_ISSUER": oidc_provider.issuer,
                                                   "OIDC_AUDIENCE": "urn:award:intake"})
    app, clock = console(tmp_path, CONSOLE_INTAKE_URL=intake.client.base_url)
    client = Client(app)
    sign_in(client)
    refused = client.get("/")
    assert refused.status_code == 401 and 'role="alert"' in refused.get_data(as_text=True)
    assert client.get("/act/open-cycle").status_code == 200  # still signed in
    session = app.sessions.get(client.get_cookie(COOKIE).value)
    session["token_expires"] = 0  # the token spent: the next refusal signs the person out
    app.sessions.save(session)
    assert client.get("/").status_code == 303
    assert client.get("/act/open-cycle").status_code == 303
