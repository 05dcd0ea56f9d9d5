"""The approved final list (Art. 18, 19) as files the office hands on: CSV and Excel.

Columns, in Chinese as the office reads them: 类别, 名次, 获奖单位/个人, 统一社会信用代码,
证书编号, 奖金（元）, 授予项目, 批准文号, 批准日期. Rows are written in the order given.

- The credit code is a unit's public identifier; a person's row leaves it empty whatever the
  row carries, so neither a ``person_key`` nor a resident ID number can reach the file. A
  unit's code must be a valid GB 32100 code (checked as intake checks it).
- Prize money is written exactly from its Decimal or string, never through a float: to the
  fen (two decimals), refusing an amount with more; in Excel as a number cell whose stored
  text is that decimal, formatted ``#,##0.00``.
- Names come from applicants: a text that a spreadsheet would run as a formula (= + - @)
  is written as text (CSV: with a leading apostrophe, the usual guard; Excel: a string cell).
"""
import csv
import datetime as dt
import io
from decimal import Decimal, InvalidOperation

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from award_rules.identifiers import validate_credit_code
from award_rules.vocabulary import CATEGORY_KIND

from .certificates import beijing_date

HEADER = ["类别", "名次", "获奖单位/个人", "统一社会信用代码", "证书编号", "奖金（元）", "授予项目", "批准文号", "批准日期"]
ITEM_NAMES = {"trophy": "奖杯", "plaque": "奖牌", "medal": "奖章", "certificate": "证书"}
WIDTHS = [26, 6, 40, 22, 24, 14, 18, 24, 12]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
FEN = Decimal("0.01")


def _is_unit(row):
    # a row may say its kind; otherwise the category vocabulary or the rule set's name
    # (*（单位）/ *（个人）) does; a category of unknown kind is refused, never guessed
    category, name = str(row.get("category") or ""), str(row.get("category_name") or "")
    kind = row.get("kind") or CATEGORY_KIND.get(category)
    if kind is None and name.endswith(("（单位）", "（个人）")):
        kind = "unit" if name.endswith("（单位）") else "individual"
    if kind not in ("unit", "individual"):
        raise ValueError(f"cannot tell whether category {category!r} is for units or individuals")
    return kind == "unit"


def _credit_code(row):
    if not _is_unit(row):
        return ""
    code = (row.get("credit_code") or "").strip().upper()
    if not code:
        return ""
    problem = validate_credit_code(code)
    if problem:
        raise ValueError(f"{row.get('recipient_name')}: {problem}")
    return code


def _money(value):
    if value is None or value == "":
        return None
    if isinstance(value, float):
        raise TypeError("prize_amount must be a Decimal or a string, never a float")
    try:
        amount = Decimal(str(value).replace(",", ""))
    except InvalidOperation:
        raise ValueError(f"prize_amount {value!r} is not an amount") from None
    if not amount.is_finite() or amount < 0 or amount.quantize(FEN) != amount:
        raise ValueError(f"prize_amount {value!r} is not a non-negative amount to the fen")
    return amount.quantize(FEN)


def _items(keys):
    try:
        return "、".join(ITEM_NAMES[key] for key in keys or ())
    except KeyError as exc:
        raise ValueError(f"unknown item {exc.args[0]!r}") from None


def _date(value):
    return None if value is None or value == "" else beijing_date(value)


def _record(row):
    """One row's cells as Python values (None for empty); text as the office reads it."""
    return [row["category_name"], row.get("rank"), row["recipient_name"], _credit_code(row),
            row.get("certificate_number") or "", _money(row.get("prize_amount")),
            _items(row.get("items")), row.get("document_number") or "", _date(row.get("approved_on"))]


def _csv_text(value):
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def final_list_csv(rows):
    """The final list as CSV bytes: UTF-8 with a BOM (Excel then reads the Chinese), CRLF lines."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for row in rows:
        writer.writerow([_csv_text(value) for value in _record(row)])
    return out.getvalue().encode("utf-8-sig")


def final_list_xlsx(rows):
    """The final list as an .xlsx workbook (one sheet, 最终名单) in bytes."""
    book = Workbook()
    sheet = book.active
    sheet.title = "最终名单"
    sheet.append(HEADER)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center")
    for number, row in enumerate(rows, start=2):
        for column, value in enumerate(_record(row), start=1):
            cell = sheet.cell(row=number, column=column)
            if value is None:
                continue
            if isinstance(value, Decimal):
                # openpyxl prints a Decimal through a float ("%.16g"): hand it the exact text
                # and mark the cell numeric, so the file holds the amount digit for digit
                cell.value = f"{value:f}"
                cell.data_type = "n"
                cell.number_format = "#,##0.00"
                continue
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"  # an applicant's "=..." stays text, never a formula
            elif isinstance(value, dt.date):
                cell.number_format = "yyyy-mm-dd"
    for column, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
