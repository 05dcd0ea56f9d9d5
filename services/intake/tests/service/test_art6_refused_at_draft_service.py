"""Art. 6 (已经获得市长质量奖的单位和个人不得重复申报) is refused as soon as the applicant is
known — at draft creation and at every change of the draft — so a past winner never prepares
an application and uploads documents only to learn at submission; submission still checks,
as the registry may change meanwhile."""
from award_intake import examples
from award_publicity.service import PublicityService
from award_shared.events.samples import SAMPLES
from award_testing.helpers import commit_events, wait_for

CLOCK_2019 = "fixed:2019-03-01T09:00:00+08:00"


def grant(publicity, accepting, award_id, code):
    commit_events(publicity, "award.granted", [dict(
        SAMPLES["award.granted"], award_id=award_id, cycle_id="cycle-2017", category="unit_award",
        certificate_number=f"JNSZ-2017-{award_id}", recipient_name="济南示例精密机械有限公司",
        items=["trophy", "plaque", "certificate"], person_key=None, credit_code=code)])
    wait_for(lambda: any(r["award_id"] == award_id for r in
                         accepting.client.get("/v1/past-winners", "office").json()["past_winners"]),
             message=f"{award_id} in the registry")


def test_art6_a_past_winner_cannot_even_create_a_draft(accepting, service_factory):
    publicity = service_factory(PublicityService, clock=CLOCK_2019)
    grant(publicity, accepting, "award-2017-01", examples.credit_code())
    before = accepting.counts()
    error = accepting.create(examples.unit_form(), status=409)
    assert error["article"] == "Art. 6" and error["code"] == "past_winner" and "第六条" in error["message"]
    assert accepting.counts() == before


def test_art6_changing_a_draft_to_a_past_winner_is_refused_and_submission_still_checks(accepting, service_factory):
    publicity = service_factory(PublicityService, clock=CLOCK_2019)
    other = examples.credit_code(body="12345678")
    draft = accepting.ready_unit(credit_code=other)
    grant(publicity, accepting, "award-2017-02", examples.credit_code())
    path = f"/v1/applications/{draft}"
    changed = accepting.client.call("PUT", path, "applicant", sub="unit-a", json_body=examples.unit_form())
    assert changed.status_code == 409 and changed.json()["error"]["article"] == "Art. 6"
    grant(publicity, accepting, "award-2017-03", other)  # the registry changed after the draft
    assert accepting.submit(draft, status=409)["article"] == "Art. 6"
