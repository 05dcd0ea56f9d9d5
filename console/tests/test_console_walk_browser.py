"""Issue 35, item 4: one edition walked through the console in real Chromium, each person signed
in at the real test provider (``oidc-provider``, award_testing.oidc; authorization code with PKCE,
the console a confidential client; signing out at the provider's end_session) against running
intake, scoring, supervision and publicity that take the provider's tokens, each for its own
audience. Phase one, to the candidate list: the office proposes the scheme, the leading group
approves it, the office publishes the notice, an applicant's refused form shows the error beside
its field, the application is documented and submitted, the district recommends it and the
office's dashboard counts it; the review (the agency and the supervision group proposed and
approved, the panel assigned, an expert's score sheet refused beside its criterion and then
recorded, a paper sheet at the later stages, the stages closed, the results reported, the
candidate list proposed). Phase two, the same edition to a verified certificate: the leading
group deliberates, the office publishes the notice, an objection filed on the public page is
investigated, proposed and approved, the business clock moves past the notice's five working
days, the leading group submits the list (提报), the government approves it, the office confers
and downloads the certificate's PDF through the console (the leading group gets the refusal page),
and the certificate verifies on the public page. A page never shows a role what its API refuses.
On the way, issue 35's item 2 in the same browser session: the pages fit a phone and a laptop,
their text has its contrast, two forms are worked by keyboard alone (check_accessible).
The role home pages', the score sheet's and the office's list page's screenshots go to
docs/console/ (docs/console.md shows them)."""
import json
import os
import shutil
import socket
import sys

import pytest
import requests
import sqlalchemy as sa
from cryptography.fernet import Fernet
from eventlet.green import subprocess

from award_intake import examples
from award_intake.service import IntakeService
from award_publicity.service import PublicityService
from award_scoring.service import ScoringService
from award_supervision.service import SupervisionService
from award_testing import oidc
from award_testing.helpers import wait_for, wait_until_serving

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
def test_one_edition_walked_through_the_console_signed_in_at_the_provider(service_factory, database_url_factory,
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
    # publicity's business clock runs from the list's autumn (it is moved past the notice below)
    publicity = service_factory(PublicityService, clock="simulated:2019-09-27T10:00:00+08:00", extra={
        **claims, "OIDC_AUDIENCE": "urn:award:publicity", "NOTICE_TIMER_SECONDS": 0.2})

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
           "CONSOLE_PUBLICITY_URL": publicity.client.base_url,
           "CONSOLE_OIDC_RESOURCES": "supervision=urn:award:supervision,scoring=urn:award:scoring,"
                                     "publicity=urn:award:publicity",
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
                "review": REVIEW, "publicity": publicity.client.base_url}
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
            line = run.stdout.readline().decode()
            assert line.strip() == "notice-handled", line + run.stderr.read().decode(errors="replace")[-4000:]
            # the business clock moves past the notice's five working days (across National Day)
            clock = requests.post(publicity.client.base_url + "/admin/v1/clock", timeout=30,
                                  json={"at": "2019-10-11T09:00:00+08:00"}, headers={
                                      "Authorization": f"Bearer {provider.token('operator', resource='urn:award:publicity')}"})
            assert clock.ok, clock.text
            wait_for(lambda: requests.get(publicity.client.base_url + "/public/v1/notices/current", timeout=10)
                     .json()["notices"][0]["status"] == "closed", message="the notice to close on the business clock")
            run.stdin.write(b"go\n")
            run.stdin.flush()
            line = run.stdout.readline().decode()
            assert line.strip() == "conferred", line + run.stderr.read().decode(errors="replace")[-4000:]
            # the award's id, which revocation lists the office (not in this walk; its pages are
            # test_console_list_pages'), for the certificate's download through the console
            with publicity.engine.connect() as db:
                award_id = db.execute(sa.text("SELECT award_id FROM awards WHERE cycle_id = 'cycle-2019'")).scalar_one()
            run.stdin.write(f"{award_id}\n".encode())
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
    assert [line for line in seen["console_errors"] if "Content Security Policy" in line] == [], log[-2000:]
    check_first_steps_and_review(seen)
    check_list_to_certificate(seen)
    check_accessible(seen)
    for name in ("office", "leading_group", "applicant", "district", "third_party", "expert", "supervisor",
                 "score_sheet", "government", "office-list"):
        assert os.path.getsize(os.path.join(SHOTS, f"{name}.png")) > 1000
    for name in ("score_sheet", "office-list"):  # at a phone's width
        assert os.path.getsize(os.path.join(SHOTS, f"{name}-phone.png")) > 1000


