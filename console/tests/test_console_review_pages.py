"""Issue 35: the review's pages (pages_review, forms_review) against running intake, scoring and
supervision services on one bus, each person signed in as a development test user: the office
proposes the agency and the supervision group, the leading group approves both from its home
page, the agency registers an expert, assigns the panel, opens the stages and records the
qualification decision, the expert enters its score sheet (the criteria and their maxima from
the rule set; a score above its cap refused beside its criterion), the supervisor sees what waits
for it. A page never shows a role what its API refuses it: the expert gets no experts' roster, no
other panel's sheet, no agency form; the applicant none of the review."""
import html
import re

import pytest
import sqlalchemy as sa
from werkzeug.test import Client

from award_console.app import Console
from award_console.config import Settings
from award_intake.service import IntakeService
from award_scoring.service import ScoringService
from award_shared import tables as kit_tables
from award_supervision.service import SupervisionService
from award_testing.helpers import publish_event, wait_for

CYCLE = "cycle-2019"
CLOCK = "fixed:2019-03-01T09:00:00+08:00"
SCHEDULE = {"application": "2019-05-31T17:00:00+08:00", "district_review": "2019-06-30T17:00:00+08:00"}
MEMBERS = ("dev-supervisor,npc_deputy,王人大\nsup-cppcc,cppcc_member,李政协\nsup-gov,government,赵科长\n"
           "sup-media,media,钱记者\nsup-lawyer,lawyer,孙律师")


def credit_code(n):
    from award_rules.identifiers import credit_code_check_char, organisation_code_check_char
    body = f"{n % 10**8:08d}"
    first17 = "91370100" + body + organisation_code_check_char(body)
    return first17 + credit_code_check_char(first17)


class Person:
    """One browser's worth of the console: a werkzeug client signed in as a development test user."""

    def __init__(self, app, login):
        self.client = Client(app)
        page = self.client.get("/signin").get_data(as_text=True)  # the development sign-in's form
        answer = self.client.post("/signin/dev", data={"csrf": self.csrf(page), "login": login})
        assert answer.status_code == 303, answer.get_data(as_text=True)

    @staticmethod
    def csrf(page):
        return re.search(r'name="csrf" value="([^"]+)"', page).group(1)

    @staticmethod
    def main(answer):
        """The page's main landmark (what the person's role sees; the header is the same for all)."""
        page = answer.get_data(as_text=True)
        return page[page.find("<main"):] if "<main" in page else page

    @staticmethod
    def filled(page):
        """What a browser would post of the page's first form as it stands: its inputs' values, each
        select's chosen option (or its first), its textareas' text."""
        form = page[page.find("<form"):page.find("</form>")]
        values = {name: html.unescape(value) for name, value in re.findall(
            r'<input type="(?:hidden|text|number)"[^>]* name="([^"]+)"[^>]* value="([^"]*)"', form)}
        values.update(re.findall(r'<input type="(?:hidden|text|number)" name="([^"]+)" value="([^"]*)"', form))
        for name, options in re.findall(r'<select[^>]* name="([^"]+)"[^>]*>(.*?)</select>', form):
            chosen = re.search(r'<option value="([^"]*)" selected', options) or re.search(r'<option value="([^"]*)"', options)
            values[name] = chosen.group(1) if chosen else ""
        values.update((n, html.unescape(t)) for n, t in re.findall(r'<textarea[^>]* name="([^"]+)"[^>]*>(.*?)</textarea>',
                                                                  form, re.S))
        return values

    def get(self, path):
        answer = self.client.get(path)
        return answer.status_code, self.main(answer)

    def post(self, path, data):
        status, page = self.get(path)
        assert status == 200, page
        answer = self.client.post(path.split("?")[0], data={**self.filled(page), **data})
        return answer.status_code, self.main(answer), answer.headers.get("Location")


