"""The certificate PDF (Art. 19, 28), read back with the tools a person would use:
poppler (pdffonts, pdfinfo, pdftotext, pdftoppm) and zbar (zbarimg). scripts/install --test puts
them on the machine; without them these tests fail, saying so."""
import datetime as dt
import re
import shutil
import subprocess

import pytest
from PIL import Image

from award_publicity import certificates
from award_publicity.certificates import CertificateFontMissing, beijing_date, chinese_date, render_certificate

VERIFY = "https://award.jinan.gov.cn/public/v1/certificates/JNQA-2019-4JURQ283-H"
UNIT_AWARD = {
    "award_id": "awd-2019-unit_award-1", "certificate_number": "JNQA-2019-4JURQ283-H",
    "recipient_name": "济南二机床集团有限公司", "category": "unit_award",
    "category_name": "市长质量奖（单位）", "edition": 2019, "granted_at": dt.date(2020, 1, 10),
    "items": ["trophy", "plaque", "certificate"],
}


def run(tool, *args):
    if shutil.which(tool) is None:
        pytest.fail(f"{tool} is missing: run scripts/install --test (it installs poppler-utils and zbar-tools)")
    return subprocess.run([tool, *map(str, args)], check=True, capture_output=True, text=True).stdout


@pytest.fixture
def unit_pdf(tmp_path):
    path = tmp_path / "certificate.pdf"
    path.write_bytes(render_certificate(UNIT_AWARD, VERIFY))
    return path


def test_the_cjk_font_is_embedded_and_no_other_font_is_named(unit_pdf):
    rows = run("pdffonts", unit_pdf).splitlines()[2:]
    assert rows, "the PDF names no font"
    assert any("WenQuanYiZenHei" in row for row in rows)
    for row in rows:
        # columns: name, type..., encoding, emb, sub, uni, object id
        emb = row.split()[-5]
        assert emb == "yes", row


def test_one_page_a4_landscape(unit_pdf):
    info = run("pdfinfo", unit_pdf)
    assert re.search(r"^Pages:\s+1$", info, re.M)
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info).groups())
    assert (round(width), round(height)) == (842, 595)


def test_page_one_renders_to_a_png(unit_pdf, tmp_path):
    run("pdftoppm", "-png", "-r", 50, "-f", 1, "-l", 1, unit_pdf, tmp_path / "page")
    (png,) = tmp_path.glob("page*.png")
    with Image.open(png) as image:
        assert image.format == "PNG"
        width, height = image.size  # A4 landscape at 50 dpi: 584.7 x 413.4 pixels
        assert abs(width - 585) <= 1 and abs(height - 413) <= 1
        assert len(image.convert("RGB").getcolors(maxcolors=1 << 20)) > 50  # drawn, not blank


def test_the_chinese_text_is_extractable(unit_pdf):
    text = run("pdftotext", "-enc", "UTF-8", unit_pdf, "-")
    for expected in ("荣", "证", "授予", "济南二机床集团有限公司", "2019年度济南市市长质量奖（单位）",
                     "证书编号：JNQA-2019-4JURQ283-H", "济南市人民政府", "二〇二〇年一月十日"):
        assert expected in text, expected


def test_the_qr_code_decodes_to_the_verification_url(unit_pdf, tmp_path):
    run("pdftoppm", "-png", "-r", 150, "-f", 1, "-l", 1, unit_pdf, tmp_path / "page")
    (png,) = tmp_path.glob("page*.png")
    assert run("zbarimg", "--quiet", "--raw", png).strip() == VERIFY


def test_an_individual_award_with_an_ordinal_and_a_long_name(tmp_path):
    long_name = "济南市历城区某某高端装备智能制造产业技术研究院有限责任公司董事长张某某"
    award = dict(UNIT_AWARD, recipient_name=long_name, category="individual_award",
                 category_name="市长质量奖（个人）", edition=2021, ordinal=3,
                 granted_at=dt.datetime(2021, 12, 31, 10, 0), items=["medal", "certificate"])
    path = tmp_path / "individual.pdf"
    path.write_bytes(render_certificate(award, VERIFY))
    text = run("pdftotext", "-enc", "UTF-8", path, "-")
    assert "第三届（2021年度）济南市市长质量奖（个人）" in text
    assert "二〇二一年十二月三十一日" in text
    assert long_name in text.replace("\n", "")
    # the long name shrinks or wraps to stay inside the frame (15 mm ≈ 43 pt from each edge)
    boxes = run("pdftotext", "-bbox", "-enc", "UTF-8", path, "-")
    words = re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"', boxes)
    assert words
    assert all(float(x_min) > 43 and float(x_max) < 842 - 43 for x_min, x_max in words)