def check_first_steps_and_review(seen):
    """Phase one: the first steps and the review, to the candidate list."""
    # a refused form shows the service's error beside the field it names, tied to its input
    assert seen["field_error"] and seen["field_error_described"] == "err-credit_code", seen["homes"]["office"]
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
    # the review: the score above its maximum refused beside its criterion, then recorded
    assert seen["score_error"] == "超过本项上限 110 分" and seen["score_error_described"] == "err-scores.leadership"
    assert "已提交" in seen["score_sheet"] and "780" in seen["score_sheet"], seen["score_sheet"]
    assert "候选名单（第十六条）" in seen["candidates"] and "济南示例精密机械有限公司（修改后）" in seen["candidates"], \
        seen["candidates"]
    assert "材料评审评分表" in seen["homes"]["expert"] and "待办理的投诉举报" not in seen["homes"]["expert"]
    assert "评审专家（" not in seen["applicant_review"] and "监督组：" not in seen["applicant_review"]
    assert "生效中的暂停" not in seen["applicant_review"], seen["applicant_review"]
    assert "评审专家（" not in seen["expert_review"] and "投诉举报（" not in seen["expert_review"]  # not the expert's
    assert "待办理的投诉举报（0 件" in seen["homes"]["supervisor"], seen["homes"]["supervisor"]
    assert "评审环节（第十五条）" in seen["homes"]["third_party"], seen["homes"]["third_party"]


def check_list_to_certificate(seen):
    """Phase two, the same edition: the list deliberated, the notice and its objection, the
    government's approval, the conferral and the certificate verified."""
    # the leading group's home says what waits for it; the form comes with the candidate to decide on
    assert "候选名单待审议（1 名）" in seen["lg_home_list"], seen["lg_home_list"]
    assert "济南示例精密机械有限公司（修改后）" in seen["deliberate_form"] and "第七条、第十六条" in seen["deliberate_form"]
    # a medium without its date is refused beside the field
    assert seen["media_refused"], seen
    # the notice's end in Beijing time (five working days across the National Day holiday, Art. 17)
    assert "2019年10月10日 24:00（北京时间）" in seen["office_list"]
    assert "公示中，截止 2019年10月10日 24:00（北京时间）" in seen["dashboard_notice"]
    assert "公示中 1 名" in seen["dashboard_notice"], seen["dashboard_notice"]
    assert "待调查处理的异议 1 件" in seen["office_home"]
    assert "可提报市政府审定" in seen["lg_home_ready"]
    # the government may not read objections (publicity refuses it): neither page shows one
    assert "无权查看" in seen["government_objection"] and "该单位2018年" not in seen["government_objection"]
    assert "该单位2018年" not in seen["government_list_before"] and "异议（" not in seen["government_list_before"]
    assert "济质强领字〔2019〕5号" in seen["approve_form"]
    status, content, disposition = seen["final_list"]
    assert status == 200 and "济政字〔2019〕88号" in content and disposition.startswith("attachment"), content
    assert "真实有效" in seen["verified"] and "济南示例精密机械有限公司" in seen["verified"]
    # the certificate downloaded through the console: the PDF publicity makes, as an attachment
    # the browser must not sniff nor run; the leading group, whom publicity refuses it, gets the
    # console's refusal page and not the file
    pdf = seen["certificate"]
    assert pdf["status"] == 200 and pdf["head"].startswith("%PDF") and pdf["Content-Type"] == "application/pdf", pdf
    assert pdf["Content-Disposition"].startswith("attachment") and pdf["Content-Disposition"].endswith('.pdf"')
    assert pdf["X-Content-Type-Options"] == "nosniff", pdf
    assert "sandbox" in pdf["Content-Security-Policy"], pdf
    refused = seen["certificate_refused"]
    assert refused["status"] == 403 and refused["Content-Type"].startswith("text/html"), refused
    assert "无权查看" in refused["text"] and not refused["head"].startswith("%PDF"), refused


def check_accessible(seen):
    """Issue 35, item 2, on the pages the walk passed (console_a11y_browser): each role's home, the
    score sheet, the applicant's edit form and the office's list page fit a phone's and a laptop's
    width, their text has its contrast; the edit form and the score sheet are walked by Tab from the
    top and sent by Enter and by Space (the walk goes on only if they were)."""
    # the checks find each fault of a page made with one of each, and nothing else there
    faults = seen["faults_found"]
    for fault in ("phone 390 px: the page scrolls sideways", "phone 390 px: div#wide overflows",
                  "contrast: p#pale 2.32:1", "Tab order", "not the skip link", "input#plain: no visible focus",
                  "input#faint: focus outline 2.15:1"):
        assert len([found for found in faults if fault in found]) == 1, (fault, faults)
    assert len(faults) == 7, faults
    pages = ("office", "leading_group", "applicant", "district", "third_party", "expert", "supervisor",
             "score_sheet", "government", "office-list", "edit_form")
    assert sorted(seen["a11y"]) == sorted(pages), seen["a11y"]
    assert {page: problems for page, problems in seen["a11y"].items() if problems} == {}
    assert all(seen["measured"][page]["texts"] > 10 for page in pages), seen["measured"]
    # the list page's tables are wider than a phone: they scroll inside their own box, not the page
    scrolling = seen["measured"]["office-list"]["scrolling"]
    assert scrolling and all(box.split(" > ")[-1].startswith("table") for box in scrolling), scrolling
    for form in ("edit_form", "score_sheet"):
        problems, reached = seen["keyboard"][form]
        assert problems == [], (form, problems)
        assert reached[0].endswith("a.skip") and any(r.endswith("button") for r in reached), (form, reached)
    print(f"accessibility checks: {seen['a11y_seconds']:.2f} s of the walk")
