"""The agency enters the paper score sheets a panel signed, all at once (Art. 8, 15; issue 35
item 3): one form, a row per expert of the panel who has no sheet on record yet, posted to the
scoring service's paper-sheets route in ONE request (all or none); a refusal is shown beside the
row and field it names (``sheets.<n>.<field>``). Which stages take paper is the edition's rule set
(``review.paper_sheets``; absent: on-site review and defense), a choice, not the Measures'.
``PaperSheetPages`` is a base of ``ReviewPages`` (its route is in ``pages_review.rules()``).
"""
import itertools
import math
from urllib.parse import quote

from werkzeug.utils import redirect

from award_console.html import ROLE_NAMES, e, error_box

#: the rule set's stage keys whose sheets may come on paper when it says nothing (scoring's default)
DEFAULT_PAPER_STAGES = ("onsite", "defense")
STAGE_KEYS = {"material_review": "material", "onsite_review": "onsite", "defense": "defense"}
#: every POST route a page of this module calls, for coverage.py: (service, METHOD, path) -> page
POSTS = {("scoring", "POST", "/v1/applications/{application_id}/reviews/{stage}/paper-sheets"): "panel_sheets"}


def paper_allowed(cycle, stage):
    """Does the edition's rule set let the agency transcribe ``stage``'s sheets from paper?"""
    review = (cycle.get("ruleset") or {}).get("review") or {}
    keys = review.get("paper_sheets")
    return STAGE_KEYS.get(stage) in (DEFAULT_PAPER_STAGES if keys is None else keys)


def _number(raw):
    try:
        value = float(raw)
    except ValueError:
        return raw  # the service names it (sheets.<n>.scores.<criterion>: not a valid number)
    return value if math.isfinite(value) else raw


def row_errors(error, posted):
    """The refusal's fields by row: {row: {field (``scores.leadership``, ``expert``…): message}};
    ``posted`` maps the request's sheet index to the page's row."""
    found = {}
    for key, text in ((error or {}).get("fields") or {}).items():
        parts = key.split(".", 2)
        if len(parts) == 3 and parts[0] == "sheets" and parts[1].isdigit() and int(parts[1]) in posted:
            found.setdefault(posted[int(parts[1])], {})[parts[2]] = text
    return found


def _in_chinese(text, expert, cap=None):
    """A field's refusal as the agency reads it (the scoring service words field messages in English)."""
    from award_console.pages_review import _criterion_error
    text = str(text)
    if text.startswith(f"{expert}: "):
        text = text[len(expert) + 2:]
    if cap is not None:
        return _criterion_error(text, cap)
    for start, chinese in (("Missing data", "必填"), ("Length must be between 1", "必填（至多 200 字）"),
                           ("Shorter than minimum", "必填"), ("Longer than maximum", "过长"),
                           ("a score sheet carries", "须填写评审意见"), ("Not a valid", "格式无效")):
        if text.startswith(start):
            return chinese
    return text


def _on_record(expert, sheet):
    """An expert whose sheet is on record: never overwritten here; a correction is the expert's."""
    how = (f'由 {e(sheet["transcribed_by"])} 据纸质评分表 {e(sheet.get("paper_reference"))} 录入'
           if sheet.get("transcribed_by") else "专家本人录入")
    return (f'<li>{e(expert)}：已有评分表 <code>{e(sheet["review_id"])}</code>（{how}；'
            '更正由专家本人提交并注明理由）</li>')


