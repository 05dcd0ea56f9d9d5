"""Issue 35, item 4, steps 9-13: the console in real Chromium from the candidate list to a
verified certificate, each person signed in at the real test provider, against running intake
and publicity that take the provider's tokens (the suite's audience, as a Keycloak token names
all services). The edition is brought to a proposed candidate list through the APIs (as
tests/test_award_cycle_flow.py does); then, in the browser, the leading group deliberates, the
office publishes the notice, an objection filed on the public page is investigated, proposed
and approved, the business clock moves past the notice's five working days, the leading group
submits the list (提报), the government approves it, the office confers, and the certificate
verifies on the public page. The government is not shown what its API refuses it (objections).
The government's home and the office's edition page go to docs/console/ (docs/console.md)."""
import json
import os
import shutil
import sys

import pytest
import requests
from cryptography.fernet import Fernet
from eventlet.green import subprocess

from award_intake import examples
from award_intake.service import IntakeService
from award_publicity.service import PublicityService
from award_testing import oidc
from award_testing.helpers import publish_event, wait_for, wait_until_serving

from test_console_walk_browser import SECRET, SHOTS, free_port

DRIVER_SCRIPT = os.path.join(os.path.dirname(__file__), "console_list_walk_browser.py")
SCHEDULE = {"application": "2019-05-31T17:00:00+08:00", "district_review": "2019-06-30T17:00:00+08:00"}
WINNER, OTHER = examples.credit_code(), examples.credit_code(body="12345678")


@pytest.mark.engines("postgresql")  # the console keeps no data: the services' own tests cover both engines
def test_the_list_notice_objection_approval_and_conferral_in_the_console(service_factory, rabbit_config, tmp_path,
                                                                         database_url_factory):
    for path in ("/usr/bin/chromium", "/usr/bin/chromedriver"):
        assert shutil.which(path), f"{path} is missing: run scripts/install --test (it installs chromium and chromium-driver)"
    port = free_port()
    console_url = f"http://127.0.0.1:{port}"
    try:
        provider = oidc.OidcProvider(extra_clients=[{
            "client_id": "award-console-web", "client_secret": SECRET, "application_type": "web",
            "token_endpoint_auth_method": "client_secret_basic", "grant_types": ["authorization_code", "refresh_token"],
            "response_types": ["code"], "redirect_uris": [f"{console_url}/callback"],
            "post_logout_redirect_uris": [f"{console_url}/signed-out"]}])
    except RuntimeError as exc:
        pytest.fail(str(exc))
    try:
        walk(service_factory, rabbit_config["AMQP_URI"], provider, port, console_url, tmp_path,
             database_url_factory("console"))
    finally:
        provider.close()