@pytest.mark.engines("postgresql")  # the console keeps no data: the services' own tests cover both engines
def test_the_review_through_the_console(service_factory, rabbit_config, key_dir, request):
    intake = service_factory(IntakeService, clock=CLOCK)
    scoring = service_factory(ScoringService, clock=CLOCK)
    supervision = service_factory(SupervisionService, clock=CLOCK)
    settings = Settings.from_env({"CONSOLE_DEV_SIGNIN": "1", "AWARD_KEY_DIR": key_dir,
                                  "CONSOLE_INTAKE_URL": intake.client.base_url,
                                  "CONSOLE_SCORING_URL": scoring.client.base_url,
                                  "CONSOLE_SUPERVISION_URL": supervision.client.base_url})
    app = Console(settings)
    for held in (app.http, intake.client.session, scoring.client.session, supervision.client.session):
        request.addfinalizer(held.close)  # kept-alive connections would hold each service's stop
    opened = intake.client.post("/v1/cycles", "office", json_body={"edition": 2019, "schedule": SCHEDULE})
    assert opened.status_code == 201, opened.text
    wait_for(lambda: scoring.client.get(f"/v1/cycles/{CYCLE}/stages", "office").status_code == 200,
             message="scoring to learn the cycle")
    known = sa.select(kit_tables.known_cycles).where(kit_tables.known_cycles.c.cycle_id == CYCLE)

    def supervision_knows_the_cycle():
        with supervision.engine.connect() as conn:
            return conn.execute(known).first()
    wait_for(supervision_knows_the_cycle, message="supervision to learn the cycle")

    # the office: the agency and the supervision group are what waits for it (Art. 7, 8, 9)
    office = Person(app, "dev-office")
    status, home = office.get("/")
    assert "提出第三方评审机构" in home and "提出监督组组成" in home, home
    status, page, _ = office.post(f"/act/propose-agency?cycle_id={CYCLE}", {
        "name": "山东示例质量评价中心", "credit_code": credit_code(77000001), "staff_subjects": "dev-third-party"})
    assert status == 303, page
    status, page, _ = office.post(f"/act/propose-group?cycle_id={CYCLE}", {"members": MEMBERS + "\nbad-line"})
    assert status == 422 and 'id="err-members"' in page, page  # a line without kind and name, beside the field
    status, page, _ = office.post(f"/act/propose-group?cycle_id={CYCLE}", {"members": MEMBERS})
    assert status == 303, page

    # the leading group decides both from its home page
    leading = Person(app, "dev-leading-group")
    status, home = leading.get("/")
    assert "审定委托第三方评审机构" in home and "山东示例质量评价中心" in home and "审定监督组" in home, home
    status, page = leading.get(f"/act/approve-agency?cycle_id={CYCLE}")
    assert "待审定委托的第三方评审机构：山东示例质量评价中心" in page, page  # what it decides on, beside the form
    status, page, _ = leading.post(f"/act/approve-agency?cycle_id={CYCLE}", {"decision": "领导小组2019年第2次会议纪要"})
    assert status == 303, page
    group_link = re.search(r'href="(/act/approve-group\?[^"]+)"', home).group(1).replace("&amp;", "&")
    status, page = leading.get(group_link)
    assert "王人大（人大代表）" in page and "首届，无须轮换" in page, page
    status, page, _ = leading.post(group_link, {"reason": "领导小组审定"})
    assert status == 303, page
    wait_for(lambda: scoring.client.get(f"/v1/cycles/{CYCLE}/applications", "supervisor",
                                        sub="dev-supervisor").status_code == 200,
             message="scoring to learn the supervision group")

    # an application intake recommended (its events, as intake's relay puts them on the bus)
    for app_id, code in (("app-1", 11), ("app-2", 12)):
        publish_event(rabbit_config["AMQP_URI"], "intake", "application.submitted", {
            "application_id": app_id, "cycle_id": CYCLE, "kind": "unit", "applicant_name": f"济南示例{app_id}有限公司",
            "district": "历下区", "sector": "secondary", "tilt_claims": [], "credit_code": credit_code(code),
            "submitted_at": "2019-05-20T10:00:00+08:00"})
        publish_event(rabbit_config["AMQP_URI"], "intake", "application.recommended", {
            "application_id": app_id, "cycle_id": CYCLE, "district": "历下区", "reviewer": "lixia",
            "opinion": "经初审，同意推荐。", "tilt_confirmed": []}, sequence=2)
    agency = Person(app, "dev-third-party")
    wait_for(lambda: "已推荐进入评审的申报 2 件" in agency.get("/")[1], message="scoring to learn the applications")
    status, home = agency.get("/")
    assert "尚未开始评审的申报（前 2 件）" in home and 'href="/act/assign-panel?application_id=app-1"' in home, home

    # the agency: experts (one through the form, five more on the API), the panel, the stages
    status, page, _ = agency.post(f"/act/register-expert?cycle_id={CYCLE}", {
        "subject": "dev-expert", "name": "钱教授", "affiliation_kind": "university", "employer_name": "山东大学",
        "employer_credit_code": credit_code(90001), "sectors": "secondary"})
    assert status == 303, page
    for n in range(5):
        answer = scoring.client.post(f"/v1/cycles/{CYCLE}/experts", "third_party", sub="dev-third-party", json_body={
            "subject": f"exp-{n}", "name": f"专家{n}", "affiliation_kind": "enterprise", "employer_name": "某公司",
            "employer_credit_code": credit_code(90010 + n), "sectors": ["secondary"]})
        assert answer.status_code == 201, answer.text
    status, page, _ = agency.post("/act/assign-panel?application_id=app-1", {"mode": "manual", "experts": "dev-expert"})
    assert status == 303, page
    status, page, _ = agency.post("/act/assign-panel?application_id=app-2",  # a panel without dev-expert
                                  {"mode": "manual", "experts": "\n".join(f"exp-{n}" for n in range(5))})
    assert status == 303, page
    status, page, _ = agency.post(f"/act/open-stage?cycle_id={CYCLE}&stage=qualification_review", {})
    assert status == 303, page
    status, page = agency.get("/applications/app-1/reviews/qualification_review")
    assert "资格审查结论" in page and "第十条第（七）项：" in page, page  # each condition as the rule set words it
    status, page, location = agency.post("/applications/app-1/reviews/qualification_review", {})
    assert status == 303, page
    for stage, action in (("qualification_review", "close"), ("material_review", "open")):
        status, page, _ = agency.post(f"/act/{action}-stage?cycle_id={CYCLE}&stage={stage}", {})
        assert status == 303, page
    status, home = agency.get("/")
    assert "资格审查" in home and "已结束" in home and "材料评审" in home and "进行中" in home, home

    # the expert: its assignment, its score sheet with the criteria's maxima from the rule set
    expert = Person(app, "dev-expert")
    status, home = expert.get("/")
    assert "济南示例app-1有限公司" in home and "济南示例app-2有限公司" not in home, home
    assert 'href="/applications/app-1/reviews/material_review"' in home and "申请回避" in home
    status, sheet = expert.get("/applications/app-1/reviews/material_review")
    assert status == 200 and "领导（满分 110 分）" in sheet and "结果（满分 400 分）" in sheet, sheet
    assert 'for="f-scores.leadership"' in sheet and 'max="110"' in sheet
    scores = {"scores.leadership": "120", "scores.strategy": "72", "scores.customers_market": "72",
              "scores.resources": "104", "scores.process_management": "80",
              "scores.measurement_analysis_improvement": "64", "scores.results": "320.5", "comments": "材料翔实。"}
    status, page, _ = expert.post("/applications/app-1/reviews/material_review", scores)
    assert status == 422 and '<span class="field-error" id="err-scores.leadership">超过本项上限 110 分</span>' in page, page
    assert 'value="320.5"' in page  # what was typed stays
    status, page, location = expert.post("/applications/app-1/reviews/material_review",
                                         {**scores, "scores.leadership": "88"})
    assert status == 303 and "recorded=" in location, page
    status, page = expert.get(location)
    assert "已提交" in page and "800.5" in page and 'name="supersedes"' in page, page  # a second one corrects it

    # what its API refuses the expert, the console does not show
    status, page = expert.get("/applications/app-2/reviews/material_review")
    assert status == 403 and "领导（满分" not in page and '<form class="action"' not in page, page
    assert "第八条" in page  # the service's refusal, in Chinese, with its article
    status, page = expert.get(f"/cycles/{CYCLE}/review")
    assert "评审专家（" not in page and "济南示例app-2有限公司" not in page and "指派评审专家组" not in page, page
    status, page = expert.get(f"/act/register-expert?cycle_id={CYCLE}")
    assert status == 403 and 'name="subject"' not in page
    applicant = Person(app, "dev-applicant")
    status, page = applicant.get(f"/cycles/{CYCLE}/review")
    assert "济南示例" not in page and "评审专家（" not in page and "投诉举报（" not in page, page
    status, page = applicant.get("/applications/app-1/reviews/material_review")
    assert status == 403 and "领导（满分" not in page

    # the agency's paper sheets: not at the material review (the rule set's choice: on-site and defense)
    status, page = agency.get("/applications/app-1/reviews/material_review/panel")
    assert status == 200 and "本届规则集不允许" in page and 'aria-label="专家组纸质评分表"' not in page, page
    status, page = agency.get("/applications/app-1/reviews/material_review")
    assert "800.5" in page and "/panel" not in page  # the agency reads every sheet; no paper here

    # the supervisor: complaints waiting, holds in force, opinions due
    complaint = supervision.client.post("/public/v1/complaints", json_body={"cycle_id": CYCLE, "content": "评审不公"})
    assert complaint.status_code == 201, complaint.text
    supervisor = Person(app, "dev-supervisor")
    status, home = supervisor.get("/")
    assert "待办理的投诉举报（1 件" in home and "评审不公" in home and "受理或不予受理" in home, home
    assert "待提出监督意见的申报（2 件" in home and "生效中的暂停（0 项" in home, home
    triage = re.search(r'href="(/act/triage-complaint\?[^"]+)"', home).group(1)
    status, page = supervisor.get(triage)
    assert "评审不公" in page and "受理调查" in page, page
    status, page, _ = supervisor.post(triage, {"decision": "accept", "note": "属于受理范围"})
    assert status == 303, page
    status, home = supervisor.get("/")
    assert "调查处理中" in home and "处理结果" in home, home
    status, page = supervisor.get("/applications/app-1/reviews/material_review")
    assert "800.5" in page and '<form class="action"' not in page  # reads the sheets, enters none

    # the on-site review: the expert enters its own sheet, the agency the panel's other paper sheets at once
    for stage, action in (("material_review", "close"), ("onsite_review", "open")):
        status, page, _ = agency.post(f"/act/{action}-stage?cycle_id={CYCLE}&stage={stage}", {})
        assert status == 303, page
    status, page, _ = expert.post("/applications/app-1/reviews/onsite_review", {**scores, "scores.leadership": "90"})
    assert status == 303, page
    status, page = agency.get("/applications/app-1/reviews/onsite_review")
    assert 'href="/applications/app-1/reviews/onsite_review/panel"' in page, page
    panel_page = "/applications/app-1/reviews/onsite_review/panel"
    status, page = agency.get(panel_page)
    rows = re.findall(r'<th scope="row">([^<]+)<input type="hidden"', page)
    assert status == 200 and len(rows) == 4 and "dev-expert" not in rows and "dev-expert：已有评分表" in page, page
    assert "专家本人录入" in page and 'aria-label="exp-' in page
    paper = {}
    for i, _ in enumerate(rows):
        paper |= {f"{i}.paper_reference": f"现场评审表 2019-{i + 31:03d}", f"{i}.comments": "现场核查属实。",
                  **{f"{i}.{k}": v for k, v in scores.items() if k.startswith("scores.")}, f"{i}.scores.leadership": "90"}
    status, page, _ = agency.post(panel_page, {**paper, "3.paper_reference": ""})
    assert status == 422 and '<span class="field-error" id="err-3.paper_reference">必填（至多 200 字）</span>' in page, page
    status, page, _ = agency.post(panel_page, {**paper, "2.scores.results": "401"})
    assert status == 422 and '<span class="field-error" id="err-2.scores.results">超过本项上限 400 分</span>' in page, page
    assert rows[2] in page and 'aria-invalid="true"' in page
    assert 'value="320.5"' in page  # what was typed stays
    onsite = lambda: [r for r in scoring.client.get("/v1/applications/app-1/reviews", "office").json()["reviews"]
                      if r["stage"] == "onsite_review"]
    assert len(onsite()) == 1  # one bad row: none of them recorded
    own = scoring.client.post("/v1/applications/app-1/reviews/onsite_review", "expert", sub=rows[0], json_body={
        "scores": {k.split(".", 2)[2]: float(v) for k, v in paper.items() if k.startswith("0.scores.")},
        "comments": "本人录入。"})  # meanwhile, one expert enters its own: its row is refused, never overwritten
    assert own.status_code == 201, own.text
    status, page, _ = agency.post(panel_page, {**paper, **{f"{i}.expert": x for i, x in enumerate(rows)}})
    assert status == 422 and f'<span class="field-error" id="err-0.expert">第 1 张评分表（专家 {rows[0]}）' in page, page
    status, page, location = agency.post(panel_page, paper)  # the page again: that expert's row is gone
    assert status == 303 and location.endswith("recorded=3"), page
    status, page = agency.get(location)
    assert "已录入 3 张纸质评分表" in page and "本专家组每位专家在本环节都已有评分表" in page, page
    assert "由 dev-third-party 据纸质评分表 现场评审表 2019-031 录入" in page
    assert sorted(r["transcribed_by"] or "" for r in onsite()) == ["", "", *["dev-third-party"] * 3]
    status, page = expert.get(panel_page)
    assert status == 403 and 'aria-label="专家组纸质评分表"' not in page
