"""The console's pages for steps 9-13 and after (issue 35): an edition's candidate list with the
supervision group's opinions, the leading group's deliberations and seats, the public notice
with its end in Beijing time, objections, the submission to the government and its decision,
prize amounts, conferral and the approved list to download (Art. 7, 16-19); one objection
(Art. 17); the government's home. ``Console`` inherits ``ListPages`` (and through it
``pages_after.AfterPages``: awards, cases, reports); the office's and the leading group's homes
add ``list_home_office`` / ``list_home_leading_group``; an edition's dashboard ``list_summary``.

Every part is read with the person's own token: a part its API refuses is left out with a note,
never worked around. Long lists are shown a page at a time."""
from urllib.parse import quote

from werkzeug.routing import Rule

from award_console.html import beijing, cursor_links, e, pager, section, table
from award_console.pages_after import (CASE_STATE, CATEGORY, PAGE_SIZE, AfterPages, after_rules, find_form, note,
                                       page_number)

OBJECTION_STATUS = {"received": "已受理", "investigated": "调查中", "proposed": "处理意见待领导小组审定",
                    "resolved": "已办结"}
OUTCOME = {"upheld": "异议成立", "dismissed": "异议不成立", "withdrawn": "异议人撤回"}
WAITING = ("listed", "pending")


def list_rules():
    """The pages' rules (new ones each time: a rule belongs to one ``Map``)."""
    return [
        Rule("/cycles/<cycle_id>/list", endpoint="edition_list"),
        Rule("/objections/<objection_id>", endpoint="objection"),
        Rule("/cycles/<cycle_id>/final-list.<any(csv, xlsx):fmt>", endpoint="final_list"),
        *after_rules(),
    ]