def walk(service_factory, amqp, provider, port, console_url, tmp_path, sessions_url):
    claims = {"OIDC_ISSUER": provider.issuer, "OIDC_ROLES_CLAIM": "realm_access.roles", "OIDC_AUDIENCE": oidc.SUITE_AUDIENCE,
              "OIDC_ROLE_MAP": oidc.ROLE_MAP, "OIDC_DISTRICT_CLAIM": "award_district", "OIDC_NAME_CLAIM": "name"}
    intake = service_factory(IntakeService, clock="fixed:2019-03-01T09:00:00+08:00",
                             extra={**claims, "DOCUMENT_DIR": str(tmp_path / "documents")})
    publicity = service_factory(PublicityService, clock="simulated:2019-09-27T10:00:00+08:00",
                                extra={**claims, "NOTICE_TIMER_SECONDS": 0.2})
    tokens = {}

    def call(service, method, path, login, body=None, status=(200, 201)):
        if login not in tokens:
            tokens[login] = provider.token(login, resource=oidc.SUITE_AUDIENCE)
        answer = requests.request(method, service.client.base_url + path, json=body, timeout=30,
                                  headers={"Authorization": f"Bearer {tokens[login]}"})
        assert answer.status_code in status, answer.text
        return answer.json()

    # the edition up to the office's candidate list, through the APIs (tests/test_award_cycle_flow.py)
    call(intake, "POST", "/v1/cycles", "office", {"edition": 2019, "schedule": SCHEDULE})
    scheme = call(intake, "POST", "/v1/cycles/cycle-2019/review-scheme", "office", {})
    call(intake, "POST", "/v1/cycles/cycle-2019/review-scheme/decision", "leading_group", {
        "outcome": "approved", "scheme_sha256": scheme["scheme_sha256"], "decision": "市质量强市领导小组审定评审方案"})
    call(intake, "POST", "/v1/cycles/cycle-2019/notice", "office", {"text": "关于组织申报2019年度济南市市长质量奖的通知"})
    provider.add_user("applicant-c", "applicant")
    ids = []
    for login, code, name in (("applicant", WINNER, "济南示例精密机械有限公司"),
                              ("applicant-c", OTHER, "济南泉城智能装备股份有限公司")):
        app = call(intake, "POST", "/v1/cycles/cycle-2019/applications", login,
                   examples.unit_form(credit_code=code, name=name))
        for doc in examples.required_documents():
            call(intake, "POST", f"/v1/applications/{app['application_id']}/documents", login, doc)
        call(intake, "POST", f"/v1/applications/{app['application_id']}/submit", login)
        ids.append(app["application_id"])
    wait_for(lambda: requests.get(publicity.client.base_url + "/v1/cycles/cycle-2019", timeout=10,
                              headers={"Authorization": f"Bearer {tokens['office']}"}).status_code == 200,
             message="publicity's cycle")
    publish_event(amqp, "scoring", "candidates.proposed", {"cycle_id": "cycle-2019", "list_id": "list-1", "categories": [
        {"category": "unit_award", "vacancies": 3, "candidates": [
            {"rank": 1, "application_id": ids[0], "applicant_name": "济南示例精密机械有限公司", "score": 861.0},
            {"rank": 2, "application_id": ids[1], "applicant_name": "济南泉城智能装备股份有限公司", "score": 802.0}]}]})
    wait_for(lambda: requests.get(publicity.client.base_url + "/v1/cycles/cycle-2019/candidates", timeout=10,
                                  headers={"Authorization": f"Bearer {tokens['office']}"}).status_code == 200,
             message="the candidate list")

    env = {**os.environ, **claims, "CONSOLE_HTTP_ADDRESS": f"127.0.0.1:{port}", "CONSOLE_PUBLIC_URL": console_url,
           "CONSOLE_OIDC_CLIENT_ID": "award-console-web", "CONSOLE_OIDC_CLIENT_SECRET": SECRET,
           "CONSOLE_OIDC_RESOURCE": oidc.SUITE_AUDIENCE, "CONSOLE_INTAKE_URL": intake.client.base_url,
           "CONSOLE_PUBLICITY_URL": publicity.client.base_url,
           # the sessions' store shared by replicas (here one) and its key (issue 35's sessions)
           "CONSOLE_DATABASE_URL": sessions_url,
           "CONSOLE_SESSION_KEYS": Fernet.generate_key().decode()}
    env.pop("CONSOLE_DEV_SIGNIN", None)
    console = subprocess.Popen([sys.executable, "-m", "award_console.server"], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        wait_until_serving(console, f"{console_url}/health/ready", message="the console to serve")
        os.makedirs(SHOTS, exist_ok=True)
        args = {"console": console_url, "shots": SHOTS, "publicity": publicity.client.base_url}
        run = subprocess.Popen([sys.executable, DRIVER_SCRIPT, json.dumps(args)], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            line = run.stdout.readline().decode()
            assert line.strip() == "notice-handled", line + run.stderr.read().decode(errors="replace")[-4000:]
            # the business clock moves past the notice's five working days (across National Day)
            call(publicity, "POST", "/admin/v1/clock", "operator", {"at": "2019-10-11T09:00:00+08:00"})
            wait_for(lambda: requests.get(publicity.client.base_url + "/public/v1/notices/current", timeout=10)
                     .json()["notices"][0]["status"] == "closed", message="the notice to close on the business clock")
            run.stdin.write(b"go\n")
            run.stdin.flush()
            out, err = run.communicate(timeout=240)
        finally:
            if run.poll() is None:
                run.kill()
        assert run.returncode == 0, err.decode(errors="replace")[-4000:]
        out = out.decode().split("seen ", 1)[1]
    finally:
        console.terminate()
        log = console.communicate(timeout=10)[0].decode(errors="replace")
    seen = json.loads(out)
    # the leading group's home says what waits for it; the form comes with the candidates to decide on
    assert "候选名单待审议（2 名）" in seen["lg_home"], log[-2000:]
    assert "济南泉城智能装备股份有限公司" in seen["deliberate_form"] and "第七条、第十六条" in seen["deliberate_form"]
    # a medium without its date is refused beside the field
    assert seen["media_refused"], seen
    # the notice's end in Beijing time (five working days across the National Day holiday, Art. 17)
    assert "2019年10月10日 24:00（北京时间）" in seen["office_list"]
    assert "公示中，截止 2019年10月10日 24:00（北京时间）" in seen["dashboard"] and "公示中 2 名" in seen["dashboard"]
    assert "待调查处理的异议 1 件" in seen["office_home"]
    assert "可提报市政府审定" in seen["lg_home_ready"]
    # the government may not read objections (publicity refuses it): neither page shows one
    assert "无权查看" in seen["government_objection"] and "该单位2018年" not in seen["government_objection"]
    assert "该单位2018年" not in seen["government_list_before"] and "异议（" not in seen["government_list_before"]
    assert "济质强领字〔2019〕5号" in seen["approve_form"]
    status, content, disposition = seen["final_list"]
    assert status == 200 and "济政字〔2019〕88号" in content and disposition.startswith("attachment"), content
    assert "真实有效" in seen["verified"] and "济南示例精密机械有限公司" in seen["verified"]
    assert [line for line in seen["console_errors"] if "Content Security Policy" in line] == []
    for name in ("government", "office-list"):
        assert os.path.getsize(os.path.join(SHOTS, f"{name}.png")) > 1000
