"""Issue 35, item 4: the console in real Chromium, each person signed in at the real test provider
(``oidc-provider``, award_testing.oidc; authorization code with PKCE, the console a confidential
client; signing out at the provider's end_session) against a running intake that takes the
provider's tokens: the office proposes the scheme, the leading group approves it, the office
publishes the notice, an applicant's refused form shows the error beside its field, the
application is documented and submitted, the district recommends it and the office's dashboard
counts it; then the review against a running scoring service (the agency and the supervision group
proposed and approved, the panel assigned, an expert's score sheet refused beside its criterion and
then recorded, the stages closed, the results reported, the candidate list proposed). A page never
shows a role what its API refuses. The role home pages' and the score sheet's screenshots go to
docs/console/ (docs/console.md shows them)."""
import json
import os
import shutil
import socket
import sys

import pytest
import requests
from cryptography.fernet import Fernet
from eventlet.green import subprocess

from award_intake import examples
from award_intake.service import IntakeService
from award_scoring.service import ScoringService
from award_supervision.service import SupervisionService
from award_testing import oidc
from award_testing.helpers import wait_until_serving

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DRIVER_SCRIPT = os.path.join(os.path.dirname(__file__), "console_walk_browser.py")
SHOTS = os.path.join(ROOT, "docs", "console")
CLOCK = "fixed:2019-03-01T09:00:00+08:00"
SCHEDULE = {"application": "2019-05-31T17:00:00+08:00", "district_review": "2019-06-30T17:00:00+08:00"}
SECRET = "console-test-secret-0123456789abcdef"
#: the review's values: the agency's code, the supervision group (its member ``supervisor`` is the
#: provider's test user), one expert's scores (780 of 1000)
REVIEW = {"agency_code": "91370100MA3D900030",
          "members": "supervisor,npc_deputy,王人大\nsup-cppcc,cppcc_member,李政协\nsup-gov,government,赵科长\n"
                     "sup-media,media,钱记者\nsup-lawyer,lawyer,孙律师",
          "scores": {"leadership": "88", "strategy": "72", "customers_market": "72", "resources": "104",
                     "process_management": "80", "measurement_analysis_improvement": "64", "results": "300"}}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def provider_and_console(tmp_path):
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
    provider.add_user("applicant-b", "applicant")
    yield provider, port, console_url
    provider.close()


