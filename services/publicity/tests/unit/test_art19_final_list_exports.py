"""The final list's CSV and Excel exports (Art. 18, 19), read back as the office would."""
import csv
import datetime as dt
import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest

from award_publicity.exports import HEADER, final_list_csv, final_list_xlsx

APPROVAL = {"document_number": "济政字〔2019〕128号", "approved_on": dt.date(2019, 12, 20)}
ROWS = [
    dict(APPROVAL, category="unit_award", category_name="市长质量奖（单位）", rank=1,
         recipient_name="济南二机床集团有限公司", credit_code="91370100163044841L",
         certificate_number="JNQA-2019-4JURQ283-H", prize_amount=Decimal("1000000.00"),
         items=["trophy", "plaque", "certificate"]),
    dict(APPROVAL, category="unit_nomination", category_name="市长质量奖提名奖（单位）", rank=1,
         recipient_name="=HYPERLINK(\"http://x\",\"济南某某\")", credit_code="91350100M000100Y43",
         certificate_number="JNQA-2019-ETHE68DL-P", prize_amount="123456.78",
         items=["plaque", "certificate"]),
    # a person: whatever the row carries as credit_code (here a resident ID number) stays out
    dict(APPROVAL, category="individual_award", category_name="市长质量奖（个人）", rank=1,
         recipient_name="张三", credit_code="370102199001011234",
         certificate_number="JNQA-2019-7KQ2M9XD-R", prize_amount="300000",
         items=["medal", "certificate"]),
]
EXPECTED = [
    ["市长质量奖（单位）", "1", "济南二机床集团有限公司", "91370100163044841L", "JNQA-2019-4JURQ283-H",
     "1000000.00", "奖杯、奖牌、证书", "济政字〔2019〕128号", "2019-12-20"],
    ["市长质量奖提名奖（单位）", "1", "'=HYPERLINK(\"http://x\",\"济南某某\")", "91350100M000100Y43",
     "JNQA-2019-ETHE68DL-P", "123456.78", "奖牌、证书", "济政字〔2019〕128号", "2019-12-20"],
    ["市长质量奖（个人）", "1", "张三", "", "JNQA-2019-7KQ2M9XD-R", "300000.00", "奖章、证书",
     "济政字〔2019〕128号", "2019-12-20"],
]


def test_the_csv_has_a_bom_a_chinese_header_and_exact_money():
    data = final_list_csv(ROWS)
    assert data.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert table[0] == HEADER
    assert table[0][2:4] == ["获奖单位/个人", "统一社会信用代码"] and table[0][5] == "奖金（元）"
    assert table[1:] == EXPECTED
    assert b"\r\n" in data


def _sheet_xml(data):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("xl/worksheets/sheet1.xml").decode("utf-8")


def test_the_workbook_reads_back_with_chinese_text_exact_money_and_no_formula():
    data = final_list_xlsx(ROWS)
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet.title == "最终名单"
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0] == HEADER
    assert values[1][:5] == ["市长质量奖（单位）", 1, "济南二机床集团有限公司", "91370100163044841L",
                             "JNQA-2019-4JURQ283-H"]
    assert values[1][6:8] == ["奖杯、奖牌、证书", "济政字〔2019〕128号"]
    assert values[1][8].date() == dt.date(2019, 12, 20)
    assert values[2][2] == "=HYPERLINK(\"http://x\",\"济南某某\")"
    assert sheet["C3"].data_type == "s"
    assert values[3][2:4] == ["张三", None]
    # money: the stored text is the exact decimal (Excel's own number), shown to the fen
    xml = _sheet_xml(data)
    for text in ("1000000.00", "123456.78", "300000.00"):
        assert f"<v>{text}</v>" in xml
    assert [Decimal(str(values[r][5])).quantize(Decimal("0.01")) for r in (1, 2, 3)] == [
        Decimal("1000000.00"), Decimal("123456.78"), Decimal("300000.00")]
    assert sheet["F2"].number_format == "#,##0.00"
    assert "370102199001011234" not in xml and "<f>" not in xml


def test_no_person_key_or_id_number_reaches_either_file():
    person = dict(ROWS[2], credit_code="d3b07384d113edec49eaa6238ad5ff00d3b07384d113edec49eaa6238ad5ff00",
                  person_key="d3b07384d113edec49eaa6238ad5ff00d3b07384d113edec49eaa6238ad5ff00")
    csv_text = final_list_csv([person]).decode("utf-8-sig")
    assert "d3b07384" not in csv_text
    assert "d3b07384" not in _sheet_xml(final_list_xlsx([person]))


def test_an_approval_instant_is_dated_in_beijing():
    row = dict(ROWS[0], approved_on=dt.datetime(2019, 12, 19, 16, 30, tzinfo=dt.timezone.utc))
    table = list(csv.reader(io.StringIO(final_list_csv([row]).decode("utf-8-sig"))))
    assert table[1][8] == "2019-12-20"


def test_a_vacant_amount_and_an_unnumbered_award_leave_cells_empty():
    row = dict(ROWS[0], prize_amount=None, certificate_number=None)
    table = list(csv.reader(io.StringIO(final_list_csv([row]).decode("utf-8-sig"))))
    assert table[1][4] == "" and table[1][5] == ""


@pytest.mark.parametrize("amount, error", [
    (1000000.0, TypeError), ("100.005", ValueError), ("-1", ValueError), ("NaN", ValueError),
    ("十万", ValueError),
])
def test_money_is_never_rounded_nor_taken_from_a_float(amount, error):
    with pytest.raises(error):
        final_list_csv([dict(ROWS[0], prize_amount=amount)])


def test_a_unit_whose_credit_code_is_malformed_is_refused():
    with pytest.raises(ValueError, match="credit code"):
        final_list_xlsx([dict(ROWS[0], credit_code="91370100163044841A")])


def test_a_category_outside_the_vocabulary_takes_its_kind_from_the_rule_set_name():
    person = dict(ROWS[2], category="individual_special", category_name="市长质量奖特别奖（个人）")
    unit = dict(ROWS[0], category="unit_special", category_name="市长质量奖特别奖（单位）")
    table = list(csv.reader(io.StringIO(final_list_csv([person, unit]).decode("utf-8-sig"))))
    assert [table[1][3], table[2][3]] == ["", "91370100163044841L"]


def test_an_unknown_item_or_category_kind_is_refused():
    with pytest.raises(ValueError, match="item"):
        final_list_csv([dict(ROWS[0], items=["sash"])])
    with pytest.raises(ValueError, match="units or individuals"):
        final_list_csv([dict(ROWS[0], category="special", category_name="特别奖")])


def test_an_empty_list_has_the_header_only():
    assert list(csv.reader(io.StringIO(final_list_csv([]).decode("utf-8-sig")))) == [HEADER]
    assert [list(r) for r in openpyxl.load_workbook(io.BytesIO(final_list_xlsx([]))).active.iter_rows(
        values_only=True)] == [HEADER]
