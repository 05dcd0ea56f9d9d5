"""The final list as award offices keep it (CSV, XLSX) and each award's certificate (PDF with
a QR code to its verification page): Art. 18, 19, 28."""
import json
from urllib.parse import urlsplit

from werkzeug.wrappers import Response

from award_shared import errors

from . import certificates, exports, queries

FORMATS = {"csv": ("text/csv; charset=utf-8", exports.final_list_csv),
           "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", exports.final_list_xlsx)}


def final_list(tx, cycle_id, fmt):
    if fmt not in FORMATS:
        raise errors.NotFound(f"不支持的导出格式：{fmt}", f"no export as {fmt}; csv or xlsx")
    ruleset = queries.ruleset(tx, cycle_id)
    approval = queries.approval(tx, cycle_id)
    if approval is None:
        raise errors.NotFound("本届获奖名单尚未经市政府批准（第十八条）", "the list is not approved yet (Art. 18)")
    rows = [{"category": a["category"], "category_name": ruleset["categories"][a["category"]]["name"],
             "rank": a["rank"], "recipient_name": a["recipient_name"], "credit_code": a["credit_code"],
             "certificate_number": a["certificate_number"], "prize_amount": a["prize_amount"],
             "items": json.loads(a["items"]), "document_number": approval["document_number"],
             "approved_on": approval["approved_on"]}
            for a in queries.awards_of(tx, cycle_id) if not a["imported"]]
    mimetype, render = FORMATS[fmt]
    return Response(render(rows), mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="{cycle_id}-final-list.{fmt}"'})


class PublicAddressNotConfigured(errors.ApiError):
    """No certificate without the public address of its verification page (503): the server's
    configuration, not the caller, is at fault; nothing changes."""
    status = 503
    code = "public_base_url_not_configured"


def public_base_url(config):
    """``PUBLIC_BASE_URL`` without a trailing slash: the absolute http(s) address at which the
    public reaches this service, and so each certificate's verification page (Art. 28). A
    certificate is permanent, its QR code and printed URL with it: where the setting is missing
    or not absolute, conferral and certificates are refused rather than made with a wrong or
    relative address (the production deployments must set it; scripts/up derives it from where
    publicity is served)."""
    value = str(config.get("PUBLIC_BASE_URL") or "").strip()
    parts = urlsplit(value)
    if parts.scheme in ("http", "https") and parts.netloc and not parts.query and not parts.fragment:
        return value.rstrip("/")
    found = ("PUBLIC_BASE_URL 未设置", "PUBLIC_BASE_URL is not set") if not value else (
        f"PUBLIC_BASE_URL（“{value}”）不是完整的 http(s) 地址", f"PUBLIC_BASE_URL {value!r} is not an absolute http(s) address")
    raise PublicAddressNotConfigured(
        f"本服务的公开地址 {found[0]}，不能授奖或生成证书：证书上的二维码和网址须指向其核验页面"
        f"（第二十八条）。请运维人员将 PUBLIC_BASE_URL 设为公众访问公示服务的完整地址（如 "
        f"https://publicity.example.org）后重试；本次未作任何更改。",
        f"{found[1]}: no award is conferred and no certificate made, since a "
        f"certificate's QR code and printed URL must lead to its verification page (Art. 28). Set "
        f"PUBLIC_BASE_URL to the full address the public reaches publicity at (e.g. "
        f"https://publicity.example.org) and retry; nothing changed.")


def verify_url(config, number):
    return f"{public_base_url(config)}/public/v1/certificates/{number}?format=html"


def certificate(tx, award_id, config):
    public_base_url(config)  # refused before anything is read
    row = queries.award(tx, award_id)
    ruleset = queries.ruleset(tx, row["cycle_id"])
    award = {"award_id": row["award_id"], "certificate_number": row["certificate_number"],
             "recipient_name": row["recipient_name"], "category": row["category"],
             "category_name": ruleset["categories"][row["category"]]["name"], "edition": row["edition"],
             "granted_at": row["granted_on"], "items": json.loads(row["items"])}
    pdf = certificates.render_certificate(award, verify_url(config, row["certificate_number"]),
                                          font_path=config.get("CERTIFICATE_FONT") or None)
    return Response(pdf, mimetype="application/pdf", headers={
        "Content-Disposition": f'inline; filename="{row["certificate_number"]}.pdf"'})
