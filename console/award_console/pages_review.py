"""The review's pages (issue 35): the third-party agency's, the experts' and the supervision
group's home sections, an edition's review page, one application's review, and the score sheet
of a stage on one page (Art. 7, 8, 9, 15, 16, 25, 26, 27).

Each part is read with the person's own token; a part the service refuses them is left out with
a note, never worked around. The ``ReviewPages`` mixin is one of the ``Console``'s bases; its
routes are ``rules()``. The office's and the leading group's homes call ``office_waiting`` and
``leading_group_waiting`` for the review's decisions that wait for them.
"""
import math
from urllib.parse import quote

from werkzeug.routing import Rule
from werkzeug.utils import redirect

from award_rules.articles import cite

from award_console.actions import ACTIONS
from award_console.forms_review import STAGES
from award_console.html import beijing, cursor_links, e, error_box, table
from award_console.pages_paper import PaperSheetPages, paper_allowed

PAGE_SIZE = 50
STAGE_NAMES = dict(STAGES)
STAGE_STATUS = {None: "未开启", "open": "进行中", "closed": "已结束"}
APP_STATUS = {"recommended": "已推荐", "submitted": "已提交（待推荐）", "awaiting_submission": "待提交",
              "withdrawn": "已撤回", "ineligible": "不符合条件"}
RESULT_STATUS = {"completed": "已完成", "pending_hold": "暂停中", "open": "进行中"}
OUTCOMES = {"passed": "通过", "failed": "未通过", None: ""}
CRITERIA = {"leadership": "领导", "strategy": "战略", "customers_market": "顾客与市场", "resources": "资源",
            "process_management": "过程管理", "measurement_analysis_improvement": "测量、分析与改进",
            "results": "结果", "quality_awareness_innovation": "质量意识与创新（第十二条第三项）",
            "contribution": "质量贡献（第十二条第四项）", "recognition": "社会认可（第十二条第五项）"}
MEMBER_KINDS = {"npc_deputy": "人大代表", "cppcc_member": "政协委员", "government": "政府部门", "media": "新闻媒体",
                "lawyer": "律师"}
#: the review page's tables, each paged by its own cursor in the page's URL
REVIEW_CURSORS = ("after", "experts_after", "complaints_after", "findings_after", "opinions_after")
NOT_GIVEN = '<p class="note">{what}：服务未向您的账号提供（无权查看或服务未应答），此处不显示。</p>'



def rules():
    """The pages' routes, new for each console's ``Map`` (a werkzeug rule binds to one map)."""
    return [
        Rule("/cycles/<cycle_id>/review", endpoint="review_cycle"),
        Rule("/applications/<application_id>/review", endpoint="review_application"),
        Rule("/applications/<application_id>/reviews/<stage>", endpoint="score_sheet", methods=["GET", "POST"]),
        Rule("/applications/<application_id>/reviews/<stage>/panel", endpoint="panel_sheets",
             methods=["GET", "POST"]),
    ]


def _link(name, params, text=None):
    query = "&".join(f"{k}={quote(str(v))}" for k, v in params.items())
    return f'<a href="/act/{e(name)}?{e(query)}">{e(text or ACTIONS[name].title)}</a>'


def _number(raw):
    try:
        value = float(raw)
    except ValueError:
        return raw  # the service names it (scores.<criterion>: must be a number)
    return value if math.isfinite(value) else raw


def _criterion_error(message, cap):
    """A score's refusal in Chinese (the scoring service writes these in English)."""
    text = str(message)
    for start, chinese in (("above the cap", f"超过本项上限 {cap:g} 分"), ("below zero", "不能低于 0 分"),
                           ("missing", "本项未评分"), ("must be a number", "须为数字"),
                           ("not a category", "不是本评分表的类目")):
        if text.startswith(start):
            return chinese
    return text


def scale_of(cycle, kind):
    """criterion -> its maximum, from the rule set the edition is bound to (Art. 7(2), 15)."""
    review = (cycle.get("ruleset") or {}).get("review") or {}
    return dict(review.get("gbt19580" if kind == "unit" else "individual_rubric") or {})


def conditions_of(cycle, kind):
    """The conditions of Art. 10 (units) or Art. 12 (individuals) as the rule set words them."""
    return [(c["item"], c.get("text") or "")
            for c in ((cycle.get("ruleset") or {}).get("eligibility") or {}).get(kind, {}).get("conditions", [])]


