"""The console's forms for publicity and revocation (award_console/forms_list.py, issue 35): each
is offered to exactly the roles its route takes (the OpenAPI's ``x-roles``), refused with no form
to every other role, labels every input, and builds the body its route's schema loads — the
lines typed one item each become the lists of decisions, media, exclusions, grounds and uses,
checked against the route's own marshmallow schema. No service runs: the refusal is the
console's, before any call; console/tests/test_console_walk_browser.py walks the forms for real."""
import io
import re

import pytest
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import Client

from award_console.actions import ACTIONS, build_body, render_form
from award_console.forms_list import list_actions

LIST_ACTIONS = list_actions()
from award_console.html import ROLE_NAMES

from test_console_route_coverage import documents
from test_console_session import console, csrf_of

def operations():
    out = {}
    for service, document in documents():
        if service in ("publicity", "revocation"):
            for path, ops in document["paths"].items():
                for method, op in ops.items():
                    out[(service, method.upper(), path)] = op
    return out


def test_each_form_is_offered_to_the_roles_its_route_takes_and_names_its_article():
    ops = operations()
    for action in LIST_ACTIONS:
        op = ops[(action.service, action.method, action.path)]
        assert set(action.roles) <= set(op["x-roles"]), (action.name, op["x-roles"])
        assert action.article.startswith("第"), action.name
        assert ACTIONS[action.name] is action
    # the route of the objection's resolution takes both: the office proposes, the leading group decides
    for route, op in ops.items():
        offered = {r for a in LIST_ACTIONS if (a.service, a.method, a.path) == route for r in a.roles}
        if offered:
            assert offered == set(op["x-roles"]) - {"operator"}, (route, offered, op["x-roles"])


def test_every_input_has_its_label():
    for action in LIST_ACTIONS:
        form = render_form(action, {p: "x" for p in action.params}, "token")
        inputs = re.findall(r'<(?:input|select|textarea)[^>]* id="([^"]+)"', form)
        assert inputs, action.name
        for fid in inputs:
            assert f'for="{fid}"' in form, (action.name, fid)


def dev_logins():
    from award_console import signin
    return {role: login for login, role, _, _ in signin.DEV_USERS}


@pytest.mark.parametrize("action", LIST_ACTIONS, ids=lambda a: a.name)
def test_a_role_the_route_refuses_gets_no_form(action, tmp_path):
    app, _ = console(tmp_path)
    logins = dev_logins()
    for role, login in logins.items():
        if role in action.roles:
            continue
        client = Client(app)
        page = client.get("/signin").get_data(as_text=True)
        client.post("/signin/dev", data={"csrf": csrf_of(page), "login": login})
        query = "&".join(f"{p}=x" for p in action.params)
        answer = client.get(f"/act/{action.name}?{query}")
        text = answer.get_data(as_text=True)
        assert answer.status_code == 403 and '<form class="action"' not in text, (action.name, role)
        assert "无权办理" in text and ROLE_NAMES[action.roles[0]] in text
        # nor may it post one: refused before any service is called
        refused = client.post(f"/act/{action.name}", data={"csrf": csrf_of(text), **{p: "x" for p in action.params}})
        assert refused.status_code == 403, (action.name, role)


SCHEMAS = {
    "deliberate": ("award_publicity.schemas", "DeliberationSchema"),
    "publish-public-notice": ("award_publicity.schemas", "PublicNoticeSchema"),
    "approve-list": ("award_publicity.schemas", "ApprovalSchema"),
    "decide-seats": ("award_publicity.schemas", "SeatDecisionSchema"),
    "answer-opinion": ("award_publicity.schemas", "OpinionAnswerSchema"),
    "propose-objection-handling": ("award_publicity.schemas", "ResolutionSchema"),
    "set-prize-amounts": ("award_publicity.schemas", "PrizeSchema"),
    "open-case": ("award_revocation.schemas", "OpenCaseSchema"),
    "triage-report": ("award_revocation.schemas", "ReportTriageSchema"),
    "record-fund-use": ("award_revocation.schemas", "UseReportSchema"),
    "record-recovery": ("award_revocation.schemas", "RecoverySchema"),
}

