"""How the Chinese texts of revocation print dates and times (issue 31, item 15): Beijing time in
Chinese form — 2020年6月30日, 2020年6月30日 10:05（北京时间）, the kit's ``award_rules.clock``
helpers — never an ISO date or a UTC instant. The JSON fields keep the contract's ISO forms."""
from award_rules import clock

#: what Art. 29 (units) and Art. 30 (individuals) call the items recovered, in the Measures' words
ITEM_ZH = {"trophy": "奖杯", "plaque": "奖牌", "medal": "奖章", "certificate": "荣誉证书"}


def zh_date(day):
    """``date(2020, 6, 30)`` (or ``"2020-06-30"``) → ``2020年6月30日`` (the kit's form)."""
    return clock.zh_date(day)


def zh_instant(instant):
    """An aware instant → ``2020年6月30日 10:05（北京时间）`` (the kit's form)."""
    return clock.zh_time(instant)


def zh_items(items):
    """``["trophy", "certificate"]`` → ``奖杯、荣誉证书``, in the order conferred."""
    return "、".join(ITEM_ZH.get(i, i) for i in items)
