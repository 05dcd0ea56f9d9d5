"""Times in Chinese messages are Beijing time in Chinese form — 2019年5月31日 17:00（北京时间）, a day
2019年5月31日 — never a UTC ISO instant or an ISO date (issue 31, item 15). The helpers are the
kit's (``award_rules.clock``: ``zh_date``, ``zh_time``); this test reads the Chinese message of
every refusal in every service and in the kit, and fails when one prints a date or an instant
as it is (``.isoformat()``, a ``*_at`` / ``*_on`` / ``today`` / ``deadline`` value) instead of
through a helper. The services' own tests check the texts they answer (intake's deadlines,
supervision's release). No I/O: the sources are read as text."""
import ast
import re
from datetime import date, datetime, timezone

from award_rules.clock import zh_date, zh_time
from test_rules_the_measures_do_not_make import ERRORS, ROOT, parsed, sources

SERVICES = ("intake", "scoring", "publicity", "supervision", "revocation", "feed", "kit")
#: a value that is a date or an instant by its name, printed raw
RAW_TIME = re.compile(r"isoformat\(\)|(_at|_on|today|deadline|deadline_day|since|until)\b['\"]?\]?\)?$")
#: what prints one in Chinese form
HELPERS = re.compile(r"^(zh_date|zh_time|zh_instant|beijing_text)\(")
#: a day written out in Chinese by hand: ``{…}年{…}月{…}日`` (or ``%Y年``) — the kit's ``zh_date`` does it
HAND_MADE = re.compile(r"\{[^{}]*\}年\{[^{}]*\}月\{[^{}]*\}日|%Y年")
#: the one other form a service may print: a certificate's date in Chinese numerals (二〇二〇年一月十日)
OTHER_FORMS = {"services/publicity/award_publicity/certificates.py": {"chinese_date"}}


def chinese_message(node, name):
    """The Chinese message of an errors call: its first argument (``Invalid``: the second, or ``message=``)."""
    kw = {k.arg: k.value for k in node.keywords}
    if "message" in kw:
        return kw["message"]
    args = node.args[1:] if name == "Invalid" else node.args
    return args[0] if args else None


def raw_times(service):
    """(where, the expression) of every date or instant a Chinese message prints raw."""
    for path in sources(service):
        for node in parsed(path):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
            message = chinese_message(node, name) if name in ERRORS else None
            if not isinstance(message, ast.JoinedStr):
                continue
            for value in message.values:
                if isinstance(value, ast.FormattedValue):
                    text = ast.unparse(value.value)
                    if RAW_TIME.search(text) and not HELPERS.match(text):
                        yield f"{path.relative_to(ROOT)}:{node.lineno}", text


def hand_made_dates(service):
    """(where, function) of every function of a service that writes a Chinese date itself."""
    for path in sources(service):
        where = str(path.relative_to(ROOT))
        for node in parsed(path):
            if not isinstance(node, ast.FunctionDef) or node.name in OTHER_FORMS.get(where, ()):
                continue
            for inner in ast.walk(node):
                if isinstance(inner, (ast.JoinedStr, ast.Constant)) and HAND_MADE.search(
                        ast.unparse(inner) if isinstance(inner, ast.JoinedStr) else str(inner.value)):
                    yield f"{where}:{node.lineno}", node.name
                    break


def test_no_service_writes_chinese_dates_with_helpers_of_its_own():
    """Issue 31: publicity printed dates and times with ``_zh`` and ``beijing`` of its own (the
    notice page's 24时 form beside the kit's 24:00). Every service prints them with the kit's
    ``zh_date``/``zh_time`` (``end=True`` for a period's end); a copy is found here."""
    found = {service: list(hand_made_dates(service)) for service in SERVICES}
    assert {s: f for s, f in found.items() if f} == {}


def scanning_only(tmp_path, monkeypatch, text):
    """The scans below read one file of ``text`` as a service's only source."""
    import test_chinese_times as me
    source = tmp_path / "source.py"
    source.write_text(text, encoding="utf-8")
    monkeypatch.setattr(me, "sources", lambda service: [source])
    monkeypatch.setattr(me, "ROOT", tmp_path)


def test_the_copy_finder_finds_a_copy(tmp_path, monkeypatch):
    scanning_only(tmp_path, monkeypatch, 'def _zh(day):\n    return f"{day.year}年{day.month}月{day.day}日"\n\n\n'
                                         'def fine(day):\n    return f"于{zh_date(day)}"\n\n\n'
                                         'def stamp(at):\n    return at.strftime("%Y年%m月%d日")\n')
    assert [name for _, name in hand_made_dates("any")] == ["_zh", "stamp"]


def test_the_kits_helpers_print_beijing_time_in_chinese_form():
    assert zh_time(datetime(2019, 5, 31, 9, 0, tzinfo=timezone.utc)) == "2019年5月31日 17:00（北京时间）"
    assert zh_time("2019-05-31T09:00:00+00:00") == zh_time(datetime(2019, 5, 31, 9, 0))  # naive: UTC, as stored
    assert zh_time(datetime(2019, 12, 31, 16, 30, tzinfo=timezone.utc)) == "2020年1月1日 00:30（北京时间）"
    assert zh_date(date(2019, 5, 1)) == zh_date("2019-05-01") == "2019年5月1日"
    assert zh_date(datetime(2019, 4, 30, 16, 0, tzinfo=timezone.utc)) == "2019年5月1日"  # the Beijing day
    end = datetime(2019, 10, 10, 16, 0, tzinfo=timezone.utc)  # 00:00 of 11 October in Beijing
    assert zh_time(end, end=True) == "2019年10月10日 24:00（北京时间）" and zh_time(end) == "2019年10月11日 00:00（北京时间）"
    assert zh_time(datetime(2019, 10, 10, 9, 0, tzinfo=timezone.utc), end=True) == "2019年10月10日 17:00（北京时间）"


def test_no_chinese_message_of_any_service_prints_an_iso_date_or_instant():
    found = {service: list(raw_times(service)) for service in SERVICES}
    assert {s: f for s, f in found.items() if f} == {}


def test_the_scan_finds_a_raw_instant_where_there_is_one(tmp_path, monkeypatch):
    """The scan reads what it should: a refusal printing ``released_at`` raw is found."""
    scanning_only(tmp_path, monkeypatch, 'raise errors.Conflict(f"已于 {row[\'released_at\']} 解除", "released")\n'
                                         'raise errors.Conflict(f"已于 {zh_time(row[\'released_at\'])} 解除", "released")\n'
                                         'raise errors.Invalid({}, f"截止 {deadline.isoformat()}", "x")\n')
    assert [text for _, text in raw_times("any")] == ["row['released_at']", "deadline.isoformat()"]


def test_the_console_prints_times_as_the_services_chinese_text_does():
    """The console's pages show an instant as the services' Chinese messages do (the kit's
    ``zh_time``), and a notice's window ending at midnight as 24:00 of its last day — the console
    printed ``2019-10-11 00:00`` for a window the notice itself says ends on 10月10日 24:00."""
    from award_console.html import beijing
    assert beijing("2019-05-31T09:00:00Z") == "2019年5月31日 17:00（北京时间）"
    assert beijing("2019-10-10T16:00:00+00:00", end=True) == "2019年10月10日 24:00（北京时间）"
    console = ROOT / "console" / "award_console"
    copies = [f"{p.relative_to(ROOT)}" for p in sorted(console.rglob("*.py"))
              if "strftime(" in p.read_text(encoding="utf-8")]
    assert copies == [], "the console formats instants itself; use award_console.html.beijing (zh_time)"
