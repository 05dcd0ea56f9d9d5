"""Suite test of issue 13: an award granted (publicity stands in, committing ``award.granted``
through its own outbox), two failed spot checks, the automatic Art. 29(4) case, verification,
proposal, decision, ``award.revoked`` seen by a bureau's queue, recovery completed.

Intake opens the real cycle (its rule set gives the grounds' wording). The lead extends this
with the real publicity once it answers certificate verification.
"""
import json

from kombu import Connection

from award_intake.service import IntakeService
from award_publicity.service import PublicityService
from award_revocation.service import RevocationService
from award_shared.bus.topology import declare_bureau
from award_testing.helpers import commit_events, wait_for

CLOCK_2019 = "fixed:2019-03-01T09:00:00+08:00"
CLOCK_2021 = "fixed:2021-06-01T09:00:00+08:00"
SCHEDULE = {"application": "2019-05-31T17:00:00+08:00", "district_review": "2019-06-30T17:00:00+08:00"}
UNIT = "91370100MA3C4XXX1A"


def _bureau_messages(amqp_uri, count):
    with Connection(amqp_uri) as conn:
        queue = conn.SimpleQueue("bureau.market-regulation", no_ack=True)
        try:
            return [queue.get(timeout=30) for _ in range(count)]
        finally:
            queue.close()


def test_two_failed_spot_checks_lead_to_a_revocation_a_bureau_sees_and_a_complete_recovery(
        service_factory, rabbit_config, tmp_path):
    amqp = rabbit_config["AMQP_URI"]
    with Connection(amqp) as conn:
        declare_bureau(conn.default_channel, "market-regulation")
    intake = service_factory(IntakeService, clock=CLOCK_2019)
    publicity = service_factory(PublicityService, clock=CLOCK_2019)
    revocation = service_factory(RevocationService, clock=CLOCK_2021, extra={"DOCUMENT_DIR": str(tmp_path / "ev")})
    rc = revocation.client

    cycle = intake.client.post("/v1/cycles", "office", json_body={"edition": 2019, "schedule": SCHEDULE}).json()
    wait_for(lambda: rc.get(f"/v1/cycles/{cycle['cycle_id']}", "office").status_code == 200,
             message="revocation to learn the cycle")
    commit_events(publicity, "award.granted", [{
        "award_id": "award-2019-u1", "application_id": "app-2019-u1", "cycle_id": cycle["cycle_id"],
        "certificate_number": "JNSZ-2019-U-001", "recipient_name": "济南示例制造有限公司", "credit_code": UNIT,
        "category": "unit_award", "items": ["trophy", "certificate"], "prize_amount": "500000.00",
        "granted_at": "2019-12-20T10:00:00+08:00"}])
    wait_for(lambda: rc.get("/v1/awards/award-2019-u1", "office").status_code == 200,
             message="revocation to learn the award")

    def check(report, day):
        return rc.post("/v1/spot-checks", "regulator", json_body={
            "credit_code": UNIT, "product": "不锈钢保温杯", "checked_on": day, "level": "municipal",
            "result": "fail", "report_number": report}).json()
    assert check("SC-2020-001", "2020-05-10")["cases"] == []
    [opened] = check("SC-2020-002", "2020-11-10")["cases"]
    case_id = opened["case_id"]

    steps = [("investigation", "office", {"findings": "两次抽查报告核实无误"}),
             ("verification", "office", {"outcome": "verified", "reasons": "经查证属实"}),
             ("proposal", "leading_group", {"outcome": "proposed", "reasons": "提请市政府撤销"}),
             ("decision", "government", {"outcome": "revoked", "document_number": "济政字〔2021〕12号",
                                         "decision_date": "2021-05-20"})]
    for route, role, body in steps:
        resp = rc.post(f"/v1/cases/{case_id}/{route}", role, json_body=body)
        assert resp.status_code == 200, resp.text

    messages = _bureau_messages(amqp, 2)
    # application/cloudevents+json: kombu, the type unregistered, leaves the body to us (docs/bureaus.md)
    revoked = next(json.loads(m.body) for m in messages if m.delivery_info["routing_key"] == "award.revoked")
    assert revoked["data"]["grounds"] == ["Art. 29(4)"] and revoked["data"]["money_to_recover"] == "500000.00"
    assert revoked["source"] == "/jinan-quality-award/revocation"
    assert rc.get("/v1/awards/award-2019-u1", "office").json()["status"] == "revoked"
    [announced] = rc.get("/public/v1/revocations").json()["revocations"]
    assert announced["certificate_number"] == "JNSZ-2019-U-001"

    for what in ({"item": "trophy"}, {"item": "certificate"}, {"amount": "200000.00"}, {"amount": "300000.00"}):
        resp = rc.post(f"/v1/cases/{case_id}/recovery", "office", json_body={
            "returned_on": "2021-05-30", "receipt_number": f"R-{list(what.values())[0]}",
            "received_by": "市质量强市办", **what})
        assert resp.status_code == 200, resp.text
    assert resp.json()["state"] == "closed"
    assert rc.get(f"/v1/cases/{case_id}", "office").json()["recovery"]["money_returned"] == "500000.00"
