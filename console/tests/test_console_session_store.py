"""The console's sessions in the store its replicas share (issue 35, item 1; console/award_console/session.py):
two console instances on one database (sign in on one, go on on the other, sign out there), a
restart keeping the session, the store made by the console's migrations (and one made before
them adopted), the tokens encrypted at rest under a key that can be rotated,
ended sessions deleted; and at the real test provider (award_testing.oidc): the access tokens
refreshed once before they expire, across instances, a refused refresh signing the person out,
and logout at the provider with the ID token as ``id_token_hint`` (RP-Initiated Logout 1.0)."""
import re
import threading
import time
from urllib.parse import parse_qs, urljoin, urlparse

import pytest
import requests
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from cryptography.fernet import Fernet
from werkzeug.test import Client

from award_console.app import Console, ServiceError
from award_console.config import Settings
from award_console.session import COOKIE, METADATA, TABLE, key_of
from award_shared.store.migrations import alembic_config, upgrade
from award_testing import oidc

KEY = Fernet.generate_key().decode()
CONSOLE_URL = "http://127.0.0.1:8000"  # never reached: the tests stand in for the browser
SECRET = "console-store-test-secret-0123456789"
CLIENT_ID = "award-console-store"


class Clock:
    def __init__(self):
        self.now = time.time()

    def __call__(self):
        return self.now


def settings(url, tmp_path, keys=KEY, **env):
    return Settings.from_env({"CONSOLE_DEV_SIGNIN": "1", "AWARD_KEY_DIR": str(tmp_path / "keys"),
                              "CONSOLE_DATABASE_URL": url, "CONSOLE_SESSION_KEYS": keys, **env})


def csrf_of(page):
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


def cookie_of(client):
    return client.get_cookie(COOKIE).value


def dev_sign_in(client, login="dev-office"):
    page = client.get("/signin").get_data(as_text=True)
    assert client.post("/signin/dev", data={"csrf": csrf_of(page), "login": login}).status_code == 303


def rows(url):
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            return conn.execute(sa.select(TABLE)).mappings().all()
    finally:
        engine.dispose()


def test_two_consoles_share_one_store_and_a_restart_keeps_the_session(database_url_factory, tmp_path):
    url = database_url_factory("console")
    one, two = Console(settings(url, tmp_path)), Console(settings(url, tmp_path))
    browser = Client(one)
    dev_sign_in(browser)
    cookie = cookie_of(browser)
    # the next request reaches the other replica: the same session, its CSRF token with it
    other = Client(two)
    other.set_cookie(COOKIE, cookie)
    page = other.get("/act/open-cycle")
    assert page.status_code == 200 and "【测试】市长质量奖办公室" in page.get_data(as_text=True)
    assert two.sessions.count() == one.sessions.count() == 1
    # a restart: a new instance on the same store still knows the person
    one.sessions.close()
    restarted = Client(Console(settings(url, tmp_path)))
    restarted.set_cookie(COOKIE, cookie)
    form = restarted.get("/act/open-cycle").get_data(as_text=True)
    # signing out on one replica ends the session on every one, and deletes it
    assert other.post("/signout", data={"csrf": csrf_of(form)}).status_code == 303
    assert restarted.get("/act/open-cycle").status_code == 303
    assert [r for r in rows(url) if r["signed_in"]] == []


def test_the_migrated_store_is_the_table_the_code_uses_and_one_made_before_the_migrations_is_adopted(
        database_url_factory):
    url = database_url_factory("console")
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    METADATA.create_all(engine)   # as a console of an earlier release made it at start, no revision recorded
    upgrade("award_console", url)   # award-migrate console
    with engine.connect() as conn:
        context = MigrationContext.configure(conn)
        assert context.get_current_revision() is not None and compare_metadata(context, METADATA) == []
    command.downgrade(alembic_config("award_console", url), "base")
    assert not sa.inspect(engine).has_table(TABLE.name)
    upgrade("award_console", url)   # a new database: the migration alone makes what the code expects
    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), METADATA) == []
    engine.dispose()


