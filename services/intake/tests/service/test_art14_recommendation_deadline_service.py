"""Art. 14: district recommendations reach the third party 在规定时限内 — the notice must set
that deadline, and after it a district review is refused citing Art. 14."""


def test_art14_a_notice_without_a_recommendation_deadline_is_refused(intake):
    intake.open_cycle(schedule={"application": "2019-05-31T17:00:00+08:00"})  # no district_review date
    intake.approve_tilt()
    before = intake.counts()
    resp = intake.client.post("/v1/cycles/cycle-2019/notice", "office", json_body={"text": "通知"})
    error = resp.json()["error"]
    assert resp.status_code == 422 and list(error["fields"]) == ["recommendation_deadline"]
    assert error["article"] == "Art. 14" and "第十四条" in error["message"]
    assert intake.counts() == before
    notice = intake.publish_notice(approve=False, recommendation_deadline="2019-06-20T17:00:00+08:00")
    assert notice["recommendation_deadline"] == "2019-06-20T09:00:00+00:00"
    [event] = intake.outbox("notice.published")
    assert event["data"]["recommendation_deadline"] == "2019-06-20T09:00:00+00:00"


def test_art14_after_the_recommendation_deadline_a_district_review_is_refused(accepting):
    app_id = accepting.submitted_unit()
    accepting.set_clock("2019-06-30T17:00:01+08:00")
    refused = accepting.review(app_id, status=409)
    assert refused["article"] == "Art. 14" and "第十四条" in refused["message"]
    assert accepting.get(app_id, "office").json()["status"] == "submitted"
