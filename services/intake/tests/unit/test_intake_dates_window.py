"""Beijing-time dates and the acceptance window of Art. 13, without I/O."""
from datetime import date, datetime, timedelta, timezone

import pytest

from award_intake.domain import dates, window
from award_rules import articles
from award_shared import errors

DEADLINE = datetime(2019, 5, 31, 17, 0, tzinfo=timezone(timedelta(hours=8)))
NOTICE = {"deadline": DEADLINE}


def test_articles_are_cited_as_the_measures_write_them():
    assert articles.cite("Art. 10(1)") == "第十条第（一）项"
    assert articles.cite("Art. 12(6)") == "第十二条第（六）项"
    assert articles.cite("Art. 13") == "第十三条"
    assert articles.cite("Art. 31") == "第三十一条"
    assert articles.cite("Art. 20") == "第二十条"


def test_beijing_day_of_an_instant_late_in_the_utc_evening_is_the_next_day():
    assert dates.beijing_day(datetime(2019, 5, 31, 16, 30, tzinfo=timezone.utc)) == date(2019, 6, 1)
    assert dates.beijing_day(datetime(2019, 5, 31, 15, 59, tzinfo=timezone.utc)) == date(2019, 5, 31)
    assert dates.beijing_text(DEADLINE) == "2019年5月31日 17:00（北京时间）"


def test_lookback_window_excludes_the_day_three_years_before():
    assert dates.within_lookback(date(2016, 6, 1), date(2019, 5, 31), 3)
    assert not dates.within_lookback(date(2016, 5, 31), date(2019, 5, 31), 3)
    assert not dates.within_lookback(date(2019, 6, 1), date(2019, 5, 31), 3)


def test_art13_no_application_before_the_notice():
    with pytest.raises(errors.RuleViolation) as refused:
        window.check_accepting(DEADLINE - timedelta(days=30), None)
    assert refused.value.article == "Art. 13" and "第十三条" in refused.value.message


def test_art13_art14_applications_accepted_up_to_the_deadline_in_beijing_time():
    window.check_accepting(DEADLINE, NOTICE)  # 17:00:00 Beijing is still in time
    with pytest.raises(errors.RuleViolation) as refused:
        window.check_accepting(DEADLINE + timedelta(seconds=1), NOTICE)
    # the notice sets the deadline (Art. 13); Art. 14 the filing within it
    assert refused.value.article == "Art. 13, 14" and "第十四条" in refused.value.message and "2019年5月31日 17:00（北京时间）" in refused.value.message


def test_art13_a_closed_cycle_accepts_nothing():
    with pytest.raises(errors.RuleViolation):
        window.check_accepting(DEADLINE - timedelta(days=1), NOTICE, cycle_status="closed")


def test_art14_recommendations_before_their_deadline():
    window.check_recommending(DEADLINE, DEADLINE)
    with pytest.raises(errors.RuleViolation) as unset:  # Art. 14: 在规定时限内 — a deadline must be set
        window.check_recommending(DEADLINE, None)
    assert unset.value.article == "Art. 14" and unset.value.code == "no_recommendation_deadline"
    with pytest.raises(errors.RuleViolation) as refused:
        window.check_recommending(DEADLINE + timedelta(minutes=1), DEADLINE)
    assert refused.value.article == "Art. 14" and "第十四条" in refused.value.message
