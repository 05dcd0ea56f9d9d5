"""Fixtures of intake's service tests: a running intake (real RabbitMQ vhost, real
database, documents under the test's own directory) and a small driver for its API."""
import json

import pytest
import sqlalchemy as sa

from award_intake import examples
from award_intake.service import IntakeService
from award_shared.store import db

CLOCK_2019 = "fixed:2019-03-01T09:00:00+08:00"
SCHEDULE_2019 = {"application": "2019-05-31T17:00:00+08:00", "district_review": "2019-06-30T17:00:00+08:00"}
NOTICE_TEXT = "关于组织申报2019年度济南市市长质量奖的通知"


class Driver:
    """Calls intake as its users would; each helper asserts the call succeeded."""

    def __init__(self, container):
        self.container = container
        self.client = container.client
        self.engine = container.engine

    def open_cycle(self, edition=2019, schedule=SCHEDULE_2019):
        resp = self.client.post("/v1/cycles", "office", json_body={"edition": edition, "schedule": schedule})
        assert resp.status_code == 201, resp.text
        return resp.json()["cycle_id"]

    def propose_scheme(self, cycle_id="cycle-2019", status=201, **body):
        """The office proposes the edition's review scheme (Art. 7 LG(2)); ``tilt`` to propose its own."""
        resp = self.client.post(f"/v1/cycles/{cycle_id}/review-scheme", "office", json_body=body)
        assert resp.status_code == status, resp.text
        return resp.json() if status == 201 else resp.json()["error"]

    def decide_scheme(self, cycle_id="cycle-2019", outcome="approved", scheme_sha256=None, status=200, **body):
        """The leading group decides on the proposal; an approval names the sha256 of the one that stands."""
        if outcome == "approved" and scheme_sha256 is None:
            scheme_sha256 = self.client.get(f"/v1/cycles/{cycle_id}/review-scheme", "leading_group").json()[
                "scheme_sha256"]
        body = {"outcome": outcome, "decision": "市质量强市领导小组2019年第1次会议纪要", "scheme_sha256": scheme_sha256, **body}
        resp = self.client.post(f"/v1/cycles/{cycle_id}/review-scheme/decision", "leading_group",
                                json_body={k: v for k, v in body.items() if v is not None})
        assert resp.status_code == status, resp.text
        return resp.json() if status == 200 else resp.json()["error"]

    def approve_tilt(self, cycle_id="cycle-2019", status=200, **body):
        """The scheme proposed (with ``tilt``, or the rule set's) and approved: the approved tilt."""
        proposed = self.propose_scheme(cycle_id, status=201 if status == 200 else status, **body)
        if status != 200:
            return proposed
        self.decide_scheme(cycle_id)
        return self.client.get(f"/v1/cycles/{cycle_id}/tilt", "office").json()

    def publish_notice(self, cycle_id="cycle-2019", approve=True, **body):
        if approve:
            self.approve_tilt(cycle_id)
        resp = self.client.post(f"/v1/cycles/{cycle_id}/notice", "office", json_body={"text": NOTICE_TEXT, **body})
        assert resp.status_code == 201, resp.text
        return resp.json()

    def create(self, form, sub="unit-a", cycle_id="cycle-2019", status=201):
        resp = self.client.post(f"/v1/cycles/{cycle_id}/applications", "applicant", json_body=form, sub=sub)
        assert resp.status_code == status, resp.text
        return resp.json() if status == 201 else resp.json()["error"]

    def attach(self, application_id, kind, sub="unit-a", status=201, **kw):
        resp = self.client.post(f"/v1/applications/{application_id}/documents", "applicant",
                                json_body=examples.document(kind, **kw), sub=sub)
        assert resp.status_code == status, resp.text
        return resp.json() if status == 201 else resp.json()["error"]

    def attach_required(self, application_id, sub="unit-a", kind="unit"):
        for body in examples.required_documents(kind):
            resp = self.client.post(f"/v1/applications/{application_id}/documents", "applicant",
                                    json_body=body, sub=sub)
            assert resp.status_code == 201, resp.text

    def submit(self, application_id, sub="unit-a", status=200):
        resp = self.client.post(f"/v1/applications/{application_id}/submit", "applicant", sub=sub)
        assert resp.status_code == status, resp.text
        return resp.json() if status == 200 else resp.json()["error"]

    def ready_unit(self, sub="unit-a", **changes):
        """A unit's draft with its documents, ready to submit."""
        app = self.create(examples.unit_form(**changes), sub=sub)
        self.attach_required(app["application_id"], sub=sub)
        return app["application_id"]

    def submitted_unit(self, sub="unit-a", **changes):
        application_id = self.ready_unit(sub=sub, **changes)
        self.submit(application_id, sub=sub)
        return application_id

    def review(self, application_id, decision="recommend", district="历下区", status=200, **body):
        body = {"decision": decision, "opinion": "经初审，同意推荐", "signatory": "王主任",
                "member_units": examples.MEMBER_UNITS, **body}
        resp = self.client.post(f"/v1/applications/{application_id}/district-review", "district",
                                json_body=body, district=district, sub=f"coordinator-{district}")
        assert resp.status_code == status, resp.text
        return resp.json() if status == 200 else resp.json()["error"]

    def get(self, application_id, *roles, sub=None, district=None):
        return self.client.get(f"/v1/applications/{application_id}", *roles, sub=sub, district=district)

    def set_clock(self, at):
        resp = self.client.post("/admin/v1/clock", "operator", json_body={"at": at})
        assert resp.status_code == 200, resp.text

    def outbox(self, event_type=None):
        """Bodies (envelopes) of the events intake has committed, oldest first."""
        query = sa.select(db.outbox.c.body).order_by(db.outbox.c.id)
        if event_type:
            query = query.where(db.outbox.c.type == event_type)
        with self.engine.connect() as conn:
            return [json.loads(b) for b in conn.execute(query).scalars()]

    def counts(self):
        """Rows that a refused call must leave as they were."""
        from award_intake.tables import applications, documents, notices
        with self.engine.connect() as conn:
            return tuple(conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
                         for t in (db.outbox, db.audit_log, applications, documents, notices))


@pytest.fixture
def intake(service_factory, tmp_path):
    """Intake on the 2019 business clock, with no cycle yet."""
    container = service_factory(IntakeService, clock=CLOCK_2019,
                                extra={"DOCUMENT_DIR": str(tmp_path / "documents"), "DOCUMENT_MAX_BYTES": 4096})
    return Driver(container)


@pytest.fixture
def accepting(intake):
    """Intake with the 2019 cycle open and its application notice published."""
    intake.open_cycle()
    intake.publish_notice()
    return intake