def test_tokens_at_rest_are_encrypted_and_the_key_can_be_rotated(database_url_factory, tmp_path):
    url = database_url_factory("console")
    app = Console(settings(url, tmp_path))
    browser = Client(app)
    dev_sign_in(browser)
    cookie = cookie_of(browser)
    session = app.sessions.get(cookie)
    [row] = [r for r in rows(url) if r["signed_in"]]
    # the row is named by the id's digest and holds neither the token, the CSRF token nor the name
    assert row["key"] == key_of(cookie) and cookie not in str(dict(row))
    for secret in (session["token"], session["csrf"], session["token"][-40:]):
        assert secret not in row["data"]
    assert "测试" not in row["data"] and "dev-office" not in row["data"]
    # another key opens nothing (no session, not an error page) ...
    stranger = Client(Console(settings(url, tmp_path, keys=Fernet.generate_key().decode())))
    stranger.set_cookie(COOKIE, cookie)
    assert stranger.get("/act/open-cycle").status_code == 303
    # ... a new key put first with the old one after it still does, and writes with the new one
    new = Fernet.generate_key().decode()
    rotated = Console(settings(url, tmp_path, keys=f"{new},{KEY}"))
    assert rotated.sessions.get(cookie)["token"] == session["token"]
    with pytest.raises(ValueError, match="CONSOLE_SESSION_KEYS"):
        settings(url, tmp_path, keys="not-a-key")


def test_ended_sessions_are_deleted(database_url_factory, tmp_path):
    url = database_url_factory("console")
    clock = Clock()
    app = Console(settings(url, tmp_path, CONSOLE_IDLE_MINUTES="30"), clock=clock)
    idle, busy = Client(app), Client(app)
    dev_sign_in(idle)
    dev_sign_in(busy)
    assert len(rows(url)) == 2
    clock.now += 31 * 60  # idle past its time: read again, it is gone from the store
    assert idle.get("/act/open-cycle").status_code == 303
    assert [r["key"] for r in rows(url)] == [key_of(cookie_of(busy))]
    assert app.sessions.count() == 0  # not counted once ended, and the sweep deletes it
    assert app.sessions.sweep(force=True) == 1 and rows(url) == []


# -- at the real provider: refresh and logout -------------------------------------------------------
@pytest.fixture(scope="module")
def provider():
    try:
        provider = oidc.OidcProvider(extra_clients=[{
            "client_id": CLIENT_ID, "client_secret": SECRET, "application_type": "web",
            "token_endpoint_auth_method": "client_secret_basic",
            "grant_types": ["authorization_code", "refresh_token"], "response_types": ["code"],
            "redirect_uris": [f"{CONSOLE_URL}/callback"], "post_logout_redirect_uris": [f"{CONSOLE_URL}/signed-out"]}])
    except RuntimeError as exc:
        pytest.fail(str(exc))
    yield provider
    provider.close()


def provider_settings(url, provider):
    return Settings.from_env({
        "OIDC_ISSUER": provider.issuer, "CONSOLE_OIDC_CLIENT_ID": CLIENT_ID, "CONSOLE_OIDC_CLIENT_SECRET": SECRET,
        "OIDC_ROLES_CLAIM": "realm_access.roles", "OIDC_ROLE_MAP": oidc.ROLE_MAP,
        "OIDC_DISTRICT_CLAIM": "award_district", "OIDC_NAME_CLAIM": "name", "CONSOLE_PUBLIC_URL": CONSOLE_URL,
        "CONSOLE_OIDC_RESOURCES": "supervision=urn:award:supervision",
        "CONSOLE_DATABASE_URL": url, "CONSOLE_SESSION_KEYS": KEY})


def provider_sign_in(client, login):
    """Sign in at the provider as a browser would: the console's redirects, the provider's login
    and consent forms (its development interactions), and back to the console's callback, for
    the signing-in resource and then each other one silently. The provider's cookies, for logout."""
    browser = requests.Session()
    location = client.get("/signin/start").headers["Location"]
    for _ in range(40):
        if location.startswith(CONSOLE_URL):
            answer = client.get(location[len(CONSOLE_URL):])
            location = answer.headers.get("Location", "")
            if not location.startswith("http"):
                assert answer.status_code == 303, answer.get_data(as_text=True)
                return browser
            continue
        page = browser.get(location, allow_redirects=False, timeout=10)
        while not page.headers.get("Location"):
            form = re.search(r'<form[^>]*action="([^"]+)"', page.text)
            prompt = re.search(r'name="prompt" value="(\w+)"', page.text)
            assert form and prompt, page.text[:500]
            fields = {"prompt": prompt.group(1)}
            if prompt.group(1) == "login":
                fields.update(login=login, password="any")
            page = browser.post(urljoin(page.url, form.group(1)), data=fields, allow_redirects=False, timeout=10)
        location = urljoin(page.url, page.headers["Location"])
    raise AssertionError("the sign-in never came back to the console")


def expire_soon(app, cookie):
    """The store's session with its access token 10 s from expiring (the provider's live 600)."""
    session = app.sessions.get(cookie)
    session["token_expires"] = time.time() + 10
    app.sessions.save(session)


