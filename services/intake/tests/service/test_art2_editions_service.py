"""Art. 2: 每2年1届 — an edition is the Beijing year of its opening date (business clock), at
least the previous edition plus the rule set's interval, and cycles never overlap."""
from datetime import date

import pytest

from award_intake.domain import editions
from award_shared import errors

SCHEDULE_2021 = {"application": "2021-05-31T17:00:00+08:00", "district_review": "2021-06-30T17:00:00+08:00"}


def test_art2_editions_2019_and_2021_cannot_open_on_the_same_day(intake):
    intake.open_cycle()
    before = intake.counts()
    resp = intake.client.post("/v1/cycles", "office", json_body={"edition": 2021, "schedule": SCHEDULE_2021})
    error = resp.json()["error"]
    assert resp.status_code == 409 and error["article"] == "Art. 2" and "第二条" in error["message"]
    assert error["code"] == "edition_year" and error["fields"] == {"edition": [2019]}
    assert intake.counts() == before


def test_art2_a_new_cycle_waits_until_the_last_is_closed_naming_it(intake):
    intake.open_cycle()
    intake.set_clock("2021-03-01T09:00:00+08:00")
    resp = intake.client.post("/v1/cycles", "office", json_body={"schedule": SCHEDULE_2021})
    error = resp.json()["error"]
    assert resp.status_code == 409 and error["code"] == "cycle_open" and "cycle-2019" in error["message"]
    assert error["article"] == "Art. 2"
    assert intake.client.post("/v1/cycles/cycle-2019/no-award", "leading_group",
                              json_body={"decision": "领导小组决定本届不评奖"}).status_code == 201
    assert intake.client.post("/v1/cycles/cycle-2019/close", "office", json_body={
        "reason": "评审结束", "outcome": "no_award"}).status_code == 200
    opened = intake.client.post("/v1/cycles", "office", json_body={"schedule": SCHEDULE_2021})
    assert opened.status_code == 201 and opened.json()["edition"] == 2021  # the year of the business clock


def test_art2_the_edition_is_the_beijing_year_and_the_interval_holds():
    assert editions.check(None, date(2019, 3, 1), 2, None) == 2019
    with pytest.raises(errors.RuleViolation) as soon:
        editions.check(None, date(2020, 3, 1), 2, {"cycle_id": "cycle-2019", "edition": 2019, "status": "closed"})
    assert soon.value.code == "cycle_interval" and soon.value.article == "Art. 2"
    assert editions.check(2021, date(2021, 1, 1), 2, {"cycle_id": "cycle-2019", "edition": 2019,
                                                       "status": "closed"}) == 2021