class PaperSheetPages:
    """Mixed into the console through ``ReviewPages`` (needs ``get``, ``optional``, ``call``, ``page``,
    ``sheet_context`` and the review's ``CRITERIA``)."""

    def panel_sheets(self, request, session, application_id, stage):
        from award_console.pages_review import CRITERIA, STAGE_NAMES, scale_of
        if stage not in STAGE_NAMES:
            return self.page(session, "未找到", "<p>没有这个评审环节（第十五条）。</p>", status=404)
        if "third_party" not in set(session.user["roles"]):
            return self.page(session, "无权办理", f"<p>纸质评分表由{e(ROLE_NAMES['third_party'])}录入，您的角色不能办理。</p>",
                             status=403)
        app, cycle, info, reviews = self.sheet_context(session, application_id, stage)
        back = f'<p><a href="/applications/{e(application_id)}/reviews/{e(stage)}">返回评分表</a></p>'
        head = (f'<p class="hint">依据：第八条、第十五条（第三方机构组织评审，录入专家签字的纸质评分表）</p>'
                f'<p>申报：<strong>{e(app.get("applicant_name"))}</strong>　环节：{e(info.get("name"))}</p>')
        title = f"{info.get('name')}：专家组纸质评分表"
        if info.get("mode") != "scored" or not paper_allowed(cycle, stage):
            return self.page(session, title, head + '<p class="note">本届规则集不允许在本环节录入纸质评分表'
                             '（规则集 review.paper_sheets，本届的选择）；本环节的评分表由专家本人在“评分表”页面录入。</p>' + back)
        panel = self.get(session, "scoring", f"/v1/applications/{application_id}/assignments")
        on_record = {r["reviewer"]: r for r in (reviews or {}).get("reviews") or []
                     if r.get("stage") == stage and not r.get("superseded_by")}
        experts = [s["expert_subject"] for s in panel.get("seats") or [] if s.get("status") == "active"]
        open_rows = [x for x in experts if x not in on_record]
        scale = scale_of(cycle, app.get("kind"))
        error, values, posted = None, request.form.to_dict() if request.method == "POST" else {}, {}
        if request.method == "POST":
            # each row names its expert (a hidden input): a sheet entered meanwhile never shifts a row onto
            # another expert; the service refuses a row whose expert has a sheet by now
            open_rows = list(itertools.takewhile(bool, (values.get(f"{i}.expert", "") for i in itertools.count())))
            sheets = []
            for i, expert in enumerate(open_rows):
                typed = {c: values.get(f"{i}.scores.{c}", "").strip() for c in scale}
                reference = values.get(f"{i}.paper_reference", "").strip()
                comments = values.get(f"{i}.comments", "").strip()
                if not any(typed.values()) and not reference and not comments:
                    continue  # a row left blank: that expert's paper is not entered now
                posted[len(sheets)] = i
                sheets.append({"expert": expert, "paper_reference": reference, "comments": comments,
                               "scores": {c: _number(v) for c, v in typed.items() if v}})
            if not sheets:
                error = {"message": "没有填写任何一行：请至少录入一位专家的纸质评分表", "fields": {}}
            else:
                try:
                    answer = self.call(session, "scoring", "POST", f"/v1/applications/{application_id}/reviews/"
                                       f"{stage}/paper-sheets", body={"sheets": sheets})
                except Exception as refused:  # a ServiceError: beside its row and field
                    if getattr(refused, "signed_out", True) or not hasattr(refused, "error"):
                        raise
                    error = refused.error
                else:
                    return redirect(f"/applications/{quote(application_id)}/reviews/{quote(stage)}/panel?recorded="
                                    f"{len(answer.get('sheets') or [])}", code=303)
        by_row = row_errors(error, posted)
        parts = [head]
        if request.args.get("recorded"):
            parts.append(f'<p class="note" role="status">已录入 {e(request.args["recorded"])} 张纸质评分表。</p>')
        parts.append(error_box(error) if error else "")
        if on_record:
            parts.append("<ul>" + "".join(_on_record(x, on_record[x]) for x in experts if x in on_record) + "</ul>")
        if open_rows:
            parts.append(self.paper_form(session, application_id, stage, scale, open_rows, values, by_row, CRITERIA,
                                         (error or {}).get("message")))
        else:
            parts.append("<p>本专家组每位专家在本环节都已有评分表。</p>")
        parts.append(back)
        return self.page(session, title, "".join(parts), status=422 if error else 200)

    def paper_form(self, session, application_id, stage, scale, experts, values, by_row, criteria, error_message=None):
        def cell(i, expert, name, label, attrs):
            message = by_row.get(i, {}).get(name)
            if message:
                message = _in_chinese(message, expert, scale.get(name[len("scores."):]) if name.startswith("scores.") else None)
            eid = f"err-{i}.{name}"
            described = f' aria-describedby="{e(eid)}" aria-invalid="true"' if message else ""
            shown = f'<span class="field-error" id="{e(eid)}">{e(message)}</span>' if message else ""
            return (f'<td>{shown}<input {attrs} id="f-{i}.{e(name)}" name="{i}.{e(name)}" aria-label="{e(expert)} {e(label)}" '
                    f'value="{e(values.get(f"{i}.{name}", ""))}"{described}></td>')
        head = "".join(f'<th scope="col">{e(criteria.get(c, c))}（≤{cap:g}）</th>' for c, cap in scale.items())
        rows = []
        for i, expert in enumerate(experts):
            row_error = (by_row.get(i, {}).get("expert") or by_row.get(i, {}).get("supersedes")) and error_message
            cells = "".join(cell(i, expert, f"scores.{c}", criteria.get(c, c),
                                 f'type="number" min="0" max="{cap:g}" step="any" inputmode="decimal"')
                            for c, cap in scale.items())
            text = 'type="text"'
            rows.append(f'<tr><th scope="row">{e(expert)}'
                        + (f'<span class="field-error" id="err-{i}.expert">{e(row_error)}</span>' if row_error else "")
                        + f'<input type="hidden" name="{i}.expert" value="{e(expert)}"></th>' + cell(i, expert, "paper_reference", "纸质评分表编号或照片编号", text) + cells
                        + cell(i, expert, "comments", "评审意见", text) + "</tr>")
        return (f'<form method="post" action="/applications/{e(application_id)}/reviews/{e(stage)}/panel" '
                f'aria-label="专家组纸质评分表"><input type="hidden" name="csrf" value="{e(session["csrf"])}">'
                '<p class="note">每一行录入一位专家签字的纸质评分表：编号（或照片编号）、各类目得分、评审意见。'
                '全部行一次提交，一行有误则全部不录入，错误显示在该行该栏；未填写的行不提交。'
                '录入的评分表记为该专家的评分表，并注明由谁据哪一张纸质评分表录入；已有的评分表不会被覆盖。</p>'
                f'<table><caption>专家组纸质评分表</caption><thead><tr><th scope="col">专家</th>'
                f'<th scope="col">纸质评分表编号</th>{head}<th scope="col">评审意见</th></tr></thead><tbody>'
                + "".join(rows) + '</tbody></table><button type="submit">一次提交全部评分表</button></form>')
