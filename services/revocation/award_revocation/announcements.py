"""The public announcement of revocations (向社会公告, Art. 29, 30): recipient, award, grounds as
the Measures word them, the decision's number and date — nothing confidential (no evidence, no
investigators, no findings)."""
import html

from . import queries

CATEGORY_ZH = {"unit_award": "济南市市长质量奖（组织）", "individual_award": "济南市市长质量奖（个人）",
               "unit_nomination": "济南市市长质量奖提名奖（组织）",
               "individual_nomination": "济南市市长质量奖提名奖（个人）"}


def revocations(tx):
    out, rulesets = [], {}
    for case in queries.revoked_cases(tx):
        award = queries.award_or_404(tx, case["award_id"])
        if award["cycle_id"] not in rulesets:
            rulesets[award["cycle_id"]] = queries.ruleset_of(tx, award)
        words = {g["item"]: g for g in rulesets[award["cycle_id"]]["revocation_grounds"][award["kind"]]}
        items = sorted({g["item"] for g in queries.grounds_of(tx, case["case_id"])})
        out.append({
            "recipient_name": award["recipient_name"], "award_id": award["award_id"], "category": award["category"],
            "category_name": CATEGORY_ZH[award["category"]], "cycle_id": award["cycle_id"],
            "certificate_number": award["certificate_number"],
            "grounds": [{"item": i, "text": words[i]["text"], "summary": words[i]["summary"]} for i in items],
            "decision_number": case["decision_number"], "decision_date": case["decision_date"].isoformat()})
    return {"revocations": out}


def render_html(payload):
    rows = []
    for r in payload["revocations"]:
        grounds = "<br>".join(f"{html.escape(g['item'])}：{html.escape(g['text'])}" for g in r["grounds"])
        rows.append(f"<tr><td>{html.escape(r['recipient_name'])}</td><td>{html.escape(r['category_name'])}"
                    f"（证书编号 {html.escape(r['certificate_number'])}）</td><td>{grounds}</td>"
                    f"<td>{html.escape(r['decision_number'])}</td><td>{html.escape(r['decision_date'])}</td></tr>")
    body = "".join(rows) or '<tr><td colspan="5">暂无撤销公告</td></tr>'
    return ("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>济南市市长质量奖撤销公告</title>"
            "</head><body><h1>济南市市长质量奖撤销公告</h1><p>依据《济南市市长质量奖管理办法》第二十九条、第三十条，"
            "下列获奖者的奖项经市政府决定予以撤销，收回奖杯、奖牌、证书和奖金，特此公告。</p>"
            "<table><thead><tr><th>获奖者</th><th>奖项</th><th>撤销事由</th><th>决定文号</th><th>决定日期</th></tr>"
            f"</thead><tbody>{body}</tbody></table></body></html>")

