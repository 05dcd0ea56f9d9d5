"""The award certificate as a PDF (Art. 19): 荣誉证书, in Chinese, with a QR code of its
public verification page (Art. 28).

One page, A4 landscape, the CJK font embedded (as a subset) so the file prints the same
anywhere: reportlab embeds TrueType outlines only, hence a TrueType font such as
WenQuanYi Zen Hei (Debian package fonts-wqy-zenhei, installed by scripts/install), found at
``font_path`` or the config key / environment variable ``CERTIFICATE_FONT``. The output is
invariant (no creation time, no random file id): rendering the same award twice gives the
same bytes, so a reprint is the very same document. The government's seal is applied
to the printed certificate by hand, not drawn here.
"""
import datetime as dt
import io
import os

from award_rules.articles import chinese_number
from award_rules.workdays import BEIJING
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.colors import Color, white
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont
from reportlab.pdfgen import canvas

DEFAULT_FONT = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
FONT_PACKAGE = "fonts-wqy-zenhei"
ISSUER = "济南市人民政府"
RED = Color(0.72, 0.08, 0.08)
GOLD = Color(0.78, 0.6, 0.2)
INK = Color(0.12, 0.12, 0.12)
_DIGITS = "〇一二三四五六七八九"
_registered = {}


class CertificateFontMissing(RuntimeError):
    """The configured CJK font cannot be read or cannot be embedded."""


def font_path_from_env():
    return os.environ.get("CERTIFICATE_FONT") or DEFAULT_FONT


def _font(path):
    """The reportlab name of the TrueType font at ``path``, registered once per process."""
    if path in _registered:
        return _registered[path]
    if not os.path.isfile(path):
        raise CertificateFontMissing(
            f"证书字体文件不存在：{path}。请安装 Debian 软件包 {FONT_PACKAGE}（scripts/install 会安装），"
            f"或将 CERTIFICATE_FONT 设为含中文字形的 TrueType 字体 / certificate font not found at "
            f"{path}: install the Debian package {FONT_PACKAGE} (scripts/install does) or set "
            f"CERTIFICATE_FONT to a TrueType (.ttf/.ttc) font with CJK glyphs")
    name = f"CertificateCJK{len(_registered)}"
    try:
        # a .ttc holds several faces; the first of wqy-zenhei is the proportional Zen Hei
        pdfmetrics.registerFont(TTFont(name, path, subfontIndex=0))
    except TTFError as exc:
        raise CertificateFontMissing(
            f"证书字体无法嵌入：{path}（{exc}）/ the certificate font at {path} cannot be embedded "
            f"({exc}): reportlab needs TrueType outlines, not CFF/OpenType; install {FONT_PACKAGE}"
        ) from exc
    _registered[path] = name
    return name


def chinese_date(day):
    """A date as Chinese documents print it: 2020-01-10 → 二〇二〇年一月十日."""
    year = "".join(_DIGITS[int(d)] for d in str(day.year))
    return f"{year}年{chinese_number(day.month)}月{chinese_number(day.day)}日"


def beijing_date(value):
    """The calendar day in Jinan of a date, a datetime or an ISO text (an aware instant such as
    the business clock's UTC is moved to Beijing time first: 2020-01-09T17:00Z is 1月10日)."""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value) if "T" in value or " " in value else dt.date.fromisoformat(value)
    if isinstance(value, dt.datetime):
        return value.astimezone(BEIJING).date() if value.tzinfo else value.date()
    if isinstance(value, dt.date):
        return value
    raise TypeError(f"not a date: {value!r}")


def _edition_line(award):
    # the suite's edition is the cycle's year; an ordinal (第三届) is printed only when given
    year = f"{award['edition']}年度"
    ordinal = award.get("ordinal")
    return f"第{chinese_number(int(ordinal))}届（{year}）" if ordinal else year


def _centred(c, font, text, size, y, width, colour=INK, max_width=None):
    # long unit names shrink to fit between the borders rather than run over them
    while max_width and size > 12 and pdfmetrics.stringWidth(text, font, size) > max_width:
        size -= 1
    c.setFont(font, size)
    c.setFillColor(colour)
    c.drawCentredString(width / 2, y, text)


def _wrap(text, font, size, max_width):
    lines, line = [], ""
    for char in text:
        if line and pdfmetrics.stringWidth(line + char, font, size) > max_width:
            lines.append(line)
            line = ""
        line += char
    return lines + [line]


