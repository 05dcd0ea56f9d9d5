"""Suite test of intake's steps 1-3 (docs/design.md, "The cycle, step by step"): the office
opens the 2019 cycle and publishes the application notice (Art. 13); a unit drafts,
documents and submits its application (Art. 10, 14); a hold placed through supervision
halts the district review until released; the district recommends it (Art. 14).

Each service runs in its own container with its own database. Scoring and supervision
learn the cycle from intake's events; a subscriber's queue bound to ``intake.events``
receives every event intake published, in order per subject, each a valid envelope.
"""
from kombu import Connection, Queue

from award_intake import examples
from award_intake.service import IntakeService
from award_scoring.service import ScoringService
from award_shared.bus.topology import exchange_of
from award_shared.events import envelope
from award_shared.events.samples import SAMPLES
from award_shared.events.schemas import DATA_SCHEMAS
from award_supervision.service import SupervisionService
from award_testing.helpers import commit_events, wait_for

CLOCK = "fixed:2019-03-01T09:00:00+08:00"
SCHEDULE = {"application": "2019-05-31T17:00:00+08:00", "district_review": "2019-06-30T17:00:00+08:00"}


def drain(queue, types):
    """Events from ``queue`` until every type in ``types`` has been seen."""
    seen = []
    while not set(types) <= {e.type for e in seen}:
        message = queue.get(timeout=30)
        seen.append(envelope.decode(message.body, DATA_SCHEMAS))
    return seen


def test_an_application_goes_from_the_notice_to_the_district_recommendation(
        service_factory, rabbit_config, tmp_path):
    intake = service_factory(IntakeService, clock=CLOCK, extra={"DOCUMENT_DIR": str(tmp_path / "docs")})
    scoring = service_factory(ScoringService, clock=CLOCK)
    supervision = service_factory(SupervisionService, clock=CLOCK)
    c = intake.client
    with Connection(rabbit_config["AMQP_URI"]) as conn:
        observer = Queue("bureau-observer.intake", exchange=exchange_of("intake"), routing_key="#",
                         durable=True, auto_delete=False)
        observer(conn.default_channel).declare()
        queue = conn.SimpleQueue(observer, no_ack=True)

        assert c.post("/v1/cycles", "office", json_body={"edition": 2019, "schedule": SCHEDULE}).status_code == 201
        for other in (scoring, supervision):
            wait_for(lambda other=other: other.client.get("/v1/cycles/cycle-2019", "office").status_code == 200,
                     message=f"{other.service_name} to learn the cycle")
        scheme = c.post("/v1/cycles/cycle-2019/review-scheme", "office", json_body={})  # Art. 7 LG(2), 11
        assert scheme.status_code == 201
        assert c.post("/v1/cycles/cycle-2019/review-scheme/decision", "leading_group", json_body={
            "outcome": "approved", "scheme_sha256": scheme.json()["scheme_sha256"],
            "decision": "领导小组审定评审方案"}).status_code == 200
        assert c.post("/v1/cycles/cycle-2019/notice", "office",
                      json_body={"text": "关于组织申报2019年度济南市市长质量奖的通知"}).status_code == 201

        app = c.post("/v1/cycles/cycle-2019/applications", "applicant", sub="unit-a",
                     json_body=examples.unit_form()).json()
        app_id = app["application_id"]
        for doc in examples.required_documents():  # Art. 14: the form, the report, the evidence
            r = c.post(f"/v1/applications/{app_id}/documents", "applicant", sub="unit-a",
                       json_body=doc)
            assert r.status_code == 201, r.text
        r = c.post(f"/v1/applications/{app_id}/submit", "applicant", sub="unit-a")
        assert r.status_code == 200 and r.json()["status"] == "submitted", r.text

        hold = dict(SAMPLES["hold.placed"], hold_id="hold-flow", cycle_id="cycle-2019", step="district_review",
                    subject=None, reason="区县初审程序待核实")
        commit_events(supervision, "hold.placed", [hold])
        wait_for(lambda: c.get("/admin/v1/holds", "operator").json()["holds"], message="intake to take the hold")
        review = {"decision": "recommend", "opinion": "经初审，同意推荐", "signatory": "王主任",
                  "member_units": examples.MEMBER_UNITS}
        path = f"/v1/applications/{app_id}/district-review"
        held = c.post(path, "district", district="历下区", json_body=review)
        assert held.status_code == 409 and held.json()["error"]["code"] == "hold_active"
        commit_events(supervision, "hold.released", [dict(SAMPLES["hold.released"], hold_id="hold-flow",
                                                          cycle_id="cycle-2019", step="district_review")])
        wait_for(lambda: c.get("/admin/v1/holds", "operator").json()["holds"][0]["status"] == "released",
                 message="intake to take the release")
        r = c.post(path, "district", district="历下区", json_body=review)
        assert r.status_code == 200 and r.json()["status"] == "recommended", r.text

        events = drain(queue, ["cycle.opened", "notice.published", "hold.applied", "application.submitted",
                               "application.recommended"])
        queue.close()

    assert all(e.source == "/jinan-quality-award/intake" and e.cycle_id == "cycle-2019" for e in events)
    about = [e for e in events if e.subject == app_id]
    assert [e.type for e in sorted(about, key=lambda e: e.sequence)] == [
        "application.submitted", "application.recommended"]
    submitted = next(e for e in about if e.type == "application.submitted")
    assert submitted.data["credit_code"] == examples.credit_code() and submitted.data["district"] == "历下区"
    recommended = next(e for e in about if e.type == "application.recommended")
    assert recommended.data["reviewer"] == "王主任"
    assert next(e for e in events if e.type == "hold.applied").data["owner"] == "intake"
