"""Anyone checks a certificate (Art. 28): genuine and in force, revoked on a date, or not
issued. A number in the suite's format with a wrong check character is a forgery or a typo,
answered without asking the database."""
from award_rules.clock import zh_date

from . import queries
from .domain import certificate_numbers


def _as_typed(number):
    """A number in the suite's format is read case- and space-insensitively; an imported one exactly."""
    normal = certificate_numbers.normalise(number)
    return normal if certificate_numbers.is_suite_number(normal) else number


def obviously_not_issued(number):
    number = _as_typed(number)
    return certificate_numbers.is_suite_number(number) and not certificate_numbers.is_valid(number)


def not_issued(number):
    return {"certificate_number": number, "status": "not_issued", "status_name": "查无此证书（未颁发）",
            "message": "该编号的证书未经颁发；如发现伪造、冒用，请向市质量强市领导小组办公室举报（第二十八条）"}


def answer(uow, number):
    """:func:`verify` in its own transaction, or none for a number that cannot have been issued."""
    if obviously_not_issued(number):
        return not_issued(number)
    with uow as tx:
        return verify(tx, number)


def verify(tx, number):
    number = _as_typed(number)
    row = queries.award_by_certificate(tx, number)
    if row is None:
        return not_issued(number)
    out = {"certificate_number": number, "recipient_name": row["recipient_name"], "category": row["category"],
           "cycle_id": row["cycle_id"], "edition": row["edition"], "granted_on": row["granted_on"]}
    if row["status"] == "revoked":
        out.update(status="revoked", status_name=f"已于 {zh_date(row['revoked_on'])} 撤销", revoked_on=row["revoked_on"])
    else:
        out.update(status="in_force", status_name="真实有效")
    return out