def test_a_long_verification_url_still_decodes_and_keeps_clear_of_the_issuer(tmp_path):
    url = "https://zhiliangqiangshi.jinan.gov.cn/award/public/v1/certificates/" + "JNQA-2019-4JURQ283-H" * 3
    path = tmp_path / "url.pdf"
    path.write_bytes(render_certificate(UNIT_AWARD, url))
    run("pdftoppm", "-png", "-r", 200, "-f", 1, "-l", 1, path, tmp_path / "page")
    (png,) = tmp_path.glob("page*.png")
    assert run("zbarimg", "--quiet", "--raw", png).strip() == url
    boxes = run("pdftotext", "-bbox", "-enc", "UTF-8", path, "-")
    url_right = float(re.search(r'xMax="([\d.]+)"[^>]*>https://', boxes).group(1))
    issuer_left = float(re.search(r'xMin="([\d.]+)"[^>]*>济南市人民政府<', boxes).group(1))
    assert url_right < issuer_left


@pytest.mark.parametrize("length", [1, 20, 60, 200])
def test_a_name_of_any_allowed_length_stays_inside_the_frame(tmp_path, length):
    name = ("济南市某某高端装备智能制造产业技术研究院有限责任公司" * 8)[:length]
    path = tmp_path / "name.pdf"
    path.write_bytes(render_certificate(dict(UNIT_AWARD, recipient_name=name), VERIFY))
    assert name in run("pdftotext", "-enc", "UTF-8", path, "-").replace("\n", "")
    boxes = run("pdftotext", "-bbox", "-enc", "UTF-8", path, "-")
    for x_min, y_min, x_max, y_max in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"', boxes):
        assert float(x_min) > 43 and float(x_max) < 842 - 43
        assert float(y_min) > 43 and float(y_max) < 595 - 43


def test_the_same_award_renders_to_the_same_bytes():
    assert render_certificate(UNIT_AWARD, VERIFY) == render_certificate(dict(UNIT_AWARD), VERIFY)


def test_a_missing_font_names_the_package_to_install(tmp_path):
    missing = tmp_path / "no-such-font.ttc"
    with pytest.raises(CertificateFontMissing) as refused:
        render_certificate(UNIT_AWARD, VERIFY, font_path=str(missing))
    assert str(missing) in str(refused.value) and "fonts-wqy-zenhei" in str(refused.value)


def test_the_font_path_comes_from_certificate_font(monkeypatch, tmp_path):
    missing = tmp_path / "configured.ttf"
    monkeypatch.setenv("CERTIFICATE_FONT", str(missing))
    with pytest.raises(CertificateFontMissing, match="configured.ttf"):
        render_certificate(UNIT_AWARD, VERIFY)
    monkeypatch.delenv("CERTIFICATE_FONT")
    assert certificates.font_path_from_env() == certificates.DEFAULT_FONT


def test_a_font_reportlab_cannot_embed_is_refused_clearly(tmp_path):
    not_truetype = tmp_path / "cff.otf"
    not_truetype.write_bytes(b"OTTO" + bytes(200))
    with pytest.raises(CertificateFontMissing, match="TrueType"):
        render_certificate(UNIT_AWARD, VERIFY, font_path=str(not_truetype))


@pytest.mark.parametrize("day, words", [
    (dt.date(2020, 1, 10), "二〇二〇年一月十日"), (dt.date(2019, 12, 31), "二〇一九年十二月三十一日"),
    (dt.date(2021, 10, 20), "二〇二一年十月二十日"), (dt.date(2023, 11, 5), "二〇二三年十一月五日"),
])
def test_dates_are_printed_in_chinese(day, words):
    assert chinese_date(day) == words


@pytest.mark.parametrize("value", [
    dt.datetime(2020, 1, 9, 17, 0, tzinfo=dt.timezone.utc), "2020-01-09T17:00:00Z",
    "2020-01-10T09:00:00+08:00", "2020-01-10", dt.date(2020, 1, 10), dt.datetime(2020, 1, 10, 23, 59),
])
def test_the_date_printed_is_the_day_in_jinan(value):
    assert beijing_date(value) == dt.date(2020, 1, 10)
