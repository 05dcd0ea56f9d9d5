"""The public announcement of revocations (向社会公告, Art. 29, 30): recipient, award, grounds as
the Measures word them, the decision's number and date — nothing confidential (no evidence, no
investigators, no findings)."""
import html
import json

from . import queries
from .domain.grounds import ARTICLE_ZH
from .domain.texts import zh_date, zh_items

#: what each article recovers, in its own words (Art. 29: units; Art. 30: individuals)
RECOVERED_BY_ARTICLE = {"unit": "奖励资金、奖杯、奖牌和荣誉证书等", "individual": "奖励资金、奖章和荣誉证书等"}


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
            "category_name": rulesets[award["cycle_id"]]["categories"][award["category"]]["name"],
            "cycle_id": award["cycle_id"], "kind": award["kind"],
            "certificate_number": award["certificate_number"],
            "grounds": [{"item": i, "text": words[i]["text"], "summary": words[i]["summary"]} for i in items],
            "recovered": _recovered(award),
            "decision_number": case["decision_number"], "decision_date": case["decision_date"].isoformat()})
    return {"revocations": out}


def _recovered(award):
    """What this award's revocation takes back, in Chinese: the items conferred with it (Art. 29
    names 奖杯、奖牌和荣誉证书 for units, Art. 30 奖章和荣誉证书 for individuals) and its prize money."""
    items = zh_items(json.loads(award["items"]))
    return f"{items}和奖励资金" if award["prize_fen"] else items


def render_html(payload):
    rows = []
    for r in payload["revocations"]:
        grounds = "<br>".join(f"{html.escape(g['item'])}：{html.escape(g['text'])}" for g in r["grounds"])
        rows.append(f"<tr><td>{html.escape(r['recipient_name'])}</td><td>{html.escape(r['category_name'])}"
                    f"（证书编号 {html.escape(r['certificate_number'])}）</td><td>{grounds}</td>"
                    f"<td>{html.escape(r['recovered'])}</td><td>{html.escape(r['decision_number'])}</td>"
                    f"<td>{zh_date(r['decision_date'])}</td></tr>")
    body = "".join(rows) or '<tr><td colspan="6">暂无撤销公告</td></tr>'
    return ("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>济南市市长质量奖撤销公告</title>"
            "</head><body><h1>济南市市长质量奖撤销公告</h1><p>依据《济南市市长质量奖管理办法》"
            f"{ARTICLE_ZH['unit']}、{ARTICLE_ZH['individual']}，下列获奖者的奖项经市政府决定予以撤销，"
            f"获奖单位收回{RECOVERED_BY_ARTICLE['unit']}（{ARTICLE_ZH['unit']}），"
            f"获奖个人收回{RECOVERED_BY_ARTICLE['individual']}（{ARTICLE_ZH['individual']}），特此公告。</p>"
            "<table><thead><tr><th>获奖者</th><th>奖项</th><th>撤销事由</th><th>收回</th><th>决定文号</th><th>决定日期</th>"
            "</tr>"
            f"</thead><tbody>{body}</tbody></table></body></html>")