class ListPages(AfterPages):
    """Pages and home sections of publicity and revocation, mixed into ``Console``."""

    # -- reads -----------------------------------------------------------------------------------
    def candidates(self, session, cycle_id):
        return self.optional(session, "publicity", f"/v1/cycles/{cycle_id}/candidates")

    def notices_of(self, session, cycle_id):
        current = self.optional(session, "publicity", "/public/v1/notices/current")
        if not current or current.get("cycle_id") != cycle_id:
            return []
        return current.get("notices") or []

    def objections_of(self, session, cycle_id, status=None, after=None):
        """One page of the cycle's objections (``status``: only those in it), from ``after``:
        ``{"objections", "next"}``, or None where publicity refuses it."""
        return self.one_page(session, "publicity", "/v1/objections", "objections", "objection_id",
                             {"cycle_id": cycle_id, **({"status": status} if status else {})}, after=after)

    def objection_counts(self, session, cycle_id):
        """How many of the cycle's objections stand in each status (publicity's count route), or None."""
        return self.optional(session, "publicity", f"/v1/cycles/{cycle_id}/objections/summary")

    def submissions_of(self, session, cycle_id):
        answer = self.optional(session, "publicity", f"/v1/cycles/{cycle_id}/submissions")
        return None if answer is None else answer.get("submissions") or []

    # -- homes -------------------------------------------------------------------------------------
    def list_home_office(self, session, cycles):
        """The office's steps 9-13 of each open edition, and revocation's work waiting."""
        items = []
        for cycle in self.open_cycles(cycles):
            cid, name = cycle["cycle_id"], f'{cycle["edition"]} 年度'
            listing = self.candidates(session, cid)
            if listing:
                items.append(f'<li><a href="/cycles/{e(cid)}/list">{e(name)}候选名单（{len(listing["candidates"])} 名）'
                             f'与公示、异议</a>（第十六条至第十九条）</li>')
            for notice in self.notices_of(session, cid):
                if notice.get("status") == "open":
                    items.append(f'<li>{e(name)}公示中，截止 <strong>{e(beijing(notice.get("window_end"), end=True))}</strong>'
                                 "（第十七条）</li>")
            counted = (self.objection_counts(session, cid) or {}).get("by_status") or {}
            open_ones = counted.get("received", 0) + counted.get("investigated", 0)
            if open_ones:
                items.append(f'<li><a href="/cycles/{e(cid)}/list#h-objections">{e(name)}待调查处理的异议 '
                             f'{open_ones} 件</a>（第十七条）</li>')
            opinions = self.optional(session, "publicity", f"/v1/cycles/{cid}/opinions/summary")
            waiting = (opinions or {}).get("unanswered") or 0
            if waiting:
                items.append(f'<li><a href="/cycles/{e(cid)}/list#h-opinions">{e(name)}待答复的监督组意见 '
                             f'{waiting} 条</a>（第十六条）</li>')
            approved = [s for s in self.submissions_of(session, cid) or [] if s.get("status") == "approved"]
            if approved and any(c.get("status") == "approved" for c in (listing or {}).get("candidates") or []):
                items.append(f'<li><a href="/act/confer?cycle_id={e(quote(cid))}">{e(name)}名单已经市政府批准，待授奖</a>'
                             "（第十九条）</li>")
        reports = self.optional(session, "revocation", "/v1/reports", {"status": "received"})
        if reports and reports.get("reports"):
            items.append(f'<li><a href="/revocation">待处理的举报 {len(reports["reports"])} 件</a>（第二十九条、第三十条）</li>')
        overdue = self.optional(session, "revocation", "/v1/recoveries/overdue")
        if overdue and overdue.get("overdue"):
            items.append(f'<li><a href="/revocation">逾期未收回的撤销奖励 {len(overdue["overdue"])} 项</a></li>')
        listed = f'<ul class="actions">{"".join(items)}</ul>' if items else ""
        return (section("h-office-list", "名单、公示、授奖与获奖后（第十六条至第三十条）",
                         listed + '<p><a href="/revocation">举报、撤销案件与抽查</a></p>'
                         + find_form("award", "按奖项编号打开获奖记录（奖金拨付、使用报告、经验交流）")))

    def list_home_leading_group(self, session, cycles):
        """What waits for the leading group in steps 9-12 (Art. 7, 16-18)."""
        items = []
        for cycle in self.open_cycles(cycles):
            cid, name = cycle["cycle_id"], f'{cycle["edition"]} 年度'
            listing = self.candidates(session, cid)
            if listing:
                waiting = [c for c in listing["candidates"] if c.get("status") in WAITING]
                if waiting:
                    items.append(f'<li><a href="/act/deliberate?cycle_id={e(quote(cid))}">{e(name)}候选名单待审议'
                                 f'（{len(waiting)} 名）</a>（第七条、第十六条）</li>')
                items.append(f'<li><a href="/cycles/{e(cid)}/list">{e(name)}候选名单、公示与异议</a></li>')
            counts = self.objection_counts(session, cid)
            if self.ready_to_submit(session, cid, listing, counts):
                items.append(f'<li><a href="/act/submit-list?cycle_id={e(quote(cid))}">{e(name)}名单公示期满、异议已办结，'
                             "可提报市政府审定</a>（第七条第（五）项）</li>")
            proposed = ((counts or {}).get("by_status") or {}).get("proposed", 0)
            waiting = self.objections_of(session, cid, status="proposed") if proposed else None
            for o in (waiting or {}).get("objections") or []:
                items.append(f'<li><a href="/objections/{e(o["objection_id"])}">异议处理意见待审定：'
                             f'{e(o.get("tracking_number"))}</a>（第十七条）</li>')
            if waiting and waiting["next"]:
                items.append(f'<li><a href="/cycles/{e(cid)}/list#h-objections">{e(name)}待审定的异议处理意见共 '
                             f'{proposed} 件</a></li>')
        listed = (f'<ul class="actions">{"".join(items)}</ul>' if items
                  else "<p>目前没有待审议的名单或异议处理意见。</p>")
        return section("h-lg-list", "名单、异议与提报（第七条、第十六条至第十八条）",
                        listed + find_form("case", "按案件编号打开撤销案件（提请撤销，第二十九条、第三十条）"))

    def ready_to_submit(self, session, cycle_id, listing, counts):
        """The notice over, every objection resolved (``counts``: publicity's objection counts),
        nothing submitted and undecided or approved: what the leading group may submit (the service
        decides; this only points to the form)."""
        notices = self.notices_of(session, cycle_id)
        if not listing or not notices or any(n.get("status") == "open" for n in notices):
            return False
        if (counts or {}).get("unresolved"):
            return False
        submissions = self.submissions_of(session, cycle_id) or []
        return not any(s.get("status") in ("submitted", "approved") for s in submissions)

    def list_summary(self, session, cycle_id):
        """An edition's steps 9-13 in a few lines, for its dashboard: the list, the notice, objections."""
        listing = self.candidates(session, cycle_id)
        if listing is None:
            return ""
        counts = {}
        for c in listing["candidates"]:
            name = c.get("status_name") or c.get("status")
            counts[name] = counts.get(name, 0) + 1
        lines = ["候选名单：" + "，".join(f"{k} {v} 名" for k, v in counts.items())]
        for notice in self.notices_of(session, cycle_id):
            state = "公示中" if notice.get("status") == "open" else "公示已结束"
            lines.append(f'{state}，截止 {beijing(notice.get("window_end"), end=True)}')
        counts = self.objection_counts(session, cycle_id)
        if counts is not None:
            lines.append(f"异议 {counts['total']} 件，未办结 {counts['unresolved']} 件")
        items = "".join(f"<li>{e(line)}</li>" for line in lines)
        return section("h-list-summary", "候选名单、公示与异议（第十六条、第十七条）",
                        f'<ul>{items}</ul><p><a href="/cycles/{e(cycle_id)}/list">查看名单、公示、异议与授奖</a></p>')

    def home_government(self, session, cycles):
        """The city government: the list waiting for its decision (Art. 18) and revocation decisions."""
        parts = []
        for cycle in [c for c in cycles if c["status"] != "closed"][:PAGE_SIZE]:
            cid = cycle["cycle_id"]
            submissions = self.submissions_of(session, cid)
            if submissions is None:
                parts.append(note(f"{cycle['edition']} 年度的提报"))
                continue
            for s in submissions:
                if s.get("status") != "submitted":
                    continue
                rows = [[e(CATEGORY.get(c.get("category"), c.get("category"))), e(c.get("rank")),
                         e(c.get("recipient_name"))] for c in s.get("candidates") or []][:PAGE_SIZE]
                parts.append(table(f'{cycle["edition"]} 年度：领导小组提报的名单（{s.get("document_number") or "无文号"}，'
                                   f'{s.get("submitted_on")} 提报）', ["类别", "名次", "名称"], rows)
                             + f'<p><a href="/act/approve-list?cycle_id={e(quote(cid))}">审定此名单</a>（第十八条）</p>')
        waiting = "".join(parts) or "<p>目前没有待市政府审定的名单。</p>"
        return (section("h-gov-list", "待审定的获奖名单（第十八条）", waiting)
                + section("h-gov-cases", "撤销奖励的决定（第二十九条、第三十条）",
                           self.cases_waiting(session, "government") + find_form("case", "按案件编号打开撤销案件")))

    # -- an edition's list -----------------------------------------------------------------------
    def edition_list(self, request, session, cycle_id):
        roles = set(session.user["roles"])
        cycle = self.get(session, "intake", f"/v1/cycles/{cycle_id}")
        page = page_number(request)
        parts = [f'<p><a href="/cycles/{e(cycle_id)}">返回本届</a></p>']
        listing = self.candidates(session, cycle_id)
        if listing is None:
            parts.append(note("候选名单"))
        else:
            rows = [[e(CATEGORY.get(c.get("category"), c.get("category"))), e(c.get("rank")), e(c.get("applicant_name")),
                     f'<code>{e(c.get("application_id"))}</code>', e(c.get("score")),
                     e(c.get("status_name") or c.get("status")), e(c.get("reason"))] for c in listing["candidates"]]
            shown = rows[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
            parts.append(section("h-candidates", f"候选名单（{len(rows)} 名，第十六条）",
                                  f'<p>名单编号 <code>{e(listing.get("list_id"))}</code>，收到于 '
                                  f'{e(beijing(listing.get("received_at")))}</p>'
                                  + table("候选人", ["类别", "名次", "名称", "申报编号", "得分", "状态", "理由"], shown)
                                  + pager(f"/cycles/{cycle_id}/list", page, len(rows) > page * PAGE_SIZE)))
        after = request.args.get("opinions_after") or None
        oafter = request.args.get("objections_after") or None
        opinions = self.one_page(session, "publicity", f"/v1/cycles/{cycle_id}/opinions", "opinions", "opinion_id",
                                 after=after)
        if opinions is not None:
            rows = []
            for o in opinions.get("opinions") or []:
                answer = (f'<a href="/act/answer-opinion?opinion_id={e(quote(o["opinion_id"]))}">答复</a>'
                          if o.get("status") == "received" and "office" in roles else e(o.get("change") or o.get("reason")))
                rows.append([e(o.get("application_id")), e(o.get("opinion")), e(o.get("status_name")), answer])
            parts.append(section("h-opinions", "监督组的意见与办公室的答复（第十六条）",
                                  (table("意见", ["申报编号", "意见", "状态", "答复"], rows) if rows
                                   else "<p>监督组对本届名单没有提出意见。</p>")
                                  + cursor_links(f"/cycles/{cycle_id}/list", {"opinions_after": after, "objections_after": oafter},
                                                  "opinions_after", opinions["next"], "h-opinions")))
        for notice in self.notices_of(session, cycle_id):
            media = "；".join(f'{m.get("name")} {m.get("date")} {m.get("page") or m.get("link") or ""}'
                             for m in notice.get("media") or [])
            state = "公示中" if notice.get("status") == "open" else "公示已结束"
            parts.append(section("h-notice-" + e(notice.get("notice_id")), f"公示（{state}，第十七条）",
                                  f'<p>公示期：{e(beijing(notice.get("window_start")))} 至 '
                                  f'<strong>{e(beijing(notice.get("window_end"), end=True))}</strong>'
                                  f'（{e(notice.get("working_days"))} 个工作日'
                                  f'{"，工作日历未载入，暂按估算" if notice.get("provisional") else ""}）</p>'
                                  f'<p>刊登媒体：{e(media)}</p>'))
        if roles & {"office", "leading_group", "supervisor"}:
            counts = self.objection_counts(session, cycle_id)
            objections = self.objections_of(session, cycle_id, after=oafter)
            if objections is None:
                parts.append(note("异议"))
            else:
                rows = [[f'<a href="/objections/{e(o["objection_id"])}">{e(o.get("tracking_number"))}</a>',
                         e(o.get("application_id")), e(o.get("content")),
                         e(OBJECTION_STATUS.get(o.get("status"), o.get("status"))),
                         e(OUTCOME.get(o.get("outcome") or o.get("proposed_outcome"), "")),
                         e(beijing(o.get("received_at")))] for o in objections["objections"]]
                total = f"{counts['total']} 件" if counts is not None else f"本页 {len(rows)} 件"
                parts.append(section("h-objections", f"异议（{total}，第十七条）",
                                      table("异议", ["受理编号", "被异议的候选人", "内容", "状态", "结论", "收到时间"], rows)
                                      + cursor_links(f"/cycles/{cycle_id}/list", {"opinions_after": after, "objections_after": oafter},
                                                      "objections_after", objections["next"], "h-objections")))
        seats = self.optional(session, "publicity", f"/v1/cycles/{cycle_id}/seats")
        if seats and seats.get("seat_decisions"):
            rows = [[e({"tie": "末位并列", "refill": "递补"}.get(s.get("kind"))), e(CATEGORY.get(s.get("category"))),
                     e("、".join(s.get("application_ids") or [])), e(s.get("reason")), e(s.get("meeting_date"))]
                    for s in seats["seat_decisions"][:PAGE_SIZE]]
            parts.append(section("h-seats", "领导小组对席位的决定（第二条、第七条）",
                                  table("席位决定", ["事项", "类别", "获得席位者", "理由", "会议日期"], rows)))
        submissions = self.submissions_of(session, cycle_id)
        if submissions:
            rows = [[e(s.get("status_name") or s.get("status")), e(s.get("document_number")), e(s.get("submitted_on")),
                     e(len(s.get("candidates") or [])), e(beijing(s.get("decided_at"))), e(s.get("decision_reason"))]
                    for s in submissions[:PAGE_SIZE]]
            parts.append(section("h-submissions", "提报与市政府审定（第七条、第十八条）",
                                  table("提报", ["状态", "文号", "提报日期", "人数", "审定时间", "说明"], rows)))
        published = self.optional(session, "publicity", f"/public/v1/cycles/{cycle_id}/awards")
        if published and published.get("awards"):
            rows = [[e(a.get("category_name")), e(a.get("recipient_name")),
                     f'<span class="certificate">{e(a.get("certificate_number"))}</span>' if a.get("certificate_number")
                     else "（尚未授奖）"] for a in published["awards"][:PAGE_SIZE]]
            exports = ""
            if roles & {"office", "government", "leading_group"}:
                exports = (f'<p>下载获奖名单（报送材料）：<a href="/cycles/{e(cycle_id)}/final-list.xlsx">Excel</a>　'
                           f'<a href="/cycles/{e(cycle_id)}/final-list.csv">CSV</a></p>')
            parts.append(section("h-awards", f"获奖名单（{published.get('document_number')}，第十八条、第十九条）",
                                  table("获奖名单", ["类别", "获奖单位/个人", "证书编号"], rows) + exports))
        parts.append(self.offered(roles, {"cycle_id": cycle_id}, (
            "deliberate", "decide-seats", "publish-public-notice", "submit-list", "approve-list",
            "set-prize-amounts", "confer")))
        if "office" in roles:
            parts.append(find_form("award", "按奖项编号打开获奖记录"))
        return self.page(session, f"{cycle['edition']} 年度：候选名单、公示与授奖", "".join(parts))

    # -- one objection -------------------------------------------------------------------------------
    def objection(self, request, session, objection_id):
        roles = set(session.user["roles"])
        o = self.get(session, "publicity", f"/v1/objections/{objection_id}")
        rows = [["受理编号", e(o.get("tracking_number"))], ["被异议的候选人", e(o.get("application_id"))],
                ["内容", e(o.get("content"))], ["状态", e(OBJECTION_STATUS.get(o.get("status"), o.get("status")))],
                ["收到时间", e(beijing(o.get("received_at")))]]
        objector = o.get("objector")
        if objector:  # the office and the cycle's supervisors only (Art. 17: kept confidential)
            rows.append(["异议人（保密）", e(f'{objector.get("name") or ""} {objector.get("contact") or ""}'.strip()
                                        or "已按期删除")])
        inv = o.get("investigation")
        if inv:
            rows += [["调查人员", e("、".join(inv.get("investigators") or []))], ["核查", e(inv.get("checked"))],
                     ["调查结论", e(inv.get("conclusion"))]]
        if o.get("handling_opinion"):
            rows += [["处理意见", e(o.get("handling_opinion"))],
                     ["结论", e(OUTCOME.get(o.get("outcome") or o.get("proposed_outcome"), ""))]]
        names = []
        if o.get("status") in ("received", "investigated"):
            names += ["investigate-objection", "propose-objection-handling"]
        if o.get("status") == "proposed":
            names.append("decide-objection-handling")
        body = (table("异议", ["项目", "内容"], [r for r in rows if r[1]])
                + self.offered(roles, {"objection_id": objection_id}, names)
                + f'<p><a href="/cycles/{e(o.get("cycle_id"))}/list#h-objections">返回本届异议</a></p>')
        return self.page(session, f"异议 {o.get('tracking_number')}（第十七条）", body)

    def final_list(self, request, session, cycle_id, fmt):
        """The approved list as the office keeps it and sends it with the dossier (Art. 18, 19)."""
        return self.passthrough(session, "publicity", f"/v1/cycles/{cycle_id}/awards/export.{fmt}")

    # -- what a form decides on ------------------------------------------------------------------
    def list_context(self, session, action, params):
        """The context beside one of forms_list's forms, and the values it starts with; None: none."""
        name = action.name
        if name in ("deliberate", "decide-seats", "publish-public-notice", "submit-list", "confer"):
            listing = self.get(session, "publicity", f"/v1/cycles/{params['cycle_id']}/candidates")
            rows = [[e(CATEGORY.get(c.get("category"))), e(c.get("rank")), e(c.get("applicant_name")),
                     f'<code>{e(c.get("application_id"))}</code>', e(c.get("score")), e(c.get("status_name"))]
                    for c in listing["candidates"]][:PAGE_SIZE]
            values = {}
            if name == "deliberate":
                values["decisions"] = "\n".join(c["application_id"] for c in listing["candidates"]
                                                if c.get("status") in WAITING)
            return table("候选名单（第十六条）", ["类别", "名次", "名称", "申报编号", "得分", "状态"], rows), values
        if name == "approve-list":
            submitted = [s for s in self.get(session, "publicity", f"/v1/cycles/{params['cycle_id']}/submissions")
                         .get("submissions") or [] if s.get("status") == "submitted"]
            if not submitted:
                return '<p class="note">领导小组尚未提报名单，或已审定（第七条第（五）项）。</p>', {}
            s = submitted[-1]
            rows = [[e(CATEGORY.get(c.get("category"))), e(c.get("rank")), e(c.get("recipient_name")),
                     f'<code>{e(c.get("application_id"))}</code>'] for c in s.get("candidates") or []]
            return (table(f"领导小组提报的名单（{s.get('document_number') or '无文号'}）", ["类别", "名次", "名称", "申报编号"],
                          rows), {})
        if name in ("investigate-objection", "propose-objection-handling", "decide-objection-handling"):
            o = self.get(session, "publicity", f"/v1/objections/{params['objection_id']}")
            extra = f'<p>处理意见：{e(o.get("handling_opinion"))}</p>' if o.get("handling_opinion") else ""
            return (f'<div class="note"><p>异议 {e(o.get("tracking_number"))}（{e(o.get("application_id"))}）：'
                    f'{e(o.get("content"))}</p>{extra}</div>'), {}
        if name in ("investigate-case", "verify-case", "propose-revocation", "decide-revocation", "record-recovery"):
            c = self.get(session, "revocation", f"/v1/cases/{params['case_id']}")
            grounds = "；".join(f'{g.get("item")} {g.get("fact")}' for g in c.get("grounds") or [])
            return (f'<div class="note"><p>案件 {e(params["case_id"])}（奖项 {e(c.get("award_id"))}，'
                    f'{e(CASE_STATE.get(c.get("state"), c.get("state")))}）</p><p>事由：{e(grounds)}</p></div>'), {}
        if name in ("record-payment", "record-fund-use", "record-sharing"):
            a = self.get(session, "revocation", f"/v1/awards/{params['award_id']}")
            return (f'<p class="note">获奖者：{e(a.get("recipient_name"))}（{e(CATEGORY.get(a.get("category")))}，'
                    f'奖金 {e(a.get("prize_amount"))} 元）</p>'), {}
        return None
