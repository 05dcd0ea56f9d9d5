"""The driver of the suite-level hold tests: intake (the owner of the district review) and
supervision, each in its own container with its own port and database, on one vhost.

Other ``tests/test_holds_*.py`` and ``tests/test_supervision_*.py`` modules import
``suite`` (the fixture) from here.
"""
import pytest

from award_intake import examples
from award_intake.service import IntakeService
from award_shared.events.schemas import MEMBER_KINDS
from award_supervision.service import SupervisionService
from award_testing.helpers import wait_for

CLOCK_2019 = "fixed:2019-03-01T09:00:00+08:00"
SCHEDULE = {"application": "2019-05-31T17:00:00+08:00", "district_review": "2019-06-30T17:00:00+08:00"}
GROUP = [f"p{i:02d}" for i in range(1, 10)]


def members(ids, names=None):
    names = names or {}
    return [{"person_id": pid, "kind": MEMBER_KINDS[i % 5], "name": names.get(pid, f"监督员{pid}")}
            for i, pid in enumerate(ids)]


class Suite:
    """Calls intake and supervision as their users would."""

    def __init__(self, service_factory, tmp_path):
        self.factory = service_factory
        self.intake = service_factory(IntakeService, clock=CLOCK_2019,
                                      extra={"DOCUMENT_DIR": str(tmp_path / "documents")})
        self.supervision = service_factory(SupervisionService, clock=CLOCK_2019)
        self._units = 0

    # -- supervision, stopped and started again on its own database ------------------------
    def stop_supervision(self):
        self.supervision.stop()

    def start_supervision(self):
        self.supervision = self.factory(SupervisionService, clock=CLOCK_2019,
                                        database_url=self.supervision.database_url)

    # -- cycles and the group ---------------------------------------------------------------
    def open_cycle(self, edition=2019, notice=True):
        schedule = {k: v.replace("2019", str(edition), 1) for k, v in SCHEDULE.items()}
        if edition != 2019:  # Art. 2: an edition is the year it opens in
            resp = self.intake.client.post("/admin/v1/clock", "operator", json_body={"at": f"{edition}-03-01T09:00:00+08:00"})
            assert resp.status_code == 200, resp.text
        resp = self.intake.client.post("/v1/cycles", "office", json_body={"edition": edition, "schedule": schedule})
        assert resp.status_code == 201, resp.text
        cycle_id = resp.json()["cycle_id"]
        if notice:
            resp = self.intake.client.post(f"/v1/cycles/{cycle_id}/review-scheme", "office",  # Art. 7 LG(2), 11
                                           json_body={})
            assert resp.status_code == 201, resp.text
            resp = self.intake.client.post(f"/v1/cycles/{cycle_id}/review-scheme/decision", "leading_group",
                                           json_body={"outcome": "approved", "decision": "领导小组审定评审方案",
                                                      "scheme_sha256": resp.json()["scheme_sha256"]})
            assert resp.status_code == 200, resp.text
            resp = self.intake.client.post(f"/v1/cycles/{cycle_id}/notice", "office",
                                           json_body={"text": f"关于组织申报{edition}年度济南市市长质量奖的通知"})
            assert resp.status_code == 201, resp.text
        wait_for(lambda: self.supervision.client.get(f"/v1/cycles/{cycle_id}", "office").status_code == 200,
                 message=f"supervision to learn {cycle_id}")
        return cycle_id

    def close_cycle(self, cycle_id):
        decided = self.intake.client.post(f"/v1/cycles/{cycle_id}/no-award", "leading_group",
                                          json_body={"decision": "领导小组决定本届不评奖"})
        assert decided.status_code == 201, decided.text
        resp = self.intake.client.post(f"/v1/cycles/{cycle_id}/close", "office", json_body={
            "reason": "评审工作结束", "outcome": "no_award"})
        assert resp.status_code == 200, resp.text
        wait_for(lambda: self.supervision.client.get(f"/v1/cycles/{cycle_id}/group", "office").json().get(
            "status") in ("dissolved", None), message="the group to be dissolved")

    def propose(self, cycle_id, ids, names=None):
        return self.supervision.client.post(f"/v1/cycles/{cycle_id}/group", "office",
                                            json_body={"members": members(ids, names)})

    def appoint(self, cycle_id, ids=GROUP, names=None):
        resp = self.propose(cycle_id, ids, names)
        assert resp.status_code == 201, resp.text
        resp = self.supervision.client.post(f"/v1/cycles/{cycle_id}/group/approve", "leading_group", json_body={})
        assert resp.status_code == 200, resp.text
        return resp.json()

    # -- applications at intake ----------------------------------------------------------------
    def submitted_unit(self, cycle_id="cycle-2019"):
        """A unit's application, submitted and waiting for its district review."""
        self._units += 1
        sub = f"unit-{self._units}"
        form = examples.unit_form(name=f"济南示例企业{self._units}有限公司",
                                  credit_code=examples.credit_code(body=f"MA3C{self._units:04d}"))
        client = self.intake.client
        resp = client.post(f"/v1/cycles/{cycle_id}/applications", "applicant", sub=sub, json_body=form)
        assert resp.status_code == 201, resp.text
        application_id = resp.json()["application_id"]
        for doc in examples.required_documents():  # Art. 14: the form, the report, the evidence
            resp = client.post(f"/v1/applications/{application_id}/documents", "applicant", sub=sub,
                               json_body=doc)
            assert resp.status_code == 201, resp.text
        resp = client.post(f"/v1/applications/{application_id}/submit", "applicant", sub=sub)
        assert resp.status_code == 200, resp.text
        return application_id

    def review(self, application_id):
        """The district recommends the application (Art. 14): the response, as it comes."""
        return self.intake.client.post(
            f"/v1/applications/{application_id}/district-review", "district", district="历下区",
            sub="coordinator-lixia", json_body={"decision": "recommend", "opinion": "经初审，同意推荐",
                                                "signatory": "王主任", "member_units": examples.MEMBER_UNITS})

    # -- holds ---------------------------------------------------------------------------------
    def halt(self, cycle_id, subject, sub="p01", step="district_review"):
        """A procedural finding that halts ``step`` for ``subject`` (None: everyone)."""
        resp = self.supervision.client.post("/v1/findings", "supervisor", sub=sub, json_body={
            "cycle_id": cycle_id, "kind": "procedural", "step": step, "subject": subject, "article": "Art. 14",
            "summary": "区县初审推荐程序存疑，待核实", "evidence": ["投诉举报材料"], "halt": True})
        assert resp.status_code == 201, resp.text
        return resp.json()["hold"]["hold_id"]

    def release(self, hold_id, sub="p01", role="supervisor"):
        resp = self.supervision.client.post(f"/v1/holds/{hold_id}/release", role, sub=sub,
                                            json_body={"reason": "经核实，程序无误"})
        assert resp.status_code == 200, resp.text
        return resp.json()

    def intake_hold(self, hold_id):
        holds = self.intake.client.get("/admin/v1/holds", "operator").json()["holds"]
        return next((h for h in holds if h["hold_id"] == hold_id), None)

    def wait_intake_hold(self, hold_id, status="active"):
        return wait_for(lambda: (self.intake_hold(hold_id) or {}).get("status") == status,
                        message=f"intake to record hold {hold_id} {status}")

    def effects(self, hold_id):
        return self.supervision.client.get(f"/v1/holds/{hold_id}", "office").json()["effects"]

    def wait_effects(self, hold_id):
        return wait_for(lambda: self.effects(hold_id), message=f"hold.applied for {hold_id}")


@pytest.fixture
def suite(service_factory, tmp_path):
    return Suite(service_factory, tmp_path)


def test_the_suite_driver_reaches_a_submitted_application(suite):
    cycle_id = suite.open_cycle()
    application_id = suite.submitted_unit(cycle_id)
    resp = suite.intake.client.get(f"/v1/applications/{application_id}", "office")
    assert resp.status_code == 200 and resp.json()["status"] == "submitted"
