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
HELPERS = re.compile(r"^(zh_date|zh_time|zh_instant|beijing_text|beijing|_zh|_beijing|beijing_date)\(")


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


def test_the_kits_helpers_print_beijing_time_in_chinese_form():
    assert zh_time(datetime(2019, 5, 31, 9, 0, tzinfo=timezone.utc)) == "2019年5月31日 17:00（北京时间）"
    assert zh_time("2019-05-31T09:00:00+00:00") == zh_time(datetime(2019, 5, 31, 9, 0))  # naive: UTC, as stored
    assert zh_time(datetime(2019, 12, 31, 16, 30, tzinfo=timezone.utc)) == "2020年1月1日 00:30（北京时间）"
    assert zh_date(date(2019, 5, 1)) == zh_date("2019-05-01") == "2019年5月1日"
    assert zh_date(datetime(2019, 4, 30, 16, 0, tzinfo=timezone.utc)) == "2019年5月1日"  # the Beijing day


def test_no_chinese_message_of_any_service_prints_an_iso_date_or_instant():
    found = {service: list(raw_times(service)) for service in SERVICES}
    assert {s: f for s, f in found.items() if f} == {}


def test_the_scan_finds_a_raw_instant_where_there_is_one(tmp_path, monkeypatch):
    """The scan reads what it should: a refusal printing ``released_at`` raw is found."""
    import test_chinese_times as me
    bad = tmp_path / "bad.py"
    bad.write_text('raise errors.Conflict(f"已于 {row[\'released_at\']} 解除", "released")\n'
                   'raise errors.Conflict(f"已于 {zh_time(row[\'released_at\'])} 解除", "released")\n'
                   'raise errors.Invalid({}, f"截止 {deadline.isoformat()}", "x")\n', encoding="utf-8")
    monkeypatch.setattr(me, "sources", lambda service: [bad])
    monkeypatch.setattr(me, "ROOT", tmp_path)
    assert [text for _, text in raw_times("any")] == ["row['released_at']", "deadline.isoformat()"]
