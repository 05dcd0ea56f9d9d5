"""The console's lists of what is due after the award and of the revocation cases waiting (issue
35): an edition's awards with the payments, use reports and experience sharing due on each (Art.
19-21, 24), a page at a time as revocation lists them (``GET /v1/cycles/{cycle}/awards``); the
cases by state (``GET /v1/cases``): those waiting for the leading group's proposal (Art. 7, 29, 30)
and for the government's decision; and the supervision opinion beside the office's answer form
(``GET /v1/opinions/{id}``, Art. 16). ``Console`` inherits ``DuePages``; the office's home adds
``due_home_office``, the leading group's and the government's ``cases_waiting``.

Every part is read with the person's own token: a part its API refuses is left out with a note,
never worked around. A home shows the first page only, with a link to the rest; the list pages
follow the service's ``next``, never fetching more than a page."""

from werkzeug.routing import Rule

from award_console.html import beijing, e, next_link, table
from award_console.pages_after import CASE_STATE, CATEGORY, PAGE_SIZE, note

HOME_ROWS = 10  # rows of a list a home page shows; its page has the rest
EDITIONS_ON_HOME = 5  # the newest editions whose awards the office's home reads
#: the state a case waits in for each role, and the form that role answers it with
WAITING_FOR = {"leading_group": ("verified", "propose-revocation", "待领导小组提请的撤销案件（第七条、第二十九条、第三十条）"),
               "government": ("proposed", "decide-revocation", "待市政府决定的撤销案件（第二十九条、第三十条）")}


def due_rules():
    """The pages' rules (new ones each time: a rule belongs to one ``Map``)."""
    return [Rule("/cycles/<cycle_id>/awards", endpoint="edition_awards"), Rule("/cases", endpoint="cases_list")]


def _dues(award):
    return "；".join(f'{d.get("duty_zh")}（{d.get("article")}）' for d in award.get("due") or []) or "无"


def _award_rows(awards):
    rows = []
    for a in awards:
        d = a.get("duties") or {}
        reports = d.get("use_reports") or {}
        rows.append([f'<a href="/awards/{e(a.get("award_id"))}">{e(a.get("recipient_name"))}</a>',
                     e(CATEGORY.get(a.get("category"), a.get("category"))), e(a.get("prize_amount")), e(d.get("paid")),
                     e(d.get("unpaid")),
                     e(f'待审查 {reports.get("received", 0)}，已质询 {reports.get("queried", 0)}，'
                       f'已认可 {reports.get("accepted", 0)}'),
                     e(f'{d.get("experience_shared", 0)} 次' + (f'（最近 {d["last_shared_on"]}）' if d.get("last_shared_on")
                                                             else "")),
                     e(_dues(a))])
    return rows


AWARD_HEADERS = ["获奖者", "类别", "奖金（元）", "已拨付（元）", "未拨付（元）", "使用报告", "经验交流", "待办"]


def _case_rows(cases, action=None):
    rows = []
    for c in cases:
        row = [f'<a href="/cases/{e(c.get("case_id"))}"><code>{e(c.get("case_id"))}</code></a>',
               e(c.get("recipient_name")), e(c.get("cycle_id")), e("、".join(c.get("grounds") or [])),
               e(CASE_STATE.get(c.get("state"), c.get("state"))), e(beijing(c.get("updated_at")))]
        if action:
            row.append(f'<a href="/act/{e(action[0])}?case_id={e(c.get("case_id"))}">{e(action[1])}</a>')
        rows.append(row)
    return rows


CASE_HEADERS = ["案件", "获奖者", "届次", "事由（条款）", "状态", "最近办理"]


