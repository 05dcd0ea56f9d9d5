"""How the Chinese texts of revocation print dates and times (issue 31, item 15): Beijing time in
Chinese form — 2020年6月30日, 2020年6月30日10时05分（北京时间） — never an ISO date or a UTC instant.
The JSON fields beside them keep the contract's ISO forms."""
from datetime import date, datetime

from award_rules.clock import BEIJING

#: what Art. 29 (units) and Art. 30 (individuals) call the items recovered, in the Measures' words
ITEM_ZH = {"trophy": "奖杯", "plaque": "奖牌", "medal": "奖章", "certificate": "荣誉证书"}


def zh_date(day):
    """``date(2020, 6, 30)`` (or ``"2020-06-30"``) → ``2020年6月30日``."""
    if isinstance(day, str):
        day = date.fromisoformat(day)
    if isinstance(day, datetime):
        day = day.astimezone(BEIJING).date()
    return f"{day.year}年{day.month}月{day.day}日"


def zh_instant(instant):
    """An aware instant → ``2020年6月30日10时05分（北京时间）``."""
    local = instant.astimezone(BEIJING)
    return f"{zh_date(local.date())}{local.hour}时{local.minute:02d}分（北京时间）"


def zh_items(items):
    """``["trophy", "certificate"]`` → ``奖杯、荣誉证书``, in the order conferred."""
    return "、".join(ITEM_ZH.get(i, i) for i in items)