def test_tokens_are_refreshed_once_across_replicas_and_a_refused_refresh_signs_out(
        database_url_factory, provider):
    url = database_url_factory("console")
    one, two = Console(provider_settings(url, provider)), Console(provider_settings(url, provider))
    browser = Client(one)
    provider_sign_in(browser, "office")
    cookie = cookie_of(browser)
    first = one.sessions.get(cookie)
    assert first["refresh_token"] and first["user"]["roles"] == ["office"]
    assert set(first["tokens"]) == {"urn:award:intake", "urn:award:supervision"}
    assert one.token_for(first, "intake") == first["token"]  # not due: no refresh
    expire_soon(one, cookie)
    # two requests on each of two replicas find it due at once: one refresh (each instance's
    # lock, then the row's lease across them), and every request gets its tokens
    sessions = [one.sessions.get(cookie), two.sessions.get(cookie)]
    got, refreshes = {}, []
    for app in (one, two):  # counted, not replaced: the provider's real answer
        app.provider.refresh = lambda *args, real=app.provider.refresh: refreshes.append(args) or real(*args)

    def use(app, session, service):
        got[(app is one, service)] = app.token_for(session, service)
    threads = [threading.Thread(target=use, args=(app, session, service))
               for app, session in zip((one, two), sessions) for service in ("intake", "supervision")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    fresh = one.sessions.get(cookie)
    assert len(refreshes) == 1, refreshes
    assert fresh["token"] != first["token"] and fresh["token_expires"] > time.time() + 500
    assert {got[(True, "intake")], got[(False, "intake")]} == {fresh["token"]}
    assert {got[(True, "supervision")], got[(False, "supervision")]} == {fresh["tokens"]["urn:award:supervision"]}
    assert fresh["tokens"]["urn:award:supervision"] != first["tokens"]["urn:award:supervision"]
    # each token is the provider's, for its own audience, and the services' verifier takes it
    claims = one.provider.verifier.decode(fresh["token"])
    assert claims["aud"] == "urn:award:intake" and claims["sub"] == "office"
    # the provider ends the grant (here: the refresh token revoked): the next refresh is
    # refused, and the person is signed out on every replica
    discovery = requests.get(f"{provider.issuer}/.well-known/openid-configuration", timeout=5).json()
    assert requests.post(discovery["revocation_endpoint"], auth=(CLIENT_ID, SECRET), timeout=5,
                         data={"token": fresh["refresh_token"], "token_type_hint": "refresh_token"}).ok
    expire_soon(one, cookie)
    with pytest.raises(ServiceError) as signed_out:
        two.token_for(two.sessions.get(cookie), "intake")
    assert signed_out.value.signed_out and one.sessions.get(cookie) is None
    assert browser.get("/act/open-cycle").status_code == 303


def test_logout_at_the_provider_sends_the_id_token_hint(database_url_factory, provider):
    url = database_url_factory("console")
    app = Console(provider_settings(url, provider))
    client = Client(app)
    browser = provider_sign_in(client, "district")
    session = app.sessions.get(cookie_of(client))
    form = client.get("/act/open-cycle").get_data(as_text=True)
    out = client.post("/signout", data={"csrf": csrf_of(form)})
    assert out.status_code == 303 and app.sessions.get(session["id"]) is None
    target = urlparse(out.headers["Location"])
    query = parse_qs(target.query)
    assert query["id_token_hint"] == [session["id_token"]] and query["client_id"] == [CLIENT_ID]
    assert query["post_logout_redirect_uri"] == [f"{CONSOLE_URL}/signed-out"]
    # the provider takes the hint: its confirmation, then back to the console's signed-out page
    page = browser.get(out.headers["Location"], allow_redirects=False, timeout=10)
    assert page.status_code == 200, page.text[:500] + provider.log_text()
    form = re.search(r'<form[^>]*action="([^"]+)"', page.text)
    xsrf = re.search(r'name="xsrf" value="([^"]+)"', page.text)
    assert form and xsrf, page.text[:500]
    done = browser.post(urljoin(page.url, form.group(1)), data={"xsrf": xsrf.group(1), "logout": "yes"},
                        allow_redirects=False, timeout=10)
    assert done.headers.get("Location") == f"{CONSOLE_URL}/signed-out", done.text[:500] + provider.log_text()
    # the refresh token signing out revoked is refused now
    discovery = requests.get(f"{provider.issuer}/.well-known/openid-configuration", timeout=5).json()
    refused = requests.post(discovery["token_endpoint"], auth=(CLIENT_ID, SECRET), timeout=5, data={
        "grant_type": "refresh_token", "refresh_token": session["refresh_token"], "resource": "urn:award:intake"})
    assert refused.status_code == 400 and refused.json()["error"] == "invalid_grant"
