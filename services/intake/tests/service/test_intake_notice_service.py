"""The application notice and the acceptance window (Art. 13), through the running service."""
from award_intake import examples


def test_art13_no_application_before_the_notice_then_the_office_publishes_it(intake):
    intake.open_cycle()
    refused = intake.create(examples.unit_form(), status=409)
    assert refused["article"] == "Art. 13" and "第十三条" in refused["message"] and refused["message_en"]
    assert intake.client.post("/v1/cycles/cycle-2019/notice", "applicant", json_body={"text": "x"}).status_code == 403

    notice = intake.publish_notice()
    assert notice["deadline"] == "2019-05-31T09:00:00+00:00"          # 17:00 Beijing
    assert notice["recommendation_deadline"] == "2019-06-30T09:00:00+00:00"
    [event] = intake.outbox("notice.published")
    assert event["subject"] == "cycle-2019" and event["data"]["text"].startswith("关于组织申报")
    public = intake.client.get("/public/v1/cycles/cycle-2019/application-notice").json()
    assert public["deadline"] == notice["deadline"] and "published_by" not in public

    again = intake.client.post("/v1/cycles/cycle-2019/notice", "office", json_body={"text": "再发一次"})
    assert again.status_code == 409 and again.json()["error"]["article"] == "Art. 13"
    assert intake.create(examples.unit_form())["status"] == "draft"


def test_art13_a_notice_deadline_already_past_is_an_invalid_field(intake):
    intake.open_cycle()
    before = intake.counts()
    resp = intake.client.post("/v1/cycles/cycle-2019/notice", "office",
                              json_body={"text": "通知", "deadline": "2019-02-28T17:00:00+08:00"})
    assert resp.status_code == 422 and set(resp.json()["error"]["fields"]) == {"deadline"}
    resp = intake.client.post("/v1/cycles/cycle-2019/notice", "office",
                              json_body={"text": "通知", "recommendation_deadline": "2019-04-01T17:00:00+08:00"})
    assert resp.status_code == 422 and set(resp.json()["error"]["fields"]) == {"recommendation_deadline"}
    assert intake.client.post("/v1/cycles/cycle-1999/notice", "office", json_body={"text": "x"}).status_code == 404
    assert intake.counts() == before


def test_art13_the_deadline_is_kept_to_the_second_in_beijing_time(accepting):
    draft = accepting.create(examples.unit_form())
    accepting.set_clock("2019-05-31T09:00:00Z")  # 17:00:00 Beijing: still accepted
    accepting.create(examples.unit_form(), sub="unit-b")
    accepting.set_clock("2019-05-31T17:00:01+08:00")
    refused = accepting.create(examples.unit_form(), sub="unit-c", status=409)
    assert refused["article"] == "Art. 13, 14" and "2019年5月31日 17:00（北京时间）" in refused["message"]
    late = accepting.submit(draft["application_id"], status=409)
    assert late["article"] == "Art. 13, 14"