def _recipient(c, font, name, y, width, max_width):
    # a name up to 200 characters: one line as large as fits, else two lines, smaller
    for size in range(34, 9, -1):
        lines = _wrap(name, font, size, max_width)
        if len(lines) == 1 or (len(lines) == 2 and size <= 24) or size == 10:
            break
    c.setFont(font, size)
    c.setFillColor(INK)
    top = y + (len(lines) - 1) * size * 0.6
    for i, line in enumerate(lines):
        c.drawCentredString(width / 2, top - i * size * 1.2, line)


def _frame(c, width, height):
    c.setFillColor(Color(1, 0.985, 0.94))
    c.rect(0, 0, width, height, stroke=0, fill=1)
    for inset, line, colour in ((10 * mm, 3.2, RED), (13 * mm, 0.8, GOLD), (15 * mm, 0.5, RED)):
        c.setStrokeColor(colour)
        c.setLineWidth(line)
        c.rect(inset, inset, width - 2 * inset, height - 2 * inset, stroke=1, fill=0)
    c.setFillColor(GOLD)
    for x in (13 * mm, width - 13 * mm):
        for y in (13 * mm, height - 13 * mm):
            c.circle(x, y, 2.2 * mm, stroke=0, fill=1)


def _qr(c, font, url, x, y, size):
    widget = QrCodeWidget(url, barLevel="M")
    left, bottom, right, top = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (right - left), 0, 0, size / (top - bottom), 0, 0],
                      initialFontName=font)
    drawing.add(widget)
    c.setFillColor(white)
    c.rect(x - 1 * mm, y - 1 * mm, size + 2 * mm, size + 2 * mm, stroke=0, fill=1)
    renderPDF.draw(drawing, c, x, y)
    c.setFont(font, 9)
    c.setFillColor(INK)
    c.drawCentredString(x + size / 2, y - 5 * mm, "扫码核验证书真伪")


def render_certificate(award, verify_url, *, font_path=None):
    """The certificate of one conferred award (Art. 19) as PDF bytes.

    ``award``: award_id, certificate_number, recipient_name, category, category_name
    (Chinese, from the rule set), edition (the cycle's year), granted_at (date), items; an
    optional ``ordinal`` (3 → 第三届) is printed before the year. ``verify_url`` is the public
    verification page of this certificate (Art. 28), put in the QR code and printed below it.
    """
    font = _font(font_path or font_path_from_env())
    width, height = landscape(A4)
    out = io.BytesIO()
    # the initial font is the CJK one, so the file names no unembedded base-14 font
    c = canvas.Canvas(out, pagesize=(width, height), invariant=True, pageCompression=1,
                      initialFontName=font, lang="zh-CN")
    c.setTitle(f"荣誉证书 {award['certificate_number']}")
    c.setAuthor(ISSUER)
    c.setSubject(f"{award['recipient_name']} {award['category_name']}")
    _frame(c, width, height)
    inner = width - 2 * 32 * mm

    _centred(c, font, "荣 誉 证 书", 50, height - 52 * mm, width, RED)
    c.setFont(font, 20)
    c.setFillColor(INK)
    c.drawString(40 * mm, height - 80 * mm, "授予：")
    _recipient(c, font, award["recipient_name"], height - 100 * mm, width, inner)
    _centred(c, font, f"{_edition_line(award)}济南市{award['category_name']}", 24,
             height - 122 * mm, width, RED, max_width=inner)
    _centred(c, font, "特发此证，以资鼓励。", 18, height - 140 * mm, width)

    qr_size = 30 * mm
    _qr(c, font, verify_url, 34 * mm, 34 * mm, qr_size)
    c.setFont(font, 11)
    c.setFillColor(INK)
    c.drawString(34 * mm + qr_size + 6 * mm, 48 * mm, f"证书编号：{award['certificate_number']}")
    # the URL must end before the issuer's block on the right, however long the host
    left, room = 34 * mm + qr_size + 6 * mm, width - 130 * mm - (34 * mm + qr_size + 6 * mm)
    size = 8
    while size > 4 and pdfmetrics.stringWidth(verify_url, font, size) > room:
        size -= 0.5
    c.setFont(font, size)
    c.drawString(left, 42 * mm, verify_url)

    c.setFont(font, 20)
    c.drawCentredString(width - 80 * mm, 52 * mm, ISSUER)
    c.setFont(font, 16)
    c.drawCentredString(width - 80 * mm, 41 * mm, chinese_date(beijing_date(award["granted_at"])))
    c.showPage()
    c.save()
    return out.getvalue()