@pytest.mark.engines("postgresql")  # the console keeps no data: the services' own tests cover both engines
def test_the_walk_through_the_console_signed_in_at_the_provider(service_factory, database_url_factory,
                                                                provider_and_console, tmp_path):
    for path in ("/usr/bin/chromium", "/usr/bin/chromedriver"):
        assert shutil.which(path), f"{path} is missing: run scripts/install --test (it installs chromium and chromium-driver)"
    provider, port, console_url = provider_and_console
    claims = {"OIDC_ISSUER": provider.issuer, "OIDC_ROLES_CLAIM": "realm_access.roles",
              "OIDC_ROLE_MAP": oidc.ROLE_MAP, "OIDC_DISTRICT_CLAIM": "award_district", "OIDC_NAME_CLAIM": "name"}
    intake = service_factory(IntakeService, clock=CLOCK, extra={
        **claims, "OIDC_AUDIENCE": "urn:award:intake", "DOCUMENT_DIR": str(tmp_path / "documents")})
    base = intake.client.base_url
    # supervision takes only tokens for its own audience: the console gets one for it silently
    # at sign-in, under the same grant (CONSOLE_OIDC_RESOURCES)
    supervision = service_factory(SupervisionService, clock=CLOCK, extra={
        **claims, "OIDC_AUDIENCE": "urn:award:supervision"})
    scoring = service_factory(ScoringService, clock=CLOCK, extra={**claims, "OIDC_AUDIENCE": "urn:award:scoring"})

    def call(method, path, login, body=None):
        answer = requests.request(method, base + path, json=body, timeout=30,
                                  headers={"Authorization": f"Bearer {provider.token(login)}"})
        assert answer.ok, answer.text
        return answer.json()

    call("POST", "/v1/cycles", "office", {"edition": 2019, "schedule": SCHEDULE})
    env = {**os.environ, **claims, "CONSOLE_HTTP_ADDRESS": f"127.0.0.1:{port}", "CONSOLE_PUBLIC_URL": console_url,
           "CONSOLE_OIDC_CLIENT_ID": "award-console-web", "CONSOLE_OIDC_CLIENT_SECRET": SECRET,
           "CONSOLE_OIDC_RESOURCE": "urn:award:intake", "CONSOLE_INTAKE_URL": base,
           "CONSOLE_SUPERVISION_URL": supervision.client.base_url, "CONSOLE_SCORING_URL": scoring.client.base_url,
           "CONSOLE_OIDC_RESOURCES": "supervision=urn:award:supervision,scoring=urn:award:scoring",
           # the sessions' store, shared by replicas (here one), and its key
           "CONSOLE_DATABASE_URL": database_url_factory("console"), "CONSOLE_SESSION_KEYS": Fernet.generate_key().decode()}
    env.pop("CONSOLE_DEV_SIGNIN", None)
    console = subprocess.Popen([sys.executable, "-m", "award_console.server"], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        wait_until_serving(console, f"{console_url}/health/ready", message="the console to serve")
        pdf = tmp_path / "材料.pdf"
        pdf.write_bytes(examples.PDF)
        os.makedirs(SHOTS, exist_ok=True)
        args = {"console": console_url, "shots": SHOTS, "pdf": str(pdf), "credit_code": examples.credit_code(),
                "review": REVIEW}
        run = subprocess.Popen([sys.executable, DRIVER_SCRIPT, json.dumps(args)], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            line = run.stdout.readline().decode()
            assert line.strip() == "notice-published", line + run.stderr.read().decode(errors="replace")[-4000:]
            # another applicant's application, which the first may not see
            form = examples.unit_form(name="其他申报单位有限公司", credit_code=examples.credit_code(body="MA3C4XYE"))
            other = call("POST", "/v1/cycles/cycle-2019/applications", "applicant-b", form)["application_id"]
            # the agency's experts (its form is tested in test_console_review_pages): the panel's five
            agency_token = provider.token("third_party", resource="urn:award:scoring")
            for n, subject in enumerate(("expert", "exp-1", "exp-2", "exp-3", "exp-4")):
                answer = requests.post(f"{scoring.client.base_url}/v1/cycles/cycle-2019/experts", timeout=30, json={
                    "subject": subject, "name": f"专家{n}", "affiliation_kind": "university", "employer_name": "山东大学",
                    "employer_credit_code": examples.credit_code(body=f"MA3D{n:03d}X"), "sectors": ["secondary"]},
                    headers={"Authorization": f"Bearer {agency_token}"})
                assert answer.status_code == 201, answer.text
            run.stdin.write(f"{other}\n".encode())
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
    # a refused form shows the service's error beside the field it names, tied to its input
    assert seen["field_error"] and seen["field_error_described"] == "err-credit_code", log[-2000:]
    assert "第十四条" in seen["submit_refused"]
    assert seen["edit_prefilled"] == examples.credit_code() and "济南示例精密机械有限公司（修改后）" in seen["homes"]["applicant"]
    # the role's own pages only: the applicant gets no district form, not another's application,
    # not the office's counts nor the scheme
    assert "无权办理" in seen["applicant_review_form"] and "初审结论" not in seen["applicant_review_form"]
    # intake answers another's application as unknown (404: not even that it exists), and so does the page
    assert "未知的申报" in seen["applicant_other"] and "其他申报单位" not in seen["applicant_other"]
    assert "各状态的申报数" not in seen["applicant_cycle"] and "评审方案" not in seen["applicant_cycle"]
    assert "其他申报单位" not in seen["applicant_cycle"] and "济南示例精密机械有限公司" in seen["applicant_cycle"]
    # the office's dashboard: the step's deadlines in Beijing time and the counts per status
    assert "2019年6月30日 17:00（北京时间）" in seen["dashboard"] and "已推荐" in seen["dashboard"]
    assert "生效中的暂停（监督组）" in seen["dashboard"], seen["dashboard"]
    status, content, disposition = seen["material"]
    assert status == 200 and content.encode("latin-1") == examples.PDF and disposition.startswith("attachment")
    assert "测试用户 district" in seen["homes"]["district"] and "待初审的申报（1 件）" in seen["homes"]["district"]
    assert [line for line in seen["console_errors"] if "Content Security Policy" in line] == []
    # the review: the score above its maximum refused beside its criterion, then recorded
    assert seen["score_error"] == "超过本项上限 110 分" and seen["score_error_described"] == "err-scores.leadership"
    assert "已提交" in seen["score_sheet"] and "780" in seen["score_sheet"], seen["score_sheet"]
    assert "候选名单（第十六条）" in seen["candidates"], seen["candidates"]
    assert "材料评审评分表" in seen["homes"]["expert"] and "待办理的投诉举报" not in seen["homes"]["expert"]
    assert "评审专家（" not in seen["applicant_review"] and "监督组：" not in seen["applicant_review"]
    assert "生效中的暂停" not in seen["applicant_review"], seen["applicant_review"]
    assert "评审专家（" not in seen["expert_review"] and "投诉举报（" not in seen["expert_review"]  # not the expert's
    assert "待办理的投诉举报（0 件" in seen["homes"]["supervisor"], seen["homes"]["supervisor"]
    assert "评审环节（第十五条）" in seen["homes"]["third_party"], seen["homes"]["third_party"]
    for role in ("office", "leading_group", "applicant", "district", "third_party", "expert", "supervisor",
                 "score_sheet"):
        assert os.path.getsize(os.path.join(SHOTS, f"{role}.png")) > 1000

