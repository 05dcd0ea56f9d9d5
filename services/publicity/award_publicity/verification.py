"""Anyone checks a certificate (Art. 28): genuine and in force, revoked on a date, or not
issued. A number in the suite's format with a wrong check character is a forgery or a typo,
answered without asking the database.

Trophies, plaques and medals (Art. 28 forbids forging them too) are verified by number where
the edition gives them one (the rule set's ``numbered_items`` per category: the certificate's
number and a suffix, ``certificate_numbers.item_number``); otherwise the public verifies the
certificate that came with them, and its answer says which items that award conferred."""
import json

import sqlalchemy as sa

from award_rules.clock import zh_date
from award_shared import cycles

from . import queries
from .domain import certificate_numbers

ITEM_ZH = {"trophy": "奖杯", "plaque": "奖牌", "medal": "奖章", "certificate": "荣誉证书"}


def _as_typed(number):
    """A number in the suite's format is read case- and space-insensitively; an imported one exactly."""
    normal = certificate_numbers.normalise(number)
    return normal if certificate_numbers.is_suite_number(normal) else number


def obviously_not_issued(number):
    number = _as_typed(number)
    return certificate_numbers.is_suite_number(number) and not certificate_numbers.is_valid(number)


def not_issued(number):
    return {"certificate_number": number, "status": "not_issued", "status_name": "查无此证书（未颁发）",
            "message": "该编号的证书、奖杯、奖牌或奖章未经颁发；如发现伪造、冒用，请向市质量强市领导小组办公室举报（第二十八条）"}


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
        return _verify_item(tx, number)
    out = _award(tx, row, number)
    out.update(number_kind="certificate")
    return out


def _verify_item(tx, number):
    """A trophy's, plaque's or medal's number (Art. 28), where the edition numbers that item."""
    split = certificate_numbers.split_item_number(number)
    if split is None:
        return not_issued(number)
    certificate, item = split
    row = queries.award_by_certificate(tx, _as_typed(certificate))
    if row is None or item not in numbered_items(tx, row):
        return not_issued(number)
    out = _award(tx, row, number)
    out.update(number_kind=item, item=item, item_name=ITEM_ZH[item], certificate_number=row["certificate_number"],
               item_number=number)
    return out


def numbered_items(tx, row):
    """The items of this award's category its edition numbers (the rule set's ``numbered_items``);
    none for an award of an edition the suite never ran."""
    if not tx.first(sa.select(cycles.known_cycles.c.cycle_id).where(cycles.known_cycles.c.cycle_id == row["cycle_id"])):
        return []
    category = queries.ruleset(tx, row["cycle_id"])["categories"].get(row["category"]) or {}
    return [i for i in category.get("numbered_items") or () if i in json.loads(row["items"])]


def _award(tx, row, number):
    numbered = numbered_items(tx, row)
    items = [{"item": i, "item_name": ITEM_ZH.get(i, i),
              "number": certificate_numbers.item_number(row["certificate_number"], i) if i in numbered else None}
             for i in json.loads(row["items"])]
    out = {"certificate_number": number, "recipient_name": row["recipient_name"], "category": row["category"],
           "cycle_id": row["cycle_id"], "edition": row["edition"], "granted_on": row["granted_on"], "items": items,
           "items_note": items_note(items)}
    if row["status"] == "revoked":
        out.update(status="revoked", status_name=f"已于 {zh_date(row['revoked_on'])} 撤销", revoked_on=row["revoked_on"])
    else:
        out.update(status="in_force", status_name="真实有效")
    return out


def items_note(items):
    """What the public can verify of the items this award conferred (Art. 28)."""
    numbered = [f"{i['item_name']}（编号 {i['number']}）" for i in items if i["number"]]
    plain = [i["item_name"] for i in items if not i["number"] and i["item"] != "certificate"]
    parts = ["本奖项颁发" + "、".join(i["item_name"] for i in items) + "。"]
    if numbered:
        parts.append("可凭编号单独核验：" + "、".join(numbered) + "。")
    if plain:
        parts.append("、".join(plain) + "本届不单独编号，凭同时颁发的荣誉证书编号核验。")
    return "".join(parts)
