"""The final list as award offices keep it (CSV, XLSX) and each award's certificate (PDF with
a QR code to its verification page): Art. 18, 19, 28."""
import json

from werkzeug.wrappers import Response

from award_shared import errors

from . import certificates, exports, queries

FORMATS = {"csv": ("text/csv; charset=utf-8", exports.final_list_csv),
           "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", exports.final_list_xlsx)}


def final_list(session, cycle_id, fmt):
    if fmt not in FORMATS:
        raise errors.NotFound(f"不支持的导出格式：{fmt}", f"no export as {fmt}; csv or xlsx")
    ruleset = queries.ruleset(session, cycle_id)
    approval = queries.approval(session, cycle_id)
    if approval is None:
        raise errors.NotFound("本届获奖名单尚未经市政府批准（第十八条）", "the list is not approved yet (Art. 18)")
    rows = [{"category": a["category"], "category_name": ruleset["categories"][a["category"]]["name"],
             "rank": a["rank"], "recipient_name": a["recipient_name"], "credit_code": a["credit_code"],
             "certificate_number": a["certificate_number"], "prize_amount": a["prize_amount"],
             "items": json.loads(a["items"]), "document_number": approval["document_number"],
             "approved_on": approval["approved_on"]}
            for a in queries.awards_of(session, cycle_id) if not a["imported"]]
    mimetype, render = FORMATS[fmt]
    return Response(render(rows), mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="{cycle_id}-final-list.{fmt}"'})


def verify_url(config, number):
    return f"{config.get('PUBLIC_BASE_URL', '').rstrip('/')}/public/v1/certificates/{number}?format=html"


def certificate(session, award_id, config):
    row = queries.award(session, award_id)
    ruleset = queries.ruleset(session, row["cycle_id"])
    award = {"award_id": row["award_id"], "certificate_number": row["certificate_number"],
             "recipient_name": row["recipient_name"], "category": row["category"],
             "category_name": ruleset["categories"][row["category"]]["name"], "edition": row["edition"],
             "granted_at": row["granted_on"], "items": json.loads(row["items"])}
    pdf = certificates.render_certificate(award, verify_url(config, row["certificate_number"]),
                                          font_path=config.get("CERTIFICATE_FONT") or None)
    return Response(pdf, mimetype="application/pdf", headers={
        "Content-Disposition": f'inline; filename="{row["certificate_number"]}.pdf"'})