class DuePages:
    """The awards' dues and the cases waiting, mixed into ``Console``."""

    # -- homes -------------------------------------------------------------------------------------
    def due_home_office(self, session, cycles):
        """Per edition (the newest few), the first page of its awards with something due on them."""
        parts = []
        for cycle in list(reversed(cycles))[:EDITIONS_ON_HOME]:
            cid, name = cycle["cycle_id"], f'{cycle["edition"]} 年度'
            page = self.optional(session, "revocation", f"/v1/cycles/{cid}/awards", {"limit": HOME_ROWS})
            if page is None:
                parts.append(note(f"{name}获奖者的奖金与义务"))
                continue
            due = [a for a in page.get("awards") or [] if a.get("due")]
            if not page.get("awards"):
                continue
            more = f'<p><a href="/cycles/{e(cid)}/awards">{e(name)}全部获奖者的奖金拨付与义务</a></p>'
            parts.append(table(f"{name}：有待办事项的获奖者（本页 {len(page['awards'])} 项中 {len(due)} 项）",
                               AWARD_HEADERS, _award_rows(due)) + more if due
                         else f"<p>{e(name)}：前 {len(page['awards'])} 项获奖记录没有待办事项。</p>" + more)
        body = "".join(parts) or "<p>尚无获奖记录。</p>"
        return (f'<section aria-labelledby="h-dues"><h2 id="h-dues">奖金拨付、使用报告与经验交流'
                f'（第十九条至第二十一条、第二十四条）</h2>{body}</section>')

    def cases_waiting(self, session, role):
        """The first page of the cases waiting for ``role`` (leading_group, government), each with its form."""
        state, action, title = WAITING_FOR[role]
        page = self.optional(session, "revocation", "/v1/cases", {"state": state, "limit": HOME_ROWS})
        if page is None:
            body = note("撤销案件")
        elif not page.get("cases"):
            body = "<p>目前没有待办理的撤销案件。</p>"
        else:
            form_title = {"propose-revocation": "提请或不提请", "decide-revocation": "作出决定"}[action]
            body = (table(title, CASE_HEADERS + ["办理"], _case_rows(page["cases"], (action, form_title)))
                    + (f'<p><a href="/cases?state={e(state)}">全部待办理的案件</a></p>' if page.get("next") else ""))
        hid = f"h-cases-{e(state)}"
        return f'<section aria-labelledby="{hid}"><h2 id="{hid}">{e(title)}</h2>{body}</section>'

    # -- the list pages --------------------------------------------------------------------------
    def edition_awards(self, request, session, cycle_id):
        """An edition's awards, a page at a time, with what is due on each (Art. 19-21, 24)."""
        after = request.args.get("after") or None
        page = self.get(session, "revocation", f"/v1/cycles/{cycle_id}/awards",
                        {"limit": PAGE_SIZE, **({"after": after} if after else {})})
        body = (f'<p><a href="/cycles/{e(cycle_id)}">返回本届</a></p>'
                + table("获奖者（按奖项编号）", AWARD_HEADERS, _award_rows(page.get("awards") or []))
                + next_link(f"/cycles/{cycle_id}/awards", {"after": after}, page.get("next")))
        cycle = self.optional(session, "intake", f"/v1/cycles/{cycle_id}")  # its edition's name, if intake says
        name = f'{cycle["edition"]} 年度' if cycle and cycle.get("edition") else cycle_id
        return self.page(session, f"{name}：获奖者的奖金拨付与义务（第十九条至第二十一条、第二十四条）", body)

    def cases_list(self, request, session):
        """The revocation cases, a page at a time, of one state or all (Art. 29, 30)."""
        roles = set(session.user["roles"])
        state = request.args.get("state") if request.args.get("state") in CASE_STATE else None
        after = request.args.get("after") or None
        page = self.get(session, "revocation", "/v1/cases",
                        {"limit": PAGE_SIZE, **({"state": state} if state else {}), **({"after": after} if after else {})})
        action = next(((a, "办理") for r, (s, a, _) in WAITING_FOR.items() if s == state and r in roles), None)
        options = "".join(f'<option value="{e(k)}"{" selected" if k == state else ""}>{e(v)}</option>'
                          for k, v in [("", "全部")] + list(CASE_STATE.items()))
        body = (f'<form method="get" action="/cases" class="action" aria-label="按状态筛选">'
                f'<label for="case-state">状态</label><select id="case-state" name="state">{options}</select>'
                f'<button type="submit">筛选</button></form>'
                + table("撤销案件（立案在先者在前）", CASE_HEADERS + (["办理"] if action else []),
                        _case_rows(page.get("cases") or [], action))
                + next_link("/cases", {"state": state, "after": after}, page.get("next")))
        return self.page(session, "撤销案件（第二十九条、第三十条）", body)

    # -- what a form decides on ------------------------------------------------------------------
    def due_context(self, session, action, params):
        """The supervision opinion beside the office's answer to it (Art. 16); None: not this form."""
        if action.name != "answer-opinion" or not params.get("opinion_id"):
            return None
        o = self.optional(session, "publicity", f"/v1/opinions/{params['opinion_id']}")
        if o is None:
            return note("监督组意见"), {}
        return (f'<div class="note"><p>监督组意见（申报编号 {e(o.get("application_id"))}，收到于 '
                f'{e(beijing(o.get("received_at")))}，{e(o.get("status_name"))}）：</p>'
                f'<blockquote>{e(o.get("opinion"))}</blockquote></div>'), {}
