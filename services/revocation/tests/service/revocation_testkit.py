"""Drives one running revocation service as intake, publicity, the office, the leading group,
the government and the market regulator would."""
import base64
import json
import os
from datetime import datetime, timezone

from kombu import Connection, Producer

from award_rules.ruleset import canonical_sha256, load_ruleset
from award_shared.bus.topology import exchange_of
from award_shared.events import envelope
from award_shared.events.schemas import SUBJECT_FIELD
from award_testing.helpers import wait_for

RULESET_FILE = os.path.join(os.path.dirname(__file__), "..", "..", "..", "intake", "award_intake", "rulesets",
                            "jinan-2018.yaml")
CLOCK_2021 = "fixed:2021-06-01T09:00:00+08:00"
CYCLE = "cycle-2019"
UNIT_CODE = "91370100MA3C4XXX1A"
PDF = base64.b64encode(b"%PDF-1.4 evidence").decode()


def ruleset_2018():
    return json.loads(json.dumps(load_ruleset(RULESET_FILE), default=str, ensure_ascii=False))


def publish(amqp_uri, source, event_type, data, sequence=1):
    """Put one valid event on ``<source>.events`` as that service's relay would."""
    body = envelope.build(service=source, event_type=event_type, subject=data[SUBJECT_FIELD[event_type]],
                          data=data, cycle_id=data.get("cycle_id"), sequence=sequence,
                          time=datetime.now(timezone.utc))
    with Connection(amqp_uri, transport_options={"confirm_publish": True}) as conn:
        Producer(conn.default_channel).publish(
            json.dumps(body, ensure_ascii=False).encode("utf-8"), exchange=exchange_of(source),
            routing_key=event_type, content_type="application/json", content_encoding="binary", delivery_mode=2)
    return body


def granted(award_id, kind="unit", credit_code=UNIT_CODE, granted_at="2019-12-20T10:00:00+08:00",
            items=("trophy", "certificate"), prize="500000.00", name="济南示例制造有限公司"):
    data = {"award_id": award_id, "application_id": f"app-{award_id}", "cycle_id": CYCLE,
            "certificate_number": f"JNSZ-{award_id}", "recipient_name": name,
            "category": "unit_award" if kind == "unit" else "individual_award",
            "items": list(items), "prize_amount": prize, "granted_at": granted_at}
    if kind == "unit":
        data["credit_code"] = credit_code
    else:
        data["person_key"] = "a" * 64
    return data


def recommended(application_id, owner):
    """``application.recommended`` as intake sends it: the applicant's account (``applicant_sub``) owns it."""
    return {"application_id": application_id, "cycle_id": CYCLE, "district": "历下区", "reviewer": "王主任",
            "opinion": "经初审，同意推荐", "recommended_at": "2019-05-20T15:30:00+08:00", "applicant_sub": owner}


def ground(item="Art. 29(2)", fact_date="2020-08-01", fact="发生较大生产安全事故"):
    return {"item": item, "fact": fact, "fact_date": fact_date}


def case_body(award_id, *grounds):
    return {"award_id": award_id, "grounds": list(grounds) or [ground()],
            "evidence": [{"filename": "事故调查报告.pdf", "media_type": "application/pdf", "content": PDF}]}


class Office:
    def __init__(self, svc, amqp_uri):
        self.svc = svc
        self.amqp_uri = amqp_uri
        self.client = svc.client

    def open_cycle(self):
        ruleset = ruleset_2018()
        publish(self.amqp_uri, "intake", "cycle.opened", {
            "cycle_id": CYCLE, "edition": 2019, "ruleset": ruleset, "ruleset_id": ruleset["id"],
            "ruleset_sha256": canonical_sha256(ruleset), "schedule": {}, "opened_at": "2019-03-01T09:00:00+08:00"})
        wait_for(lambda: self.client.get(f"/v1/cycles/{CYCLE}", "office").status_code == 200,
                 message="revocation to learn the cycle")
        return self

    def grant(self, award_id, **kw):
        publish(self.amqp_uri, "publicity", "award.granted", granted(award_id, **kw))
        wait_for(lambda: self.client.get(f"/v1/awards/{award_id}", "office").status_code == 200,
                 message=f"revocation to learn {award_id}")
        return award_id

    def recommended(self, award_id, owner):
        """Intake announces that the district recommended the application ``award_id`` is granted
        on, owned by the account ``owner``."""
        publish(self.amqp_uri, "intake", "application.recommended", recommended(f"app-{award_id}", owner))

    def post(self, path, role, body, **kw):
        return self.client.post(path, role, json_body=body, **kw)

    def open_case(self, award_id, *grounds):
        resp = self.post("/v1/cases", "office", case_body(award_id, *grounds))
        assert resp.status_code == 201, resp.text
        return resp.json()["case_id"]

    def to_state(self, case_id, state):
        """Walk a case through the usual path up to ``state``."""
        steps = [("investigated", "investigation", "office", {"findings": "经调查，事故属实"}),
                 ("verified", "verification", "office", {"outcome": "verified", "reasons": "经查证属实"}),
                 ("proposed", "proposal", "leading_group", {"outcome": "proposed", "reasons": "提请市政府撤销"}),
                 ("revoked", "decision", "government", {"outcome": "revoked", "document_number": "济政字〔2021〕12号",
                                                        "decision_date": "2021-05-20"})]
        for target, route, role, body in steps:
            resp = self.post(f"/v1/cases/{case_id}/{route}", role, body)
            assert resp.status_code == 200, resp.text
            if target == state:
                return resp.json()
        raise AssertionError(state)

    def spot_check(self, report, checked_on, result="fail", level="municipal", credit_code=UNIT_CODE, role="regulator"):
        return self.post("/v1/spot-checks", role, {
            "credit_code": credit_code, "product": "不锈钢保温杯", "checked_on": checked_on, "level": level,
            "result": result, "report_number": report})
