"""The console's pages after the award (issue 35): an award's duties and certificate (Art. 19-21,
24, 28), a revocation case (Art. 29, 30), reports and overdue recoveries, a case's or an award's
page by its number (neither service lists them), and documents passed through as a service
answers them to the person. ``ListPages`` (pages_list.py) inherits ``AfterPages``.

Every part is read with the person's own token: a part its API refuses is left out with a note,
never worked around."""
from urllib.parse import quote

from werkzeug.routing import Rule
from werkzeug.utils import redirect

from award_console.forms_list import CATEGORIES
from award_console.html import beijing, e, next_link, section, table

PAGE_SIZE = 50
CATEGORY = dict(CATEGORIES)
CASE_STATE = {"opened": "已立案", "investigated": "已调查", "verified": "经查证属实", "dismissed": "不属实，已撤案",
              "proposed": "已提请市政府撤销", "not_proposed": "领导小组不提请", "revoked": "已撤销",
              "not_revoked": "市政府不予撤销", "recovering": "收回中", "closed": "已结案"}
USE_STATUS = {"received": "待审查", "accepted": "已认可", "queried": "已质询"}


def after_rules():
    """The pages' rules (new ones each time: a rule belongs to one ``Map``)."""
    return [
        Rule("/awards/<award_id>", endpoint="award"),
        Rule("/awards/<award_id>/certificate.pdf", endpoint="certificate"),
        Rule("/cases/<case_id>", endpoint="case"),
        Rule("/revocation", endpoint="revocation"),
        Rule("/find", endpoint="find"),
    ]


def page_number(request, name="page"):
    raw = request.args.get(name, "1")
    return max(1, int(raw)) if raw.isdigit() else 1


def note(what):
    return f'<p class="note">{e(what)}：未能取得（服务未应答，或不向您的角色提供）。</p>'


def find_form(kind, label):
    """A GET form to an award's or a case's page by its number (the services list neither)."""
    return (f'<form method="get" action="/find" class="action" aria-label="{e(label)}">'
            f'<input type="hidden" name="kind" value="{e(kind)}">'
            f'<label for="find-{e(kind)}">{e(label)}</label>'
            f'<input type="text" id="find-{e(kind)}" name="id" required>'
            f'<button type="submit">打开</button></form>')


