"""Publicity's public pages in Chinese: the notice with its objection form, the published
list, certificate verification (Art. 17, 18, 28)."""
from html import escape

from award_rules.clock import zh_date, zh_time
from award_shared import pages as kit_pages

CATEGORY_NAMES = {"unit_award": "市长质量奖（单位）", "individual_award": "市长质量奖（个人）",
                  "unit_nomination": "市长质量奖提名奖（单位）", "individual_nomination": "市长质量奖提名奖（个人）"}


def notice_page(current):
    parts = []
    for n in current["notices"]:
        title = "拟奖名单公示" if n["kind"] == "main" else "拟奖名单补充公示"
        rows = []
        for category in CATEGORY_NAMES:
            for c in [c for c in n["candidates"] if c["category"] == category]:
                rows.append((CATEGORY_NAMES[category], c["applicant_name"], "已移出名单" if c["removed"] else ""))
        window = f"公示期：{zh_time(n['window_start'])} 至 {zh_time(n['window_end'], end=True)}"
        if n["provisional"]:
            window += (f"<p class=\"note\">公示期截止时间为暂定：{'、'.join(str(y) for y in n['missing_years'])}年"
                       "的法定节假日安排尚未发布，发布后将重新计算截止时间。</p>")
        status = "公示中" if n["status"] == "open" else "公示已结束"
        media = "；".join(f"{m['name']}（{m['date']}）" for m in n["media"])
        parts.append(f"<section><h2>{title}（{status}）</h2><p>{window}</p><p>发布媒体：{escape(media)}</p>"
                     f"{kit_pages.table(('类别', '拟奖单位/个人', '备注'), rows)}</section>")
    open_ones = [c for n in current["notices"] if n["status"] == "open" for c in n["candidates"] if not c["removed"]]
    parts.append(_how_to_object(open_ones, current.get("objections_signed", True)))
    return kit_pages.page("济南市市长质量奖拟奖名单公示", "".join(parts), scripts=(OBJECTION_SCRIPT,) if open_ones else ())


#: sends the objection form as JSON and shows the tracking number; the page's policy allows
#: this script by its hash, and no other
OBJECTION_SCRIPT = """
document.getElementById('objection-form').addEventListener('submit', async function (e) {
  e.preventDefault();
  // a field left blank is not sent: an unsigned objection, where the edition allows one
  const body = Object.fromEntries([...new FormData(e.target).entries()].filter(([, v]) => v.trim() !== ''));
  const r = await fetch('/public/v1/objections', {method: 'POST', headers: {'Content-Type': 'application/json'},
                                                 body: JSON.stringify(body)});
  const answer = await r.json();
  document.getElementById('result').textContent = r.ok
    ? '异议已受理，受理编号：' + answer.tracking_number : '提交未成功：' + answer.error.message;
});
"""


def _how_to_object(candidates, signed=True):
    """How to object. Art. 17 is quoted as it reads; whether an objection must be signed is the
    edition's rule (the rule set's ``public_notice.objections_signed``), said as such, never as
    Art. 17's."""
    if signed:
        identity = ("按本届评审规则，异议须署名，请填写真实姓名和联系方式；"
                    "姓名和联系方式仅供市质量强市领导小组办公室和评审监督小组核实使用，予以保密。")
    else:
        identity = ("按本届评审规则，异议可不署名；留下姓名和联系方式便于核实和反馈，"
                    "仅供市质量强市领导小组办公室和评审监督小组核实使用，予以保密。")
    text = ("<section><h2>如何提出异议</h2><p>《济南市市长质量奖管理办法》第十七条：公示有异议的，"
            "由市质量强市领导小组办公室组织调查核实并提出处理意见，经市质量强市领导小组批准后实施。</p>"
            f"<p>公示期内对拟奖名单有异议的，可通过下表提出。{identity}"
            "提交后将获得受理编号，可凭编号查询办理状态。</p>")
    if not candidates:
        return text + "<p>目前不在公示期内，不受理异议；如需反映问题，请向评审监督小组投诉。</p></section>"
    options = "".join(f'<option value="{escape(c["application_id"])}">{escape(c["applicant_name"])}</option>'
                      for c in candidates)
    required = " required" if signed else ""
    return text + f"""
<form id="objection-form">
<label for="application_id">异议对象</label><select id="application_id" name="application_id">{options}</select>
<label for="content">异议内容</label><textarea id="content" name="content" rows="5" required></textarea>
<label for="objector_name">姓名{"" if signed else "（可不填）"}</label><input id="objector_name" name="objector_name"{required}>
<label for="objector_contact">联系方式{"" if signed else "（可不填）"}</label><input id="objector_contact" name="objector_contact"{required}>
<button type="submit">提交异议</button></form><p id="result" role="status"></p></section>"""


def awards_page(published):
    rows = [(CATEGORY_NAMES[a["category"]], a["recipient_name"], a["certificate_number"] or "")
            for a in published["awards"]]
    vacant = "；".join(f"{CATEGORY_NAMES[c]} 空缺 {n} 名" for c, n in published["vacancies"].items() if n > 0)
    body = (f"<p>经市政府审定（{escape(published['document_number'])}，{escape(zh_date(published['approved_on']))}），"
            f"第{published['edition']}届济南市市长质量奖获奖名单如下：</p>"
            f"{kit_pages.table(('类别', '获奖单位/个人', '证书编号'), rows)}<p>{escape(vacant)}</p>")
    return kit_pages.page(f"{published['edition']}年度济南市市长质量奖获奖名单", body)


def verification_page(answer):
    cls = "ok" if answer["status"] == "in_force" else "bad"
    lines = [f"<p>编号：{escape(answer.get('item_number') or answer['certificate_number'])}</p>",
             f'<p class="{cls}">核验结果：{escape(answer["status_name"])}</p>']
    if answer["status"] != "not_issued":
        lines.append(f"<p>获奖单位/个人：{escape(answer['recipient_name'])}</p>"
                     f"<p>奖项：{escape(CATEGORY_NAMES[answer['category']])}（{answer['edition']}年度）</p>"
                     f"<p>授予日期：{escape(zh_date(answer['granted_on']))}</p>")
        if answer.get("item_name"):
            lines.append(f"<p>核验物品：{escape(answer['item_name'])}（所附荣誉证书编号 "
                         f"{escape(answer['certificate_number'])}）</p>")
        lines.append(f"<p>{escape(answer['items_note'])}</p>")
    else:
        lines.append(f"<p>{escape(answer['message'])}</p>")
    return kit_pages.page("济南市市长质量奖证书核验", "".join(lines), status=200)