class ReviewPages(PaperSheetPages):
    """Pages of the review; mixed into ``Console`` (needs its ``get``, ``optional``, ``call``, ``page``);
    the agency's page of a panel's paper sheets is ``PaperSheetPages``'."""

    # -- home sections ----------------------------------------------------------------------------
    def stage_rows(self, session, cycle, roles):
        cid = cycle["cycle_id"]
        stages = self.optional(session, "scoring", f"/v1/cycles/{cid}/stages")
        if stages is None:
            return None
        schedule = cycle.get("schedule") or {}
        rows, earlier_closed = [], True
        for stage in stages.get("stages") or []:
            step, status = stage["stage"], stage.get("status")
            links = []
            if roles & {"third_party", "office"}:
                if status is None and earlier_closed:  # the order of Art. 15
                    links.append(_link("open-stage", {"cycle_id": cid, "stage": step}, "开启"))
                elif status == "open":
                    links.append(_link("close-stage", {"cycle_id": cid, "stage": step}, "结束"))
            rows.append([e(stage.get("name") or STAGE_NAMES.get(step, step)), e(STAGE_STATUS.get(status, status)),
                         e(beijing(stage.get("opened_at"))), e(beijing(stage.get("closed_at")) or beijing(schedule.get(step))),
                         "　".join(links)])
            earlier_closed = earlier_closed and status == "closed"
        return rows

    def home_third_party(self, session, cycles):
        roles = set(session.user["roles"])
        parts = []
        for cycle in self.open_cycles(cycles):
            cid = cycle["cycle_id"]
            agency = self.optional(session, "scoring", f"/v1/cycles/{cid}/third-party")
            parts.append(f'<h3>{e(cycle["edition"])} 年度 · <a href="/cycles/{e(cid)}/review">本届评审</a></h3>')
            if agency is None or agency.get("status") != "appointed":
                parts.append('<p class="note">本机构尚未受托承担本届评审（领导小组审定委托后可办理，第七条、第八条）。</p>')
                continue
            rows = self.stage_rows(session, cycle, roles)
            if rows is not None:
                parts.append(table("评审环节（第十五条）", ["环节", "状态", "开启", "结束或截止", "办理"], rows))
            # the count from scoring's count route, the first unstarted ones from its filtered list:
            # two calls however many applications the edition has
            counts = self.optional(session, "scoring", f"/v1/cycles/{cid}/applications/summary")
            if counts is not None:
                parts.append(f'<p>已推荐进入评审的申报 {counts["by_status"].get("recommended", 0)} 件：'
                             f'<a href="/cycles/{e(cid)}/review#h-apps">本届评审中的全部申报</a>　'
                             f'{_link("assign-all", {"cycle_id": cid})}　{_link("register-expert", {"cycle_id": cid})}</p>')
                page = self.one_page(session, "scoring", f"/v1/cycles/{cid}/applications", "applications",
                                     "application_id", {"status": "recommended", "unstarted": "true"})
                unstarted = (page or {}).get("applications") or []
                if unstarted:  # no stage result yet: the panel to assign, the qualification to decide
                    parts.append(table(f"尚未开始评审的申报（前 {len(unstarted)} 件）", ["申报", "区县", "产业", "办理"], [
                        [f'<a href="/applications/{e(a["application_id"])}/review">{e(a.get("applicant_name"))}</a>',
                         e(a.get("district")), e(a.get("sector")),
                         _link("assign-panel", {"application_id": a["application_id"]}, "指派专家组")] for a in unstarted]))
        return "".join(parts) or "<p>目前没有进行中的一届。</p>"

    def home_expert(self, session, cycles):
        mine = self.optional(session, "scoring", "/v1/experts/me/assignments")
        if mine is None:
            return NOT_GIVEN.format(what="我的评审任务")
        active = [a for a in mine.get("assignments") or [] if a.get("status") == "active"]
        if not active:
            return "<p>目前没有指派给您的申报。</p>"
        open_stages = {}
        for cid in sorted({a["cycle_id"] for a in active}):
            stages = self.optional(session, "scoring", f"/v1/cycles/{cid}/stages") or {}
            open_stages[cid] = [s for s in stages.get("stages") or [] if s.get("status") == "open" and s.get("mode") == "scored"]
        schedules = {c["cycle_id"]: c.get("schedule") or {} for c in cycles}
        rows = []
        for a in active[:PAGE_SIZE]:
            aid, schedule = a["application_id"], schedules.get(a["cycle_id"], {})
            sheets = "　".join(f'<a href="/applications/{e(aid)}/reviews/{e(s["stage"])}">{e(s["name"])}评分表</a>'
                               + (f'（截止 {e(beijing(schedule[s["stage"]]))}）' if schedule.get(s["stage"]) else "")
                               for s in open_stages.get(a["cycle_id"], [])) or "（当前无开启的评分环节）"
            rows.append([e(a.get("applicant_name")), e({"unit": "组织", "individual": "个人"}.get(a.get("kind"), a.get("kind"))),
                         e(beijing(a.get("assigned_at"))), sheets, _link("recuse", {"application_id": aid}, "申请回避")])
        return (table(f"指派给我的申报（{len(active)} 件）", ["申报", "类别", "指派时间", "评分表", "回避（第二十五条）"], rows)
                + '<p class="hint">只显示指派给您本人的申报；评分表只对您所在专家组的申报开放（第八条）。</p>')

    def home_supervisor(self, session, cycles):
        parts = []
        for cycle in self.open_cycles(cycles):
            cid = cycle["cycle_id"]
            parts.append(f'<h3>{e(cycle["edition"])} 年度 · <a href="/cycles/{e(cid)}/review">本届评审与监督</a></h3>')
            counts = self.optional(session, "supervision", f"/v1/cycles/{cid}/complaints/summary")
            waiting = self.one_page(session, "supervision", "/v1/complaints", "complaints", "complaint_id",
                                    {"cycle_id": cid, "waiting": "true"})
            if counts is None or waiting is None:
                parts.append(NOT_GIVEN.format(what="投诉举报"))
            else:
                parts.append(table(f"待办理的投诉举报（{counts['waiting']} 件，第九条第三项）", ["编号", "内容", "状态", "收到", "办理"],
                                   self.complaint_rows(waiting["complaints"]))
                             + (f'<p><a href="/cycles/{e(cid)}/review#h-complaints">本届全部投诉举报</a></p>'
                                if waiting["next"] else ""))
            holds = self.active_holds(session, cid)
            if holds is not None:
                parts.append(table(f"生效中的暂停（{len(holds)} 项，第九条）", ["环节", "对象", "理由", "时间", "办理"],
                                   self.hold_rows(holds)))
            due = self.opinions_due(session, cid)
            if due is not None:
                count, due = due
                parts.append(table(f"待提出监督意见的申报（{count} 件，第十六条）", ["申报", "状态", "办理"],
                                   [[e(a.get("applicant_name")), e(APP_STATUS.get(a.get("status"), a.get("status"))),
                                     _link("record-opinion", {"cycle_id": cid, "application_id": a["application_id"]}, "提出意见")]
                                    for a in due]))
        return "".join(parts) or "<p>目前没有进行中的一届。</p>"

    def opinions_due(self, session, cid):
        """How many recommended applications have no supervision opinion yet (Art. 16), and the first
        page of them: scoring's count route and its list filtered so (scoring keeps the group's
        opinions from ``opinion.recorded``); None where scoring refuses either."""
        counts = self.optional(session, "scoring", f"/v1/cycles/{cid}/applications/summary")
        page = self.one_page(session, "scoring", f"/v1/cycles/{cid}/applications", "applications", "application_id",
                             {"status": "recommended", "with_opinion": "false"})
        if counts is None or page is None:
            return None
        return counts["recommended_without_opinion"], page["applications"]

    def complaint_rows(self, complaints):
        rows = []
        for c in complaints:
            cid = c["complaint_id"]
            act = (_link("triage-complaint", {"complaint_id": cid}, "受理或不予受理") if c.get("status") == "received"
                   else _link("complaint-result", {"complaint_id": cid}, "处理结果") if c.get("status") == "under_review" else "")
            rows.append([e(c.get("tracking_number")), e((c.get("content") or "")[:80]), e(c.get("status_zh") or c.get("status")),
                         e(beijing(c.get("filed_at"))), act])
        return rows

    def hold_rows(self, holds):
        return [[e(STAGE_NAMES.get(h.get("step"), h.get("step"))), e(h.get("subject") or "整个环节"), e(h.get("reason")),
                 e(beijing(h.get("placed_at"))), _link("release-hold", {"hold_id": h["hold_id"]}, "解除")]
                for h in holds[:PAGE_SIZE]]

    def office_waiting(self, session, cycles):
        """The review's decisions waiting for the office (Art. 7, 8, 9, 16), as list items."""
        items = []
        for cycle in self.open_cycles(cycles):
            cid, edition = cycle["cycle_id"], cycle["edition"]
            agency = self.optional(session, "scoring", f"/v1/cycles/{cid}/third-party")
            if agency is None:
                items.append(f'<li>{e(edition)} 年度：{_link("propose-agency", {"cycle_id": cid})}（第七条、第八条）</li>')
            group = self.optional(session, "supervision", f"/v1/cycles/{cid}/group")
            if group is None:
                items.append(f'<li>{e(edition)} 年度：{_link("propose-group", {"cycle_id": cid})}（第九条）</li>')
            report = self.optional(session, "scoring", f"/v1/cycles/{cid}/results-report")
            if report and report.get("current"):
                items.append(f'<li>{e(edition)} 年度：第三方机构已报告评审结果，'
                             f'{_link("propose-candidates", {"cycle_id": cid})}（第十六条）</li>')
            items.append(f'<li><a href="/cycles/{e(cid)}/review">{e(edition)} 年度的评审与监督</a></li>')
        return f'<h3>评审与监督</h3><ul class="actions">{"".join(items)}</ul>' if items else ""

    def leading_group_waiting(self, session, cycles):
        """The review's decisions waiting for the leading group (Art. 7 LG(3), 9), as list items."""
        items = []
        for cycle in self.open_cycles(cycles):
            cid, edition = cycle["cycle_id"], cycle["edition"]
            agency = self.optional(session, "scoring", f"/v1/cycles/{cid}/third-party")
            if agency and agency.get("status") == "proposed":
                items.append(f'<li>{e(edition)} 年度：{_link("approve-agency", {"cycle_id": cid})}'
                             f'（{e(agency.get("name"))}，第七条）</li>')
            group = self.optional(session, "supervision", f"/v1/cycles/{cid}/group")
            if group and group.get("status") == "proposed":
                items.append(f'<li>{e(edition)} 年度：{_link("approve-group", {"cycle_id": cid, "group_id": group.get("group_id")})}'
                             f'（{len(group.get("members") or [])} 人，第九条）</li>')
        return "".join(items)

    # -- what a review form decides on -------------------------------------------------------------
    def review_context(self, session, action, params):
        """What the person decides on, beside a review form (read with their token; a part the
        service refuses them is left out), and the values the form starts with."""
        note = ""
        if action.name == "approve-agency":
            agency = self.optional(session, "scoring", f"/v1/cycles/{params['cycle_id']}/third-party")
            if agency:
                note = (f'待审定委托的第三方评审机构：{e(agency.get("name"))}（统一社会信用代码 {e(agency.get("credit_code"))}），'
                        f'工作人员 {e("、".join(agency.get("staff_subjects") or []))}；{e(beijing(agency.get("appointed_at")))}提出')
        elif action.name == "approve-group":
            group = self.optional(session, "supervision", f"/v1/cycles/{params['cycle_id']}/group")
            if group:
                rotation = group.get("rotation") or {}
                note = (f'待审定的监督组（{e(group.get("group_id"))}）：'
                        + "、".join(f'{e(m.get("name"))}（{e(m.get("kind_text") or MEMBER_KINDS.get(m.get("kind"), m.get("kind")))}）' for m in group.get("members") or [])
                        + (f'；轮换：新成员 {e(rotation.get("new"))} 人，须轮换 {e(rotation.get("required_out"))} 人'
                           if rotation and not rotation.get("exempt") else "；首届，无须轮换"))
        elif action.name in ("triage-complaint", "complaint-result"):
            complaint = self.optional(session, "supervision", f"/v1/complaints/{params['complaint_id']}")
            if complaint:
                note = (f'投诉举报 {e(complaint.get("tracking_number"))}（{e(complaint.get("status_zh"))}，'
                        f'{e(beijing(complaint.get("filed_at")))}）：{e(complaint.get("content"))}')
        elif action.name == "release-hold":
            hold = self.optional(session, "supervision", f"/v1/holds/{params['hold_id']}")
            if hold:
                note = (f'暂停：{e(STAGE_NAMES.get(hold.get("step"), hold.get("step")))}，对象 {e(hold.get("subject") or "整个环节")}，'
                        f'理由 {e(hold.get("reason"))}（{e(beijing(hold.get("placed_at")))}）')
        elif action.name in ("open-stage", "close-stage"):
            note = f'评审环节：{e(STAGE_NAMES.get(params.get("stage"), params.get("stage")))}'
        elif action.name in ("assign-panel", "recuse"):
            app = self.optional(session, "scoring", f"/v1/applications/{params['application_id']}")
            if app:
                note = f'申报：{e(app.get("applicant_name"))}（{e(app.get("district"))}，{e(app.get("sector"))}）'
        return (f'<div class="note"><p>{note}</p></div>' if note else ""), {}

    # -- an edition's review -------------------------------------------------------------------------
    def review_cycle(self, request, session, cycle_id):
        roles = set(session.user["roles"])
        cycle = self.get(session, "intake", f"/v1/cycles/{cycle_id}")
        cid = cycle_id
        # each table's own cursor in the page's URL: one page of each list, whatever the edition's size
        cursors = {name: request.args.get(name) or None for name in REVIEW_CURSORS}
        parts = [f'<p class="hint">依据：第七条至第九条、第十五条、第十六条　<a href="/cycles/{e(cid)}">返回本届</a></p>']
        agency = self.optional(session, "scoring", f"/v1/cycles/{cid}/third-party")
        if agency is not None:
            parts.append(f'<h2>第三方评审机构（第八条）</h2><p>{e(agency.get("name"))}　状态：'
                         f'{e({"proposed": "待领导小组审定", "appointed": "已受托"}.get(agency.get("status"), agency.get("status")))}'
                         f'　{e(agency.get("decision") or "")}</p>')
        rows = self.stage_rows(session, cycle, roles)
        if rows is not None:
            parts.append(table("评审环节（第十五条）", ["环节", "状态", "开启", "结束或截止", "办理"], rows))
        if roles & {"third_party", "office"}:
            experts = self.one_page(session, "scoring", f"/v1/cycles/{cid}/experts", "experts", "subject",
                                    after=cursors["experts_after"])
            if experts is not None:
                shown = experts.get("experts") or []
                count = (f"{len(shown)} 人" if not experts["next"] and not cursors["experts_after"]
                         else f"本页 {len(shown)} 人")
                parts.append('<div id="h-experts">' + table(
                    f"评审专家（{count}，第八条）", ["账号", "姓名", "单位", "产业", "工作量"],
                    [[e(x.get("subject")), e(x.get("name")), e(x.get("employer_name")),
                      e("、".join(x.get("sectors") or [])), e(x.get("load"))] for x in shown])
                    + self.next_of(f"/cycles/{cid}/review", cursors, "experts_after", experts["next"], "h-experts")
                    + "</div>")
        counts = self.optional(session, "scoring", f"/v1/cycles/{cid}/applications/summary")
        apps = self.one_page(session, "scoring", f"/v1/cycles/{cid}/applications", "applications", "application_id",
                             after=cursors["after"])
        if apps is not None:
            shown = apps.get("applications") or []
            total = f"共 {counts['total']} 件" if counts is not None else f"本页 {len(shown)} 件"
            parts.append('<h2 id="h-apps">评审中的申报</h2>' + table(
                f"申报（{total}）", ["申报", "状态", *[STAGE_NAMES[s] for s, _ in STAGES]],
                [[f'<a href="/applications/{e(a["application_id"])}/review">{e(a.get("applicant_name") or a["application_id"])}</a>',
                  e(APP_STATUS.get(a.get("status"), a.get("status")))]
                 + [e(self.result_text((a.get("stages") or {}).get(s))) for s, _ in STAGES] for a in shown])
                + self.next_of(f"/cycles/{cid}/review", cursors, "after", apps["next"], "h-apps"))
        plan = self.optional(session, "scoring", f"/v1/cycles/{cid}/work-plan")
        if plan is not None and plan.get("current"):
            current = plan["current"]
            parts.append(f'<h2>评审实施方案（第八条第一项）</h2><p>{e(current.get("title"))}（第 {e(current.get("version"))} 版，'
                         f'{e(beijing(current.get("filed_at")))}）编号：<code>{e(current.get("plan_id"))}</code></p>')
        guidance = self.optional(session, "scoring", f"/v1/cycles/{cid}/guidance")
        if guidance is not None and guidance.get("guidance"):
            parts.append(table("办公室的指导意见及执行（第十五条）", ["意见", "环节", "提出", "执行"], [
                [e(g.get("text")), e(STAGE_NAMES.get(g.get("stage"), g.get("stage") or "整个评审")), e(beijing(g.get("issued_at"))),
                 e(g.get("execution_note")) if g.get("executed_at") else
                 (_link("execute-guidance", {"cycle_id": cid, "guidance_id": g["guidance_id"]}, "记录执行情况")
                  if "third_party" in roles else "待执行")]
                for g in guidance["guidance"][:PAGE_SIZE]]))
        report = self.optional(session, "scoring", f"/v1/cycles/{cid}/results-report")
        if report is not None and report.get("current"):
            current = report["current"]
            parts.append(f'<h2>评审结果报告（第八条第三项）</h2><p>第 {e(current.get("version"))} 次报告，'
                         f'{e(beijing(current.get("reported_at")))}：{e(current.get("summary"))}</p>')
        candidates = self.optional(session, "scoring", f"/v1/cycles/{cid}/candidates")
        if candidates is not None:
            parts.append(self.candidate_part(candidates))
        parts.append(self.supervision_part(session, cid, roles, cursors))
        parts.append(self.offered(roles, {"cycle_id": cid}, (
            "propose-agency", "approve-agency", "register-expert", "file-work-plan", "issue-guidance", "assign-all",
            "report-results", "propose-candidates", "propose-group", "approve-group", "report-supervision",
            "record-finding", "record-opinion", "approve-release")))
        return self.page(session, f"{cycle['edition']} 年度的评审与监督", "".join(parts))

    def result_text(self, result):
        if not result:
            return ""
        text = RESULT_STATUS.get(result.get("status"), result.get("status") or "")
        if result.get("outcome"):
            text += f"（{OUTCOMES.get(result['outcome'], result['outcome'])}）"
        if result.get("score") is not None:
            text += f" {result['score']:g}"
        return text

    def candidate_part(self, candidates):
        rows = []
        for category in candidates.get("categories") or []:
            for c in category.get("candidates") or []:
                rows.append([e(category.get("name") or category.get("category")),
                             e(c.get("applicant_name") or c.get("application_id")), e(c.get("rank")),
                             e("" if c.get("score") is None else f'{c["score"]:g}'), e("；".join(c.get("opinions") or []))])
        not_listed = len(candidates.get("not_listed") or [])
        return (f'<h2>候选名单（第十六条）</h2><p>提出：{e(beijing(candidates.get("proposed_at")))}　'
                f'未列入 {not_listed} 件</p>'
                + table("候选", ["类别", "申报", "名次", "得分", "监督意见"], rows[:PAGE_SIZE]))

    def next_of(self, path, cursors, name, following, anchor):
        """The links of one of the review page's tables (:func:`award_console.html.cursor_links`)."""
        return cursor_links(path, cursors, name, following, anchor)

    def supervision_part(self, session, cid, roles, cursors=None):
        parts = ['<h2>监督（第九条、第十六条、第二十六条、第二十七条）</h2>']
        group = self.optional(session, "supervision", f"/v1/cycles/{cid}/group")
        if group is not None:
            parts.append(f'<p>监督组：{e({"proposed": "待领导小组审定", "appointed": "已组成", "dissolved": "已解散"}.get(group.get("status"), group.get("status")))}，'
                         f'成员 {e("、".join(m.get("name") or "" for m in group.get("members") or []))}</p>')
        elif roles & {"supervisor", "office", "leading_group"}:
            parts.append('<p class="note">本届监督组尚未提出，或您的账号不能查看（第九条）。</p>')
        cursors = cursors or {name: None for name in REVIEW_CURSORS}
        path = f"/cycles/{cid}/review"
        complaints = self.one_page(session, "supervision", "/v1/complaints", "complaints", "complaint_id",
                                   {"cycle_id": cid}, after=cursors["complaints_after"])
        if complaints is not None:
            rows = self.complaint_rows(complaints.get("complaints") or [])
            parts.append('<div id="h-complaints">' + table("投诉举报（第九条第三项）", ["编号", "内容", "状态", "收到", "办理"],
                                                           rows if "supervisor" in roles else [r[:4] + [""] for r in rows])
                         + self.next_of(path, cursors, "complaints_after", complaints["next"], "h-complaints") + "</div>")
        findings = self.one_page(session, "supervision", "/v1/findings", "findings", "finding_id", {"cycle_id": cid},
                                 after=cursors["findings_after"])
        if findings is not None:
            parts.append('<div id="h-findings">' + table("监督发现", ["类别", "环节", "情况", "依据", "记录", "办理"], [
                [e(f.get("kind")), e(STAGE_NAMES.get(f.get("step"), f.get("step"))), e(f.get("summary")), e(f.get("article")),
                 e(beijing(f.get("recorded_at"))),
                 _link("refer-staff", {"finding_id": f["finding_id"]}, "移送（第二十七条）")
                 if f.get("kind") == "review_staff" and "supervisor" in roles else ""]
                for f in findings.get("findings") or []])
                + self.next_of(path, cursors, "findings_after", findings["next"], "h-findings") + "</div>")
        holds = self.active_holds(session, cid)
        if holds is not None:
            rows = self.hold_rows(holds)
            if not roles & {"supervisor", "office"}:
                rows = [r[:4] + [""] for r in rows]
            parts.append(table("生效中的暂停", ["环节", "对象", "理由", "时间", "办理"], rows))
        opinions = self.one_page(session, "supervision", "/v1/opinions", "opinions", "opinion_id", {"cycle_id": cid},
                                 after=cursors["opinions_after"])
        if opinions is not None:
            parts.append('<div id="h-sup-opinions">' + table("监督意见（第十六条）", ["申报", "意见", "时间"], [
                [e(o.get("application_id")), e(o.get("opinion")), e(beijing(o.get("recorded_at")))]
                for o in opinions.get("opinions") or []])
                + self.next_of(path, cursors, "opinions_after", opinions["next"], "h-sup-opinions") + "</div>")
        return "".join(parts)

    # -- one application in the review ----------------------------------------------------------------
    def review_application(self, request, session, application_id):
        roles = set(session.user["roles"])
        app = self.get(session, "scoring", f"/v1/applications/{application_id}")
        aid = application_id
        parts = [f'<p class="hint">依据：第八条、第十五条、第二十五条　状态：{e(APP_STATUS.get(app.get("status"), app.get("status")))}</p>',
                 table("各评审环节", ["环节", "结果", "评分表"],
                       [[e(name), e(self.result_text((app.get("stages") or {}).get(step))),
                         f'<a href="/applications/{e(aid)}/reviews/{e(step)}">打开</a>'] for step, name in STAGES])]
        panel = self.optional(session, "scoring", f"/v1/applications/{aid}/assignments")
        if panel is not None:
            parts.append(table("专家组（第八条）", ["专家", "状态", "指派方式", "指派时间", "结束"], [
                [e(s.get("expert_subject")), e({"active": "在任", "ended": "已结束"}.get(s.get("status"), s.get("status"))),
                 e({"auto": "自动", "manual": "指定"}.get(s.get("mode"), s.get("mode"))), e(beijing(s.get("assigned_at"))),
                 e(s.get("end_reason") or "")] for s in panel.get("seats") or []]))
        parts.append(self.offered(roles, {"application_id": aid}, ("assign-panel", "recuse")))
        parts.append(f'<p><a href="/cycles/{e(app.get("cycle_id"))}/review">返回本届评审</a></p>')
        return self.page(session, f"评审：{app.get('applicant_name') or aid}", "".join(parts))

    # -- the score sheet of a stage ----------------------------------------------------------------------
    def sheet_context(self, session, application_id, stage):
        app = self.get(session, "scoring", f"/v1/applications/{application_id}")
        cycle = self.get(session, "intake", f"/v1/cycles/{app['cycle_id']}")
        stages = self.optional(session, "scoring", f"/v1/cycles/{app['cycle_id']}/stages") or {}
        info = next((s for s in stages.get("stages") or [] if s["stage"] == stage),
                    {"stage": stage, "name": STAGE_NAMES.get(stage, stage), "mode": "pass_fail" if stage == "qualification_review" else "scored"})
        reviews = self.optional(session, "scoring", f"/v1/applications/{application_id}/reviews")
        return app, cycle, info, reviews

    def score_sheet(self, request, session, application_id, stage):
        if stage not in STAGE_NAMES:
            return self.page(session, "未找到", "<p>没有这个评审环节（第十五条）。</p>", status=404)
        roles = set(session.user["roles"])
        app, cycle, info, reviews = self.sheet_context(session, application_id, stage)
        mine = [r for r in (reviews or {}).get("reviews") or []
                if r.get("stage") == stage and r.get("reviewer") == session.user["sub"] and not r.get("superseded_by")]
        error, values = None, {}
        if request.method == "POST":
            body = self.sheet_body(request.form, info, app, cycle)
            try:
                answer = self.call(session, "scoring", "POST", f"/v1/applications/{application_id}/reviews/{stage}", body=body)
            except Exception as refused:  # a ServiceError: shown beside its criterion
                if getattr(refused, "signed_out", True) or not hasattr(refused, "error"):
                    raise
                error, values = refused.error, request.form.to_dict()
            else:
                return redirect(f"/applications/{quote(application_id)}/reviews/{quote(stage)}?recorded="
                                f"{quote(str(answer.get('review_id')))}", code=303)
        parts = ['<p class="hint">依据：第十五条（评分表），第八条、第二十五条（仅本专家组成员本人填写）</p>',
                 f'<p>申报：<strong>{e(app.get("applicant_name") or application_id)}</strong>（'
                 f'{e({"unit": "组织，按 GB/T 19580 卓越绩效评价准则", "individual": "个人，按本届评分细则"}.get(app.get("kind"), app.get("kind")))}）　'
                 f'环节：{e(info.get("name"))}（{e(STAGE_STATUS.get(info.get("status"), info.get("status")))}）</p>']
        if request.args.get("recorded"):
            parts.append(f'<p class="note" role="status">已提交，记录编号 <code>{e(request.args["recorded"])}</code>。</p>')
        parts.append(error_box(error) if error else "")
        if info.get("mode") == "scored" and "expert" in roles:
            parts.append(self.sheet_form(session, application_id, stage, scale_of(cycle, app.get("kind")), mine, values, error))
        elif info.get("mode") == "pass_fail" and "third_party" in roles:
            parts.append(self.decision_form(session, application_id, stage, app, cycle, mine, values, error))
        elif info.get("mode") == "scored" and "third_party" in roles and paper_allowed(cycle, stage):
            parts.append(f'<p><a href="/applications/{e(application_id)}/reviews/{e(stage)}/panel">录入本专家组的纸质评分表</a></p>')
        if reviews is not None:
            parts.append(self.sheets_table(reviews, stage, scale_of(cycle, app.get("kind"))))
        else:
            parts.append(NOT_GIVEN.format(what="已提交的评分表"))
        parts.append(f'<p><a href="/applications/{e(application_id)}/review">返回该申报的评审</a></p>')
        title = f"{info.get('name')}{'评分表' if info.get('mode') == 'scored' else '结论'}"
        return self.page(session, title, "".join(parts), status=422 if error else 200)

    def sheet_body(self, form, info, app, cycle):
        body = {k: form[k].strip() for k in ("comments", "supersedes", "reason") if (form.get(k) or "").strip()}
        if info.get("mode") == "scored":
            body["scores"] = {c: _number(form[f"scores.{c}"].strip()) for c in scale_of(cycle, app.get("kind"))
                              if (form.get(f"scores.{c}") or "").strip()}
            return body
        if info["stage"] == "qualification_review":
            body["conditions"] = [{"item": item, "met": form.get(f"met-{i}") == "true",
                                   **({"reason": form[f"why-{i}"].strip()} if (form.get(f"why-{i}") or "").strip() else {})}
                                  for i, (item, _) in enumerate(conditions_of(cycle, app.get("kind")))]
            tilts = app.get("tilt_district_confirmed") or []
            if tilts:
                body["tilts"] = [{"kind": str(t), "confirmed": form.get(f"tilt-{i}") == "true"} for i, t in enumerate(tilts)]
        elif form.get("outcome"):
            body["outcome"] = form["outcome"]
        return body

    def _message(self, error, key):
        text = ((error or {}).get("fields") or {}).get(key)
        return f'<span class="field-error" id="err-{e(key)}">{e(text)}</span>' if text else ""

    def _tail(self, error, mine, values, what):
        """Comments, and a correction's record and reason (a sheet is never edited, Art. 15)."""
        current = mine[-1]["review_id"] if mine else ""
        mark = '<span aria-hidden="true"> *</span>' if what == "评分表" else ""
        parts = [f'<label for="f-comments">评审意见{mark}</label>'
                 + self._message(error, "comments")
                 + f'<textarea id="f-comments" name="comments" rows="4">{e(values.get("comments", ""))}</textarea>']
        if current:
            parts.append(f'<p class="note">您已提交{what} <code>{e(current)}</code>；再次提交即更正它，须写明理由。</p>'
                         f'<input type="hidden" name="supersedes" value="{e(current)}">'
                         f'<label for="f-reason">更正理由 *</label>{self._message(error, "reason")}'
                         f'<textarea id="f-reason" name="reason" rows="2" required>{e(values.get("reason", ""))}</textarea>')
        return "".join(parts)

    def sheet_form(self, session, application_id, stage, scale, mine, values, error):
        fields = error.get("fields", {}) if error else {}
        general = fields.get("scores")
        rows = []
        for criterion, cap in scale.items():
            key = f"scores.{criterion}"
            message = (f'<span class="field-error" id="err-{e(key)}">{e(_criterion_error(fields[key], cap))}</span>'
                       if key in fields else "")
            described = f' aria-describedby="err-{e(key)}" aria-invalid="true"' if message else ""
            rows.append(f'<label for="f-{e(key)}">{e(CRITERIA.get(criterion, criterion))}（满分 {cap:g} 分）'
                        f'<span aria-hidden="true"> *</span></label>{message}'
                        f'<input type="number" id="f-{e(key)}" name="{e(key)}" min="0" max="{cap:g}" step="any" '
                        f'inputmode="decimal" required value="{e(values.get(key, ""))}"{described}>')
        total = sum(scale.values())
        return (f'<form class="action" method="post" action="/applications/{e(application_id)}/reviews/{e(stage)}" '
                f'aria-label="评分表"><input type="hidden" name="csrf" value="{e(session["csrf"])}">'
                f'<fieldset><legend>各评分类目（满分合计 {total:g} 分；分值上限取自本届规则集）</legend>'
                + (f'<span class="field-error" id="err-scores">{e(general)}</span>' if general else "")
                + "".join(rows) + "</fieldset>" + self._tail(error, mine, values, "评分表")
                + '<button type="submit">提交评分表</button></form>')

    def decision_form(self, session, application_id, stage, app, cycle, mine, values, error):
        parts = [f'<form class="action" method="post" action="/applications/{e(application_id)}/reviews/{e(stage)}" '
                 f'aria-label="评审结论"><input type="hidden" name="csrf" value="{e(session["csrf"])}">']
        if stage == "qualification_review":
            items = conditions_of(cycle, app.get("kind"))
            article = "第十条" if app.get("kind") == "unit" else "第十二条"
            parts.append(f'<fieldset><legend>逐项审查申报条件（{article}）</legend>{self._message(error, "conditions")}')
            for i, (item, text) in enumerate(items):
                met = values.get(f"met-{i}", "true")
                parts.append(f'<label for="met-{i}">{e(cite(item))}：{e(text)}</label><select id="met-{i}" name="met-{i}">'
                             f'<option value="true"{" selected" if met == "true" else ""}>符合</option>'
                             f'<option value="false"{" selected" if met == "false" else ""}>不符合</option></select>'
                             f'<label for="why-{i}">{e(cite(item))}审查说明（不符合时必填）</label>'
                             f'<input type="text" id="why-{i}" name="why-{i}" value="{e(values.get(f"why-{i}", ""))}">')
            parts.append("</fieldset>")
            tilts = app.get("tilt_district_confirmed") or []
            if tilts:
                parts.append(f'<fieldset><legend>区县确认的倾斜政策（第十一条）</legend>{self._message(error, "tilts")}')
                for i, kind in enumerate(tilts):
                    parts.append(f'<label for="tilt-{i}">{e(kind)} 是否确认</label><select id="tilt-{i}" name="tilt-{i}">'
                                 f'<option value="true">确认</option><option value="false">不确认</option></select>')
                parts.append("</fieldset>")
        else:
            parts.append(f'<label for="f-outcome">结论 *</label>{self._message(error, "outcome")}'
                         '<select id="f-outcome" name="outcome"><option value="passed">通过</option>'
                         '<option value="failed">未通过</option></select>')
        parts.append(self._tail(error, mine, values, "结论") + '<button type="submit">提交结论</button></form>')
        return "".join(parts)

    def sheets_table(self, reviews, stage, scale):
        rows = []
        for r in reviews.get("reviews") or []:
            if r.get("stage") != stage:
                continue
            scores = "；".join(f"{CRITERIA.get(k, k)} {v:g}" for k, v in (r.get("scores") or {}).items())
            paper = (f'（纸质评分表 {r.get("paper_reference")}，由 {r["transcribed_by"]} 录入）'
                     if r.get("transcribed_by") else "")
            rows.append([e(r.get("reviewer")) + e(paper), e(scores or OUTCOMES.get(r.get("outcome"), r.get("outcome"))),
                         e("" if r.get("total") is None else f'{r["total"]:g}'), e(r.get("comments")),
                         e("计入" if r.get("counts") else "不计入（已更正或已回避）"), e(beijing(r.get("recorded_at")))])
        return table("已提交的评分表与结论（您的账号可见的部分）", ["评审人", "评分或结论", "合计", "意见", "是否计入", "时间"], rows)