class AfterPages:
    """An award's, a case's and revocation's pages, mixed into ``Console`` through ``ListPages``."""

    # -- an award after conferral ------------------------------------------------------------------
    def award(self, request, session, award_id):
        roles = set(session.user["roles"])
        award = self.get(session, "revocation", f"/v1/awards/{award_id}")
        rows = [["奖项编号", f"<code>{e(award_id)}</code>"], ["获奖者", e(award.get("recipient_name"))],
                ["类别", e(CATEGORY.get(award.get("category"), award.get("category")))],
                ["证书编号", e(award.get("certificate_number"))], ["授奖日期", e(award.get("granted_on"))],
                ["奖金（元）", e(award.get("prize_amount"))],
                ["状态", e({"in_force": "有效", "revoked": "已撤销"}.get(award.get("status"), award.get("status")))]]
        parts = [table("获奖记录（第十九条）", ["项目", "内容"], rows)]
        if roles & {"office", "government"}:
            parts.append(f'<p><a href="/awards/{e(award_id)}/certificate.pdf">下载证书（PDF）</a>（第十九条）</p>')
        duties = self.optional(session, "revocation", f"/v1/awards/{award_id}/duties")
        if duties is None:
            parts.append(note("奖金拨付与使用记录"))
        else:
            parts.append(table("奖金拨付（第十九条、第二十条）",
                               ["拨付编号", "日期", "金额（元）", "已冲回（元）", "凭证", "预算年度", "预算科目"],
                               [[f'<code>{e(p.get("payment_id"))}</code>', e(p.get("paid_on")), e(p.get("amount")),
                                 e(p.get("reversed")), e(p.get("reference")), e(p.get("budget_year")),
                                 e(p.get("budget_line"))] for p in duties.get("payments") or []]))
            rows = []
            for r in duties.get("use_reports") or []:
                review = (f'<a href="/act/review-fund-use?report_id={e(quote(r["report_id"]))}">审查</a>'
                          if r.get("status") == "received" and "office" in roles else e(r.get("review_note")))
                uses = "；".join(f'{u.get("purpose")} {u.get("amount")}{" " + u["description"] if u.get("description") else ""}'
                                for u in r.get("uses") or [])
                rows.append([e(r.get("reported_on")), e(r.get("period")), e(uses),
                             e(USE_STATUS.get(r.get("status"), r.get("status"))), review])
            parts.append(table("奖金使用报告（第二十一条）", ["报告日期", "期间", "用途与金额（元）", "状态", "审查"], rows))
            parts.append(table("经验交流（第二十四条）", ["日期", "形式", "内容", "对象"],
                               [[e(s.get("shared_on")), e(s.get("form_name")), e(s.get("what")), e(s.get("audience"))]
                                for s in duties.get("experience_shared") or []]))
        parts.append(self.offered(roles, {"award_id": award_id}, ("record-payment", "record-fund-use", "record-sharing")))
        if "office" in roles:
            parts.append(f'<p><a href="/act/open-case">对此奖项立案</a>（奖项编号 <code>{e(award_id)}</code>，第二十九条、第三十条）</p>')
        return self.page(session, f"获奖记录：{award.get('recipient_name')}", "".join(parts))

    # -- revocation ----------------------------------------------------------------------------------
    def case(self, request, session, case_id):
        roles = set(session.user["roles"])
        c = self.get(session, "revocation", f"/v1/cases/{case_id}")
        state = c.get("state")
        rows = [["案件编号", f"<code>{e(case_id)}</code>"],
                ["奖项", f'<a href="/awards/{e(c.get("award_id"))}">{e(c.get("award_id"))}</a>'],
                ["状态", f"<strong>{e(CASE_STATE.get(state, state))}</strong>"],
                ["立案时间", e(beijing(c.get("opened_at")))], ["调查情况", e(c.get("findings"))],
                ["理由", e(c.get("reasons"))], ["决定文号", e(c.get("decision_number"))],
                ["决定日期", e(c.get("decision_date"))]]
        parts = [table("撤销案件（第二十九条、第三十条）", ["项目", "内容"], [r for r in rows if r[1]]),
                 table("撤销事由", ["条款", "事实", "事实日期"],
                       [[e(g.get("item")), e(g.get("fact")), e(g.get("fact_date"))] for g in c.get("grounds") or []])]
        names = {"opened": ["investigate-case", "verify-case"], "investigated": ["investigate-case", "verify-case"],
                 "verified": ["propose-revocation"], "proposed": ["decide-revocation"],
                 "revoked": ["record-recovery"], "recovering": ["record-recovery"]}.get(state, [])
        parts.append(self.offered(roles, {"case_id": case_id}, names))
        return self.page(session, f"撤销案件 {case_id}", "".join(parts))

    def revocation(self, request, session):
        roles = set(session.user["roles"])
        parts = []
        if "office" in roles:
            after = request.args.get("after") or None
            reports = self.optional(session, "revocation", "/v1/reports",
                                    {"limit": PAGE_SIZE, **({"after": after} if after else {})})
            if reports is None:
                parts.append(note("举报"))
            else:
                rows = [[e(r.get("tracking_number")), e(r.get("kind_zh")), e(r.get("about")), e(r.get("content")),
                         e(r.get("status_zh")), e(beijing(r.get("filed_at"))),
                         (f'<a href="/act/triage-report?report_id={e(quote(r["report_id"]))}">处理</a>'
                          if r.get("status") == "received" else
                          (f'<a href="/cases/{e(r["case_id"])}">案件</a>' if r.get("case_id") else e(r.get("close_reason"))))]
                        for r in reports.get("reports") or []]
                parts.append(section("h-reports", "公众举报（第二十九条、第三十条）",
                                      table("举报（先收到的在前）", ["受理编号", "类别", "对象", "内容", "状态", "收到时间", "处理"], rows)
                                      + next_link("/revocation", {"after": after}, reports.get("next"))))
            overdue = self.optional(session, "revocation", "/v1/recoveries/overdue")
            if overdue is not None:
                parts.append(section("h-overdue", f"逾期未收回（决定后 {overdue.get('due_days')} 日）",
                                      table("逾期", ["案件", "获奖者", "决定文号", "逾期天数", "未收回奖品", "未收回奖金（元）"],
                                            [[f'<a href="/cases/{e(o["case_id"])}">{e(o["case_id"])}</a>',
                                              e(o.get("recipient_name")), e(o.get("decision_number")),
                                              e(o.get("days_overdue")), e("、".join(o.get("items_outstanding") or [])),
                                              e(o.get("money_outstanding"))]
                                             for o in (overdue.get("overdue") or [])[:PAGE_SIZE]])))
        parts.append(self.offered(roles, {}, ("spot-check", "open-case")))
        if roles & {"office", "leading_group", "government", "supervisor"}:
            parts.append(find_form("case", "按案件编号打开撤销案件"))
        if roles & {"office", "leading_group", "government", "supervisor"}:
            parts.append(find_form("award", "按奖项编号打开获奖记录"))
        return self.page(session, "举报、撤销与抽查（第二十九条、第三十条）", "".join(parts))

    def find(self, request, session):
        kind, number = request.args.get("kind"), (request.args.get("id") or "").strip()
        if kind not in ("case", "award") or not number:
            return self.page(session, "未找到", '<p class="error" role="alert">请填写编号。</p>', status=400)
        return redirect(f"/{kind}s/{quote(number, safe='')}", code=303)

    # -- documents, passed through as the service answers them to this person ----------------
    def certificate(self, request, session, award_id):
        """An award's certificate, the PDF publicity makes (Art. 19, 28)."""
        return self.passthrough(session, "publicity", f"/v1/awards/{award_id}/certificate.pdf")