FILLED = {
    "deliberate": {"meeting_date": "2019-09-20", "members_present": "组长\r\n副组长", "decisions": "u-1\nu-3",
                   "struck": "u-2｜综合评议未获通过"},
    "publish-public-notice": {"media": "济南日报｜2019-09-27｜A3\n舜网|2019-09-27|http://news.e23.cn/example"},
    "approve-list": {"decision": "approve", "document_number": "济政字〔2019〕88号", "approved_on": "2019-10-25",
                     "excluded": "u-2｜未予批准的理由"},
    "decide-seats": {"kind": "tie", "category": "unit_award", "application_ids": "t-a", "meeting_date": "2019-09-23",
                     "members_present": "组长", "reason": "经表决决定"},
    "answer-opinion": {"accepted": "false", "reason": "无需调整名单"},
    "propose-objection-handling": {"outcome": "upheld", "action": "correct_record", "correction.record": "名称有误",
                                   "correction.applicant_name": "济南示例有限公司", "handling_opinion": "异议成立"},
    "set-prize-amounts": {"amounts.unit_award": "500000.00", "policy": "济政发〔2017〕9号"},
    "open-case": {"award_id": "award-r1", "grounds": "Art. 29(2)｜发生较大生产安全事故｜2020-08-01"},
    "triage-report": {"decision": "open_case", "reason": "立案调查",
                      "grounds": "Art. 29(5)｜工程质量问题查处属实｜2020-08-01"},
    "record-fund-use": {"reported_on": "2020-12-20", "uses": "research｜250000\nother｜20000｜质量管理体系认证"},
    "record-recovery": {"item": "", "amount": "1000.00", "returned_on": "2020-12-15", "receipt_number": "R-1",
                        "received_by": "市质量强市办"},
}


@pytest.mark.parametrize("name", sorted(FILLED))
def test_the_body_is_what_the_route_loads(name):
    import importlib
    module, cls = SCHEMAS[name]
    files = {}
    if name == "open-case":
        files = {"evidence": FileStorage(io.BytesIO(b"%PDF-1.4 evidence"), filename="事故调查报告.pdf",
                                         content_type="application/pdf")}
    body = build_body(ACTIONS[name], MultiDict(FILLED[name]), files)
    loaded = getattr(importlib.import_module(module), cls)().load(body)
    if name == "deliberate":
        assert [d["decision"] for d in loaded["decisions"]] == ["adopted", "adopted", "struck"]
        assert loaded["decisions"][2]["reason"] == "综合评议未获通过" and loaded["members_present"] == ["组长", "副组长"]
    if name == "publish-public-notice":
        assert loaded["media"][0]["page"] == "A3" and loaded["media"][1]["link"] == "http://news.e23.cn/example"
    if name == "approve-list":
        assert loaded["excluded"] == [{"application_id": "u-2", "reason": "未予批准的理由"}]
    if name == "answer-opinion":
        assert loaded["accepted"] is False
    if name == "open-case":
        assert loaded["evidence"][0]["content"] == b"%PDF-1.4 evidence" and loaded["grounds"][0]["item"] == "Art. 29(2)"
    if name == "record-fund-use":
        assert [u["purpose"] for u in loaded["uses"]] == ["research", "other"]


def test_a_line_it_cannot_read_goes_to_the_service_to_be_named():
    """A medium without its date is passed on without it: the service's refusal names ``media``,
    which the form shows beside the field."""
    from marshmallow import ValidationError
    from award_publicity.schemas import PublicNoticeSchema
    body = build_body(ACTIONS["publish-public-notice"], MultiDict({"media": "济南日报"}), {})
    assert body == {"media": [{"name": "济南日报"}]}
    with pytest.raises(ValidationError) as refused:
        PublicNoticeSchema().load(body)
    assert "media" in refused.value.messages
